import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openState, type State } from '../domain/state.js';
import { Clock } from '../world/clock.js';
import { accountOf, clearingAccount, lastDayFigures, openMerchantAccounts, openUserAccounts, userOwner } from './accounts.js';
import { LedgerError, post } from './ledger.js';

let dir: string;
let state: State;
let offset = 0;
const clock = new Clock(() => offset);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-test-'));
  state = await openState(dir, { fsync: false });
});
afterAll(async () => {
  await state.close();
  rmSync(dir, { recursive: true, force: true });
});

async function userAvailable(userId: string): Promise<string> {
  return state.read((v) => accountOf(v, 'USER', userOwner('M1', userId), 'USEROWN_AVAILABLE')!.oid_acctno);
}

async function sumOfAllAccounts(): Promise<number> {
  return state.read((v) => [...v.scan('accounts')].reduce((s, a) => s + a.balance, 0));
}

async function topUp(userId: string, fen: number): Promise<void> {
  const acct = await userAvailable(userId);
  await state.transaction((tx) => {
    const bank = clearingAccount(tx, clock, 'BANK');
    post(tx, clock, { accp_txno: 'T', txn_seqno: 'S', txn_type: 'USER_TOPUP', lines: [{ oid_acctno: bank.oid_acctno, amount: -fen }, { oid_acctno: acct, amount: fen }] });
  });
}

describe('ledger', () => {
  beforeAll(async () => {
    await state.transaction((tx) => {
      openMerchantAccounts(tx, clock, 'M1');
      openUserAccounts(tx, clock, 'M1', 'alice');
      openUserAccounts(tx, clock, 'M1', 'bob');
    });
  });

  it('opens two accounts per user and eight per merchant (plus clearing accounts on use)', async () => {
    const counts = await state.read((v) => [...v.scan('accounts')].reduce<Record<string, number>>((c, a) => ({ ...c, [a.owner_kind]: (c[a.owner_kind] ?? 0) + 1 }), {}));
    expect(counts).toEqual({ MERCHANT: 8, USER: 4 });
  });

  it('posts a balanced movement: balances, entries with flag_dc and amt_bal, sum of all accounts zero', async () => {
    await topUp('alice', 10_000);
    const acct = await userAvailable('alice');
    const [account, entries] = await state.read((v) => [v.get('accounts', acct)!, v.find('entries', 'byAccount', acct)]);
    expect(account.balance).toBe(10_000);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ amt: 10_000, flag_dc: 'CREDIT', amt_bal: 10_000, txn_type: 'USER_TOPUP' });
    const bankEntries = await state.read((v) => v.find('entries', 'byPosting', entries[0]!.posting_id));
    expect(bankEntries.map((e) => e.flag_dc).sort()).toEqual(['CREDIT', 'DEBIT']);
    const bank = bankEntries.find((e) => e.flag_dc === 'DEBIT')!;
    expect(bank.other_acctno).toBe(acct);
    expect(entries[0]!.other_acctno).toBe(bank.oid_acctno);
    expect(await sumOfAllAccounts()).toBe(0);
  });

  it('refuses unbalanced postings, zero or fractional amounts', async () => {
    const acct = await userAvailable('alice');
    await expect(state.transaction((tx) => post(tx, clock, { accp_txno: 'T', txn_seqno: 'S', txn_type: 'X', lines: [{ oid_acctno: acct, amount: 1 }, { oid_acctno: acct, amount: -2 }] }))).rejects.toThrow(/unbalanced/);
    await expect(state.transaction((tx) => post(tx, clock, { accp_txno: 'T', txn_seqno: 'S', txn_type: 'X', lines: [{ oid_acctno: acct, amount: 0.5 }, { oid_acctno: acct, amount: -0.5 }] }))).rejects.toThrow(/integer/);
  });

  it('refuses a posting that would take a balance past 2^53 fen, where it could no longer be added to exactly', async () => {
    await state.transaction((tx) => openUserAccounts(tx, clock, 'M1', 'carol'));
    const acct = await userAvailable('carol');
    const huge = Number.MAX_SAFE_INTEGER - 1_000_000; // a line this large is fine (other tests' money is in BANK too)
    await topUp('carol', huge);
    await expect(topUp('carol', 1_000_001)).rejects.toThrow(/exact integer range/);
    await state.transaction((tx) => {
      const bank = clearingAccount(tx, clock, 'BANK');
      post(tx, clock, { accp_txno: 'T', txn_seqno: 'S', txn_type: 'X', lines: [{ oid_acctno: acct, amount: -huge }, { oid_acctno: bank.oid_acctno, amount: huge }] });
    });
    expect(await sumOfAllAccounts()).toBe(0);
  });

  it('never lets a customer account go below zero, and changes nothing when it refuses', async () => {
    const from = await userAvailable('alice');
    const to = await userAvailable('bob');
    const before = await state.exportState();
    await expect(state.transaction((tx) => post(tx, clock, { accp_txno: 'T', txn_seqno: 'S', txn_type: 'INNER_FUND_EXCHANGE', lines: [{ oid_acctno: from, amount: -10_001 }, { oid_acctno: to, amount: 10_001 }] }))).rejects.toBeInstanceOf(LedgerError);
    expect(await state.exportState()).toEqual(before);
  });

  it('freezes and releases inside one account: total unchanged, available and frozen move', async () => {
    const acct = await userAvailable('alice');
    await state.transaction((tx) => post(tx, clock, { accp_txno: 'T', txn_seqno: 'F', txn_type: 'ACCT_CASH_OUT', lines: [{ oid_acctno: acct, amount: -3_000 }, { oid_acctno: acct, amount: 3_000, frozen: true }] }));
    let a = await state.read((v) => v.get('accounts', acct)!);
    expect([a.balance, a.frozen, a.balance - a.frozen]).toEqual([10_000, 3_000, 7_000]);
    // the two lines on one account are one entry: balance unchanged, frozen +3000
    const freeze = (await state.read((v) => v.find('entries', 'byAccount', acct))).at(-1)!;
    expect(freeze).toMatchObject({ amt: 0, frozen_delta: 3_000, amt_bal: 10_000 });
    // frozen money cannot be spent as available money
    const bob = await userAvailable('bob');
    await expect(state.transaction((tx) => post(tx, clock, { accp_txno: 'T', txn_seqno: 'S', txn_type: 'X', lines: [{ oid_acctno: acct, amount: -8_000 }, { oid_acctno: bob, amount: 8_000 }] }))).rejects.toMatchObject({ failure: 'INSUFFICIENT_AVAILABLE' });
    // paying the frozen money out to the bank
    await state.transaction((tx) => {
      const bank = clearingAccount(tx, clock, 'BANK');
      post(tx, clock, { accp_txno: 'T', txn_seqno: 'F', txn_type: 'ACCT_CASH_OUT', lines: [{ oid_acctno: acct, amount: -3_000, frozen: true }, { oid_acctno: bank.oid_acctno, amount: 3_000 }] });
    });
    a = await state.read((v) => v.get('accounts', acct)!);
    expect([a.balance, a.frozen]).toEqual([7_000, 0]);
    expect((await state.read((v) => v.find('entries', 'byAccount', acct))).at(-1)).toMatchObject({ amt: -3_000, flag_dc: 'DEBIT', frozen_delta: -3_000, amt_bal: 7_000 });
    expect(await sumOfAllAccounts()).toBe(0);
  });

  it('keeps 300 concurrent debits of 1 yuan against 100 yuan from overdrawing', async () => {
    await topUp('bob', 10_000);
    const from = await userAvailable('bob');
    const to = await userAvailable('alice');
    const results = await Promise.allSettled(
      Array.from({ length: 300 }, (_, i) =>
        state.transaction((tx) => post(tx, clock, { accp_txno: `C${i}`, txn_seqno: `C${i}`, txn_type: 'INNER_FUND_EXCHANGE', lines: [{ oid_acctno: from, amount: -100 }, { oid_acctno: to, amount: 100 }] })),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(100);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof LedgerError)).toBe(true);
    const bob = await state.read((v) => v.get('accounts', from)!);
    expect(bob.balance).toBe(0);
    expect(await sumOfAllAccounts()).toBe(0);
    const entries = await state.read((v) => v.find('entries', 'byAccount', from));
    expect(entries.reduce((s, e) => s + e.amt, 0)).toBe(0);
  });

  it("keeps yesterday's figures when the day turns (amt_last*)", async () => {
    const acct = await userAvailable('alice');
    const today = clock.day();
    const before = await state.read((v) => v.get('accounts', acct)!);
    offset += 86_400_000;
    await topUp('alice', 500);
    const after = await state.read((v) => v.get('accounts', acct)!);
    expect(lastDayFigures(after, clock.day())).toEqual({ balance: before.balance, frozen: before.frozen });
    expect(after.balance).toBe(before.balance + 500);
    expect(lastDayFigures(before, today)).toEqual({ balance: before.day_open_balance, frozen: before.day_open_frozen });
  });
});
