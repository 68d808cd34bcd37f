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
// money is (-x frozen) against the receiving account.
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

  const now = clock.now();
  const today = clock.day(now);
  const postingId = ids.postingId(tx);
  const touched = new Map<string, Account>();

  for (const line of input.lines) {
    let account = touched.get(line.oid_acctno) ?? (tx.get('accounts', line.oid_acctno) as Account | undefined);
    if (!account) throw new LedgerError('NO_SUCH_ACCOUNT', line.oid_acctno);
    if (account.owner_kind !== 'CLEARING' && account.acct_state !== 'NORMAL') throw new LedgerError('ACCOUNT_NOT_NORMAL', line.oid_acctno);
    if (account.day !== today) {
      account = { ...account, day: today, day_open_balance: account.balance, day_open_frozen: account.frozen };
    }
    account = {
      ...account,
      balance: account.balance + line.amount,
      frozen: line.frozen ? account.frozen + line.amount : account.frozen,
    };
    touched.set(line.oid_acctno, account);
    const entry: Entry = {
      jno_acct: ids.jnoAcct(tx, clock),
      posting_id: postingId,
      oid_acctno: line.oid_acctno,
      amt: line.amount,
      flag_dc: line.amount > 0 ? 'CREDIT' : 'DEBIT',
      amt_bal: account.balance,
      frozen_part: line.frozen === true,
      accp_txno: input.accp_txno,
      txn_seqno: input.txn_seqno,
      txn_type: input.txn_type,
      ...(input.product_code ? { product_code: input.product_code } : {}),
      txn_time: now,
      date_acct: today,
      ...((line.memo ?? input.memo) ? { memo: line.memo ?? input.memo } : {}),
    };
    tx.put('entries', entry.jno_acct, entry);
  }

  for (const account of touched.values()) {
    if (account.owner_kind !== 'CLEARING') {
      if (account.frozen < 0) throw new LedgerError('INSUFFICIENT_FROZEN', account.oid_acctno);
      if (account.balance - account.frozen < 0) throw new LedgerError('INSUFFICIENT_AVAILABLE', account.oid_acctno);
    }
    tx.put('accounts', account.oid_acctno, account);
  }
  return postingId;
}

/** Available part of an account's balance, in fen. */
export function available(account: Readonly<Account>): number {
  return account.balance - account.frozen;
}
