// txn v2.3 §3.7 退款: asyn-refund takes money back from ONE original payee of a general or secured
// consumption, says how much goes back to each original pay method, and freezes it until the
// channel answers (the scheduler, a moment later); then the money goes back the way it came and
// the notification of §3.7.3 says so. query-refund (§3.7.2) tells where a refund is.
// A secured order's money not yet confirmed is refunded from the merchant's MCHASSURE account
// (payee: the merchant, MCHASSURE); confirmed money from the real payee (§3.7.1 payee_id).
// (merchant-requirements.txt 二.2 退款: 每次发起退款只能唯一指定原消费交易一个收款方; 支持全额或者部分退款;
// 组合类消费交易，每次退款需要明确指定原付款方式对应的退款金额)
import { eachInOwnTransaction } from '../world/scheduler.js';
import type { Context } from '../domain/context.js';
import { refuseIf, transact } from '../domain/context.js';
import { AccpError, badField } from '../domain/errors.js';
import type { MethodAmount, Party, Refund, Trade } from '../domain/model.js';
import { keys } from '../domain/state.js';
import { assertTxnSeqnoFree, claimTxnSeqno, setTxnStatus } from '../domain/txns.js';
import { enqueueNotification } from '../notifications/outbox.js';
import { fenToYuan, yuanToFen } from '../protocol/money.js';
import { LedgerError } from '../ledger/ledger.js';
import { baseAcctType, freeze, partyAccount, partyKey, postOrRefuse, release, sourceAccount } from '../payments/money-movement.js';
import { channelTxno } from '../payments/pay.js';
import { findTrade } from '../payments/trades.js';
import { amountsPer, payeeFigures, unconfirmed } from '../secured/confirm.js';
import { hasSettled } from '../ledger/settlement.js';

export interface RefundApply {
  oid_partner: string;
  user_id: string;
  notify_url?: string;
  refund_reason?: string;
  originalOrderInfo: { txn_seqno: string; total_amount: number | string };
  refundOrderInfo: { refund_seqno: string; refund_time: string; payee_id: string; payee_type: 'USER' | 'MERCHANT'; payee_accttype?: string; refund_amount: number | string };
  refundMethods: { method: string; amount: number | string }[];
}

/** The money a refund may take, and from which accounts, for the payee it names. */
function refundSources(ctx: Context, tx: Parameters<typeof freeze>[1], t: Readonly<Trade>, payee: Party, amount: number): { oid_acctno: string; amount: number; secured?: boolean }[] | null {
  if (t.txn_type === 'SECURED_CONSUME' && payee.type === 'MERCHANT' && payee.accttype === 'MCHASSURE') {
    if (amount > unconfirmed(t)) return null;
    // secured money is frozen in MCHASSURE already; the refund takes it from there
    return [{ oid_acctno: partyAccount(tx, t.oid_partner, payee, 'AVAILABLE').oid_acctno, amount, secured: true }];
  }
  const f = payeeFigures(t).get(partyKey(payee));
  if (!f) return null;
  if (t.txn_type === 'SECURED_CONSUME') {
    if (amount > f.accepted - f.refundedAccount) return null;
    return [{ oid_acctno: partyAccount(tx, t.oid_partner, payee, 'AVAILABLE').oid_acctno, amount }];
  }
  // general consumption: money not settled yet is taken from the payee's pending settlement first;
  // settled money from its available balance first, so that a newer order's pending money does not
  // pay the refund and leave the payee that much available before its settlement day (T+1)
  if (amount > f.share - f.refundedAccount) return null;
  const psettle = partyAccount(tx, t.oid_partner, payee, 'PSETTLE');
  const available = partyAccount(tx, t.oid_partner, payee, 'AVAILABLE');
  const [first, second] = t.accounting_date !== undefined && hasSettled(tx, t.accounting_date) ? [available, psettle] : [psettle, available];
  const fromFirst = Math.min(amount, Math.max(0, first.balance - first.frozen));
  return [
    { oid_acctno: first.oid_acctno, amount: fromFirst },
    { oid_acctno: second.oid_acctno, amount: amount - fromFirst },
  ].filter((p) => p.amount > 0);
}

export interface MorePayeeRefundApply extends Omit<RefundApply, 'refundOrderInfo'> {
  refundOrderInfo: { refund_seqno: string; refund_time: string; refund_amount: number | string; order_info?: string };
  pyeeRefundInfos: { payee_id: string; payee_type: 'USER' | 'MERCHANT'; payee_accttype?: string; payee_refund_amount: number | string; is_advance_pay?: string }[];
}

/**
 * more-payee-refund (LianLian's SDK, the Go SDK's only refund call): §3.7.1 with the original
 * payee in a list. The requirements allow one payee per refund, so a list of one is asyn-refund.
 */
export async function applyMorePayeeRefund(ctx: Context, req: MorePayeeRefundApply) {
  const payee = req.pyeeRefundInfos[0]!;
  await refuseIf(ctx, 'more-payee-refund', {
    payee_count: req.pyeeRefundInfos.length,
    payee_amount_matches: yuanToFen(payee.payee_refund_amount) === yuanToFen(req.refundOrderInfo.refund_amount),
  });
  const { pyeeRefundInfos: _, refundOrderInfo: o, ...rest } = req;
  return applyRefund(ctx, {
    ...rest,
    refundOrderInfo: {
      refund_seqno: o.refund_seqno,
      refund_time: o.refund_time,
      refund_amount: o.refund_amount,
      payee_id: payee.payee_id,
      payee_type: payee.payee_type,
      ...(payee.payee_accttype ? { payee_accttype: payee.payee_accttype } : {}),
    },
  });
}

/** §3.7.1 异步退款申请 */
export async function applyRefund(ctx: Context, req: RefundApply) {
  const o = req.refundOrderInfo;
  const amount = yuanToFen(o.refund_amount);
  const total = yuanToFen(req.originalOrderInfo.total_amount);
  const methods: MethodAmount[] = req.refundMethods.map((m) => ({ method: m.method, amount: yuanToFen(m.amount) }));
  const payee: Party = { type: o.payee_type, id: o.payee_id, ...(o.payee_type === 'MERCHANT' ? { accttype: baseAcctType(o.payee_accttype) ?? 'MCHOWN' } : {}) };
  const refund = await transact(ctx, async (tx) => {
    // a repeated refund_seqno answers 1010 whatever the order has become since (issue #4)
    assertTxnSeqnoFree(tx, req.oid_partner, o.refund_seqno);
    const t = findTrade(tx, req.oid_partner, req.originalOrderInfo);
    if (!t) throw new AccpError('3017', undefined, 'no such original order');
    // each method is compared with what it is asked back for in all
    const perMethod = amountsPer(methods, (m) => m.method);
    const methodLeft = (method: string) => (t.methods?.find((x) => x.method === method)?.amount ?? 0) - (t.refunded_by_method?.[method] ?? 0);
    await refuseIf(ctx, 'refund', {
      merchant_payee_accttype_missing: o.payee_type === 'MERCHANT' && !o.payee_accttype,
      payee_not_this_merchant: o.payee_type === 'MERCHANT' && o.payee_id !== req.oid_partner,
      methods_distinct: perMethod.size === methods.length,
      txn_type: t.txn_type,
      order_status: t.status,
      total_matches: total === t.total,
      buyer_matches: req.user_id === (t.user_id ?? t.oid_partner),
      methods_total_matches: methods.reduce((s, m) => s + m.amount, 0) === amount,
      methods_within_paid: [...perMethod].every(([method, a]) => a > 0 && a <= methodLeft(method)),
    });
    const sources = refundSources(ctx, tx, t, payee, amount);
    if (!sources) throw new AccpError('3018', undefined, 'more than this payee received and has not been refunded');
    const claimed = claimTxnSeqno(tx, ctx.clock, { oid_partner: req.oid_partner, txn_seqno: o.refund_seqno, busi_type: 'REFUND', user_id: req.user_id });
    for (const s of sources) if (!s.secured) freeze(ctx, tx, s.oid_acctno, s.amount, { accp_txno: claimed.accp_txno, txn_seqno: o.refund_seqno, txn_type: 'REFUND' });
    const r: Refund = {
      accp_txno: claimed.accp_txno,
      oid_partner: req.oid_partner,
      refund_seqno: o.refund_seqno,
      refund_time: o.refund_time,
      user_id: req.user_id,
      original_accp_txno: t.accp_txno,
      original_txn_seqno: t.txn_seqno,
      payee,
      amount,
      methods,
      ...(req.refund_reason ? { reason: req.refund_reason } : {}),
      ...(req.notify_url ? { notify_url: req.notify_url } : {}),
      frozen: sources,
      status: 'PROCESSING',
      created_at: ctx.clock.now(),
    };
    tx.put('refunds', r.accp_txno, r);
    // What the original order has given back, counted now so a second refund cannot take it again.
    const byMethod = { ...(t.refunded_by_method ?? {}) };
    for (const m of methods) byMethod[m.method] = (byMethod[m.method] ?? 0) + m.amount;
    const key = partyKey(payee);
    const assure = t.txn_type === 'SECURED_CONSUME' && payee.accttype === 'MCHASSURE';
    const updated: Trade = {
      ...t,
      refunded_by_method: byMethod,
      ...(assure
        ? { refunded_assure_by_payee: { ...(t.refunded_assure_by_payee ?? {}), [key]: (t.refunded_assure_by_payee?.[key] ?? 0) + amount } }
        : { refunded_by_payee: { ...(t.refunded_by_payee ?? {}), [key]: (t.refunded_by_payee?.[key] ?? 0) + amount } }),
      ...(t.txn_type === 'SECURED_CONSUME' ? { refunds: [...(t.refunds ?? []), r.accp_txno] } : {}),
    };
    tx.put('trades', t.accp_txno, updated);
    return r;
  });
  // txn_seqno is the original order's and total_amount the refund's, as §3.7.1's sample answers
  // (its txn_seqno is the request's originalOrderInfo.txn_seqno, its 82.05 the refund_amount)
  return { oid_partner: req.oid_partner, user_id: req.user_id, txn_seqno: refund.original_txn_seqno, total_amount: Number(fenToYuan(refund.amount)), accp_txno: refund.accp_txno };
}

/** The channels answer the refunds in flight (the scheduler runs it): the money goes back the way it came. */
export async function processRefunds(ctx: Context): Promise<number> {
  const due = ctx.state.peek((v) => v.find('refunds', 'byStatus', 'PROCESSING').map((r) => r.accp_txno));
  const answered = await eachInOwnTransaction(ctx, 'channels answer refunds', due, (tx, accpTxno) => {
    const r = tx.get('refunds', accpTxno);
    if (!r || r.status !== 'PROCESSING') return false;
    const t = tx.get('trades', r.original_accp_txno)!;
    const ref = { accp_txno: r.accp_txno, txn_seqno: r.refund_seqno, txn_type: 'REFUND' };
    const now = ctx.clock.now();
    try {
      postOrRefuse(ctx, tx, {
        ...ref,
        product_code: 'CONSUMPTION_API',
        ...(r.reason ? { memo: r.reason } : {}),
        lines: [
          ...r.frozen.map((f) => ({ oid_acctno: f.oid_acctno, amount: -f.amount, frozen: true })),
          ...r.methods.map((m) => ({ oid_acctno: sourceAccount(ctx, tx, r.oid_partner, t.payer!, m.method).oid_acctno, amount: m.amount })),
        ],
      });
      tx.put('refunds', accpTxno, { ...r, status: 'SUCCESS', chnl_txno: channelTxno(), accounting_date: ctx.clock.day(now), finished_at: now });
      setTxnStatus(tx, ctx.clock, r.oid_partner, r.refund_seqno, 'SUCCESS');
    } catch (err) {
      if (!(err instanceof AccpError || err instanceof LedgerError)) throw err;
      // the money cannot go back (the payer's account is closed): it is released where it was
      // (secured money stays frozen in MCHASSURE, as before the refund)
      for (const f of r.frozen) if (!f.secured) release(ctx, tx, f.oid_acctno, f.amount, ref);
      undoCounts(tx, t, r);
      tx.put('refunds', accpTxno, { ...r, status: 'FAILURE', finished_at: now });
      setTxnStatus(tx, ctx.clock, r.oid_partner, r.refund_seqno, 'FAILURE');
    }
    notifyRefund(ctx, tx, tx.get('refunds', accpTxno)!);
    return true;
  });
  if (answered) ctx.notifier.wake();
  return answered;
}

function undoCounts(tx: Parameters<typeof freeze>[1], t: Readonly<Trade>, r: Readonly<Refund>): void {
  const key = partyKey(r.payee);
  const byMethod = { ...(t.refunded_by_method ?? {}) };
  for (const m of r.methods) byMethod[m.method] = (byMethod[m.method] ?? 0) - m.amount;
  const assure = t.txn_type === 'SECURED_CONSUME' && r.payee.accttype === 'MCHASSURE';
  tx.put('trades', t.accp_txno, {
    ...t,
    refunded_by_method: byMethod,
    ...(assure
      ? { refunded_assure_by_payee: { ...(t.refunded_assure_by_payee ?? {}), [key]: (t.refunded_assure_by_payee?.[key] ?? 0) - r.amount } }
      : { refunded_by_payee: { ...(t.refunded_by_payee ?? {}), [key]: (t.refunded_by_payee?.[key] ?? 0) - r.amount } }),
  });
}

/** §3.7.3 退款结果通知 */
function notifyRefund(ctx: Context, tx: Parameters<typeof freeze>[1], r: Readonly<Refund>): void {
  if (!r.notify_url) return;
  enqueueNotification(ctx, tx, { schema: 'txn/asyn-refund', oid_partner: r.oid_partner, txn_seqno: r.refund_seqno, url: r.notify_url, schedule: 'txn', payload: refundBody(r) });
}

const STATUS: Record<Refund['status'], string> = { PROCESSING: 'TRADE_PROCESSING', SUCCESS: 'TRADE_SUCCESS', FAILURE: 'TRADE_FAILURE' };

export function refundBody(r: Readonly<Refund>): Record<string, unknown> {
  return {
    oid_partner: r.oid_partner,
    ...(r.accounting_date ? { accounting_date: r.accounting_date } : {}),
    accp_txno: r.accp_txno,
    refund_seqno: r.refund_seqno,
    ...(r.chnl_txno ? { chnl_txno: r.chnl_txno } : {}),
    refund_amount: Number(fenToYuan(r.amount)),
    txn_status: STATUS[r.status],
  };
}

export interface QueryRefund {
  oid_partner: string;
  refund_seqno?: string;
  accp_txno?: string;
}

/** §3.7.2 退款结果查询 */
export async function queryRefund(ctx: Context, req: QueryRefund) {
  if (!req.refund_seqno && !req.accp_txno) throw badField('refund_seqno', '与 accp_txno 二选一，不能都为空');
  const r = await ctx.state.read((v) => {
    const accpTxno = req.accp_txno ?? v.get('txns', keys.txn(req.oid_partner, req.refund_seqno!))?.accp_txno;
    const found = accpTxno ? v.get('refunds', accpTxno) : undefined;
    return found && found.oid_partner === req.oid_partner ? found : undefined;
  });
  if (!r) throw new AccpError('1011', undefined, 'no such refund');
  return refundBody(r);
}
