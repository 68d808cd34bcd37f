// Double-entry postings. Every money movement is one posting whose lines sum to zero, written in
// the same store transaction as the state change it belongs to and the notification reporting it.
//
// Sign convention: a line's amount is credit-positive from the account holder's side (money the
// simulator owes them goes up). Customer accounts (users, merchants) never go below zero, in
// total or available; clearing accounts stand for the outside world and go negative when money
// comes in. So the sum of all accounts is always zero.
//
// Frozen money stays in the account's balance but not in its available part. A line marked
// `frozen` moves the frozen part along with the balance: freezing x is the pair
// (-x available, +x frozen) on one account, releasing it the opposite pair, and paying out frozen
// money is (-x frozen) against the receiving account. A posting's lines on one account make one
// entry of that account's statement (a pure freeze or release: an entry of amount 0).
import type { Account, Entry } from '../domain/model.js';
import type { Tx } from '../domain/state.js';
import { ids } from '../domain/ids.js';
import type { Clock } from '../world/clock.js';

export interface PostingLine {
  oid_acctno: string;
  /** fen, credit-positive, never zero */
  amount: number;
  /** This line moves the account's frozen part. */
  frozen?: boolean;
  memo?: string;
  /** This line's entry has its own txn_type (a fee collected within a withdrawal: SERVICE_FEE). */
  txn_type?: string;
}

export interface PostingInput {
  accp_txno: string;
  txn_seqno: string;
  txn_type: string;
  product_code?: string;
  memo?: string;
  lines: readonly PostingLine[];
}

export type LedgerFailure = 'INSUFFICIENT_AVAILABLE' | 'INSUFFICIENT_FROZEN' | 'ACCOUNT_NOT_NORMAL' | 'NO_SUCH_ACCOUNT';

export class LedgerError extends Error {
  constructor(
    readonly failure: LedgerFailure,
    readonly oid_acctno: string,
  ) {
    super(`${failure} on ${oid_acctno}`);
  }
}

/** Applies a balanced posting; throws LedgerError (and the transaction rolls back) when it can't. */
export function post(tx: Tx, clock: Clock, input: PostingInput): string {
  if (input.lines.length < 2) throw new Error('a posting needs at least two lines');
  let sum = 0;
  for (const line of input.lines) {
    if (!Number.isSafeInteger(line.amount) || line.amount === 0) throw new Error(`posting line amount must be a non-zero integer of fen: ${line.amount}`);
    sum += line.amount;
  }
  if (sum !== 0) throw new Error(`unbalanced posting: lines sum to ${sum} fen`);

  // One entry per account: its balance change and its frozen change in this posting.
  const perAccount = new Map<string, { amt: number; frozen: number; memo?: string; txn_type?: string }>();
  for (const line of input.lines) {
    const acc = perAccount.get(line.oid_acctno) ?? { amt: 0, frozen: 0 };
    acc.amt += line.amount;
    if (line.frozen) acc.frozen += line.amount;
    if (line.memo) acc.memo = line.memo;
    if (line.txn_type) acc.txn_type = line.txn_type;
    perAccount.set(line.oid_acctno, acc);
  }

  const now = clock.now();
  const today = clock.day(now);
  const postingId = ids.postingId(tx);
  const touched: Account[] = [];
  for (const [oid, change] of perAccount) {
    let account = tx.get('accounts', oid) as Account | undefined;
    if (!account) throw new LedgerError('NO_SUCH_ACCOUNT', oid);
    if (account.owner_kind !== 'CLEARING' && account.acct_state !== 'NORMAL') throw new LedgerError('ACCOUNT_NOT_NORMAL', oid);
    if (account.day !== today) {
      account = { ...account, day: today, day_open_balance: account.balance, day_open_frozen: account.frozen };
    }
    account = { ...account, balance: account.balance + change.amt, frozen: account.frozen + change.frozen };
    // Past 2^53 fen a balance could no longer be added to exactly: refuse rather than round.
    if (!Number.isSafeInteger(account.balance) || !Number.isSafeInteger(account.frozen)) throw new Error(`balance of ${oid} would leave the exact integer range`);
    if (account.owner_kind !== 'CLEARING') {
      if (account.frozen < 0) throw new LedgerError('INSUFFICIENT_FROZEN', oid);
      if (account.balance - account.frozen < 0) throw new LedgerError('INSUFFICIENT_AVAILABLE', oid);
    }
    touched.push(account);
    const other = change.amt === 0 ? undefined : counterpart(perAccount, oid, change.amt);
    const entry: Entry = {
      jno_acct: ids.jnoAcct(tx, clock),
      posting_id: postingId,
      oid_acctno: oid,
      amt: change.amt,
      flag_dc: change.amt >= 0 ? 'CREDIT' : 'DEBIT',
      amt_bal: account.balance,
      frozen_delta: change.frozen,
      ...(other ? { other_acctno: other } : {}),
      accp_txno: input.accp_txno,
      txn_seqno: input.txn_seqno,
      txn_type: change.txn_type ?? input.txn_type,
      ...(input.product_code ? { product_code: input.product_code } : {}),
      txn_time: now,
      date_acct: today,
      ...((change.memo ?? input.memo) ? { memo: change.memo ?? input.memo } : {}),
    };
    tx.put('entries', entry.jno_acct, entry);
  }
  for (const account of touched) tx.put('accounts', account.oid_acctno, account);
  return postingId;
}

/** The account that moved the most money the other way in the same posting. */
function counterpart(perAccount: Map<string, { amt: number }>, self: string, amt: number): string | undefined {
  let best: string | undefined;
  let bestAmt = 0;
  for (const [oid, c] of perAccount) {
    if (oid === self || Math.sign(c.amt) === Math.sign(amt) || c.amt === 0) continue;
    if (Math.abs(c.amt) > bestAmt) {
      best = oid;
      bestAmt = Math.abs(c.amt);
    }
  }
  return best;
}

/** Available part of an account's balance, in fen. */
export function available(account: Readonly<Account>): number {
  return account.balance - account.frozen;
}
