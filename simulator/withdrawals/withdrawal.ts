// txn v2.3 §3.3 提现, and external transfers (§3.4.1 to a bank account), which behave the same:
// money leaves an available balance for a bank account. The whole total is frozen from the
// application to the bank's answer; the bank gets total - fee and the merchant's own account the
// fee; a bank failure gives the frozen money back. On the way: an SMS code above the merchant's
// threshold (8888, validation-sms §3.6), the merchant's check when check_flag is Y (8889,
// withdrawal-check §3.3.2). The bank answers on the simulator clock as pay_time_type says
// (TRANS_THIS_TIME at once, TRANS_NORMAL within 2 hours, TRANS_NEXT_TIME the next morning), or
// when the sandbox decides (POST /sandbox/bank/withdrawals/{accp_txno}).
import { eachInOwnTransaction } from '../world/scheduler.js';
import type { Context } from '../domain/context.js';
import { Refused, refuseIf, transact } from '../domain/context.js';
import { AccpError, badField, InputError } from '../domain/errors.js';
import type { Merchant, Party, Withdrawal } from '../domain/model.js';
import { keys, type Tx, type View } from '../domain/state.js';
import { claimTxnSeqno, setTxnStatus, assertTxnSeqnoFree } from '../domain/txns.js';
import { activeUser, findUser } from '../domain/users.js';
import { newToken, smsStepLapsed } from '../domain/applications.js';
import { boundCards } from '../cards/binding.js';
import { enqueueNotification } from '../notifications/outbox.js';
import { checkPaymentPassword, provePassword } from '../passwords/payment-password.js';
import { fenToYuan, isYuan, yuanToFen } from '../protocol/money.js';
import { clearingAccount } from '../ledger/accounts.js';
import { baseAcctType, freeze, partyAccount, postOrRefuse, release } from '../payments/money-movement.js';
import { channelTxno } from '../payments/pay.js';
import { formatStamp } from '../world/clock.js';
import { identifyCard, testFailureOf } from '../world/banks.js';
import { sendCode } from '../world/sms.js';

const DEFAULT_EXPIRE_MINUTES = 3 * 24 * 60;
const NORMAL_DELAY_MS = 2 * 3600_000;

export interface WithdrawalApply {
  oid_partner: string;
  notify_url?: string;
  pay_expire?: number | string;
  risk_item?: string;
  linked_acctno?: string;
  linked_agrtno?: string;
  funds_flag?: 'Y' | 'N';
  check_flag?: 'Y' | 'N';
  pay_time_type?: Withdrawal['pay_time_type'];
  orderInfo: { txn_seqno: string; txn_time: string; total_amount: number | string; fee_amount?: number | string; order_info?: string; postscript?: string };
  payerInfo: { payer_type: 'USER' | 'MERCHANT'; payer_id: string; payer_accttype?: string; password?: string; random_key?: string };
}

/** What money-out requests share (withdrawal and transfer): the money-out rules, the payer, the password. */
export interface MoneyOut {
  oid_partner: string;
  txn_seqno: string;
  total: number;
  fee: number;
  payer: Party;
  /** a withdrawal or a transfer to a bank account (false: an internal transfer) */
  toBankAccount: boolean;
  /** check_flag Y */
  checkWanted: boolean;
  /** a 委托代发 transfer (pap_agree_no) */
  entrusted: boolean;
  postscript?: string;
  password?: string;
  random_key?: string;
}

type MoneyOutRequest = Pick<WithdrawalApply, 'oid_partner' | 'check_flag' | 'orderInfo' | 'payerInfo'>;

/** The money-out of a withdrawal or transfer request. A user's payer_accttype means nothing (a user has one available account) and is dropped. */
export function moneyOutOf(req: MoneyOutRequest, fee: number, toBankAccount: boolean, entrusted = false): MoneyOut {
  const o = req.orderInfo;
  const p = req.payerInfo;
  const payer: Party = { type: p.payer_type, id: p.payer_id, ...(p.payer_type === 'MERCHANT' && p.payer_accttype ? { accttype: baseAcctType(p.payer_accttype)! } : {}) };
  return {
    oid_partner: req.oid_partner,
    txn_seqno: o.txn_seqno,
    total: yuanToFen(o.total_amount),
    fee,
    payer,
    toBankAccount,
    checkWanted: req.check_flag === 'Y',
    entrusted,
    ...(o.postscript ? { postscript: o.postscript } : {}),
    ...(p.password ? { password: p.password } : {}),
    ...(p.random_key ? { random_key: p.random_key } : {}),
  };
}

export async function proveMoneyOut(ctx: Context, m: MoneyOut) {
  if (m.payer.type !== 'USER' || !m.password) return null;
  return provePassword(ctx, { oid_partner: m.oid_partner, user_id: m.payer.id, field: 'payerInfo.password', ciphertext: m.password, ...(m.random_key ? { random_key: m.random_key } : {}) });
}

/** Inside the transaction: 1010, the rules, the payer (2003/2014/2001), its password. Returns a Refused for a wrong password. */
export async function checkMoneyOut(ctx: Context, tx: Tx, m: MoneyOut, proof: Awaited<ReturnType<typeof proveMoneyOut>>) {
  assertTxnSeqnoFree(tx, m.oid_partner, m.txn_seqno);
  await refuseIf(ctx, 'money-out', {
    to_bank_account: m.toBankAccount,
    check_wanted: m.checkWanted,
    pap_agree_no_given: m.entrusted,
    fee_over_a_fifth: m.fee * 5 > m.total,
    total_fen: m.total,
    postscript_given: m.postscript !== undefined,
    payer_type: m.payer.type,
    ...(m.payer.accttype ? { payer_accttype: m.payer.accttype } : {}),
    password_given: m.password !== undefined,
  });
  if (m.fee >= m.total && m.total > 0) throw badField('fee_amount', '须小于订单总金额');
  if (m.payer.type === 'MERCHANT') {
    if (m.payer.id !== m.oid_partner) throw badField('payerInfo.payer_id', '付款方为平台商户时须为本商户号');
    return null;
  }
  const user = await activeUser(ctx, tx, m.oid_partner, m.payer.id);
  return proof ? checkPaymentPassword(ctx, tx, user, proof) : null;
}

/** Where the bank answers a PROCESSING withdrawal, on the simulator clock. */
export function bankDueAt(now: number, type: Withdrawal['pay_time_type']): number {
  if (type === 'TRANS_NORMAL') return now + NORMAL_DELAY_MS;
  if (type === 'TRANS_NEXT_TIME') {
    // 09:00 China Standard Time the next day
    const cst = new Date(now + 8 * 3600_000);
    return Date.UTC(cst.getUTCFullYear(), cst.getUTCMonth(), cst.getUTCDate() + 1, 9) - 8 * 3600_000;
  }
  return now;
}

/**
 * The bank account a withdrawal goes to: the bound card the user names. A person with several
 * cards must name one (§3.3.1); a person with one card, or an enterprise (默认绑定提现银行账号),
 * may name none and gets its (first) debit card or corporate account.
 */
async function destination(ctx: Context, tx: Tx, req: WithdrawalApply, payer: Party): Promise<Withdrawal['bank']> {
  if (payer.type === 'MERCHANT') {
    // The merchant's own settlement account is agreed at onboarding; the sandbox takes the one named, if any.
    return { acctno: req.linked_acctno ?? 'MERCHANT-SETTLEMENT-ACCOUNT', bank_code: '01020000' };
  }
  const cards = boundCards(tx, req.oid_partner, payer.id);
  const card = req.linked_agrtno
    ? cards.find((c) => c.linked_agrtno === req.linked_agrtno)
    : req.linked_acctno
      ? cards.find((c) => c.linked_acctno === req.linked_acctno)
      : (cards.find((c) => c.card_type === 'DEBIT' || c.card_type === 'CORPORATE') ?? cards[0]);
  await refuseIf(ctx, 'withdrawal-card', {
    payer_user_type: findUser(tx, req.oid_partner, payer.id)!.user_type,
    card_named: req.linked_agrtno !== undefined || req.linked_acctno !== undefined,
    bound_cards: cards.length,
    card_bound: card !== undefined,
    ...(card ? { card_type: card.card_type } : {}),
  });
  return { acctno: card!.linked_acctno, bank_code: card!.bank_code, linked_agrtno: card!.linked_agrtno, ...(card!.linked_acctname ? { acctname: card!.linked_acctname } : {}) };
}

/** §3.3.1 提现申请 */
export async function applyWithdrawal(ctx: Context, merchant: Readonly<Merchant>, req: WithdrawalApply) {
  const o = req.orderInfo;
  const m = moneyOutOf(req, o.fee_amount === undefined ? 0 : yuanToFen(o.fee_amount), true);
  const { total, fee, payer } = m;
  const proof = await proveMoneyOut(ctx, m);
  const w = await transact(ctx, async (tx) => {
    const refused = await checkMoneyOut(ctx, tx, m, proof);
    if (refused) return refused;
    const bank = await destination(ctx, tx, req, payer);
    const txn = claimTxnSeqno(tx, ctx.clock, { oid_partner: req.oid_partner, txn_seqno: o.txn_seqno, busi_type: 'ACCT_CASH_OUT', ...(payer.type === 'USER' ? { user_id: payer.id } : {}) });
    return startMoneyOut(ctx, tx, merchant, newMoneyOut(req, 'ACCT_CASH_OUT', txn.accp_txno, { payer, total, fee }, bank));
  });
  ctx.notifier.wake();
  return moneyOutAnswer(w);
}

export type NewMoneyOut = Omit<Withdrawal, 'oid_acctno' | 'status' | 'expire_at' | 'created_at'> & { pay_expire?: number | string | undefined };

/** What a withdrawal (§3.3.1) and a payout to a bank account (§3.4.1) take alike from their request. */
export function newMoneyOut(
  req: Pick<WithdrawalApply, 'oid_partner' | 'notify_url' | 'pay_time_type' | 'check_flag' | 'funds_flag' | 'pay_expire'> & { orderInfo: Pick<WithdrawalApply['orderInfo'], 'txn_seqno' | 'txn_time' | 'order_info' | 'postscript'> },
  kind: NewMoneyOut['kind'],
  accpTxno: string,
  money: Pick<NewMoneyOut, 'payer' | 'total' | 'fee'>,
  bank: NewMoneyOut['bank'],
): NewMoneyOut {
  const o = req.orderInfo;
  return {
    accp_txno: accpTxno,
    oid_partner: req.oid_partner,
    txn_seqno: o.txn_seqno,
    txn_time: o.txn_time,
    kind,
    ...money,
    ...(o.order_info ? { order_info: o.order_info } : {}),
    ...(o.postscript ? { postscript: o.postscript } : {}),
    ...(req.notify_url ? { notify_url: req.notify_url } : {}),
    bank,
    pay_time_type: req.pay_time_type ?? 'TRANS_THIS_TIME',
    check_flag: req.check_flag === 'Y',
    funds_flag: req.funds_flag === 'Y',
    pay_expire: req.pay_expire,
  };
}

/**
 * Freezes the total in the payer's available account (3005/3006 when it is not there) and sets
 * the first state: WAIT_SMS (a user above the merchant's threshold), WAIT_CHECK (check_flag) or
 * PROCESSING (the bank is asked).
 */
export async function startMoneyOut(ctx: Context, tx: Tx, merchant: Readonly<Merchant>, input: NewMoneyOut): Promise<Readonly<Withdrawal>> {
  const { pay_expire, ...fields } = input;
  const account = partyAccount(tx, input.oid_partner, input.payer, 'AVAILABLE');
  freeze(ctx, tx, account.oid_acctno, input.total, { accp_txno: input.accp_txno, txn_seqno: input.txn_seqno, txn_type: input.kind });
  const now = ctx.clock.now();
  let w: Withdrawal = { ...fields, oid_acctno: account.oid_acctno, status: 'PROCESSING', expire_at: now + Number(pay_expire ?? DEFAULT_EXPIRE_MINUTES) * 60_000, created_at: now };
  if (input.payer.type === 'USER' && input.total > merchant.settings.sms_verify_above_fen) {
    const user = findUser(tx, input.oid_partner, input.payer.id)!;
    const sms = await sendCode(ctx, tx, { phone: user.reg_phone, purpose: input.kind === 'ACCT_CASH_OUT' ? 'WITHDRAWAL' : 'TRANSFER', oid_partner: input.oid_partner, user_id: user.user_id });
    w = { ...w, status: 'WAIT_SMS', token: newToken(), sms_id: sms.id };
  } else if (input.check_flag) {
    w = { ...w, status: 'WAIT_CHECK' };
  } else {
    w = { ...w, bank_due_at: bankDueAt(now, w.pay_time_type) };
  }
  tx.put('withdrawals', w.accp_txno, w);
  return w;
}

/**
 * After the SMS code (validation-sms): the merchant's check next, or the bank. A withdrawal past
 * its pay_expire goes no further: 1000, the answer its token gets once the scheduler has closed it
 * (closeIfExpired, within a second).
 */
export function afterSms(ctx: Context, tx: Tx, w: Readonly<Withdrawal>): Readonly<Withdrawal> {
  if (expired(ctx, w)) throw new AccpError('1000', undefined, 'the withdrawal is past its pay_expire: it closes');
  const { token: _t, ...rest } = w;
  const next: Withdrawal = w.check_flag ? { ...rest, status: 'WAIT_CHECK' } : { ...rest, status: 'PROCESSING', bank_due_at: bankDueAt(ctx.clock.now(), w.pay_time_type) };
  tx.put('withdrawals', next.accp_txno, next);
  return next;
}

export function moneyOutAnswer(w: Readonly<Withdrawal>) {
  const code = w.status === 'WAIT_SMS' ? '8888' : w.status === 'WAIT_CHECK' ? '8889' : undefined;
  return {
    ...(code ? { ret_code: code } : {}),
    oid_partner: w.oid_partner,
    user_id: w.payer.id,
    txn_seqno: w.txn_seqno,
    total_amount: Number(fenToYuan(w.total)),
    ...(w.fee > 0 ? { fee_amount: Number(fenToYuan(w.fee)) } : {}),
    accp_txno: w.accp_txno,
    ...(w.token ? { token: w.token } : {}),
  };
}

// ---- §3.3.2 withdrawal-check ------------------------------------------------------------------

export interface WithdrawalCheck {
  oid_partner: string;
  orderInfo: { txn_seqno: string; total_amount: number | string; fee_amount?: number | string };
  checkInfo: { check_result: 'ACCEPT' | 'CANCEL'; check_reason?: string; check_user?: string };
}

export function findMoneyOut(view: View, oidPartner: string, ref: { txn_seqno?: string; accp_txno?: string }): Readonly<Withdrawal> | undefined {
  const accpTxno = ref.accp_txno ?? (ref.txn_seqno ? view.get('txns', keys.txn(oidPartner, ref.txn_seqno))?.accp_txno : undefined);
  const w = accpTxno ? view.get('withdrawals', accpTxno) : undefined;
  return w && w.oid_partner === oidPartner ? w : undefined;
}

/** §3.3.2 提现确认 (and §3.4.2 for external transfers): the merchant accepts or cancels. */
export async function checkWithdrawal(ctx: Context, req: WithdrawalCheck) {
  const o = req.orderInfo;
  const total = yuanToFen(o.total_amount);
  if (o.fee_amount !== undefined && !isYuan(o.fee_amount)) throw badField('orderInfo.fee_amount', '须为金额（元），最多两位小数');
  const w = await transact(ctx, async (tx) => {
    const found = findMoneyOut(tx, req.oid_partner, o);
    if (!found) throw new AccpError('1011', undefined, 'no such withdrawal');
    // §3.3.1 pay_expire: 提现确认有效时间，超期将关单. Closed now, not at the scheduler's next tick.
    if (closeIfExpired(ctx, tx, found)) return new Refused(new AccpError('1032', undefined, 'the withdrawal passed its pay_expire and is closed'));
    if (found.status !== 'WAIT_CHECK') throw new AccpError('1032', undefined, `the withdrawal is ${found.status}, not waiting for the merchant's check`);
    if (total !== found.total) throw new AccpError('3004', undefined, 'total_amount is not the withdrawal total');
    const fee = o.fee_amount === undefined ? found.fee : yuanToFen(o.fee_amount);
    await refuseIf(ctx, 'money-out', { fee_over_a_fifth: fee * 5 > found.total });
    const check = { result: req.checkInfo.check_result, ...(req.checkInfo.check_reason ? { reason: req.checkInfo.check_reason } : {}), ...(req.checkInfo.check_user ? { user: req.checkInfo.check_user } : {}) };
    if (check.result === 'CANCEL') return finishMoneyOut(ctx, tx, { ...found, check }, 'FAILURE', `商户审核不通过${check.reason ? `：${check.reason}` : ''}`);
    const next: Withdrawal = { ...found, fee, check, status: 'PROCESSING', bank_due_at: bankDueAt(ctx.clock.now(), found.pay_time_type) };
    tx.put('withdrawals', next.accp_txno, next);
    return next;
  });
  ctx.notifier.wake();
  return { oid_partner: req.oid_partner, user_id: w.payer.id, txn_seqno: w.txn_seqno, total_amount: Number(fenToYuan(w.total)), ...(w.fee > 0 ? { fee_amount: Number(fenToYuan(w.fee)) } : {}), accp_txno: w.accp_txno };
}

// ---- the bank's answer --------------------------------------------------------------------------

/**
 * Ends a withdrawal: SUCCESS pays the frozen total out (bank total - fee, merchant's own account
 * the fee); FAILURE and CLOSED give it back. Then the §3.3.3 notification.
 */
export function finishMoneyOut(ctx: Context, tx: Tx, w: Readonly<Withdrawal>, status: 'SUCCESS' | 'FAILURE' | 'CLOSED', reason?: string): Readonly<Withdrawal> {
  const ref = { accp_txno: w.accp_txno, txn_seqno: w.txn_seqno, txn_type: w.kind };
  const now = ctx.clock.now();
  let done: Withdrawal;
  if (status === 'SUCCESS') {
    const lines = [
      { oid_acctno: w.oid_acctno, amount: -w.total, frozen: true },
      { oid_acctno: clearingAccount(tx, ctx.clock, 'BANK').oid_acctno, amount: w.total - w.fee },
      // the fee is the merchant's income: its statement line reads 手续费收取 (acctmgr §3.17 txn_type SERVICE_FEE)
      ...(w.fee > 0 ? [{ oid_acctno: partyAccount(tx, w.oid_partner, { type: 'MERCHANT', id: w.oid_partner, accttype: 'MCHOWN' }, 'AVAILABLE').oid_acctno, amount: w.fee, memo: '手续费', txn_type: 'SERVICE_FEE' }] : []),
    ];
    postOrRefuse(ctx, tx, { ...ref, product_code: w.kind === 'ACCT_CASH_OUT' ? 'NORMAL_WITHDRAW_API' : 'NORMAL_TRANSFER_CARD_API', ...(w.postscript ? { memo: w.postscript } : {}), lines });
    done = { ...w, status, finished_at: now, accounting_date: ctx.clock.day(now), chnl_txno: channelTxno() };
    setTxnStatus(tx, ctx.clock, w.oid_partner, w.txn_seqno, 'SUCCESS');
  } else {
    release(ctx, tx, w.oid_acctno, w.total, ref);
    done = { ...w, status, finished_at: now, ...(reason ? { failure_reason: reason } : {}) };
    setTxnStatus(tx, ctx.clock, w.oid_partner, w.txn_seqno, 'FAILURE');
  }
  const { token: _t, ...stored } = done;
  tx.put('withdrawals', stored.accp_txno, stored);
  if (status !== 'CLOSED') notifyMoneyOut(ctx, tx, stored);
  return stored;
}

/** §3.3.3 提现结果异步通知 (also external transfers, §3.4.3). */
function notifyMoneyOut(ctx: Context, tx: Tx, w: Readonly<Withdrawal>): void {
  if (!w.notify_url) return;
  enqueueNotification(ctx, tx, { schema: 'txn/withdrawal', oid_partner: w.oid_partner, txn_seqno: w.txn_seqno, url: w.notify_url, schedule: 'txn', payload: moneyOutBody(w) });
}

const TXN_STATUS: Record<Withdrawal['status'], string> = {
  SUCCESS: 'TRADE_SUCCESS',
  FAILURE: 'TRADE_FAILURE',
  CANCEL: 'TRADE_CANCEL',
  CLOSED: 'TRADE_FAILURE',
  PROCESSING: 'TRADE_PROCESSING',
  WAIT_SMS: 'TRADE_PROCESSING',
  WAIT_CHECK: 'TRADE_WAIT_CHECK',
};

/** The facts of a withdrawal, as the notification and query-withdrawal give them. */
export function moneyOutBody(w: Readonly<Withdrawal>): Record<string, unknown> {
  return {
    oid_partner: w.oid_partner,
    ...(w.payer.type === 'USER' ? { user_id: w.payer.id } : {}),
    ...(w.accounting_date ? { accounting_date: w.accounting_date } : {}),
    ...(w.finished_at && w.status === 'SUCCESS' ? { finish_time: formatStamp(w.finished_at) } : {}),
    accp_txno: w.accp_txno,
    ...(w.chnl_txno ? { chnl_txno: w.chnl_txno } : {}),
    txn_status: TXN_STATUS[w.status],
    ...(w.failure_reason ? { failure_reason: w.failure_reason } : {}),
    bankcode: w.bank.bank_code,
    payerInfo: { payer_type: w.payer.type, payer_id: w.payer.id },
    orderInfo: {
      txn_seqno: w.txn_seqno,
      txn_time: w.txn_time,
      total_amount: Number(fenToYuan(w.total)),
      ...(w.fee > 0 ? { fee_amount: Number(fenToYuan(w.fee)) } : {}),
      ...(w.order_info ? { order_info: w.order_info } : {}),
    },
  };
}

/** The simulated bank answers the PROCESSING withdrawals that are due (the scheduler runs it). */
export async function answerDueWithdrawals(ctx: Context): Promise<number> {
  const now = ctx.clock.now();
  const due = ctx.state.peek((v) => v.find('withdrawals', 'byStatus', 'PROCESSING').filter((w) => (w.bank_due_at ?? 0) <= now).map((w) => w.accp_txno));
  const answered = await eachInOwnTransaction(ctx, 'bank answers withdrawals', due, (tx, accpTxno) => {
    const w = tx.get('withdrawals', accpTxno);
    if (!w || w.status !== 'PROCESSING') return false;
    // The account was checked when the money-out was accepted (a bound card, or a private card by
    // its BIN, or a corporate account by its CNAPS number); only the sandbox test values fail here.
    const failure = testFailureOf(w.bank.acctno);
    if (failure === '1025') finishMoneyOut(ctx, tx, w, 'FAILURE', '银行卡状态异常');
    else if (failure === '1024') finishMoneyOut(ctx, tx, w, 'FAILURE', '收款账户信息有误');
    else if (failure === 'TIMEOUT') tx.put('withdrawals', accpTxno, { ...w, bank_due_at: now + 3600_000 });
    else finishMoneyOut(ctx, tx, w, 'SUCCESS');
    return true;
  });
  if (answered) ctx.notifier.wake();
  return answered;
}

/** POST /sandbox/bank/withdrawals/{accp_txno} {"result"}: the bank's answer, now. */
export async function decideWithdrawal(ctx: Context, accpTxno: string, input: { result?: unknown; reason?: unknown }) {
  if (input.result !== 'SUCCESS' && input.result !== 'FAILURE') throw new InputError('result must be SUCCESS or FAILURE');
  const w = await ctx.state.transaction((tx) => {
    const found = tx.get('withdrawals', accpTxno);
    if (!found) throw new InputError(`no withdrawal ${accpTxno}`, 404);
    if (found.status !== 'PROCESSING') throw new InputError(`the withdrawal is ${found.status}; the bank answers PROCESSING ones only`, 409);
    return finishMoneyOut(ctx, tx, found, input.result as 'SUCCESS' | 'FAILURE', input.result === 'FAILURE' ? (typeof input.reason === 'string' ? input.reason : '银行处理失败') : undefined);
  });
  ctx.notifier.wake();
  return { accp_txno: w.accp_txno, txn_seqno: w.txn_seqno, status: w.status };
}

function expired(ctx: Context, w: Readonly<Withdrawal>): boolean {
  return (w.status === 'WAIT_SMS' || w.status === 'WAIT_CHECK') && w.expire_at <= ctx.clock.now();
}

/** Closes a withdrawal waiting (for its SMS code or the merchant's check) past its pay_expire, its money released; null when it has not expired. */
export function closeIfExpired(ctx: Context, tx: Tx, w: Readonly<Withdrawal>): Readonly<Withdrawal> | null {
  return expired(ctx, w) ? finishMoneyOut(ctx, tx, w, 'CLOSED', '订单已过期') : null;
}

/**
 * Unfinished withdrawals close, their money released: those whose pay_expire has passed (the SMS
 * code or the merchant's check never came), and those whose SMS code lapsed (smsStepLapsed).
 */
export async function closeExpiredWithdrawals(ctx: Context): Promise<number> {
  const open = ctx.state.peek((v) => [...v.find('withdrawals', 'byStatus', 'WAIT_SMS'), ...v.find('withdrawals', 'byStatus', 'WAIT_CHECK')].map((w) => w.accp_txno));
  return eachInOwnTransaction(ctx, 'expired withdrawals', open, async (tx, accpTxno) => {
    const w = tx.get('withdrawals', accpTxno);
    if (!w || (w.status !== 'WAIT_SMS' && w.status !== 'WAIT_CHECK')) return false;
    if (closeIfExpired(ctx, tx, w)) return true;
    if (w.status !== 'WAIT_SMS' || !(await smsStepLapsed(ctx, tx, w))) return false;
    finishMoneyOut(ctx, tx, w, 'CLOSED', '短信验证码已失效');
    return true;
  });
}

// ---- §3.3.4 query-withdrawal ----------------------------------------------------------------------

export interface QueryWithdrawal {
  oid_partner: string;
  txn_seqno?: string;
  accp_txno?: string;
}

export async function queryWithdrawal(ctx: Context, req: QueryWithdrawal) {
  if (!req.txn_seqno && !req.accp_txno) throw badField('txn_seqno', '与 accp_txno 二选一，不能都为空');
  const w = await ctx.state.read((v) => findMoneyOut(v, req.oid_partner, req));
  if (!w) throw new AccpError('1011', undefined, 'no such withdrawal or transfer to a bank account');
  return moneyOutBody(w);
}
