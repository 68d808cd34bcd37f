// For tests only: what an owner's statement (acctmgr §3.17.1 query-acctserial) says about one
// transaction, as its lines' direction, amount and txn_type.
import { expect } from 'vitest';
import type { TestSimulator } from './simulator.js';

export interface StatementLine {
  flag_dc: unknown;
  amt: unknown;
  txn_type: unknown;
}

/** The statement lines of one transaction on a user's account (uid) or the merchant's (null), newest first. */
export async function statementLines(t: TestSimulator, uid: string | null, acctType: string, accpTxno: unknown): Promise<StatementLine[]> {
  const who = uid === null ? { user_type: 'INNERMERCHANT' } : { user_id: uid, user_type: 'INNERUSER' };
  const q = await t.client.call('acctmgr/query-acctserial', { ...who, acct_type: acctType, date_start: '20000101000000', date_end: t.sim.ctx.clock.stamp(), page_no: 1, page_size: 100 });
  expect(q.ret_code).toBe('0000');
  return (q.acctbal_list as Record<string, unknown>[]).filter((l) => l.accp_txno === accpTxno).map((l) => ({ flag_dc: l.flag_dc, amt: l.amt, txn_type: l.txn_type }));
}
