// The simulated channel cashier behind payment-gw's gateway_url (txn v2.3 §3.2.4): what the
// page shows, and what paying or cancelling on it does. Paying completes the trade (the channel's
// part from its clearing account, the frozen balance and coupon parts from their frozen money),
// notifies (§3.2.6) and, when the order has a return_url, sends the browser there with the
// signed form of §3.2.7 (Signature-Type, Signature-Data, json_context). Cancelling gives the
// frozen parts back; the order can be paid again.
import type { Context } from '../domain/context.js';
import { AccpError } from '../domain/errors.js';
import type { Trade } from '../domain/model.js';
import { fenToYuan } from '../protocol/money.js';
import { signBody } from '../protocol/signature.js';
import { isGatewayMethod } from './money-movement.js';
import { channelTxno } from './pay.js';
import { completePayment, paymentBody } from './trades.js';
import { release } from './money-movement.js';

export interface GatewayView {
  merchant: string;
  amount: string;
  goods?: string;
  channel: string;
  txn_seqno: string;
  status: 'OPEN' | 'PAID' | 'GONE';
}

function tradeOf(ctx: Context, token: string): Readonly<Trade> | undefined {
  return ctx.state.peek((v) => v.find('trades', 'byPendingToken', token)[0]);
}

export function gatewayView(ctx: Context, token: string): GatewayView | null {
  const t = tradeOf(ctx, token);
  if (!t || t.pending?.kind !== 'GATEWAY') return null;
  const merchant = ctx.state.peek((v) => v.get('merchants', t.oid_partner)?.name ?? t.oid_partner);
  const channel = t.pending.methods.find((m) => isGatewayMethod(m.method))!;
  return { merchant, amount: fenToYuan(channel.amount), ...(t.goods_name ? { goods: t.goods_name } : {}), channel: channel.method, txn_seqno: t.txn_seqno, status: 'OPEN' };
}

export interface ReturnForm {
  url: string;
  fields: Record<string, string>;
}

/** The person pays on the channel page. */
export async function payOnGateway(ctx: Context, token: string): Promise<{ trade: Readonly<Trade>; returnForm?: ReturnForm }> {
  const paid = await ctx.state.transaction((tx) => {
    const t = tx.find('trades', 'byPendingToken', token)[0];
    if (!t || t.pending?.kind !== 'GATEWAY') throw new AccpError('1000', undefined, 'no open payment page for this token');
    const p = t.pending;
    const channel = p.methods.find((m) => isGatewayMethod(m.method))!;
    return completePayment(ctx, tx, t, p.payer, p.methods, { frozen: p.frozen ?? [], chnl_txno: channelTxno(), ...(channel.method.startsWith('EBANK_') ? { bankcode: '01020000' } : {}) });
  });
  ctx.notifier.wake();
  if (!paid.return_url) return { trade: paid };
  const json = JSON.stringify(paymentBody(paid));
  return { trade: paid, returnForm: { url: paid.return_url, fields: { 'Signature-Type': 'RSA', 'Signature-Data': signBody(json, ctx.keys.privateKey), json_context: json } } };
}

/** The person cancels on the channel page: the frozen parts come back, the order stays payable. */
export async function cancelOnGateway(ctx: Context, token: string): Promise<Readonly<Trade>> {
  return ctx.state.transaction((tx) => {
    const t = tx.find('trades', 'byPendingToken', token)[0];
    if (!t || t.pending?.kind !== 'GATEWAY') throw new AccpError('1000', undefined, 'no open payment page for this token');
    for (const f of t.pending.frozen ?? []) release(ctx, tx, f.oid_acctno, f.amount, { accp_txno: t.accp_txno, txn_seqno: t.txn_seqno, txn_type: t.txn_type });
    const { pending: _, ...rest } = t;
    tx.put('trades', rest.accp_txno, rest as Trade);
    return rest as Trade;
  });
}
