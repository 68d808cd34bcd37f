// txn v2.3 §3.2.8 query-payment: a payment order, an internal transfer (§3.4.4) or a secured
// confirmation (§3.5.2), by txn_seqno or accp_txno. ret_code says the query worked; txn_status
// says where the trade is.
import type { Context } from '../domain/context.js';
import { AccpError, badField } from '../domain/errors.js';
import type { Trade } from '../domain/model.js';
import { fenToYuan } from '../protocol/money.js';
import { findTrade, paymentBody } from './trades.js';

export interface QueryPayment {
  oid_partner: string;
  txn_seqno?: string;
  accp_txno?: string;
}

const STATUS: Record<Trade['status'], string> = { WAIT_PAY: 'TRADE_WAIT_PAY', SUCCESS: 'TRADE_SUCCESS', CLOSED: 'TRADE_CLOSE', CANCEL: 'TRADE_CANCEL' };

export async function queryPayment(ctx: Context, req: QueryPayment) {
  if (!req.txn_seqno && !req.accp_txno) throw badField('txn_seqno', '与 accp_txno 二选一，不能都为空');
  const t = await ctx.state.read((v) => findTrade(v, req.oid_partner, req));
  if (!t) throw new AccpError('1011', undefined, 'no such payment');
  if (t.status === 'SUCCESS') {
    const body = paymentBody(t);
    return { ...body, payerInfo: Array.isArray(body.payerInfo) ? body.payerInfo : [body.payerInfo], txn_status: STATUS[t.status] };
  }
  return {
    oid_partner: t.oid_partner,
    txn_type: t.txn_type,
    accp_txno: t.accp_txno,
    txn_status: STATUS[t.status],
    orderInfo: { txn_seqno: t.txn_seqno, txn_time: t.txn_time, total_amount: Number(fenToYuan(t.total)), ...(t.order_info ? { order_info: t.order_info } : {}) },
    ...(t.payees.length > 0 ? { payeeInfo: t.payees.map((p) => ({ payee_type: p.type, payee_id: p.id, amount: Number(fenToYuan(p.amount)) })) } : {}),
  };
}
