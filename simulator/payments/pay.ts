// Paying an order (txn v2.3 §3.2.2 payment-balance, §3.2.3 payment-bankcard, §3.2.4 payment-gw).
// Each checks the order and the payer (rules/payments.json, ruleset payment), the payment
// password of a registered payer, then pays at once, or holds the payment for an SMS code
// (8888 + token, then validation-sms §3.6) or for the channel's page (gateway_url), freezing the
// balance and coupon parts meanwhile.
import { randomBytes } from 'node:crypto';
import type { Context } from '../domain/context.js';
import { Refused, refuseIf, transact } from '../domain/context.js';
import { AccpError, badField } from '../domain/errors.js';
import type { Card, MethodAmount, Party, PendingPayment, Trade, User } from '../domain/model.js';
import type { Tx, View } from '../domain/state.js';
import { newToken } from '../domain/applications.js';
import { activeUser, findUser } from '../domain/users.js';
import { bindCard, boundCards } from '../cards/binding.js';
import { checkPaymentPassword, provePassword, type PasswordProof } from '../passwords/payment-password.js';
import { fenToYuan, yuanToFen } from '../protocol/money.js';
import { testFailureOf, verifyFourElements } from '../world/banks.js';
import { sendCode } from '../world/sms.js';
import { mask } from '../log.js';
import { formatStamp } from '../world/clock.js';
import { bankOf } from '../world/bins.js';
import { CARD_METHODS, channelOfMethod, freeze, isGatewayMethod, sourceAccount } from './money-movement.js';
import { closeTrade, completePayment, dropPending, findTrade, partyNotNormal, pendingLapsed, registeredUser } from './trades.js';

interface PasswordFields {
  password?: string;
  random_key?: string;
}

async function proveIfGiven(ctx: Context, oidPartner: string, userId: string, p: PasswordFields): Promise<PasswordProof | null> {
  if (!p.password) return null;
  return provePassword(ctx, { oid_partner: oidPartner, user_id: userId, field: 'payerInfo.password', ciphertext: p.password, ...(p.random_key ? { random_key: p.random_key } : {}) });
}

interface PayFacts {
  trade: Readonly<Trade> | undefined;
  total: number;
  payer: Party;
  methods: MethodAmount[];
  password_given: boolean;
}

/**
 * A payer with an account of its own: the order says so, or its user_id belongs to a registered
 * user (one who registered after an anonymous order was made). Such a payer gives its payment
 * password for balance and card money, so a registered user's bound card is never charged
 * without it.
 */
function payerIsRegistered(view: View, trade: Readonly<Trade>, payer: Party): boolean {
  if (payer.type !== 'USER') return false;
  return trade.user_type === 'REGISTERED' || registeredUser(view, trade.oid_partner, payer.id) !== undefined;
}

/**
 * The order exists and can be paid this way (rules/payments.json, payment), before anything about
 * the card is looked at. An order past its pay_expire is closed here and then answered 3001; that
 * close is committed (a Refused).
 */
async function checkPayable(ctx: Context, tx: Tx, f: PayFacts): Promise<Readonly<Trade> | Refused> {
  if (!f.trade || f.trade.txn_type === 'INNER_FUND_EXCHANGE' || f.trade.txn_type === 'SECURED_CONFIRM') throw new AccpError('1011', undefined, 'no such payment order (tradecreate first)');
  // a payment whose SMS code lapsed gives back what it froze; this one may go ahead
  let t = (await pendingLapsed(ctx, tx, f.trade)) ? dropPending(ctx, tx, f.trade) : f.trade;
  const expired = t.status === 'WAIT_PAY' && t.expire_at <= ctx.clock.now();
  if (expired) t = closeTrade(ctx, tx, t, 'CLOSED');
  const expectedPayer = t.txn_type === 'MCH_TOPUP' ? t.oid_partner : t.user_id;
  try {
    await refuseIf(ctx, 'payment', {
      order_status: t.status,
      payment_in_progress: t.pending !== undefined,
      party_not_normal: partyNotNormal(tx, t),
      total_matches: f.total === t.total,
      payer_matches: f.payer.id === expectedPayer,
      methods_total_matches: f.methods.reduce((s, m) => s + m.amount, 0) === t.total,
      txn_type: t.txn_type,
      payer_is_merchant: f.payer.type === 'MERCHANT',
      uses_balance_or_coupon: f.methods.some((m) => m.method === 'BALANCE' || m.method === 'COUPON'),
      password_needed_missing: payerIsRegistered(tx, t, f.payer) && !f.password_given && f.methods.some((m) => m.method === 'BALANCE' || m.method.startsWith('AGRT_')),
    });
  } catch (err) {
    if (expired && err instanceof AccpError) return new Refused(err);
    throw err;
  }
  return t;
}

/** A registered payer (payerIsRegistered) exists, is NORMAL (2003, 2001), and is returned; an anonymous payer has no user. */
async function payingUser(ctx: Context, tx: Tx, trade: Readonly<Trade>, payer: Party): Promise<Readonly<User> | undefined> {
  return payerIsRegistered(tx, trade, payer) ? activeUser(ctx, tx, trade.oid_partner, payer.id) : undefined;
}

/** Checks the payer's password when one was given (a registered payer must give one: the rules above). */
async function checkPassword(ctx: Context, tx: Tx, payer: Party, oidPartner: string, proof: PasswordProof | null) {
  if (!proof || payer.type !== 'USER') return null;
  const user = findUser(tx, oidPartner, payer.id);
  if (!user) return null;
  return checkPaymentPassword(ctx, tx, user, proof);
}

/** The answer to a payment that is done (payment-balance, -bankcard, validation-sms). */
export function paidAnswer(req: { oid_partner: string }, t: Readonly<Trade>, payerId: string) {
  return {
    oid_partner: req.oid_partner,
    user_id: payerId,
    txn_seqno: t.txn_seqno,
    total_amount: Number(fenToYuan(t.total)),
    accp_txno: t.accp_txno,
    ...(t.accounting_date ? { accounting_date: t.accounting_date } : {}),
    ...(t.finished_at ? { finish_time: formatStamp(t.finished_at) } : {}),
    ...(t.linked_agrtno ? { linked_agrtno: t.linked_agrtno } : {}),
  };
}

// ---- §3.2.2 payment-balance ------------------------------------------------------------------

export interface PaymentBalance {
  oid_partner: string;
  txn_seqno: string;
  total_amount: number | string;
  coupon_amount?: number | string;
  risk_item?: string;
  payerInfo: { user_id: string } & PasswordFields;
}

/** §3.2.2 余额支付: the payer's available balance, and optionally the merchant's coupon account. */
export async function payWithBalance(ctx: Context, req: PaymentBalance) {
  const total = yuanToFen(req.total_amount);
  const coupon = req.coupon_amount === undefined ? 0 : yuanToFen(req.coupon_amount);
  if (coupon > total) throw badField('coupon_amount', '不能超过订单总金额');
  const methods: MethodAmount[] = [...(total - coupon > 0 ? [{ method: 'BALANCE', amount: total - coupon }] : []), ...(coupon > 0 ? [{ method: 'COUPON', amount: coupon }] : [])];
  const payer: Party = { type: 'USER', id: req.payerInfo.user_id };
  const proof = await proveIfGiven(ctx, req.oid_partner, payer.id, req.payerInfo);
  const paid = await transact(ctx, async (tx) => {
    const trade = await checkPayable(ctx, tx, { trade: findTrade(tx, req.oid_partner, req), total, payer, methods, password_given: proof !== null });
    if (trade instanceof Refused) return trade;
    if (trade.user_type === 'ANONYMOUS') throw new AccpError('3020', undefined, 'an anonymous payer has no balance');
    await activeUser(ctx, tx, req.oid_partner, payer.id);
    const refused = await checkPassword(ctx, tx, payer, req.oid_partner, proof);
    if (refused) return refused;
    return completePayment(ctx, tx, trade, payer, methods);
  });
  ctx.notifier.wake();
  return paidAnswer(req, paid, payer.id);
}

// ---- §3.2.3 payment-bankcard -----------------------------------------------------------------

export interface PaymentBankCard {
  oid_partner: string;
  txn_seqno: string;
  total_amount: number | string;
  risk_item?: string;
  payerInfo: { user_id: string } & PasswordFields;
  bankCardInfo?: { linked_acctno?: string; linked_agrtno?: string; linked_phone?: string; linked_acctname?: string; id_type?: string; id_no?: string; cvv2?: string; valid_thru?: string };
  payMethods: { method: string; amount: number | string }[];
}

function readMethods(list: { method: string; amount: number | string }[], allowed: (m: string) => boolean, field: string): MethodAmount[] {
  const methods = list.map((m, i) => {
    if (!allowed(m.method)) throw badField(`${field}[${i}].method`, `该接口不支持付款方式 ${m.method}`);
    return { method: m.method, amount: yuanToFen(m.amount) };
  });
  if (new Set(methods.map((m) => m.method)).size !== methods.length) throw badField(field, '同一付款方式只能出现一次');
  return methods;
}

type CardChoice = NonNullable<PendingPayment['card']>;

/**
 * The card a payment is made with: a bound card (agreement or number) or a new one checked by its
 * four elements, a registered payer's with its own name and ID number.
 */
function chooseCard(ctx: Context, tx: Tx, trade: Readonly<Trade>, payerId: string, user: Readonly<User> | undefined, info: PaymentBankCard['bankCardInfo'] = {}): CardChoice {
  const mine = boundCards(tx, trade.oid_partner, payerId);
  const bound: Readonly<Card> | undefined = info.linked_agrtno ? mine.find((c) => c.linked_agrtno === info.linked_agrtno) : info.linked_acctno ? mine.find((c) => c.linked_acctno === info.linked_acctno) : undefined;
  if (info.linked_agrtno && !bound) throw new AccpError('1030', undefined, 'no such card agreement for this payer');
  if (bound) {
    if (bound.card_type === 'CORPORATE') throw new AccpError('2019', undefined, 'a corporate account is not a card');
    return { linked_agrtno: bound.linked_agrtno, linked_acctno: bound.linked_acctno, bank_code: bound.bank_code, card_type: bound.card_type, new_card: false };
  }
  // a new card: the bank checks its four elements
  if (!info.linked_acctno) throw badField('bankCardInfo.linked_acctno', '不能为空（绑卡协议号与银行卡号二者选其一）');
  const name = user?.user_name ?? info.linked_acctname;
  const idNo = user?.id_no ?? info.id_no;
  const phone = info.linked_phone;
  if (!name) throw badField('bankCardInfo.linked_acctname', '不能为空（新卡支付须提供银行账户名称）');
  if (!idNo) throw badField('bankCardInfo.id_no', '不能为空（新卡支付须提供证件号码）');
  if (!phone) throw badField('bankCardInfo.linked_phone', '不能为空（新卡支付须提供银行预留手机号）');
  const check = verifyFourElements(tx, { name, id_no: idNo.toUpperCase(), card_no: info.linked_acctno, phone });
  if (!check.ok) {
    ctx.log.info({ card: mask.card(info.linked_acctno), ret_code: check.ret_code, why: check.why }, 'bank refused the card');
    throw new AccpError(check.ret_code, undefined, `world/banks: ${check.why}`);
  }
  return { linked_acctno: info.linked_acctno, bank_code: check.bank_code, card_type: check.card_type, new_card: true, holder: { name, id_no: idNo.toUpperCase(), phone } };
}

/** §3.2.3 银行卡快捷支付 */
export async function payWithBankCard(ctx: Context, merchantSmsAboveFen: number, req: PaymentBankCard) {
  const total = yuanToFen(req.total_amount);
  const methods = readMethods(req.payMethods, (m) => m === 'BALANCE' || m === 'COUPON' || (CARD_METHODS as readonly string[]).includes(m), 'payMethods');
  const cardMethods = methods.filter((m) => m.method.startsWith('AGRT_'));
  if (cardMethods.length !== 1) throw badField('payMethods', '须有且只有一种银行卡付款方式（AGRT_DEBIT_CARD 或 AGRT_CREDIT_CARD）');
  const cardMethod = cardMethods[0]!;
  const payer: Party = { type: 'USER', id: req.payerInfo.user_id };
  const proof = await proveIfGiven(ctx, req.oid_partner, payer.id, req.payerInfo);
  const outcome = await transact(ctx, async (tx) => {
    // the order first (3002, 3001, 3003, 3004...), whatever the card fields say
    const trade = await checkPayable(ctx, tx, { trade: findTrade(tx, req.oid_partner, req), total, payer, methods, password_given: proof !== null });
    if (trade instanceof Refused) return trade;
    const user = await payingUser(ctx, tx, trade, payer);
    if (trade.user_type === 'ANONYMOUS' && methods.some((m) => m.method === 'BALANCE')) throw new AccpError('3020', undefined, 'an anonymous payer has no balance');
    const c = chooseCard(ctx, tx, trade, payer.id, user, req.bankCardInfo);
    await refuseIf(ctx, 'payment-card', {
      txn_type: trade.txn_type,
      card_type: c.card_type,
      method_card_type: cardMethod.method === 'AGRT_DEBIT_CARD' ? 'DEBIT' : 'CREDIT',
      cvv2_given: Boolean(req.bankCardInfo?.cvv2),
      valid_thru_given: Boolean(req.bankCardInfo?.valid_thru),
    });
    const refused = await checkPassword(ctx, tx, payer, req.oid_partner, proof);
    if (refused) return refused;
    if (c.new_card || cardMethod.amount > merchantSmsAboveFen) {
      // Second verification (§3.6): the code goes to the card's reserved phone; the balance and
      // coupon parts are frozen until the code comes back.
      const phone = c.holder?.phone ?? tx.get('cards', c.linked_agrtno!)?.linked_phone;
      if (!phone) throw new AccpError('1028', undefined, 'the card has no reserved phone');
      const sms = await sendCode(ctx, tx, { phone, purpose: 'PAYMENT', oid_partner: req.oid_partner, user_id: payer.id });
      const frozen = freezeOwnParts(ctx, tx, trade, payer, methods);
      const pending: PendingPayment = { token: newToken(), kind: 'SMS', payer, methods, sms_id: sms.id, card: c, frozen, created_at: ctx.clock.now() };
      tx.put('trades', trade.accp_txno, { ...trade, pending });
      return { held: true as const, trade, token: pending.token };
    }
    return { held: false as const, trade: payByCard(ctx, tx, trade, payer, methods, c, []) };
  });
  ctx.notifier.wake();
  if (outcome.held) {
    return { ret_code: '8888', oid_partner: req.oid_partner, user_id: payer.id, txn_seqno: outcome.trade.txn_seqno, total_amount: Number(fenToYuan(outcome.trade.total)), accp_txno: outcome.trade.accp_txno, token: outcome.token };
  }
  return paidAnswer(req, outcome.trade, payer.id);
}

/** Freezes the balance and coupon parts of a payment that waits for a code or a channel page. */
export function freezeOwnParts(ctx: Context, tx: Tx, trade: Readonly<Trade>, payer: Party, methods: readonly MethodAmount[]): { oid_acctno: string; amount: number }[] {
  return methods
    .filter((m) => m.method === 'BALANCE' || m.method === 'COUPON')
    .map((m) => {
      const account = sourceAccount(ctx, tx, trade.oid_partner, payer, m.method);
      freeze(ctx, tx, account.oid_acctno, m.amount, { accp_txno: trade.accp_txno, txn_seqno: trade.txn_seqno, txn_type: trade.txn_type });
      return { oid_acctno: account.oid_acctno, amount: m.amount };
    });
}

/** The bank's refusal to debit the card, before anything moves: 3007 for the sandbox card without money. */
export function bankRefusal(card: CardChoice): AccpError | null {
  return testFailureOf(card.linked_acctno) === '3007' ? new AccpError('3007', undefined, 'world/banks: test card has too little money') : null;
}

/**
 * A card's first payment leaves an agreement for the next ones (§3.2.3/§3.2.6 linked_agrtno
 * 银行卡首次支付返回): the card is bound to the payer, a registered person or an anonymous payer
 * alike. A card bound meanwhile keeps its agreement. An enterprise's one bound account changes
 * only through enterprise-changecard-apply, so its card payments bind nothing.
 */
function bindOnFirstPayment(ctx: Context, tx: Tx, trade: Readonly<Trade>, payer: Party, card: CardChoice): string | undefined {
  if (!card.holder || findUser(tx, trade.oid_partner, payer.id)?.user_type === 'INNERCOMPANY') return undefined;
  const already = boundCards(tx, trade.oid_partner, payer.id).find((c) => c.linked_acctno === card.linked_acctno);
  if (already) return already.linked_agrtno;
  return bindCard(ctx, tx, { oid_partner: trade.oid_partner, user_id: payer.id, linked_acctno: card.linked_acctno, linked_phone: card.holder.phone, bank_code: card.bank_code, card_type: card.card_type, holder: card.holder }).linked_agrtno;
}

/** The bank debits the card (or refuses: bankRefusal); then the payment completes. */
export function payByCard(ctx: Context, tx: Tx, trade: Readonly<Trade>, payer: Party, methods: readonly MethodAmount[], card: CardChoice, frozen: { oid_acctno: string; amount: number }[]): Readonly<Trade> {
  const refusal = bankRefusal(card);
  if (refusal) throw refusal;
  const agreement = card.new_card ? bindOnFirstPayment(ctx, tx, trade, payer, card) : undefined;
  return completePayment(ctx, tx, trade, payer, methods, {
    frozen,
    chnl_txno: channelTxno(),
    bankcode: card.bank_code,
    ...(agreement ? { linked_agrtno: agreement } : {}),
  });
}

export function channelTxno(): string {
  return `CH${Date.now()}${randomBytes(4).toString('hex').toUpperCase()}`;
}

// ---- §3.2.4 payment-gw -----------------------------------------------------------------------

export interface PaymentGateway {
  oid_partner: string;
  txn_seqno: string;
  total_amount: number | string;
  risk_item?: string;
  appid?: string;
  openid?: string;
  bankcode?: string;
  client_ip: string;
  payerInfo: { payer_type: 'USER' | 'MERCHANT'; payer_id: string } & PasswordFields;
  payMethods: { method: string; amount: number | string }[];
}

/** EBANK payments name their bank with bankcode (§3.2.4 付款方式为网银类时可指定); without one, the page pays from this bank. */
const DEFAULT_EBANK_BANKCODE = '01020000';

/** §3.2.4 网关类支付: the answer carries the gateway_url of the simulated channel page. */
export async function payWithGateway(ctx: Context, req: PaymentGateway) {
  const total = yuanToFen(req.total_amount);
  const methods = readMethods(req.payMethods, (m) => m === 'BALANCE' || m === 'COUPON' || isGatewayMethod(m), 'payMethods');
  const channelMethods = methods.filter((m) => isGatewayMethod(m.method));
  if (channelMethods.length !== 1) throw badField('payMethods', '须有且只有一种网关类付款方式（微信、支付宝或网银，见 §3.2.4）');
  const method = channelMethods[0]!.method;
  const ebank = channelOfMethod(method) === 'EBANK';
  const payer: Party = { type: req.payerInfo.payer_type, id: req.payerInfo.payer_id };
  const proof = payer.type === 'USER' ? await proveIfGiven(ctx, req.oid_partner, payer.id, req.payerInfo) : null;
  const held = await transact(ctx, async (tx) => {
    const trade = await checkPayable(ctx, tx, { trade: findTrade(tx, req.oid_partner, req), total, payer, methods, password_given: proof !== null });
    if (trade instanceof Refused) return trade;
    await payingUser(ctx, tx, trade, payer);
    if (trade.user_type === 'ANONYMOUS' && methods.some((m) => m.method === 'BALANCE')) throw new AccpError('3020', undefined, 'an anonymous payer has no balance');
    await refuseIf(ctx, 'payment-gw', {
      channel_method: method,
      openid_given: Boolean(req.openid),
      ...(ebank && req.bankcode ? { bankcode_known: bankOf(req.bankcode) !== undefined } : {}),
    });
    const refused = await checkPassword(ctx, tx, payer, req.oid_partner, proof);
    if (refused) return refused;
    const frozen = freezeOwnParts(ctx, tx, trade, payer, methods);
    const pending: PendingPayment = { token: newToken(), kind: 'GATEWAY', payer, methods, frozen, created_at: ctx.clock.now(), ...(ebank ? { bankcode: req.bankcode ?? DEFAULT_EBANK_BANKCODE } : {}) };
    tx.put('trades', trade.accp_txno, { ...trade, pending });
    return { trade, token: pending.token, channel: channelOfMethod(method) };
  });
  const gatewayUrl = `${ctx.publicUrl()}/gateway/pay/${held.token}`;
  return {
    oid_partner: req.oid_partner,
    user_id: payer.id,
    txn_seqno: held.trade.txn_seqno,
    total_amount: Number(fenToYuan(held.trade.total)),
    accp_txno: held.trade.accp_txno,
    gateway_url: gatewayUrl,
    payload: JSON.stringify(channelPayload(held.channel, method, held.token, gatewayUrl, req.appid)),
  };
}

/** What the channel's own SDK would need to open its cashier: here, parameters pointing at the simulated page. */
function channelPayload(channel: string, method: string, token: string, url: string, appid?: string): Record<string, string> {
  if (channel === 'WECHAT') {
    return { appId: appid ?? 'wxsandbox0000000000', timeStamp: String(Math.floor(Date.now() / 1000)), nonceStr: token.slice(0, 32), package: `prepay_id=sandbox${token.slice(0, 24)}`, signType: 'MD5', paySign: token.toUpperCase().slice(0, 32), mweb_url: url };
  }
  if (channel === 'ALIPAY') return { orderStr: `app_id=${appid ?? 'sandbox'}&method=${method}&biz_content=${token}`, qr_code: url };
  return { gateway_url: url };
}
