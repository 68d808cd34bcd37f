// txn v2.3 §3.5.3 secured-query 担保交易信息查询: a secured order's state, what was paid by each
// method (and refunded to it), what each payee has confirmed and had refunded, and the
// confirmations and refunds made against it.
import type { Context } from '../domain/context.js';
import { AccpError, badField } from '../domain/errors.js';
import type { Trade } from '../domain/model.js';
import { fenToYuan } from '../protocol/money.js';
import { findTrade } from '../payments/trades.js';
import { payeeFigures, payeeRows, unconfirmed } from './confirm.js';

export interface SecuredQuery {
  oid_partner: string;
  txn_seqno?: string;
  accp_txno?: string;
}

function secureStatus(t: Readonly<Trade>): string {
  if (t.status === 'WAIT_PAY') return 'WAIT_BUYER_PAY';
  if (t.status !== 'SUCCESS') return 'TRADE_CLOSED';
  const figures = [...payeeFigures(t).values()];
  const accepted = figures.reduce((s, f) => s + f.accepted, 0);
  const refunded = figures.reduce((s, f) => s + f.refundedAssure + f.refundedAccount, 0);
  if (refunded >= t.total) return 'REFUND_SUCCESS';
  if (unconfirmed(t) === 0) return accepted > 0 ? 'CONFIRM_SUCCESS' : 'REFUND_SUCCESS';
  return accepted > 0 ? 'CONFIRMING' : 'WAIT_BUYER_CONFIRM';
}

export async function querySecured(ctx: Context, req: SecuredQuery) {
  if (!req.txn_seqno && !req.accp_txno) throw badField('txn_seqno', '与 accp_txno 二选一，不能都为空');
  const found = await ctx.state.read((v) => {
    const t = findTrade(v, req.oid_partner, req);
    if (!t) return null;
    const confirmations = (t.confirmations ?? []).map((a) => v.get('trades', a)).filter((c): c is Readonly<Trade> => c !== undefined && c.status === 'SUCCESS');
    const refunds = (t.refunds ?? []).map((a) => v.get('refunds', a)).filter((r) => r !== undefined);
    return { t, confirmations, refunds };
  });
  if (!found || found.t.txn_type !== 'SECURED_CONSUME') throw new AccpError('1011', undefined, 'no such secured order');
  const { t, confirmations, refunds } = found;
  const y = (fen: number) => Number(fenToYuan(fen));
  return {
    oid_partner: t.oid_partner,
    accp_txno: t.accp_txno,
    orderInfo: { txn_seqno: t.txn_seqno, txn_time: t.txn_time, total_amount: y(t.total), secure_status: secureStatus(t) },
    ...(t.methods ? { payerInfo: t.methods.map((m) => ({ payer_type: t.payer!.type, payer_id: t.payer!.id, method: m.method, amount: y(m.amount), receive_amount: y(t.refunded_by_method?.[m.method] ?? 0) })) } : {}),
    payeeInfo: payeeRows(t),
    ...(t.status === 'SUCCESS' ? { payInfo: { accp_txno: t.accp_txno, txn_seqno: t.txn_seqno } } : {}),
    acceptInfo: confirmations.map((c) => ({ accp_txno: c.accp_txno, txn_seqno: c.txn_seqno })),
    refundInfo: refunds.map((r) => ({ refund_seqno: r!.refund_seqno, accp_txno: r!.accp_txno })),
  };
}
