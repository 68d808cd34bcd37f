// The transaction endpoint schemas written from txn-api-v2.3 §3.2–§3.7 (and, for close-payment and
// cancel-secured-payment, from LianLian's SDKs): for each endpoint a minimal valid request,
// requests refused with the dotted path of the bad field, a valid success response (amounts as
// JSON numbers) and one missing a required field, and the notification bodies.
import { describe, expect, it } from 'vitest';
import { schemasDir } from '../paths.js';
import { SchemaRegistry, type FieldError } from './validation.js';
import { ACCP_TXNO, badFormat, change, missing, NOTIFY, notIn, PARTNER, PASSWORD, RANDOM_KEY, SEQ, TOKEN, tooLong, TS, USER, type Body } from './schema-cases.js';

const registry = new SchemaRegistry(schemasDir);

const DATE = '20261126';

const badAmount = (field: string): FieldError => ({ field, reason: '须为金额（元），最多两位小数' });
const notNumber = (field: string): FieldError => ({ field, reason: '类型须为 number' });
const fewItems = (field: string): FieldError => ({ field, reason: '至少 1 项' });
const notPositive = (field: string): FieldError => ({ field, reason: '须大于 0' });
const tooLarge = (field: string): FieldError => ({ field, reason: '不能超过 999999.99（Number(8,2)）' });

const METHODS = [
  'BALANCE', 'COUPON', 'WECHAT_APP', 'WECHAT_JSAPI', 'WECHAT_NATIVE', 'WECHAT_H5', 'WECHAT_WXA', 'WECHAT_MICROPAY', 'WECHAT_PAPAY', 'WECHAT_NATIVE_ICBC',
  'ALIPAY_NATIVE', 'ALIPAY_APP', 'ALIPAY_H5', 'ALIPAY_WEB', 'ALIPAY_MICROPAY', 'ALIPAY_PAPAY', 'ALIPAY_WXA', 'ALIPAY_NATIVE_ICBC',
  'EBANK_DEBIT_CARD', 'EBANK_CREDIT_CARD', 'EBANK_B2B', 'AGRT_DEBIT_CARD', 'AGRT_CREDIT_CARD',
];
const ACCTTYPES = [
  'USEROWN', 'MCHOWN', 'MCHASSURE', 'MCHCOUPON', 'MCHFEE',
  'USEROWN_AVAILABLE', 'MCHOWN_AVAILABLE', 'MCHASSURE_AVAILABLE', 'MCHCOUPON_AVAILABLE', 'MCHFEE_AVAILABLE',
];

const base = { timestamp: TS, oid_partner: PARTNER };
const ok = { ret_code: '0000', ret_msg: '交易成功', oid_partner: PARTNER };
const echo = { ...ok, user_id: USER, txn_seqno: SEQ, total_amount: 86.75 };

interface Case {
  request: Body;
  /** [what is wrong, the refused body, the error] */
  invalid: Array<[string, Body, FieldError]>;
  response: Body;
  /** a field of `response` whose absence the response schema refuses */
  responseRequired: string;
  notification?: Body;
  /** [what is wrong, the refused notification, the error] */
  invalidNotification?: Array<[string, Body, FieldError]>;
}

function tradecreate(): Body {
  return {
    ...base,
    txn_type: 'GENERAL_CONSUME',
    user_id: USER,
    notify_url: NOTIFY,
    orderInfo: { txn_seqno: SEQ, txn_time: TS, total_amount: '86.75' },
    payeeInfo: [
      { payee_id: 'seller-1', payee_type: 'USER', payee_amount: '85.25' },
      { payee_id: PARTNER, payee_type: 'MERCHANT', payee_accttype: 'MCHOWN', payee_amount: 1.5 },
    ],
  };
}

function paymentNotification(): Body {
  return {
    oid_partner: PARTNER,
    txn_type: 'GENERAL_CONSUME',
    accounting_date: DATE,
    finish_time: TS,
    accp_txno: ACCP_TXNO,
    txn_status: 'TRADE_SUCCESS',
    orderInfo: { txn_seqno: SEQ, txn_time: TS, total_amount: 86.75, order_info: '订单信息' },
    payerInfo: { payer_type: 'USER', payer_id: USER, method: 'BALANCE', amount: 86.75 },
    payeeInfo: [
      { payee_type: 'USER', payee_id: 'seller-1', amount: 85.25 },
      { payee_type: 'MERCHANT', payee_id: PARTNER, amount: 1.5 },
    ],
  };
}

const balance = (): Body => ({ ...base, txn_seqno: SEQ, total_amount: 86.75, payerInfo: { user_id: USER, password: PASSWORD } });
const bankcard = (): Body => ({
  ...base,
  txn_seqno: SEQ,
  total_amount: '86.75',
  payerInfo: { user_id: USER },
  bankCardInfo: { linked_agrtno: 'AGRT-1' },
  payMethods: [
    { method: 'AGRT_DEBIT_CARD', amount: '80.00' },
    { method: 'COUPON', amount: 6.75 },
  ],
});
const gateway = (): Body => ({
  ...base,
  txn_seqno: SEQ,
  total_amount: 86.75,
  client_ip: '123.12.1.10',
  payerInfo: { payer_type: 'USER', payer_id: USER },
  payMethods: [{ method: 'WECHAT_JSAPI', amount: 86.75 }],
});
const withdrawal = (): Body => ({
  ...base,
  notify_url: NOTIFY,
  orderInfo: { txn_seqno: SEQ, txn_time: TS, total_amount: '100.00', fee_amount: '1.00' },
  payerInfo: { payer_type: 'USER', payer_id: USER, password: PASSWORD, random_key: RANDOM_KEY },
});
const withdrawalNotification = (): Body => ({
  oid_partner: PARTNER,
  user_id: USER,
  accounting_date: DATE,
  finish_time: TS,
  accp_txno: ACCP_TXNO,
  txn_status: 'TRADE_SUCCESS',
  bankcode: '01030000',
  payerInfo: { payer_type: 'USER', payer_id: USER },
  orderInfo: { txn_seqno: SEQ, txn_time: TS, total_amount: 100, fee_amount: 1 },
});
const withdrawalCheck = (): Body => ({
  ...base,
  orderInfo: { txn_seqno: SEQ, total_amount: 100, fee_amount: 1 },
  checkInfo: { check_result: 'ACCEPT', check_user: 'ops' },
});
const transfer = (): Body => ({
  ...base,
  orderInfo: { txn_seqno: SEQ, txn_time: TS, total_amount: '50.00', txn_purpose: '佣金支付' },
  payerInfo: { payer_type: 'MERCHANT', payer_id: PARTNER, payer_accttype: 'MCHOWN' },
  payeeInfo: { payee_type: 'USER', payee_id: USER },
});
const securedConfirm = (): Body => ({
  ...base,
  user_id: USER,
  confirm_mode: 'PART',
  originalOrderInfo: { txn_seqno: SEQ, total_amount: 86.75 },
  confirmOrderInfo: { confirm_seqno: 'CS-1', confirm_time: TS, confirm_amount: '50.00' },
  payeeInfo: [{ payee_id: 'seller-1', payee_type: 'USER', payee_amount: '50.00' }],
});
const validationSms = (): Body => ({ ...base, payer_type: 'USER', payer_id: USER, txn_seqno: SEQ, total_amount: '86.75', token: TOKEN, verify_code: '000000' });
const refund = (): Body => ({
  ...base,
  user_id: USER,
  notify_url: NOTIFY,
  originalOrderInfo: { txn_seqno: SEQ, total_amount: 86.75 },
  refundOrderInfo: { refund_seqno: 'RF-1', refund_time: TS, payee_id: 'seller-1', payee_type: 'USER', refund_amount: '82.05' },
  refundMethods: [
    { method: 'AGRT_DEBIT_CARD', amount: 80 },
    { method: 'COUPON', amount: '2.05' },
  ],
});

const morePayeeRefund = (): Body => ({
  ...base,
  user_id: USER,
  notify_url: NOTIFY,
  refund_reason: '退货',
  originalOrderInfo: { txn_seqno: SEQ, total_amount: 150 },
  refundOrderInfo: { refund_seqno: 'RF-2', order_info: '订单信息', refund_time: TS, refund_amount: 1 },
  pyeeRefundInfos: [{ payee_id: 'seller-1', payee_type: 'USER', payee_accttype: 'USEROWN', payee_refund_amount: 1, is_advance_pay: 'N' }],
  refundMethods: [{ method: 'EBANK_B2B', amount: 1 }],
});

const CASES: Record<string, Case> = {
  tradecreate: {
    request: tradecreate(),
    invalid: [
      ['no txn_type', change(tradecreate(), 'txn_type'), missing('txn_type')],
      ['txn_type TRANSFER', change(tradecreate(), 'txn_type', 'TRANSFER'), notIn('txn_type', ['USER_TOPUP', 'MCH_TOPUP', 'GENERAL_CONSUME', 'SECURED_CONSUME'])],
      ['no orderInfo.txn_time', change(tradecreate(), 'orderInfo.txn_time'), missing('orderInfo.txn_time')],
      ['orderInfo.txn_time at hour 25', change(tradecreate(), 'orderInfo.txn_time', '20261126250000'), { field: 'orderInfo.txn_time', reason: '不是有效的 yyyyMMddHHmmss 时间' }],
      ['total_amount with three decimals', change(tradecreate(), 'orderInfo.total_amount', '86.755'), badAmount('orderInfo.total_amount')],
      ['a total_amount of zero', change(tradecreate(), 'orderInfo.total_amount', '0.00'), notPositive('orderInfo.total_amount')],
      ['a total_amount beyond Number(8,2)', change(tradecreate(), 'orderInfo.total_amount', 1000000), tooLarge('orderInfo.total_amount')],
      ['a payee_amount of zero', change(tradecreate(), 'payeeInfo.1.payee_amount', 0), notPositive('payeeInfo.1.payee_amount')],
      ['a payee without payee_amount', change(tradecreate(), 'payeeInfo.1.payee_amount'), missing('payeeInfo.1.payee_amount')],
      ['payee_type BANK', change(tradecreate(), 'payeeInfo.0.payee_type', 'BANK'), notIn('payeeInfo.0.payee_type', ['USER', 'MERCHANT'])],
      ['payee_accttype BANKCARD', change(tradecreate(), 'payeeInfo.1.payee_accttype', 'BANKCARD'), notIn('payeeInfo.1.payee_accttype', ACCTTYPES)],
      ['an empty payeeInfo', change(tradecreate(), 'payeeInfo', []), fewItems('payeeInfo')],
      ['user_type GUEST', { ...tradecreate(), user_type: 'GUEST' }, notIn('user_type', ['REGISTERED', 'ANONYMOUS'])],
      ['pay_expire of 1.5', { ...tradecreate(), pay_expire: '1.5' }, badFormat('pay_expire')],
    ],
    response: { ...echo, accp_txno: ACCP_TXNO },
    responseRequired: 'total_amount',
    notification: paymentNotification(),
    invalidNotification: [
      ['no accounting_date', change(paymentNotification(), 'accounting_date'), missing('accounting_date')],
      ['txn_status TRADE_WAIT_PAY', change(paymentNotification(), 'txn_status', 'TRADE_WAIT_PAY'), notIn('txn_status', ['TRADE_SUCCESS'])],
      ['a string total_amount', change(paymentNotification(), 'orderInfo.total_amount', '86.75'), notNumber('orderInfo.total_amount')],
      ['a payee without amount', change(paymentNotification(), 'payeeInfo.0.amount'), missing('payeeInfo.0.amount')],
    ],
  },
  'payment-balance': {
    request: balance(),
    invalid: [
      ['no payerInfo', change(balance(), 'payerInfo'), missing('payerInfo')],
      ['no payerInfo.user_id', change(balance(), 'payerInfo.user_id'), missing('payerInfo.user_id')],
      ['coupon_amount of -1', { ...balance(), coupon_amount: -1 }, badAmount('coupon_amount')],
      ['txn_seqno of 65', change(balance(), 'txn_seqno', 'S'.repeat(65)), tooLong('txn_seqno', 64)],
    ],
    response: { ...echo, accp_txno: ACCP_TXNO, accounting_date: DATE, finish_time: TS },
    responseRequired: 'user_id',
  },
  'payment-bankcard': {
    request: bankcard(),
    invalid: [
      ['no payMethods', change(bankcard(), 'payMethods'), missing('payMethods')],
      ['an empty payMethods', change(bankcard(), 'payMethods', []), fewItems('payMethods')],
      ['method AGRT_CARD_DEBIT', change(bankcard(), 'payMethods.0.method', 'AGRT_CARD_DEBIT'), notIn('payMethods.0.method', METHODS)],
      ['a method without amount', change(bankcard(), 'payMethods.1.amount'), missing('payMethods.1.amount')],
      ['a bad linked_phone', change(bankcard(), 'bankCardInfo.linked_phone', '2380013800'), badFormat('bankCardInfo.linked_phone')],
      ['valid_thru as MMYY', change(bankcard(), 'bankCardInfo.valid_thru', '1228'), badFormat('bankCardInfo.valid_thru')],
    ],
    response: { ...echo, accp_txno: ACCP_TXNO, linked_agrtno: 'AGRT-1', accounting_date: DATE, finish_time: TS },
    responseRequired: 'txn_seqno',
  },
  'payment-gw': {
    request: gateway(),
    invalid: [
      ['no client_ip', change(gateway(), 'client_ip'), missing('client_ip')],
      ['a client_ip that is no IP', change(gateway(), 'client_ip', 'localhost'), badFormat('client_ip')],
      ['no payerInfo.payer_id', change(gateway(), 'payerInfo.payer_id'), missing('payerInfo.payer_id')],
      ['payer_type BANK', change(gateway(), 'payerInfo.payer_type', 'BANK'), notIn('payerInfo.payer_type', ['USER', 'MERCHANT'])],
    ],
    response: { ...echo, accp_txno: ACCP_TXNO, token: TOKEN, payload: '{"appId":"wxd678efh567hg6787","package":"prepay_id=1"}' },
    responseRequired: 'total_amount',
  },
  'query-payment': {
    request: { ...base, accp_txno: ACCP_TXNO },
    invalid: [
      ['no timestamp', { oid_partner: PARTNER, accp_txno: ACCP_TXNO }, missing('timestamp')],
      ['accp_txno of 33', { ...base, accp_txno: 'A'.repeat(33) }, tooLong('accp_txno', 32)],
    ],
    response: {
      ...ok,
      txn_type: 'GENERAL_CONSUME',
      accounting_date: DATE,
      finish_time: TS,
      accp_txno: ACCP_TXNO,
      txn_status: 'TRADE_SUCCESS',
      bankcode: '01030000',
      orderInfo: { txn_seqno: SEQ, txn_time: TS, total_amount: 86.75, order_info: '订单信息' },
      payerInfo: [{ payer_type: 'USER', payer_id: USER, method: 'AGRT_DEBIT_CARD', amount: 86.75 }],
      payeeInfo: [{ payee_type: 'USER', payee_id: 'seller-1', amount: 86.75 }],
    },
    responseRequired: 'ret_msg',
  },
  withdrawal: {
    request: withdrawal(),
    invalid: [
      ['no orderInfo', change(withdrawal(), 'orderInfo'), missing('orderInfo')],
      ['no payerInfo.payer_type', change(withdrawal(), 'payerInfo.payer_type'), missing('payerInfo.payer_type')],
      ['funds_flag yes', { ...withdrawal(), funds_flag: 'yes' }, notIn('funds_flag', ['Y', 'N'])],
      ['check_flag 1', { ...withdrawal(), check_flag: '1' }, notIn('check_flag', ['Y', 'N'])],
      ['pay_time_type NOW', { ...withdrawal(), pay_time_type: 'NOW' }, notIn('pay_time_type', ['TRANS_THIS_TIME', 'TRANS_NORMAL', 'TRANS_NEXT_TIME'])],
      ['payer_accttype BANKCARD', change(withdrawal(), 'payerInfo.payer_accttype', 'BANKCARD'), notIn('payerInfo.payer_accttype', ACCTTYPES)],
      ['fee_amount with three decimals', change(withdrawal(), 'orderInfo.fee_amount', 0.001), badAmount('orderInfo.fee_amount')],
      ['a total_amount of zero', change(withdrawal(), 'orderInfo.total_amount', 0), notPositive('orderInfo.total_amount')],
    ],
    response: { ...echo, total_amount: 100, fee_amount: 1, accp_txno: ACCP_TXNO },
    responseRequired: 'txn_seqno',
    notification: withdrawalNotification(),
    invalidNotification: [
      ['no payerInfo', change(withdrawalNotification(), 'payerInfo'), missing('payerInfo')],
      ['no orderInfo.txn_time', change(withdrawalNotification(), 'orderInfo.txn_time'), missing('orderInfo.txn_time')],
      ['txn_status TRADE_PROCESSING', change(withdrawalNotification(), 'txn_status', 'TRADE_PROCESSING'), notIn('txn_status', ['TRADE_SUCCESS', 'TRADE_FAILURE', 'TRADE_CANCEL'])],
      ['a string fee_amount', change(withdrawalNotification(), 'orderInfo.fee_amount', '1.00'), notNumber('orderInfo.fee_amount')],
    ],
  },
  'withdrawal-check': {
    request: withdrawalCheck(),
    invalid: [
      ['no checkInfo', change(withdrawalCheck(), 'checkInfo'), missing('checkInfo')],
      ['no checkInfo.check_result', change(withdrawalCheck(), 'checkInfo.check_result'), missing('checkInfo.check_result')],
      ['check_result REJECT', change(withdrawalCheck(), 'checkInfo.check_result', 'REJECT'), notIn('checkInfo.check_result', ['ACCEPT', 'CANCEL'])],
      ['check_reason of 257', change(withdrawalCheck(), 'checkInfo.check_reason', 'x'.repeat(257)), tooLong('checkInfo.check_reason', 256)],
      ['no orderInfo.txn_seqno', change(withdrawalCheck(), 'orderInfo.txn_seqno'), missing('orderInfo.txn_seqno')],
      ['txn_seqno at the top level only', { ...base, txn_seqno: SEQ, total_amount: 100, checkInfo: { check_result: 'ACCEPT' } }, missing('orderInfo')],
    ],
    response: { ...echo, total_amount: 100, fee_amount: 1, accp_txno: ACCP_TXNO },
    responseRequired: 'total_amount',
  },
  'query-withdrawal': {
    request: { ...base, txn_seqno: SEQ },
    invalid: [
      ['no oid_partner', { timestamp: TS, txn_seqno: SEQ }, missing('oid_partner')],
      ['a bad timestamp', { ...base, timestamp: '2026-11-26 12:00:00', txn_seqno: SEQ }, badFormat('timestamp')],
    ],
    response: {
      ...ok,
      accounting_date: DATE,
      finish_time: TS,
      accp_txno: ACCP_TXNO,
      txn_status: 'TRADE_SUCCESS',
      payerInfo: { payer_type: 'USER', payer_id: USER },
      orderInfo: { txn_seqno: SEQ, txn_time: TS, total_amount: 100, fee_amount: 1 },
    },
    responseRequired: 'oid_partner',
  },
  transfer: {
    request: transfer(),
    invalid: [
      ['no payeeInfo', change(transfer(), 'payeeInfo'), missing('payeeInfo')],
      ['no orderInfo.txn_purpose', change(transfer(), 'orderInfo.txn_purpose'), missing('orderInfo.txn_purpose')],
      ['txn_purpose 工资', change(transfer(), 'orderInfo.txn_purpose', '工资'), notIn('orderInfo.txn_purpose', ['服务费', '信息费', '修理费', '佣金支付', '贷款支付', '货款支付', '其他'])],
      ['no payeeInfo.payee_type', change(transfer(), 'payeeInfo.payee_type'), missing('payeeInfo.payee_type')],
      ['payee_type BANKACCT', change(transfer(), 'payeeInfo.payee_type', 'BANKACCT'), notIn('payeeInfo.payee_type', ['USER', 'MERCHANT', 'BANKACCT_PRI', 'BANKACCT_PUB'])],
      ['payeeInfo as an array', change(transfer(), 'payeeInfo', [{ payee_type: 'USER', payee_id: USER }]), { field: 'payeeInfo', reason: '类型须为 object' }],
    ],
    response: { ...echo, total_amount: 50, accp_txno: ACCP_TXNO, accounting_date: DATE },
    responseRequired: 'oid_partner',
  },
  'secured-confirm': {
    request: securedConfirm(),
    invalid: [
      ['no confirm_mode', change(securedConfirm(), 'confirm_mode'), missing('confirm_mode')],
      ['confirm_mode HALF', change(securedConfirm(), 'confirm_mode', 'HALF'), notIn('confirm_mode', ['ALL', 'PART'])],
      ['no originalOrderInfo.total_amount', change(securedConfirm(), 'originalOrderInfo.total_amount'), missing('originalOrderInfo.total_amount')],
      ['no confirmOrderInfo.confirm_seqno', change(securedConfirm(), 'confirmOrderInfo.confirm_seqno'), missing('confirmOrderInfo.confirm_seqno')],
      ['a bad confirm_time', change(securedConfirm(), 'confirmOrderInfo.confirm_time', '20261126'), badFormat('confirmOrderInfo.confirm_time')],
      ['a payee without payee_id', change(securedConfirm(), 'payeeInfo.0.payee_id'), missing('payeeInfo.0.payee_id')],
    ],
    response: { ...echo, total_amount: 50, accp_txno: ACCP_TXNO, accp_confirm_txno: 'CONFIRM-TXNO-1' },
    responseRequired: 'user_id',
  },
  'secured-query': {
    request: { ...base, txn_seqno: SEQ },
    invalid: [
      ['no timestamp', { oid_partner: PARTNER, txn_seqno: SEQ }, missing('timestamp')],
      ['txn_seqno of 65', { ...base, txn_seqno: 'S'.repeat(65) }, tooLong('txn_seqno', 64)],
    ],
    response: {
      ...ok,
      accp_txno: ACCP_TXNO,
      orderInfo: { txn_seqno: SEQ, txn_time: TS, total_amount: 86.75, secure_status: 'CONFIRMING' },
      payerInfo: [{ payer_type: 'USER', payer_id: USER, method: 'BALANCE', amount: 86.75, receive_amount: 0 }],
      payeeInfo: [{ payee_type: 'USER', payee_id: 'seller-1', amount: 86.75, accept_amount: 50, refund_amount: 0 }],
      payInfo: { accp_txno: ACCP_TXNO, txn_seqno: SEQ },
      acceptInfo: [{ accp_txno: 'CONFIRM-TXNO-1', txn_seqno: 'CS-1' }],
      refundInfo: [{ refund_seqno: 'RF-1', accp_txno: 'REFUND-TXNO-1' }],
    },
    responseRequired: 'ret_code',
  },
  'validation-sms': {
    request: validationSms(),
    invalid: [
      ['no token', change(validationSms(), 'token'), missing('token')],
      ['no payer_type', change(validationSms(), 'payer_type'), missing('payer_type')],
      ['verify_code of 21', change(validationSms(), 'verify_code', '1'.repeat(21)), tooLong('verify_code', 20)],
      ['no total_amount', change(validationSms(), 'total_amount'), missing('total_amount')],
    ],
    response: { ...echo, accp_txno: ACCP_TXNO, accounting_date: DATE, finish_time: TS },
    responseRequired: 'txn_seqno',
  },
  'asyn-refund': {
    request: refund(),
    invalid: [
      ['no refundOrderInfo', change(refund(), 'refundOrderInfo'), missing('refundOrderInfo')],
      ['no refundOrderInfo.payee_id', change(refund(), 'refundOrderInfo.payee_id'), missing('refundOrderInfo.payee_id')],
      ['no refundOrderInfo.refund_time', change(refund(), 'refundOrderInfo.refund_time'), missing('refundOrderInfo.refund_time')],
      ['payee_accttype BANKCARD', change(refund(), 'refundOrderInfo.payee_accttype', 'BANKCARD'), notIn('refundOrderInfo.payee_accttype', ACCTTYPES)],
      ['no originalOrderInfo.txn_seqno', change(refund(), 'originalOrderInfo.txn_seqno'), missing('originalOrderInfo.txn_seqno')],
      ['no refundMethods', change(refund(), 'refundMethods'), missing('refundMethods')],
      ['method AGRT_CARD_DEBIT (the sample’s typo)', change(refund(), 'refundMethods.0.method', 'AGRT_CARD_DEBIT'), notIn('refundMethods.0.method', METHODS)],
      ['no user_id', change(refund(), 'user_id'), missing('user_id')],
    ],
    response: { ...echo, total_amount: 82.05, accp_txno: 'REFUND-TXNO-1' },
    responseRequired: 'user_id',
    notification: { oid_partner: PARTNER, accounting_date: DATE, accp_txno: 'REFUND-TXNO-1', refund_seqno: 'RF-1', refund_amount: 82.05, txn_status: 'TRADE_SUCCESS' },
    invalidNotification: [
      ['no refund_seqno', { oid_partner: PARTNER, refund_amount: 82.05, txn_status: 'TRADE_SUCCESS' }, missing('refund_seqno')],
      ['txn_status TRADE_PROCESSING', { oid_partner: PARTNER, refund_seqno: 'RF-1', txn_status: 'TRADE_PROCESSING' }, notIn('txn_status', ['TRADE_SUCCESS', 'TRADE_FAILURE'])],
      ['a string refund_amount', { oid_partner: PARTNER, refund_seqno: 'RF-1', refund_amount: '82.05' }, notNumber('refund_amount')],
    ],
  },
  'query-refund': {
    request: { ...base, refund_seqno: 'RF-1' },
    invalid: [
      ['no oid_partner', { timestamp: TS, refund_seqno: 'RF-1' }, missing('oid_partner')],
      ['refund_seqno of 65', { ...base, refund_seqno: 'R'.repeat(65) }, tooLong('refund_seqno', 64)],
    ],
    response: { ...ok, accounting_date: DATE, accp_txno: 'REFUND-TXNO-1', refund_amount: 15.36, txn_status: 'TRADE_PROCESSING' },
    responseRequired: 'oid_partner',
  },
  'more-payee-refund': {
    // the fields of LianLian's Go demo (morePayeeRefundDemo.go)
    request: morePayeeRefund(),
    invalid: [
      ['no pyeeRefundInfos', change(morePayeeRefund(), 'pyeeRefundInfos'), missing('pyeeRefundInfos')],
      ['an empty pyeeRefundInfos', change(morePayeeRefund(), 'pyeeRefundInfos', []), fewItems('pyeeRefundInfos')],
      ['a payee without payee_refund_amount', change(morePayeeRefund(), 'pyeeRefundInfos.0.payee_refund_amount'), missing('pyeeRefundInfos.0.payee_refund_amount')],
      ['a payee_refund_amount of zero', change(morePayeeRefund(), 'pyeeRefundInfos.0.payee_refund_amount', 0), notPositive('pyeeRefundInfos.0.payee_refund_amount')],
      ['no refundOrderInfo.refund_amount', change(morePayeeRefund(), 'refundOrderInfo.refund_amount'), missing('refundOrderInfo.refund_amount')],
    ],
    response: { ...echo, total_amount: 1, accp_txno: 'REFUND-TXNO-2' },
    responseRequired: 'user_id',
  },
  'close-payment': {
    request: { ...base, txn_seqno: SEQ },
    invalid: [
      ['no timestamp', { oid_partner: PARTNER, txn_seqno: SEQ }, missing('timestamp')],
      ['oid_partner of 19', { ...base, oid_partner: '1'.repeat(19), txn_seqno: SEQ }, tooLong('oid_partner', 18)],
    ],
    response: { ...echo, total_amount: '86.75', accp_txno: ACCP_TXNO },
    responseRequired: 'total_amount',
  },
  'cancel-secured-payment': {
    request: { ...base, accp_txno: 'CONFIRM-TXNO-1' },
    invalid: [
      ['no oid_partner', { timestamp: TS, accp_txno: 'CONFIRM-TXNO-1' }, missing('oid_partner')],
      ['txn_seqno of 65', { ...base, txn_seqno: 'C'.repeat(65) }, tooLong('txn_seqno', 64)],
    ],
    response: {
      ...ok,
      accp_txno: 'CONFIRM-TXNO-1',
      txn_seqno: 'CS-1',
      total_amount: 50,
      payee_info: [{ payee_type: 'USER', payee_id: 'seller-1', amount: 86.75, accept_amount: 0, refund_amount: 0 }],
    },
    responseRequired: 'accp_txno',
  },
};

describe('txn endpoint schemas', () => {
  it('registers every endpoint', () => {
    const names = registry.names();
    for (const name of Object.keys(CASES)) expect(names).toContain(`txn/${name}`);
    expect(names.filter((n) => n.startsWith('txn/')).sort()).toEqual(Object.keys(CASES).map((n) => `txn/${n}`).sort());
  });

  for (const [name, c] of Object.entries(CASES)) {
    const endpoint = `txn/${name}`;
    describe(name, () => {
      it('accepts a minimal valid request unchanged', () => {
        expect(registry.checkRequest(endpoint, c.request)).toEqual({ ok: true, value: c.request });
      });

      for (const [what, body, error] of c.invalid) {
        it(`refuses a request with ${what}`, () => {
          expect(registry.checkRequest(endpoint, body)).toEqual({ ok: false, error });
        });
      }

      it('accepts a success response and refuses one without a required field', () => {
        expect(registry.checkResponse(endpoint, c.response)).toBeNull();
        expect(registry.checkResponse(endpoint, change(c.response, c.responseRequired))).toEqual(missing(c.responseRequired));
      });

      if (c.notification) {
        const notification = c.notification;
        it('accepts a notification body', () => {
          expect(registry.checkNotification(endpoint, notification)).toBeNull();
        });
        for (const [what, body, error] of c.invalidNotification ?? []) {
          it(`refuses a notification with ${what}`, () => {
            expect(registry.checkNotification(endpoint, body)).toEqual(error);
          });
        }
      }
    });
  }

  it('has a notification schema exactly where the spec defines 异步通知 (payment, withdrawal, refund)', () => {
    for (const [name, c] of Object.entries(CASES)) {
      const endpoint = `txn/${name}`;
      if (c.notification) expect(() => registry.checkNotification(endpoint, {})).not.toThrow();
      else expect(() => registry.checkNotification(endpoint, {})).toThrow(`no notification schema for ${endpoint}`);
    }
    expect(Object.entries(CASES).filter(([, c]) => c.notification).map(([n]) => n)).toEqual(['tradecreate', 'withdrawal', 'asyn-refund']);
  });

  it('offline-topup-notice stays a notification only', () => {
    expect(registry.names()).not.toContain('txn/offline-topup-notice');
  });
});

describe('response and notification amounts are JSON numbers', () => {
  const responses: Array<[string, string]> = [
    ['tradecreate', 'total_amount'],
    ['payment-balance', 'total_amount'],
    ['payment-bankcard', 'total_amount'],
    ['payment-gw', 'total_amount'],
    ['withdrawal', 'fee_amount'],
    ['withdrawal-check', 'total_amount'],
    ['transfer', 'total_amount'],
    ['secured-confirm', 'total_amount'],
    ['validation-sms', 'total_amount'],
    ['asyn-refund', 'total_amount'],
    ['query-refund', 'refund_amount'],
    ['cancel-secured-payment', 'total_amount'],
    ['query-payment', 'orderInfo.total_amount'],
    ['query-payment', 'payerInfo.0.amount'],
    ['query-payment', 'payeeInfo.0.amount'],
    ['query-withdrawal', 'orderInfo.fee_amount'],
    ['secured-query', 'payerInfo.0.receive_amount'],
    ['secured-query', 'payeeInfo.0.refund_amount'],
    ['cancel-secured-payment', 'payee_info.0.accept_amount'],
  ];
  for (const [name, path] of responses) {
    it(`${name}: ${path} refuses a string, a third decimal and a negative number`, () => {
      const r = CASES[name]!.response;
      expect(registry.checkResponse(`txn/${name}`, change(r, path, '86.75'))).toEqual(notNumber(path));
      expect(registry.checkResponse(`txn/${name}`, change(r, path, 86.755))).toEqual(badAmount(path));
      expect(registry.checkResponse(`txn/${name}`, change(r, path, -1))?.field).toBe(path);
      expect(registry.checkResponse(`txn/${name}`, change(r, path, 86))).toBeNull();
    });
  }

  it('request amounts take a number or a string of yuan', () => {
    for (const amount of [86.75, '86.75', 150, '150', 150.0, 0.01, '999999.99']) {
      expect(registry.checkRequest('txn/payment-balance', { ...balance(), total_amount: amount }).ok).toBe(true);
    }
    expect(registry.checkRequest('txn/payment-balance', { ...balance(), total_amount: 'abc' })).toEqual({ ok: false, error: badAmount('total_amount') });
    expect(registry.checkRequest('txn/payment-balance', { ...balance(), total_amount: 0 })).toEqual({ ok: false, error: notPositive('total_amount') });
    // a coupon may be nothing
    expect(registry.checkRequest('txn/payment-balance', { ...balance(), coupon_amount: 0 }).ok).toBe(true);
  });
});

describe('tradecreate', () => {
  const T = 'txn/tradecreate';

  it('takes a USER_TOPUP without payeeInfo and a MCH_TOPUP without user_id', () => {
    const topup = change(change(tradecreate(), 'payeeInfo'), 'txn_type', 'USER_TOPUP');
    expect(registry.checkRequest(T, topup).ok).toBe(true);
    const mch = { ...change(tradecreate(), 'user_id'), txn_type: 'MCH_TOPUP', payeeInfo: [{ payee_id: PARTNER, payee_type: 'MERCHANT', payee_accttype: 'MCHOWN_AVAILABLE', payee_amount: 86.75 }] };
    expect(registry.checkRequest(T, mch).ok).toBe(true);
  });

  it('takes every optional field of the table', () => {
    const full = {
      ...tradecreate(),
      user_type: 'ANONYMOUS',
      return_url: 'https://merchant.example/return',
      pay_expire: 120,
      orderInfo: { txn_seqno: SEQ, txn_time: TS, total_amount: 86.75, order_info: '订单描述', goods_name: '商品', goods_url: 'https://merchant.example/goods/1' },
    };
    expect(registry.checkRequest(T, full)).toEqual({ ok: true, value: full });
  });

  it('pay_expire is a number of minutes, as an integer or a numeric string', () => {
    expect(registry.checkRequest(T, { ...tradecreate(), pay_expire: '120' }).ok).toBe(true);
    expect(registry.checkRequest(T, { ...tradecreate(), pay_expire: 4320 }).ok).toBe(true);
    expect(registry.checkRequest(T, { ...tradecreate(), pay_expire: 1.5 })).toEqual({ ok: false, error: { field: 'pay_expire', reason: '类型须为 integer,string' } });
    expect(registry.checkRequest(T, { ...tradecreate(), pay_expire: -5 }).ok).toBe(false);
  });

  it('reads the Go demo’s spelling: capitalised sections, payee_acct_type, empty values', () => {
    const { orderInfo, payeeInfo, ...rest } = tradecreate();
    const go = {
      ...rest,
      user_type: '',
      return_url: '',
      pay_expire: '',
      OrderInfo: { ...(orderInfo as Body), fee_amount: 0, order_info: '', goods_name: '', goods_url: '' },
      PayeeInfo: [
        { payee_id: 'seller-1', payee_type: 'USER', payee_acct_type: '', payee_amount: '85.25', payee_memo: '' },
        { payee_id: PARTNER, payee_type: 'MERCHANT', payee_acct_type: 'MCHOWN', payee_amount: '1.50', payee_memo: '' },
      ],
    };
    const r = registry.checkRequest(T, go);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.orderInfo).toEqual({ ...(orderInfo as Body), fee_amount: 0 });
      expect(r.value.payeeInfo).toEqual([
        { payee_id: 'seller-1', payee_type: 'USER', payee_amount: '85.25' },
        { payee_id: PARTNER, payee_type: 'MERCHANT', payee_accttype: 'MCHOWN', payee_amount: '1.50' },
      ]);
    }
  });

  it('response: user_id is optional (MCH_TOPUP), total_amount a number', () => {
    expect(registry.checkResponse(T, change(CASES.tradecreate!.response, 'user_id'))).toBeNull();
    expect(registry.checkResponse(T, { ...CASES.tradecreate!.response, total_amount: '86.75' })).toEqual(notNumber('total_amount'));
  });

  it('notification: payerInfo is an object or, for a combined payment, an array', () => {
    const n = paymentNotification();
    const combined = change(n, 'payerInfo', [
      { payer_type: 'USER', payer_id: USER, method: 'AGRT_DEBIT_CARD', amount: 80 },
      { payer_type: 'USER', payer_id: USER, method: 'COUPON', amount: 6.75 },
    ]);
    expect(registry.checkNotification(T, combined)).toBeNull();
    expect(registry.checkNotification(T, change(n, 'payeeInfo'))).toBeNull();
    expect(registry.checkNotification(T, { ...n, bankcode: '01030000', linked_agrtno: 'AGRT-1', chnl_txno: 'CH-1' })).toBeNull();
    expect(registry.checkNotification(T, change(n, 'payerInfo.method'))?.field).toMatch(/^payerInfo/);
    expect(registry.checkNotification(T, change(combined, 'payerInfo.1.amount', '6.75'))?.field).toMatch(/^payerInfo/);
    expect(registry.checkNotification(T, change(n, 'payerInfo', []))?.field).toMatch(/^payerInfo/);
    expect(registry.checkNotification(T, change(n, 'payerInfo'))).toEqual(missing('payerInfo'));
  });

  it('notification: txn_type covers internal transfers (INNER_FUND_EXCHANGE, §3.4.3)', () => {
    expect(registry.checkNotification(T, change(paymentNotification(), 'txn_type', 'INNER_FUND_EXCHANGE'))).toBeNull();
    expect(registry.checkNotification(T, change(paymentNotification(), 'txn_type', 'OUTER_FUND_EXCHANGE'))).toEqual(
      notIn('txn_type', ['USER_TOPUP', 'MCH_TOPUP', 'GENERAL_CONSUME', 'SECURED_CONSUME', 'INNER_FUND_EXCHANGE']),
    );
  });
});

describe('payments', () => {
  it('payment-balance: password, random_key and coupon_amount are optional; every table field is taken', () => {
    const P = 'txn/payment-balance';
    expect(registry.checkRequest(P, change(balance(), 'payerInfo.password')).ok).toBe(true);
    const full = { ...balance(), coupon_amount: '1.75', risk_item: '{"frms_ware_category":"2009"}', payerInfo: { user_id: USER, password: PASSWORD, random_key: RANDOM_KEY } };
    expect(registry.checkRequest(P, full)).toEqual({ ok: true, value: full });
    expect(registry.checkResponse(P, { ...echo, token: TOKEN })).toBeNull();
  });

  it('payment-bankcard: bankCardInfo is optional and takes every card field of the table', () => {
    const P = 'txn/payment-bankcard';
    expect(registry.checkRequest(P, change(bankcard(), 'bankCardInfo')).ok).toBe(true);
    const card = {
      linked_acctno: '6222020000004321006',
      linked_phone: '13800138000',
      linked_acctname: '张三',
      id_type: 'ID_CARD',
      id_no: '11010519491231002X',
      cvv2: '123',
      valid_thru: '12/28',
    };
    const body = { ...bankcard(), bankCardInfo: card };
    expect(registry.checkRequest(P, body)).toEqual({ ok: true, value: body });
  });

  it('payment-gw: takes the gateway fields and an IPv6 client_ip; the response payload is a string', () => {
    const G = 'txn/payment-gw';
    const full = {
      ...gateway(),
      client_ip: '2001:db8::1',
      appid: 'wxd678efh567hg6787',
      openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
      bankcode: '01030000',
      device_info: 'T-1',
      device_version: '10.1',
      limit_card_type: 'credit',
      extend_params: '{"hb_fq_num":"3"}',
      payerInfo: { payer_type: 'MERCHANT', payer_id: PARTNER, password: PASSWORD, random_key: RANDOM_KEY },
      payMethods: [
        { method: 'EBANK_DEBIT_CARD', amount: 80 },
        { method: 'BALANCE', amount: 5.7 },
        { method: 'COUPON', amount: 1.05 },
      ],
    };
    expect(registry.checkRequest(G, full)).toEqual({ ok: true, value: full });
    const go = { ...change(gateway(), 'payerInfo'), payer_info: { payer_type: 'USER', payer_id: USER, user_id: '', password: '', random_key: '' } };
    expect(registry.checkRequest(G, go)).toEqual({ ok: true, value: gateway() });
    const r = CASES['payment-gw']!.response;
    expect(registry.checkResponse(G, { ...r, payload: { appId: 'x' } })).toEqual({ field: 'payload', reason: '类型须为 string' });
    expect(registry.checkResponse(G, { ...change(r, 'payload'), gateway_url: 'https://gw.example/pay?id=1' })).toBeNull();
    expect(registry.checkResponse(G, change(r, 'user_id'))).toBeNull();
  });

  it('query-payment: every field but ret_code and ret_msg is optional; payerInfo is an array; the enums of the table', () => {
    const Q = 'txn/query-payment';
    expect(registry.checkRequest(Q, base).ok).toBe(true);
    expect(registry.checkRequest(Q, { ...base, txn_seqno: SEQ }).ok).toBe(true);
    const r = CASES['query-payment']!.response;
    expect(registry.checkResponse(Q, { ret_code: '0000', ret_msg: '交易成功' })).toBeNull();
    expect(registry.checkResponse(Q, { ...r, linked_agrtno: 'AGRT-1' })).toBeNull();
    for (const t of ['SECURED_CONFIRM', 'INNER_FUND_EXCHANGE', 'OUTER_FUND_EXCHANGE', 'USER_TOPUP', 'MCH_TOPUP']) {
      expect(registry.checkResponse(Q, { ...r, txn_type: t })).toBeNull();
    }
    for (const s of ['TRADE_WAIT_PAY', 'TRADE_CLOSE', 'TRADE_CANCEL']) expect(registry.checkResponse(Q, { ...r, txn_status: s })).toBeNull();
    expect(registry.checkResponse(Q, { ...r, txn_status: 'TRADE_FAILURE' })).toEqual(notIn('txn_status', ['TRADE_WAIT_PAY', 'TRADE_SUCCESS', 'TRADE_CLOSE', 'TRADE_CANCEL']));
    expect(registry.checkResponse(Q, { ...r, payerInfo: { payer_type: 'USER', payer_id: USER } })).toEqual({ field: 'payerInfo', reason: '类型须为 array' });
    expect(registry.checkResponse(Q, change(r, 'payerInfo.0.method', 'CASH'))).toEqual(notIn('payerInfo.0.method', METHODS));
  });
});

describe('withdrawal and transfer', () => {
  it('withdrawal: takes every field of the table; a merchant withdrawal names its account type', () => {
    const W = 'txn/withdrawal';
    const full = {
      ...withdrawal(),
      pay_expire: '30',
      risk_item: '{}',
      linked_agrtno: 'AGRT-1',
      funds_flag: 'N',
      check_flag: 'Y',
      pay_time_type: 'TRANS_NORMAL',
      orderInfo: { txn_seqno: SEQ, txn_time: TS, total_amount: 60000, fee_amount: 1, order_info: '提现', postscript: '服务费提现' },
    };
    expect(registry.checkRequest(W, full)).toEqual({ ok: true, value: full });
    const merchant = { ...withdrawal(), payerInfo: { payer_type: 'MERCHANT', payer_id: PARTNER, payer_accttype: 'MCHOWN' } };
    expect(registry.checkRequest(W, merchant).ok).toBe(true);
    expect(registry.checkResponse(W, change(CASES.withdrawal!.response, 'user_id'))).toBeNull();
    expect(registry.checkResponse(W, { ...CASES.withdrawal!.response, token: TOKEN })).toBeNull();
  });

  it('withdrawal notification: failure and 退汇 carry their reasons; user_id is optional', () => {
    const W = 'txn/withdrawal';
    const n = withdrawalNotification();
    expect(registry.checkNotification(W, { ...change(n, 'accounting_date'), txn_status: 'TRADE_FAILURE', failure_reason: '账户名不符', chnl_reason: 'E01' })).toBeNull();
    expect(registry.checkNotification(W, { ...change(n, 'user_id'), txn_status: 'TRADE_CANCEL' })).toBeNull();
  });

  it('query-withdrawal: TRADE_PREPAID of the table, and TRADE_PROCESSING and TRADE_WAIT_CHECK of the simulator', () => {
    const Q = 'txn/query-withdrawal';
    const r = CASES['query-withdrawal']!.response;
    for (const s of ['TRADE_FAILURE', 'TRADE_CANCEL', 'TRADE_PREPAID', 'TRADE_PROCESSING', 'TRADE_WAIT_CHECK']) {
      expect(registry.checkResponse(Q, { ...r, txn_status: s })).toBeNull();
    }
    expect(registry.checkResponse(Q, { ...r, txn_status: 'TRADE_CLOSE' })).toEqual(
      notIn('txn_status', ['TRADE_SUCCESS', 'TRADE_FAILURE', 'TRADE_CANCEL', 'TRADE_PREPAID', 'TRADE_PROCESSING', 'TRADE_WAIT_CHECK']),
    );
    expect(registry.checkResponse(Q, ok)).toBeNull();
  });

  it('withdrawal-check: CANCEL is the merchant’s refusal; fee_amount and the reasons are optional', () => {
    const C = 'txn/withdrawal-check';
    const body = { ...change(withdrawalCheck(), 'orderInfo.fee_amount'), checkInfo: { check_result: 'CANCEL', check_reason: '资料不符' } };
    expect(registry.checkRequest(C, body)).toEqual({ ok: true, value: body });
  });

  it('transfer: to a bank account, by a user with password, and 货款支付 besides the table’s 贷款支付', () => {
    const T = 'txn/transfer';
    const external = {
      ...transfer(),
      notify_url: NOTIFY,
      pay_expire: 120,
      funds_flag: 'Y',
      check_flag: 'Y',
      pay_time_type: 'TRANS_THIS_TIME',
      orderInfo: { txn_seqno: SEQ, txn_time: TS, total_amount: 50, fee_amount: 0.5, txn_purpose: '货款支付', order_info: 'x', postscript: '201805 货款' },
      payerInfo: { payer_type: 'USER', payer_id: USER, password: PASSWORD, random_key: RANDOM_KEY },
      payeeInfo: { payee_type: 'BANKACCT_PUB', bank_acctno: '1929030200000001', bank_code: '01030000', bank_acctname: '某某有限公司', cnaps_code: '103551000012' },
    };
    expect(registry.checkRequest(T, external)).toEqual({ ok: true, value: external });
    expect(registry.checkRequest(T, change(transfer(), 'orderInfo.txn_purpose', '贷款支付')).ok).toBe(true);
    const pap = change(transfer(), 'payerInfo', { payer_type: 'USER', payer_id: USER, pap_agree_no: 'ENCRYPTED' });
    expect(registry.checkRequest(T, pap).ok).toBe(true);
    const toMerchant = change(transfer(), 'payeeInfo', { payee_type: 'MERCHANT', payee_id: PARTNER, payee_accttype: 'MCHOWN_AVAILABLE' });
    expect(registry.checkRequest(T, toMerchant).ok).toBe(true);
    expect(registry.checkResponse(T, change(CASES.transfer!.response, 'user_id'))).toBeNull();
  });

  it('transfer has no notification of its own (§3.4.3)', () => {
    expect(() => registry.checkNotification('txn/transfer', {})).toThrow('no notification schema for txn/transfer');
  });
});

describe('secured transactions', () => {
  it('secured-confirm: ALL takes no payee; the Go demo’s snake_case sections and coupon_amount are read', () => {
    const S = 'txn/secured-confirm';
    const all = { ...change(securedConfirm(), 'payeeInfo'), confirm_mode: 'ALL' };
    expect(registry.checkRequest(S, all)).toEqual({ ok: true, value: all });
    const { originalOrderInfo, confirmOrderInfo, payeeInfo, ...rest } = securedConfirm();
    const go = {
      ...rest,
      original_order_info: originalOrderInfo,
      confirm_order_info: { ...(confirmOrderInfo as Body), coupon_amount: 0 },
      payee_info: [{ ...(payeeInfo as Body[])[0], payee_oid_partner: '' }],
    };
    const r = registry.checkRequest(S, go);
    expect(r).toEqual({ ok: true, value: { ...securedConfirm(), confirmOrderInfo: { ...(confirmOrderInfo as Body), coupon_amount: 0 } } });
    expect(registry.checkRequest(S, change(securedConfirm(), 'confirmOrderInfo.coupon_amount', 'x'))).toEqual({ ok: false, error: badAmount('confirmOrderInfo.coupon_amount') });
  });

  it('secured-confirm response: accp_confirm_txno is optional', () => {
    expect(registry.checkResponse('txn/secured-confirm', change(CASES['secured-confirm']!.response, 'accp_confirm_txno'))).toBeNull();
  });

  it('secured-query: secure_status in orderInfo, with the table’s states; refundInfo entries name their refund_seqno', () => {
    const Q = 'txn/secured-query';
    const r = CASES['secured-query']!.response;
    for (const s of ['WAIT_BUYER_PAY', 'WAIT_BUYER_CONFIRM', 'CONFIRM_SUCCESS', 'TRADE_CLOSED', 'REFUND_SUCCESS']) {
      expect(registry.checkResponse(Q, change(r, 'orderInfo.secure_status', s))).toBeNull();
    }
    expect(registry.checkResponse(Q, change(r, 'orderInfo.secure_status', 'CONFIRMED'))).toEqual(
      notIn('orderInfo.secure_status', ['WAIT_BUYER_PAY', 'WAIT_BUYER_CONFIRM', 'CONFIRMING', 'CONFIRM_SUCCESS', 'TRADE_CLOSED', 'REFUND_SUCCESS']),
    );
    expect(registry.checkResponse(Q, change(r, 'refundInfo.0.refund_seqno'))).toEqual(missing('refundInfo.0.refund_seqno'));
    expect(registry.checkResponse(Q, change(r, 'acceptInfo', { accp_txno: 'X' }))).toEqual({ field: 'acceptInfo', reason: '类型须为 array' });
    expect(registry.checkResponse(Q, { ret_code: '0000', ret_msg: '交易成功' })).toBeNull();
  });

  it('cancel-secured-payment: payee_info in snake_case, amounts as numbers', () => {
    const C = 'txn/cancel-secured-payment';
    const r = CASES['cancel-secured-payment']!.response;
    expect(registry.checkResponse(C, change(r, 'payee_info'))).toBeNull();
    expect(registry.checkResponse(C, change(r, 'payee_info.0.amount', '86.75'))).toEqual(notNumber('payee_info.0.amount'));
    expect(registry.checkResponse(C, change(r, 'payee_info.0.payee_type', 'BANK'))).toEqual(notIn('payee_info.0.payee_type', ['USER', 'MERCHANT']));
    expect(registry.checkRequest(C, { ...base, txn_seqno: 'CS-1' }).ok).toBe(true);
  });
});

describe('refunds', () => {
  it('asyn-refund: a merchant payee names its account type; every field of the table is taken', () => {
    const A = 'txn/asyn-refund';
    const body = change(change(refund(), 'refundOrderInfo.payee_type', 'MERCHANT'), 'refundOrderInfo.payee_accttype', 'MCHASSURE');
    const full = { ...body, refund_reason: '无理由退货' };
    expect(registry.checkRequest(A, full)).toEqual({ ok: true, value: full });
    expect(registry.checkRequest(A, change(refund(), 'refundMethods', []))).toEqual({ ok: false, error: fewItems('refundMethods') });
  });

  it('asyn-refund notification: only oid_partner and refund_seqno are required', () => {
    expect(registry.checkNotification('txn/asyn-refund', { oid_partner: PARTNER, refund_seqno: 'RF-1' })).toBeNull();
    expect(registry.checkNotification('txn/asyn-refund', { refund_seqno: 'RF-1' })).toEqual(missing('oid_partner'));
  });

  it('query-refund: refund_seqno or accp_txno; TRADE_SUCCESS, TRADE_FAILURE or TRADE_PROCESSING', () => {
    const Q = 'txn/query-refund';
    expect(registry.checkRequest(Q, { ...base, accp_txno: 'REFUND-TXNO-1' }).ok).toBe(true);
    const r = CASES['query-refund']!.response;
    expect(registry.checkResponse(Q, { ...r, txn_status: 'TRADE_CLOSE' })).toEqual(notIn('txn_status', ['TRADE_SUCCESS', 'TRADE_FAILURE', 'TRADE_PROCESSING']));
    expect(registry.checkResponse(Q, { ...r, refund_amount: '15.36' })).toEqual(notNumber('refund_amount'));
  });
});
