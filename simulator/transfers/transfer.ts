// txn v2.3 §3.4 代发. Internal (内部代发: to a user or the merchant): available balance to the
// payee's available balance at once (above the merchant's SMS threshold, after the code); it is a
// trade query-payment answers for, and its notification is the payment one (§3.4.3, §3.4.4).
// External (外部代发: to a private or corporate bank account): a withdrawal in all but name
// (withdrawals/withdrawal.ts), checked by withdrawal-check and answered by query-withdrawal.
// (merchant-requirements.txt 二.2 内部代发: 用户/平台商户 A 将账户可用余额代发至用户/平台商户 B 可用余额账户)
import type { Context } from '../domain/context.js';
import { refuseIf, transact } from '../domain/context.js';
import { AccpError, badField } from '../domain/errors.js';
import type { Merchant, Party, PayeeShare, Trade } from '../domain/model.js';
import type { Tx } from '../domain/state.js';
import { claimTxnSeqno, setTxnStatus } from '../domain/txns.js';
import { newToken } from '../domain/applications.js';
import { findUser } from '../domain/users.js';
import { fenToYuan, yuanToFen } from '../protocol/money.js';
import { baseAcctType, freeze, partyAccount, partyKey, postOrRefuse } from '../payments/money-movement.js';
import { notifyPayment } from '../payments/trades.js';
import { checkMoneyOut, moneyOutAnswer, moneyOutOf, newMoneyOut, proveMoneyOut, startMoneyOut } from '../withdrawals/withdrawal.js';
import { identifyCard } from '../world/banks.js';
import { bankOf } from '../world/bins.js';
import { sendCode } from '../world/sms.js';

export interface TransferApply {
  oid_partner: string;
  notify_url?: string;
  pay_expire?: number | string;
  funds_flag?: 'Y' | 'N';
  check_flag?: 'Y' | 'N';
  pay_time_type?: 'TRANS_THIS_TIME' | 'TRANS_NORMAL' | 'TRANS_NEXT_TIME';
  risk_item?: string;
  orderInfo: { txn_seqno: string; txn_time: string; total_amount: number | string; fee_amount?: number | string; txn_purpose: string; order_info?: string; postscript?: string };
  payerInfo: { payer_type: 'USER' | 'MERCHANT'; payer_id: string; payer_accttype?: string; password?: string; random_key?: string; pap_agree_no?: string };
  payeeInfo: { payee_type: 'USER' | 'MERCHANT' | 'BANKACCT_PRI' | 'BANKACCT_PUB'; payee_id?: string; payee_accttype?: string; bank_acctno?: string; bank_code?: string; bank_acctname?: string; cnaps_code?: string };
}

/** §3.4.1 代发申请 */
export async function applyTransfer(ctx: Context, merchant: Readonly<Merchant>, req: TransferApply) {
  const o = req.orderInfo;
  const p = req.payeeInfo;
  const external = p.payee_type === 'BANKACCT_PRI' || p.payee_type === 'BANKACCT_PUB';
  // §3.4.1 fee_amount: "收款方为对私银行账户或对公银行账户才有效" — an internal transfer takes no fee.
  const fee = o.fee_amount === undefined || !external ? 0 : yuanToFen(o.fee_amount);
  const m = moneyOutOf(req, fee, external, req.payerInfo.pap_agree_no !== undefined);
  const { total, payer } = m;
  const proof = await proveMoneyOut(ctx, m);
  const answer = await transact(ctx, async (tx) => {
    const refused = await checkMoneyOut(ctx, tx, m, proof);
    if (refused) return refused;
    if (external) {
      const bank = bankAccountOf(p);
      const txn = claimTxnSeqno(tx, ctx.clock, { oid_partner: req.oid_partner, txn_seqno: o.txn_seqno, busi_type: 'OUTER_FUND_EXCHANGE', ...(payer.type === 'USER' ? { user_id: payer.id } : {}) });
      const w = await startMoneyOut(ctx, tx, merchant, { ...newMoneyOut(req, 'OUTER_FUND_EXCHANGE', txn.accp_txno, { payer, total, fee }, bank), txn_purpose: o.txn_purpose });
      return moneyOutAnswer(w);
    }
    // internal: to an ACCP account
    if (!p.payee_id) throw badField('payeeInfo.payee_id', '不能为空（收款方为用户或平台商户时）');
    const payee: PayeeShare = { type: p.payee_type as 'USER' | 'MERCHANT', id: p.payee_id, ...(p.payee_accttype ? { accttype: baseAcctType(p.payee_accttype)! } : {}), amount: total };
    if (payee.type === 'MERCHANT' && payee.id !== req.oid_partner) throw badField('payeeInfo.payee_id', '收款方为平台商户时须为本商户号');
    if (payee.type === 'MERCHANT' && !payee.accttype) throw badField('payeeInfo.payee_accttype', '收款方为平台商户时必传');
    if (payee.type === 'USER' && findUser(tx, req.oid_partner, payee.id)?.user_status !== 'NORMAL') throw new AccpError('2003', undefined, 'the payee has no open account');
    // a user has one available account whatever accttype is sent; partyKey ignores it
    await refuseIf(ctx, 'transfer-payee', { payee_type: payee.type, ...(payee.accttype ? { payee_accttype: payee.accttype } : {}), payee_is_payer: partyKey(payee) === partyKey(payer) });
    const txn = claimTxnSeqno(tx, ctx.clock, { oid_partner: req.oid_partner, txn_seqno: o.txn_seqno, busi_type: 'INNER_FUND_EXCHANGE', ...(payer.type === 'USER' ? { user_id: payer.id } : {}) });
    const now = ctx.clock.now();
    let trade: Trade = {
      accp_txno: txn.accp_txno,
      oid_partner: req.oid_partner,
      txn_seqno: o.txn_seqno,
      txn_type: 'INNER_FUND_EXCHANGE',
      txn_time: o.txn_time,
      total,
      ...(payer.type === 'USER' ? { user_id: payer.id } : {}),
      user_type: 'REGISTERED',
      ...(req.notify_url ? { notify_url: req.notify_url } : {}),
      ...(o.order_info ? { order_info: o.order_info } : {}),
      goods_name: o.txn_purpose,
      payees: [payee],
      status: 'WAIT_PAY',
      expire_at: now + 30 * 60_000,
      created_at: now,
    };
    if (payer.type === 'USER' && total > merchant.settings.sms_verify_above_fen) {
      // Above the merchant's threshold the payer confirms with an SMS code; the money waits frozen.
      const user = findUser(tx, req.oid_partner, payer.id)!;
      const account = partyAccount(tx, req.oid_partner, payer, 'AVAILABLE');
      freeze(ctx, tx, account.oid_acctno, total, { accp_txno: trade.accp_txno, txn_seqno: trade.txn_seqno, txn_type: trade.txn_type });
      const sms = await sendCode(ctx, tx, { phone: user.reg_phone, purpose: 'TRANSFER', oid_partner: req.oid_partner, user_id: payer.id });
      trade = { ...trade, pending: { token: newToken(), kind: 'SMS', payer, methods: [{ method: 'BALANCE', amount: total }], sms_id: sms.id, frozen: [{ oid_acctno: account.oid_acctno, amount: total }], created_at: now } };
      tx.put('trades', trade.accp_txno, trade);
      return { ret_code: '8888', oid_partner: req.oid_partner, user_id: payer.id, txn_seqno: trade.txn_seqno, total_amount: Number(fenToYuan(total)), accp_txno: trade.accp_txno, token: trade.pending!.token };
    }
    tx.put('trades', trade.accp_txno, trade);
    const done = completeTransfer(ctx, tx, trade, payer, []);
    return { oid_partner: req.oid_partner, user_id: payer.id, txn_seqno: done.txn_seqno, total_amount: Number(fenToYuan(total)), accp_txno: done.accp_txno, accounting_date: done.accounting_date };
  });
  ctx.notifier.wake();
  return answer;
}

function bankAccountOf(p: TransferApply['payeeInfo']) {
  if (!p.bank_acctno) throw badField('payeeInfo.bank_acctno', '不能为空（收款方为银行账户时）');
  if (!p.bank_acctname) throw badField('payeeInfo.bank_acctname', '不能为空（收款方为银行账户时）');
  if (p.payee_type === 'BANKACCT_PUB') {
    if (!p.bank_code) throw badField('payeeInfo.bank_code', '不能为空（收款方类型为对公银行账户时必须）');
    const bank = bankOf(p.bank_code);
    if (!bank) throw new AccpError('1029', undefined, 'no such bank');
    if (!p.cnaps_code || !/^\d{12}$/.test(p.cnaps_code) || !p.cnaps_code.startsWith(bank.cnaps_prefix)) throw badField('payeeInfo.cnaps_code', `须为${bank.name}的 12 位大额行号`);
    return { acctno: p.bank_acctno, bank_code: p.bank_code, acctname: p.bank_acctname, cnaps_code: p.cnaps_code };
  }
  const card = identifyCard(p.bank_acctno);
  if (!card.ok) throw new AccpError(card.ret_code, undefined, `world/banks: ${card.why}`);
  return { acctno: p.bank_acctno, bank_code: card.bank_code, acctname: p.bank_acctname };
}

/** Moves an internal transfer's money: payer available (or its frozen hold) to the payee's available. */
export function completeTransfer(ctx: Context, tx: Tx, trade: Readonly<Trade>, payer: Party, frozen: { oid_acctno: string; amount: number }[]): Readonly<Trade> {
  const payee = trade.payees[0]!;
  const from = partyAccount(tx, trade.oid_partner, payer, 'AVAILABLE');
  const wasFrozen = frozen.some((f) => f.oid_acctno === from.oid_acctno);
  postOrRefuse(ctx, tx, {
    accp_txno: trade.accp_txno,
    txn_seqno: trade.txn_seqno,
    txn_type: 'INNER_FUND_EXCHANGE',
    product_code: 'NORMAL_TRANSFER_ACCOUNT_API',
    ...(trade.goods_name ? { memo: trade.goods_name } : {}),
    lines: [
      { oid_acctno: from.oid_acctno, amount: -trade.total, ...(wasFrozen ? { frozen: true } : {}) },
      { oid_acctno: partyAccount(tx, trade.oid_partner, payee, 'AVAILABLE').oid_acctno, amount: payee.amount },
    ],
  });
  const now = ctx.clock.now();
  const { pending: _p, ...rest } = trade;
  const done: Trade = { ...rest, status: 'SUCCESS', payer, methods: [{ method: 'BALANCE', amount: trade.total }], finished_at: now, accounting_date: ctx.clock.day(now) };
  tx.put('trades', done.accp_txno, done);
  setTxnStatus(tx, ctx.clock, done.oid_partner, done.txn_seqno, 'SUCCESS');
  notifyPayment(ctx, tx, done);
  return done;
}

