// txn v2.3 §3.5 担保: a secured order's money sits frozen in the merchant's MCHASSURE account until
// the buyer confirms receipt; secured-confirm (§3.5.1) moves confirmed money to the payees'
// available balances, ALL at once or PART by PART; secured-query (§3.5.3) tells where an order
// stands; cancel-secured-payment (LianLian's SDK, 担保确认撤销) takes a confirmation back.
// (merchant-requirements.txt 二.2 担保确认: ALL 不接受指定收款方; PART 若创单时未指定收款方则接受确认时
// 重新指定，若创单时已指定则需再次指定并验证一致性; 支持一次性指定多个收款方)
import type { Context } from '../domain/context.js';
import { refuseIf, transact } from '../domain/context.js';
import { AccpError, badField } from '../domain/errors.js';
import type { Party, PayeeShare, Trade } from '../domain/model.js';
import { assertTxnSeqnoFree, claimTxnSeqno, setTxnStatus } from '../domain/txns.js';
import { findUser } from '../domain/users.js';
import { fenToYuan, yuanToFen } from '../protocol/money.js';
import { baseAcctType, partyAccount, partyKey, postOrRefuse } from '../payments/money-movement.js';
import { findTrade } from '../payments/trades.js';

export interface SecuredConfirm {
  oid_partner: string;
  user_id: string;
  confirm_mode: 'ALL' | 'PART';
  originalOrderInfo: { txn_seqno: string; total_amount: number | string };
  confirmOrderInfo: { confirm_seqno: string; confirm_time: string; confirm_amount: number | string; coupon_amount?: number | string };
  payeeInfo?: { payee_id: string; payee_type: 'USER' | 'MERCHANT'; payee_accttype?: string; payee_amount: number | string }[];
}

const ASSURE = (oid: string): Party => ({ type: 'MERCHANT', id: oid, accttype: 'MCHASSURE' });

export interface PayeeFigures {
  party: Party;
  /** the share named at creation (0 for payees named at confirmation) */
  share: number;
  accepted: number;
  /** refunded from MCHASSURE before confirmation */
  refundedAssure: number;
  /** refunded from the payee's own account after confirmation */
  refundedAccount: number;
}

/** What each key (a party, a pay method) is named for in all, in the order first named. */
export function amountsPer<T extends { amount: number }>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const item of items) m.set(key(item), (m.get(key(item)) ?? 0) + item.amount);
  return m;
}

/** Per payee of a trade: its share (a payee named twice at creation has both), what was confirmed to it and refunded on its behalf. */
export function payeeFigures(t: Readonly<Trade>): Map<string, PayeeFigures> {
  const m = new Map<string, PayeeFigures>();
  const entry = (k: string): PayeeFigures => m.get(k) ?? { party: partyFromKey(k), share: 0, accepted: 0, refundedAssure: 0, refundedAccount: 0 };
  for (const p of t.payees) {
    const f = entry(partyKey(p));
    m.set(partyKey(p), { ...f, party: m.has(partyKey(p)) ? f.party : p, share: f.share + p.amount });
  }
  for (const [k, v] of Object.entries(t.confirmed_by_payee ?? {})) m.set(k, { ...entry(k), accepted: v });
  for (const [k, v] of Object.entries(t.refunded_assure_by_payee ?? {})) m.set(k, { ...entry(k), refundedAssure: v });
  for (const [k, v] of Object.entries(t.refunded_by_payee ?? {})) m.set(k, { ...entry(k), refundedAccount: v });
  return m;
}

export function partyFromKey(k: string): Party {
  const [type, id, accttype] = k.split(':');
  return type === 'USER' ? { type: 'USER', id: id! } : { type: 'MERCHANT', id: id!, accttype: accttype! };
}

/** A creation payee's money still frozen in MCHASSURE. */
export function remainingShare(f: PayeeFigures): number {
  return f.share - f.accepted - f.refundedAssure;
}

/** Money of a secured order still frozen in MCHASSURE: paid, less confirmed, less refunded from it. */
export function unconfirmed(t: Readonly<Trade>): number {
  let out = t.total;
  for (const f of payeeFigures(t).values()) out -= f.accepted + f.refundedAssure;
  return out;
}

/** §3.5.1 担保交易确认 */
export async function confirmSecured(ctx: Context, req: SecuredConfirm) {
  const total = yuanToFen(req.originalOrderInfo.total_amount);
  const amount = yuanToFen(req.confirmOrderInfo.confirm_amount);
  const named: PayeeShare[] = (req.payeeInfo ?? []).map((p) => ({ type: p.payee_type, id: p.payee_id, ...(p.payee_type === 'MERCHANT' ? { accttype: baseAcctType(p.payee_accttype) ?? 'MCHOWN' } : {}), amount: yuanToFen(p.payee_amount) }));
  const done = await transact(ctx, async (tx) => {
    // a repeated confirm_seqno answers 1010 whatever the order has become since (issue #4)
    assertTxnSeqnoFree(tx, req.oid_partner, req.confirmOrderInfo.confirm_seqno);
    const order = findTrade(tx, req.oid_partner, req.originalOrderInfo);
    if (!order) throw new AccpError('1011', undefined, 'no such secured order');
    const figures = payeeFigures(order);
    const remaining = unconfirmed(order);
    // ALL confirms every creation payee's remaining share; PART names payees. Money refunded from
    // MCHASSURE before confirmation was nobody's share in particular: with one payee left it
    // comes off that payee's share; with several, ALL cannot tell whose and PART must say.
    const creationKeys = new Set(order.payees.map(partyKey));
    const leftShares: PayeeShare[] = [...creationKeys].map((k) => ({ ...figures.get(k)!.party, amount: remainingShare(figures.get(k)!) })).filter((p) => p.amount > 0);
    const refundedFromAssure = figures.get(partyKey(ASSURE(req.oid_partner)))?.refundedAssure ?? 0;
    const allSharesKnown = refundedFromAssure === 0 || leftShares.length <= 1;
    const shares: PayeeShare[] =
      req.confirm_mode === 'PART' ? named : refundedFromAssure > 0 && leftShares.length === 1 ? [{ ...leftShares[0]!, amount: remaining }] : leftShares;
    // each payee's figures are compared with what it is named for in all
    const namedPer = amountsPer(named, partyKey);
    await refuseIf(ctx, 'secured-confirm', {
      txn_type: order.txn_type,
      order_status: order.status,
      total_matches: total === order.total,
      buyer_matches: req.user_id === order.user_id,
      confirm_mode: req.confirm_mode,
      payees_named: named.length,
      payees_distinct: namedPer.size === named.length,
      payee_is_assure: shares.some((p) => p.type === 'MERCHANT' && baseAcctType(p.accttype) === 'MCHASSURE'),
      order_names_payees: order.payees.length > 0,
      confirmed_before: [...figures.values()].some((f) => f.accepted > 0),
      all_shares_known: allSharesKnown,
      payees_total_matches: shares.reduce((s, p) => s + p.amount, 0) === amount,
      within_remaining: amount > 0 && amount <= remaining,
      payees_as_created: order.payees.length === 0 || [...namedPer].every(([k, a]) => creationKeys.has(k) && a <= remainingShare(figures.get(k)!)),
    });
    for (const p of shares) {
      if (p.type === 'USER' && findUser(tx, req.oid_partner, p.id)?.user_status !== 'NORMAL') throw new AccpError('2003', undefined, `payee ${p.id} has no open account`);
      if (p.type === 'MERCHANT' && p.id !== req.oid_partner) throw badField('payeeInfo.payee_id', '收款方为平台商户时须为本商户号');
    }
    const claimed = claimTxnSeqno(tx, ctx.clock, { oid_partner: req.oid_partner, txn_seqno: req.confirmOrderInfo.confirm_seqno, busi_type: 'SECURED_CONFIRM', ...(order.user_id ? { user_id: order.user_id } : {}) });
    postOrRefuse(ctx, tx, {
      accp_txno: claimed.accp_txno,
      txn_seqno: claimed.txn_seqno,
      txn_type: 'SECURED_CONFIRM',
      product_code: 'CONSUMPTION_API',
      lines: [
        { oid_acctno: partyAccount(tx, req.oid_partner, ASSURE(req.oid_partner), 'AVAILABLE').oid_acctno, amount: -amount, frozen: true },
        ...shares.map((p) => ({ oid_acctno: partyAccount(tx, req.oid_partner, p, 'AVAILABLE').oid_acctno, amount: p.amount })),
      ],
    });
    const now = ctx.clock.now();
    const confirmation: Trade = {
      accp_txno: claimed.accp_txno,
      oid_partner: req.oid_partner,
      txn_seqno: claimed.txn_seqno,
      txn_type: 'SECURED_CONFIRM',
      txn_time: req.confirmOrderInfo.confirm_time,
      total: amount,
      ...(order.user_id ? { user_id: order.user_id } : {}),
      user_type: order.user_type,
      payees: shares,
      status: 'SUCCESS',
      expire_at: now,
      created_at: now,
      payer: ASSURE(req.oid_partner),
      methods: [{ method: 'BALANCE', amount }],
      finished_at: now,
      accounting_date: ctx.clock.day(now),
      original_accp_txno: order.accp_txno,
    };
    tx.put('trades', confirmation.accp_txno, confirmation);
    setTxnStatus(tx, ctx.clock, req.oid_partner, claimed.txn_seqno, 'SUCCESS');
    const confirmed = { ...(order.confirmed_by_payee ?? {}) };
    for (const p of shares) confirmed[partyKey(p)] = (confirmed[partyKey(p)] ?? 0) + p.amount;
    tx.put('trades', order.accp_txno, { ...order, confirmed_by_payee: confirmed, confirmations: [...(order.confirmations ?? []), confirmation.accp_txno] });
    return { order, confirmation };
  });
  return {
    oid_partner: req.oid_partner,
    user_id: req.user_id,
    txn_seqno: done.order.txn_seqno,
    total_amount: Number(fenToYuan(done.confirmation.total)),
    accp_txno: done.order.accp_txno,
    accp_confirm_txno: done.confirmation.accp_txno,
  };
}

/**
 * LianLian SDK 担保确认撤销 (cancel-secured-payment): a confirmation's money goes back to MCHASSURE,
 * frozen. Refused (1032) once cancelled, or once money it gave a payee was refunded from that payee.
 */
export async function cancelSecuredConfirmation(ctx: Context, req: { oid_partner: string; txn_seqno?: string; accp_txno?: string }) {
  if (!req.txn_seqno && !req.accp_txno) throw badField('txn_seqno', '与 accp_txno 二选一，不能都为空');
  const done = await transact(ctx, async (tx) => {
    const confirmation = findTrade(tx, req.oid_partner, req);
    if (!confirmation || confirmation.txn_type !== 'SECURED_CONFIRM') throw new AccpError('1011', undefined, 'no such secured confirmation');
    const order = tx.get('trades', confirmation.original_accp_txno!)!;
    // What a payee got back out of its confirmed money (refunds in flight included) is no longer
    // there to take back: the cancel would take the payee's own money a second time.
    const figures = payeeFigures(order);
    await refuseIf(ctx, 'cancel-secured-confirmation', {
      confirmation_status: confirmation.status,
      confirmed_money_refunded: [...amountsPer(confirmation.payees, partyKey)].some(([k, a]) => {
        const f = figures.get(k);
        return !f || f.accepted - f.refundedAccount < a;
      }),
    });
    postOrRefuse(ctx, tx, {
      accp_txno: confirmation.accp_txno,
      txn_seqno: confirmation.txn_seqno,
      txn_type: 'SECURED_CONFIRM',
      memo: '担保确认撤销',
      lines: [
        ...confirmation.payees.map((p) => ({ oid_acctno: partyAccount(tx, req.oid_partner, p, 'AVAILABLE').oid_acctno, amount: -p.amount })),
        { oid_acctno: partyAccount(tx, req.oid_partner, ASSURE(req.oid_partner), 'AVAILABLE').oid_acctno, amount: confirmation.total, frozen: true },
      ],
    });
    tx.put('trades', confirmation.accp_txno, { ...confirmation, status: 'CANCEL' });
    const confirmed = { ...(order.confirmed_by_payee ?? {}) };
    for (const p of confirmation.payees) confirmed[partyKey(p)] = (confirmed[partyKey(p)] ?? 0) - p.amount;
    const updated: Trade = { ...order, confirmed_by_payee: confirmed };
    tx.put('trades', order.accp_txno, updated);
    return { confirmation, order: updated };
  });
  return {
    oid_partner: req.oid_partner,
    accp_txno: done.confirmation.accp_txno,
    txn_seqno: done.confirmation.txn_seqno,
    total_amount: Number(fenToYuan(done.confirmation.total)),
    payee_info: payeeRows(done.order),
  };
}

/** A secured order's payees as secured-query and cancel-secured-payment list them (MCHASSURE, where refunds before confirmation come from, is no payee). */
export function payeeRows(t: Readonly<Trade>) {
  const y = (fen: number) => Number(fenToYuan(fen));
  return [...payeeFigures(t).values()]
    .filter((f) => f.party.accttype !== 'MCHASSURE')
    .map((f) => ({ payee_type: f.party.type, payee_id: f.party.id, amount: y(f.share || f.accepted), accept_amount: y(f.accepted), refund_amount: y(f.refundedAssure + f.refundedAccount) }));
}

