// txn v2.3 §3.2.1 tradecreate: the order a top-up or consumption is paid against, with its
// payees fixed from then on; §3.2.6 the payment notification once it is paid; close-payment
// (LianLian's SDK) and pay_expire closing unpaid orders on the simulator clock.
import { eachInOwnTransaction } from '../world/scheduler.js';
import type { Context } from '../domain/context.js';
import { Refused, refuseIf, transact } from '../domain/context.js';
import { AccpError, badField } from '../domain/errors.js';
import type { MethodAmount, Party, PayeeShare, Trade, User } from '../domain/model.js';
import { keys, type Tx, type View } from '../domain/state.js';
import { claimTxnSeqno, setTxnStatus } from '../domain/txns.js';
import { findUser } from '../domain/users.js';
import { smsStepLapsed } from '../domain/applications.js';
import { enqueueNotification } from '../notifications/outbox.js';
import { fenToYuan, yuanToFen } from '../protocol/money.js';
import { baseAcctType, destinationLines, partyKey, postOrRefuse, release, sourceLines } from './money-movement.js';
import { formatStamp } from '../world/clock.js';

const DEFAULT_EXPIRE_MINUTES = 3 * 24 * 60;

export interface TradeCreate {
  oid_partner: string;
  txn_type: 'USER_TOPUP' | 'MCH_TOPUP' | 'GENERAL_CONSUME' | 'SECURED_CONSUME';
  user_id?: string;
  user_type?: 'REGISTERED' | 'ANONYMOUS';
  notify_url?: string;
  return_url?: string;
  pay_expire?: number | string;
  orderInfo: { txn_seqno: string; txn_time: string; total_amount: number | string; order_info?: string; goods_name?: string; goods_url?: string };
  payeeInfo?: { payee_id: string; payee_type: 'USER' | 'MERCHANT'; payee_accttype?: string; payee_amount: number | string; payee_memo?: string }[];
}

/** A trade by its txn_seqno or accp_txno (query-payment, close-payment, payments). */
export function findTrade(view: View, oidPartner: string, ref: { txn_seqno?: string; accp_txno?: string }): Readonly<Trade> | undefined {
  const accpTxno = ref.accp_txno ?? (ref.txn_seqno ? view.get('txns', keys.txn(oidPartner, ref.txn_seqno))?.accp_txno : undefined);
  const trade = accpTxno ? view.get('trades', accpTxno) : undefined;
  return trade && trade.oid_partner === oidPartner ? trade : undefined;
}

/** The user registered under this user_id, unless it was closed: an anonymous payer has none. */
export function registeredUser(view: View, oidPartner: string, userId: string): Readonly<User> | undefined {
  const user = findUser(view, oidPartner, userId);
  return user && user.user_status !== 'CANCEL' ? user : undefined;
}

/**
 * A party of the trade that can no longer take part: a named USER payee that is not NORMAL
 * (closed meanwhile, say) or, when given, a registered payer that is not.
 */
export function partyNotNormal(view: View, trade: Readonly<Trade>, payer?: Party): boolean {
  const notNormal = (id: string) => findUser(view, trade.oid_partner, id)?.user_status !== 'NORMAL';
  if (payer?.type === 'USER' && trade.user_type === 'REGISTERED' && notNormal(payer.id)) return true;
  return trade.payees.some((p) => p.type === 'USER' && notNormal(p.id));
}

/** §3.2.1 支付统一创单 */
export async function createTrade(ctx: Context, req: TradeCreate) {
  const total = yuanToFen(req.orderInfo.total_amount);
  const payees: PayeeShare[] = (req.payeeInfo ?? []).map((p) => ({
    type: p.payee_type,
    id: p.payee_id,
    ...(p.payee_accttype ? { accttype: baseAcctType(p.payee_accttype)! } : {}),
    amount: yuanToFen(p.payee_amount),
    ...(p.payee_memo ? { memo: p.payee_memo } : {}),
  }));
  const userType = req.user_type ?? 'REGISTERED';
  const merchantPayees = payees.filter((p) => p.type === 'MERCHANT');
  const trade = await transact(ctx, async (tx) => {
    await refuseIf(ctx, 'trade-create', {
      txn_type: req.txn_type,
      user_type: userType,
      has_user_id: req.user_id !== undefined,
      user_id_registered: req.user_id !== undefined && registeredUser(tx, req.oid_partner, req.user_id) !== undefined,
      payee_count: payees.length,
      payees_total_fen: payees.reduce((s, p) => s + p.amount, 0),
      total_fen: total,
      duplicate_payees: new Set(payees.map(partyKey)).size !== payees.length,
      mch_topup_accttype_missing: req.txn_type === 'MCH_TOPUP' && (payees.length !== 1 || payees[0]!.type !== 'MERCHANT' || !payees[0]!.accttype),
      ...(req.txn_type === 'MCH_TOPUP' && payees[0]?.accttype ? { mch_topup_accttype: payees[0].accttype } : {}),
      merchant_payee_accttypes: merchantPayees.map((p) => p.accttype ?? 'MCHOWN'),
      payee_not_this_merchant: merchantPayees.some((p) => p.id !== req.oid_partner),
      payee_unusable: payees.some((p) => p.type === 'USER' && findUser(tx, req.oid_partner, p.id)?.user_status !== 'NORMAL'),
    });
    if (userType === 'REGISTERED' && req.user_id !== undefined && req.txn_type !== 'MCH_TOPUP') {
      const payer = findUser(tx, req.oid_partner, req.user_id);
      if (!payer) throw new AccpError('2003', undefined, 'the paying user has no account');
      if (payer.user_status !== 'NORMAL') throw new AccpError('2001', undefined, `the paying user is ${payer.user_status}`);
    }
    const txn = claimTxnSeqno(tx, ctx.clock, { oid_partner: req.oid_partner, txn_seqno: req.orderInfo.txn_seqno, busi_type: req.txn_type, ...(req.user_id ? { user_id: req.user_id } : {}) });
    const now = ctx.clock.now();
    const o = req.orderInfo;
    const t: Trade = {
      accp_txno: txn.accp_txno,
      oid_partner: req.oid_partner,
      txn_seqno: o.txn_seqno,
      txn_type: req.txn_type,
      txn_time: o.txn_time,
      total,
      ...(req.user_id ? { user_id: req.user_id } : {}),
      user_type: userType,
      ...(req.notify_url ? { notify_url: req.notify_url } : {}),
      ...(req.return_url ? { return_url: req.return_url } : {}),
      ...(o.order_info ? { order_info: o.order_info } : {}),
      ...(o.goods_name ? { goods_name: o.goods_name } : {}),
      ...(o.goods_url ? { goods_url: o.goods_url } : {}),
      payees,
      status: 'WAIT_PAY',
      expire_at: now + Number(req.pay_expire ?? DEFAULT_EXPIRE_MINUTES) * 60_000,
      created_at: now,
    };
    tx.put('trades', t.accp_txno, t);
    return t;
  });
  return { oid_partner: req.oid_partner, user_id: req.user_id ?? req.oid_partner, txn_seqno: trade.txn_seqno, total_amount: Number(fenToYuan(trade.total)), accp_txno: trade.accp_txno };
}

/**
 * Pays a trade: posts the methods' money to its destination (money-movement.ts), marks it
 * SUCCESS and queues the §3.2.6 notification. Refuses with 3005/3006 when an account lacks money.
 */
export function completePayment(ctx: Context, tx: Tx, trade: Readonly<Trade>, payer: Party, methods: readonly MethodAmount[], extra: { frozen?: { oid_acctno: string; amount: number }[]; chnl_txno?: string; bankcode?: string; linked_agrtno?: string } = {}): Readonly<Trade> {
  const productCode = trade.txn_type.endsWith('TOPUP') ? 'DEPOSIT_API' : 'CONSUMPTION_API';
  postOrRefuse(ctx, tx, {
    accp_txno: trade.accp_txno,
    txn_seqno: trade.txn_seqno,
    txn_type: trade.txn_type,
    product_code: productCode,
    ...(trade.goods_name ? { memo: trade.goods_name } : {}),
    lines: [...sourceLines(ctx, tx, trade, payer, methods, extra.frozen), ...destinationLines(tx, trade)],
  });
  const now = ctx.clock.now();
  const { pending: _, ...rest } = trade;
  const paid: Trade = {
    ...rest,
    status: 'SUCCESS',
    payer,
    methods: [...methods],
    finished_at: now,
    accounting_date: ctx.clock.day(now),
    ...(extra.chnl_txno ? { chnl_txno: extra.chnl_txno } : {}),
    ...(extra.bankcode ? { bankcode: extra.bankcode } : {}),
    ...(extra.linked_agrtno ? { linked_agrtno: extra.linked_agrtno } : {}),
    ...(trade.txn_type === 'SECURED_CONSUME' ? { confirmed_by_payee: {}, confirmations: [], refunds: [] } : {}),
  };
  tx.put('trades', paid.accp_txno, paid);
  setTxnStatus(tx, ctx.clock, paid.oid_partner, paid.txn_seqno, 'SUCCESS');
  notifyPayment(ctx, tx, paid);
  return paid;
}

/** §3.2.6 支付结果异步通知 (also for internal transfers, §3.4.3, and secured confirmations). */
export function notifyPayment(ctx: Context, tx: Tx, t: Readonly<Trade>): void {
  if (!t.notify_url) return;
  enqueueNotification(ctx, tx, {
    schema: 'txn/tradecreate',
    oid_partner: t.oid_partner,
    txn_seqno: t.txn_seqno,
    url: t.notify_url,
    schedule: 'txn',
    payload: paymentBody(t),
  });
}

/** The body of a payment notification; query-payment answers the same facts. */
export function paymentBody(t: Readonly<Trade>): Record<string, unknown> {
  const payers = (t.methods ?? []).map((m) => ({ payer_type: t.payer!.type, payer_id: t.payer!.id, method: m.method, amount: Number(fenToYuan(m.amount)) }));
  return {
    oid_partner: t.oid_partner,
    txn_type: t.txn_type,
    accounting_date: t.accounting_date,
    finish_time: formatStamp(t.finished_at!),
    accp_txno: t.accp_txno,
    ...(t.chnl_txno ? { chnl_txno: t.chnl_txno } : {}),
    txn_status: 'TRADE_SUCCESS',
    ...(t.bankcode ? { bankcode: t.bankcode } : {}),
    ...(t.linked_agrtno ? { linked_agrtno: t.linked_agrtno } : {}),
    orderInfo: { txn_seqno: t.txn_seqno, txn_time: t.txn_time, total_amount: Number(fenToYuan(t.total)), ...(t.order_info ? { order_info: t.order_info } : {}) },
    payerInfo: payers.length === 1 ? payers[0] : payers,
    ...(t.payees.length > 0 ? { payeeInfo: t.payees.map((p) => ({ payee_type: p.type, payee_id: p.id, amount: Number(fenToYuan(p.amount)) })) } : {}),
  };
}

export interface ClosePayment {
  oid_partner: string;
  txn_seqno?: string;
  accp_txno?: string;
}

/** close-payment (LianLian SDK 支付单关单): an unpaid order closes; a paid one answers 3002. */
export async function closePayment(ctx: Context, req: ClosePayment) {
  if (!req.txn_seqno && !req.accp_txno) throw badField('txn_seqno', '与 accp_txno 二选一，不能都为空');
  const closed = await transact(ctx, async (tx) => {
    const trade = findTrade(tx, req.oid_partner, req);
    if (!trade || trade.txn_type === 'INNER_FUND_EXCHANGE' || trade.txn_type === 'SECURED_CONFIRM') throw new AccpError('1011', undefined, 'no such payment order');
    if (trade.status === 'SUCCESS') throw new AccpError('3002', undefined, 'the order is paid');
    if (trade.status !== 'WAIT_PAY') throw new AccpError('3001', undefined, 'the order is closed already');
    return closeTrade(ctx, tx, trade, 'CLOSED');
  });
  // a string, as both of LianLian's SDKs declare it (Go's cannot read a number into its string field)
  return { oid_partner: req.oid_partner, user_id: closed.user_id ?? req.oid_partner, txn_seqno: closed.txn_seqno, accp_txno: closed.accp_txno, total_amount: fenToYuan(closed.total) };
}

/** Ends a payment waiting for a code or a channel page: what it froze goes back; the order can be paid again. */
export function dropPending(ctx: Context, tx: Tx, trade: Readonly<Trade>): Readonly<Trade> {
  for (const f of trade.pending?.frozen ?? []) release(ctx, tx, f.oid_acctno, f.amount, { accp_txno: trade.accp_txno, txn_seqno: trade.txn_seqno, txn_type: trade.txn_type });
  const { pending: _, ...rest } = trade;
  tx.put('trades', rest.accp_txno, rest);
  return rest;
}

/** A payment waiting for its SMS code whose code can no longer complete it (domain/applications.ts smsStepLapsed). */
export async function pendingLapsed(ctx: Context, view: View, trade: Readonly<Trade>): Promise<boolean> {
  return trade.pending?.kind === 'SMS' && (await smsStepLapsed(ctx, view, trade.pending));
}

/** Closes an unpaid trade, giving back what a pending payment had frozen. */
export function closeTrade(ctx: Context, tx: Tx, trade: Readonly<Trade>, status: 'CLOSED' | 'CANCEL'): Readonly<Trade> {
  const closed: Trade = { ...dropPending(ctx, tx, trade), status };
  tx.put('trades', closed.accp_txno, closed);
  return closed;
}

/** Ends a payment whose SMS code lapsed: an order's hold is dropped (it can be paid again); an internal transfer, which is nothing but that payment, closes. */
export function endLapsedPayment(ctx: Context, tx: Tx, trade: Readonly<Trade>): Readonly<Trade> {
  return trade.txn_type === 'INNER_FUND_EXCHANGE' ? closeTrade(ctx, tx, trade, 'CLOSED') : dropPending(ctx, tx, trade);
}

/**
 * What a held payment must still pass when it completes (validation-sms §3.6, the gateway page):
 * an order past its pay_expire closes ("逾期将会关闭交易", 3001), and a payer or payee no longer
 * NORMAL ends the hold (2001); either way what the hold froze goes back. The ret_code comes from
 * the payment rules (rules/payments.json); the writes commit with the refusal.
 */
export async function heldPaymentRefusal(ctx: Context, tx: Tx, trade: Readonly<Trade>): Promise<Refused | null> {
  const expired = trade.expire_at <= ctx.clock.now();
  const gone = partyNotNormal(tx, trade, trade.pending?.payer);
  if (!expired && !gone) return null;
  if (expired) closeTrade(ctx, tx, trade, 'CLOSED');
  else endLapsedPayment(ctx, tx, trade);
  try {
    await refuseIf(ctx, 'payment', { order_status: expired ? 'CLOSED' : trade.status, party_not_normal: gone });
  } catch (err) {
    if (err instanceof AccpError) return new Refused(err);
    throw err;
  }
  throw new Error('rules/payments.json (payment) refuses neither a closed order nor a party that is not NORMAL');
}

/** Payments whose SMS code lapsed give back what they froze (run by the scheduler; a new payment of the order does it too). */
export async function dropLapsedPayments(ctx: Context): Promise<number> {
  const waiting = ctx.state.peek((v) => v.find('trades', 'byStatus', 'WAIT_PAY').filter((t) => t.pending?.kind === 'SMS').map((t) => t.accp_txno));
  return eachInOwnTransaction(ctx, 'lapsed SMS payments', waiting, async (tx, accpTxno) => {
    const t = tx.get('trades', accpTxno);
    if (!t || t.status !== 'WAIT_PAY' || !(await pendingLapsed(ctx, tx, t))) return false;
    endLapsedPayment(ctx, tx, t);
    return true;
  });
}

/** pay_expire: closes every unpaid order whose time has run out (run by the scheduler). */
export async function closeExpiredTrades(ctx: Context): Promise<number> {
  const now = ctx.clock.now();
  const due = ctx.state.peek((v) => v.find('trades', 'byStatus', 'WAIT_PAY').filter((t) => t.expire_at <= now).map((t) => t.accp_txno));
  return eachInOwnTransaction(ctx, 'expired orders', due, (tx, accpTxno) => {
    const t = tx.get('trades', accpTxno);
    if (!t || t.status !== 'WAIT_PAY' || t.expire_at > now) return false;
    closeTrade(ctx, tx, t, 'CLOSED');
    return true;
  });
}

