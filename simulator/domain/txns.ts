// Merchant transactions by txn_seqno: unique per merchant (1010), and the record query-txn reads.
import type { BusiType, Txn } from './model.js';
import { keys, type Tx } from './state.js';
import { AccpError } from './errors.js';
import { ids } from './ids.js';
import type { Clock } from '../world/clock.js';

/** A txn_seqno this merchant has used before gives 1010. */
export function assertTxnSeqnoFree(tx: Tx, oidPartner: string, txnSeqno: string): void {
  if (tx.get('txns', keys.txn(oidPartner, txnSeqno))) throw new AccpError('1010', undefined, 'txn_seqno already used by this merchant');
}

/** Registers a new txn_seqno (1010 when repeated). */
export function claimTxnSeqno(tx: Tx, clock: Clock, input: { oid_partner: string; txn_seqno: string; busi_type: BusiType; user_id?: string }): Txn {
  assertTxnSeqnoFree(tx, input.oid_partner, input.txn_seqno);
  const key = keys.txn(input.oid_partner, input.txn_seqno);
  const now = clock.now();
  const txn: Txn = {
    oid_partner: input.oid_partner,
    txn_seqno: input.txn_seqno,
    accp_txno: ids.accpTxno(tx, clock),
    busi_type: input.busi_type,
    status: 'CREATE',
    ...(input.user_id ? { user_id: input.user_id } : {}),
    created_at: now,
    updated_at: now,
  };
  tx.put('txns', key, txn);
  return txn;
}

export function setTxnStatus(tx: Tx, clock: Clock, oidPartner: string, txnSeqno: string, status: Txn['status']): void {
  const key = keys.txn(oidPartner, txnSeqno);
  const txn = tx.get('txns', key);
  if (!txn) throw new Error(`no txn ${key}`);
  tx.put('txns', key, { ...txn, status, updated_at: clock.now() });
}
