// The simulated channel cashier behind payment-gw's gateway_url (txn v2.3 §3.2.4): what the
// page shows, and what paying or cancelling on it does. Paying completes the trade (the channel's
// part from its clearing account, the frozen balance and coupon parts from their frozen money),
// notifies (§3.2.6) and, when the order has a return_url, sends the browser there with the
// signed form of §3.2.7 (Signature-Type, Signature-Data, json_context). Cancelling gives the
// frozen parts back; the order can be paid again.
import type { Context } from '../domain/context.js';
import { transact } from '../domain/context.js';
import { AccpError } from '../domain/errors.js';
import type { Trade } from '../domain/model.js';
import type { Tx } from '../domain/state.js';
import { fenToYuan } from '../protocol/money.js';
import { signBody } from '../protocol/signature.js';
import { isGatewayMethod } from './money-movement.js';
import { channelTxno } from './pay.js';
import { completePayment, dropPending, heldPaymentRefusal, paymentBody } from './trades.js';

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

/** The open page of a token; none once paid, cancelled, ended or past the order's pay_expire. */
export function gatewayView(ctx: Context, token: string): GatewayView | null {
  const t = tradeOf(ctx, token);
  if (!t || t.pending?.kind !== 'GATEWAY' || t.expire_at <= ctx.clock.now()) return null;
  const merchant = ctx.state.peek((v) => v.get('merchants', t.oid_partner)?.name ?? t.oid_partner);
  const channel = t.pending.methods.find((m) => isGatewayMethod(m.method))!;
  return { merchant, amount: fenToYuan(channel.amount), ...(t.goods_name ? { goods: t.goods_name } : {}), channel: channel.method, txn_seqno: t.txn_seqno, status: 'OPEN' };
}

export interface ReturnForm {
  url: string;
  fields: Record<string, string>;
}

function openPage(tx: Tx, token: string): Readonly<Trade> {
  const t = tx.find('trades', 'byPendingToken', token)[0];
  if (!t || t.pending?.kind !== 'GATEWAY') throw new AccpError('1000', undefined, 'no open payment page for this token');
  return t;
}

/**
 * The person pays on the channel page. An order past its pay_expire closes (3001); a payer or
 * payee no longer NORMAL ends the payment (2001). When completing fails for any other reason,
 * the payment ends too, in a transaction of its own, so what it froze goes back and the order can
 * be paid another way; the page then shows the failure (an AccpError; 9999 for an internal one).
 */
export async function payOnGateway(ctx: Context, token: string): Promise<{ trade: Readonly<Trade>; returnForm?: ReturnForm }> {
  let paid: Readonly<Trade>;
  try {
    paid = await transact(ctx, async (tx) => {
      const t = openPage(tx, token);
      const refused = await heldPaymentRefusal(ctx, tx, t);
      if (refused) return refused;
      const p = t.pending!;
      return completePayment(ctx, tx, t, p.payer, p.methods, { frozen: p.frozen ?? [], chnl_txno: channelTxno(), ...(p.bankcode ? { bankcode: p.bankcode } : {}) });
    });
  } catch (err) {
    if (err instanceof AccpError && err.retCode === '1000') throw err;
    await endFailedPayment(ctx, token);
    if (err instanceof AccpError) throw err;
    ctx.log.error({ err: (err as Error).message, stack: (err as Error).stack }, 'gateway page: the payment failed; its hold was ended');
    throw new AccpError('9999', undefined, 'internal error while paying on the gateway page');
  }
  ctx.notifier.wake();
  if (!paid.return_url) return { trade: paid };
  const json = JSON.stringify(paymentBody(paid));
  return { trade: paid, returnForm: { url: paid.return_url, fields: { 'Signature-Type': 'RSA', 'Signature-Data': signBody(json, ctx.keys.privateKey), json_context: json } } };
}

/** After a failed payment on the page: its hold ends (if it is still there), giving back what it froze. */
async function endFailedPayment(ctx: Context, token: string): Promise<void> {
  try {
    await ctx.state.transaction((tx) => {
      const t = tx.find('trades', 'byPendingToken', token)[0];
      if (t?.pending?.kind === 'GATEWAY') dropPending(ctx, tx, t);
    });
  } catch (err) {
    ctx.log.error({ err: (err as Error).message }, 'gateway page: could not end the failed payment; the scheduler closes the order at pay_expire');
  }
}

/** The person cancels on the channel page: the frozen parts come back, the order stays payable. */
export async function cancelOnGateway(ctx: Context, token: string): Promise<Readonly<Trade>> {
  return ctx.state.transaction((tx) => dropPending(ctx, tx, openPage(tx, token)));
}
