// acctmgr v1.4 §3.18 query-txn: an account-management transaction by its txn_seqno: its accp_txno,
// busi_type (§4.5) and status (CREATE until its verify step or review succeeds, then SUCCESS).
import type { Context } from '../domain/context.js';
import { AccpError } from '../domain/errors.js';
import { keys } from '../domain/state.js';

export interface QueryTxn {
  oid_partner: string;
  txn_seqno: string;
}

export async function queryTxn(ctx: Context, req: QueryTxn) {
  const txn = await ctx.state.read((v) => v.get('txns', keys.txn(req.oid_partner, req.txn_seqno)));
  if (!txn) throw new AccpError('1011', undefined, 'no transaction with this txn_seqno');
  return { oid_partner: req.oid_partner, txn_seqno: req.txn_seqno, accp_txno: txn.accp_txno, busi_type: txn.busi_type, status: txn.status === 'SUCCESS' ? 'SUCCESS' : 'CREATE' };
}
