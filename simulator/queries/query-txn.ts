// acctmgr v1.4 §3.18 query-txn: an account-management transaction by its txn_seqno: its accp_txno,
// busi_type (§4.5) and status (CREATE until its verify step or review succeeds, then SUCCESS).
// Transactions of txn v2.3 (payments, withdrawals, transfers, refunds) have their own queries and
// answer 1011 here, as does a transaction that failed: §3.18 knows only CREATE and SUCCESS
// (docs/decisions.md).
import type { Context } from '../domain/context.js';
import { AccpError } from '../domain/errors.js';
import type { BusiType, Txn } from '../domain/model.js';
import { keys } from '../domain/state.js';

export interface QueryTxn {
  oid_partner: string;
  txn_seqno: string;
}

/** acctmgr v1.4 §4.5 业务类型 (OpenActivatedUser is never used: persons open NORMAL). */
const ACCTMGR_BUSI_TYPES: ReadonlySet<BusiType> = new Set<BusiType>(['OpenNormelUser', 'ChangePhone', 'ChangeBankAcct', 'TideCard', 'UntieCard', 'CancelUser']);

/** §3.18.3 status: what each of the simulator's statuses is called there (FAILURE has no name). */
const STATUS: Partial<Record<Txn['status'], 'CREATE' | 'SUCCESS'>> = { CREATE: 'CREATE', SUCCESS: 'SUCCESS' };

export async function queryTxn(ctx: Context, req: QueryTxn) {
  const txn = await ctx.state.read((v) => v.get('txns', keys.txn(req.oid_partner, req.txn_seqno)));
  if (!txn) throw new AccpError('1011', undefined, 'no transaction with this txn_seqno');
  if (!ACCTMGR_BUSI_TYPES.has(txn.busi_type)) throw new AccpError('1011', undefined, `${txn.busi_type} is not an account-management transaction (§4.5): ask its own query`);
  const status = STATUS[txn.status];
  if (!status) throw new AccpError('1011', undefined, `the transaction ended ${txn.status}, which §3.18 cannot say`);
  return { oid_partner: req.oid_partner, txn_seqno: req.txn_seqno, accp_txno: txn.accp_txno, busi_type: txn.busi_type, status };
}
