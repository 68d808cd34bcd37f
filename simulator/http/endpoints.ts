// The ACCP endpoints the simulator serves: path → spec section → domain service. Each entry's
// schema is schemas/<group>/<name>.json; the pipeline (pipeline.ts) verifies, validates and
// signs around the handler, which is a domain function and knows nothing of HTTP.
import type { Context } from '../domain/context.js';
import type { Merchant } from '../domain/model.js';
import { applyIndividual, verifyIndividual, type OpenIndividualApply, type OpenIndividualVerify } from '../onboarding/individual.js';
import { applyRegPhoneCode, verifyRegPhoneCode, type RegPhoneApply, type RegPhoneVerify } from '../onboarding/regphone.js';
import { getRandom, type GetRandomRequest } from '../passwords/random-keys.js';
import { queryAcctInfo, type QueryAcctInfo } from '../queries/acctinfo.js';
import { queryUserInfo, type QueryUserInfo } from '../queries/userinfo.js';
import { applyEnterprise, type OpenEnterpriseApply } from '../onboarding/enterprise.js';
import { uploadPhotos, type UploadPhotos } from '../onboarding/photos.js';
import { applyBindCard, verifyBindCard, type BindCardApply, type BindCardVerify } from '../cards/bindcard.js';
import { changeEnterpriseCard, type ChangeCardApply } from '../cards/changecard.js';
import { unbindIndividualCard, type UnbindCard } from '../cards/unbind.js';
import { applyChangeLinkedPhone, verifyChangeLinkedPhone, type ChangeLinkedPhoneApply, type ChangeLinkedPhoneVerify } from '../cards/linked-phone.js';
import { queryLinkedAcct, type QueryLinkedAcct } from '../cards/query-linkedacct.js';
import { applyChangeRegPhone, verifyChangeRegPhone, type ChangeRegPhoneApply, type ChangeRegPhoneVerify } from '../users/reg-phone.js';
import { cancelUser, type CancelApply } from '../users/cancel.js';
import { changePassword, type ChangePassword } from '../passwords/change-password.js';
import { applyFindPassword, verifyFindPassword, type FindPasswordApply, type FindPasswordVerify } from '../passwords/find-password.js';
import { validatePassword, type ValidatePassword } from '../passwords/validate-password.js';
import { queryAcctSerial, queryAcctSerialDetail, type QueryAcctSerial, type QueryAcctSerialDetail } from '../queries/acctserial.js';
import { queryTxn, type QueryTxn } from '../queries/query-txn.js';
import { queryCnapsCode, type QueryCnaps } from '../queries/cnaps.js';
import { closePayment, createTrade, type ClosePayment, type TradeCreate } from '../payments/trades.js';
import { payWithBalance, payWithBankCard, payWithGateway, type PaymentBalance, type PaymentBankCard, type PaymentGateway } from '../payments/pay.js';
import { validateSms, type ValidationSms } from '../payments/validation-sms.js';
import { queryPayment, type QueryPayment } from '../payments/query-payment.js';
import { applyWithdrawal, checkWithdrawal, queryWithdrawal, type QueryWithdrawal, type WithdrawalApply, type WithdrawalCheck } from '../withdrawals/withdrawal.js';
import { applyTransfer, type TransferApply } from '../transfers/transfer.js';
import { cancelSecuredConfirmation, confirmSecured, type SecuredConfirm } from '../secured/confirm.js';
import { querySecured, type SecuredQuery } from '../secured/query.js';
import { applyMorePayeeRefund, applyRefund, queryRefund, type MorePayeeRefundApply, type QueryRefund, type RefundApply } from '../refunds/refund.js';

export type Handler = (ctx: Context, merchant: Readonly<Merchant>, body: never) => Promise<object>;

export interface Endpoint {
  /** schemas/<name>.json and the path /v1/<name> */
  name: string;
  /** Where the spec defines it */
  spec: string;
  handler: Handler;
  /** Request body limit in bytes (default 256 KiB) */
  bodyLimit?: number;
  /** A path of NOT_SIMULATED: refused with 3020 once its signature is checked; `name` is its path. */
  notSimulated?: boolean;
}

/**
 * Paths LianLian serves (its later SDKs call them) that the simulator does not simulate. Each is
 * answered as ACCP answers a business refusal, HTTP 200 and signed, after the signature check:
 * 3020 该笔交易暂不支持, with X-Accp-Sim-Rule naming it. An HTTP 404 would make LianLian's Go
 * client panic and the Java one throw; a refusal lets an integration carry on and say why.
 */
export interface NotSimulated {
  /** the whole path, e.g. /v2/acctmgr/unlinkedacct-ind-apply */
  path: string;
  /** where it comes from */
  source: string;
}

export const NOT_SIMULATED: readonly NotSimulated[] = [
  { path: '/v1/txn/payment-papay', source: 'txn-api-v2.3 §3.2.5 委托代扣 (docs/decisions.md: not simulated)' },
  { path: '/v1/txn/pap-agree-apply', source: 'LianLian SDK papAgreeApplyAndModifyDemo (委托代扣签约)' },
  { path: '/v1/txn/pap-agree-modify', source: 'LianLian SDK papAgreeApplyAndModifyDemo (委托代扣签约修改)' },
  { path: '/v1/txn/transfer-morepyee', source: 'LianLian SDK transferMorepyeeDemo (多收款方代发)' },
  { path: '/v1/cashier/paycreate', source: 'LianLian SDK cashierPayCreateDemo (收银台)' },
  { path: '/v1/acctmgr/openacct-apply', source: 'LianLian SDK h5OpenacctDemo (页面开户)' },
  { path: '/v1/acctmgr/apply-password-element', source: 'LianLian SDK applyPasswordElementDemo (密码控件令牌)' },
  { path: '/v2/acctmgr/unlinkedacct-ind-apply', source: 'LianLian SDK unLinkedAcctIndApplyDemo (v2 解绑)' },
  { path: '/v1/acctmgr/virtualno-apply', source: 'LianLian SDK virtualNoApplyDemo (虚拟卡号)' },
  { path: '/v1/acctmgr/modify-userinfo-individual', source: 'LianLian SDK individualModifyUserInfoDemo (个人用户信息修改)' },
  { path: '/v1/acctmgr/modify-userinfo-enterprise', source: 'LianLian SDK enterpriseModifyUserInfoDemo (企业用户信息修改)' },
  { path: '/v1/documents/upload', source: 'LianLian SDK documentsUpload (文件上传)' },
  { path: '/v1/offlinetxn/receipt-produce', source: 'LianLian SDK receiptProduceDemo (电子回单生成)' },
  { path: '/v1/offlinetxn/receipt-download', source: 'LianLian SDK receiptDownloadDemo (电子回单下载)' },
];

const h = <T>(fn: (ctx: Context, merchant: Readonly<Merchant>, body: T) => Promise<object>): Handler => fn as Handler;

export const ENDPOINTS: readonly Endpoint[] = [
  {
    name: 'acctmgr/regphone-verifycode-apply',
    spec: 'acctmgr-api-v1.4 §3.1 绑定手机验证码申请',
    handler: h<RegPhoneApply>((ctx, _m, body) => applyRegPhoneCode(ctx, body)),
  },
  {
    name: 'acctmgr/regphone-verifycode-verify',
    spec: 'acctmgr-api-v1.4 §3.2 绑定手机验证码验证',
    handler: h<RegPhoneVerify>((ctx, _m, body) => verifyRegPhoneCode(ctx, body)),
  },
  {
    name: 'acctmgr/openacct-apply-individual',
    spec: 'acctmgr-api-v1.4 §3.3.1 个人用户开户 开户申请',
    handler: h<OpenIndividualApply>((ctx, m, body) => applyIndividual(ctx, m, body)),
  },
  {
    name: 'acctmgr/openacct-verify-individual',
    spec: 'acctmgr-api-v1.4 §3.3.2 个人用户开户 开户验证 (notification §3.3.3)',
    handler: h<OpenIndividualVerify>((ctx, m, body) => verifyIndividual(ctx, m, body)),
  },
  {
    name: 'acctmgr/openacct-apply-enterprise',
    spec: 'acctmgr-api-v1.4 §3.4.1 企业用户开户 开户申请 (notification §3.4.2)',
    handler: h<OpenEnterpriseApply>((ctx, m, body) => applyEnterprise(ctx, m, body)),
  },
  {
    name: 'acctmgr/individual-bindcard-apply',
    spec: 'acctmgr-api-v1.4 §3.5.1 个人用户新增绑卡 绑卡申请',
    handler: h<BindCardApply>((ctx, _m, body) => applyBindCard(ctx, body)),
  },
  {
    name: 'acctmgr/individual-bindcard-verify',
    spec: 'acctmgr-api-v1.4 §3.5.2 个人用户新增绑卡 绑卡验证 (notification §3.5.3)',
    handler: h<BindCardVerify>((ctx, _m, body) => verifyBindCard(ctx, body)),
  },
  {
    name: 'acctmgr/enterprise-changecard-apply',
    spec: 'acctmgr-api-v1.4 §3.6.1 企业用户更换绑定账号 (notification §3.6.2)',
    handler: h<ChangeCardApply>((ctx, _m, body) => changeEnterpriseCard(ctx, body)),
  },
  {
    name: 'acctmgr/unlinkedacct-ind-apply',
    spec: 'acctmgr-api-v1.4 §3.7.1 个人用户解绑银行卡 (notification §3.7.2)',
    handler: h<UnbindCard>((ctx, _m, body) => unbindIndividualCard(ctx, body)),
  },
  {
    name: 'acctmgr/change-linkedphone-apply',
    spec: 'acctmgr-api-v1.4 §3.8.1 个人用户修改预留手机号 申请',
    handler: h<ChangeLinkedPhoneApply>((ctx, _m, body) => applyChangeLinkedPhone(ctx, body)),
  },
  {
    name: 'acctmgr/change-linkedphone-verify',
    spec: 'acctmgr-api-v1.4 §3.8.2 个人用户修改预留手机号 验证 (notification §3.8.3)',
    handler: h<ChangeLinkedPhoneVerify>((ctx, _m, body) => verifyChangeLinkedPhone(ctx, body)),
  },
  {
    name: 'acctmgr/change-regphone-apply',
    spec: 'acctmgr-api-v1.4 §3.9.1 修改绑定手机 申请',
    handler: h<ChangeRegPhoneApply>((ctx, _m, body) => applyChangeRegPhone(ctx, body)),
  },
  {
    name: 'acctmgr/change-regphone-verify',
    spec: 'acctmgr-api-v1.4 §3.9.2 修改绑定手机 验证 (notification §3.9.3)',
    handler: h<ChangeRegPhoneVerify>((ctx, _m, body) => verifyChangeRegPhone(ctx, body)),
  },
  {
    name: 'acctmgr/cancel-apply',
    spec: 'acctmgr-api-v1.4 §3.10.1 销户申请 (notification §3.10.2)',
    handler: h<CancelApply>((ctx, _m, body) => cancelUser(ctx, body)),
  },
  {
    name: 'acctmgr/change-password',
    spec: 'acctmgr-api-v1.4 §3.11 重置密码',
    handler: h<ChangePassword>((ctx, _m, body) => changePassword(ctx, body)),
  },
  {
    name: 'acctmgr/find-password-apply',
    spec: 'acctmgr-api-v1.4 §3.12.1 找回密码 申请',
    handler: h<FindPasswordApply>((ctx, _m, body) => applyFindPassword(ctx, body)),
  },
  {
    name: 'acctmgr/find-password-verify',
    spec: 'acctmgr-api-v1.4 §3.12.2 找回密码 验证',
    handler: h<FindPasswordVerify>((ctx, _m, body) => verifyFindPassword(ctx, body)),
  },
  {
    name: 'acctmgr/get-random',
    spec: 'acctmgr-api-v1.4 §3.13 随机因子获取',
    handler: h<GetRandomRequest>((ctx, _m, body) => getRandom(ctx, body)),
  },
  {
    name: 'acctmgr/query-linkedacct',
    spec: 'acctmgr-api-v1.4 §3.14 绑卡信息查询',
    handler: h<QueryLinkedAcct>((ctx, _m, body) => queryLinkedAcct(ctx, body)),
  },
  {
    name: 'acctmgr/query-userinfo',
    spec: 'acctmgr-api-v1.4 §3.15 用户信息查询',
    handler: h<QueryUserInfo>((ctx, _m, body) => queryUserInfo(ctx, body)),
  },
  {
    name: 'acctmgr/query-acctinfo',
    spec: 'acctmgr-api-v1.4 §3.16 账户信息查询',
    handler: h<QueryAcctInfo>((ctx, _m, body) => queryAcctInfo(ctx, body)),
  },
  {
    name: 'acctmgr/query-acctserial',
    spec: 'acctmgr-api-v1.4 §3.17.1 资金流水列表查询',
    handler: h<QueryAcctSerial>((ctx, _m, body) => queryAcctSerial(ctx, body)),
  },
  {
    name: 'acctmgr/query-acctserialdetail',
    spec: 'acctmgr-api-v1.4 §3.17.2 资金流水详情查询',
    handler: h<QueryAcctSerialDetail>((ctx, _m, body) => queryAcctSerialDetail(ctx, body)),
  },
  {
    name: 'acctmgr/query-txn',
    spec: 'acctmgr-api-v1.4 §3.18 交易流水结果查询',
    handler: h<QueryTxn>((ctx, _m, body) => queryTxn(ctx, body)),
  },
  {
    name: 'acctmgr/query-cnapscode',
    spec: 'acctmgr-api-v1.4 §3.19 大额行号查询',
    handler: h<QueryCnaps>((ctx, _m, body) => queryCnapsCode(ctx, body)),
  },
  {
    name: 'acctmgr/upload-photos',
    spec: 'acctmgr-api-v1.4 §3.20 上传照片',
    handler: h<UploadPhotos>((ctx, _m, body) => uploadPhotos(ctx, body)),
    // three photos of at most 4 MiB each, in Base64 with line breaks
    bodyLimit: 20 * 1024 * 1024,
  },
  {
    name: 'acctmgr/validate-password',
    spec: 'acctmgr-api-v1.4 §3.21 支付密码校验',
    handler: h<ValidatePassword>((ctx, _m, body) => validatePassword(ctx, body)),
  },
  // ---- transactions (txn-api-v2.3) ----
  {
    name: 'txn/tradecreate',
    spec: 'txn-api-v2.3 §3.2.1 支付统一创单 (notification §3.2.6)',
    handler: h<TradeCreate>((ctx, _m, body) => createTrade(ctx, body)),
  },
  {
    name: 'txn/payment-balance',
    spec: 'txn-api-v2.3 §3.2.2 余额支付',
    handler: h<PaymentBalance>((ctx, _m, body) => payWithBalance(ctx, body)),
  },
  {
    name: 'txn/payment-bankcard',
    spec: 'txn-api-v2.3 §3.2.3 银行卡快捷支付',
    handler: h<PaymentBankCard>((ctx, m, body) => payWithBankCard(ctx, m.settings.sms_verify_above_fen, body)),
  },
  {
    name: 'txn/payment-gw',
    spec: 'txn-api-v2.3 §3.2.4 网关类支付 (return page §3.2.7)',
    handler: h<PaymentGateway>((ctx, _m, body) => payWithGateway(ctx, body)),
  },
  {
    name: 'txn/query-payment',
    spec: 'txn-api-v2.3 §3.2.8 支付结果查询 (also §3.4.4 internal transfers, §3.5.2 confirmations)',
    handler: h<QueryPayment>((ctx, _m, body) => queryPayment(ctx, body)),
  },
  {
    name: 'txn/close-payment',
    spec: 'LianLian ACCP SDK (ClosePaymentParams) 支付单关单, not in txn-api-v2.3',
    handler: h<ClosePayment>((ctx, _m, body) => closePayment(ctx, body)),
  },
  {
    name: 'txn/withdrawal',
    spec: 'txn-api-v2.3 §3.3.1 提现申请 (notification §3.3.3)',
    handler: h<WithdrawalApply>((ctx, m, body) => applyWithdrawal(ctx, m, body)),
  },
  {
    name: 'txn/withdrawal-check',
    spec: 'txn-api-v2.3 §3.3.2 提现确认 (and §3.4.2 for external transfers)',
    handler: h<WithdrawalCheck>((ctx, _m, body) => checkWithdrawal(ctx, body)),
  },
  {
    name: 'txn/query-withdrawal',
    spec: 'txn-api-v2.3 §3.3.4 提现结果查询 (also §3.4.4 external transfers)',
    handler: h<QueryWithdrawal>((ctx, _m, body) => queryWithdrawal(ctx, body)),
  },
  {
    name: 'txn/transfer',
    spec: 'txn-api-v2.3 §3.4.1 代发申请',
    handler: h<TransferApply>((ctx, m, body) => applyTransfer(ctx, m, body)),
  },
  {
    name: 'txn/secured-confirm',
    spec: 'txn-api-v2.3 §3.5.1 担保交易确认',
    handler: h<SecuredConfirm>((ctx, _m, body) => confirmSecured(ctx, body)),
  },
  {
    name: 'txn/secured-query',
    spec: 'txn-api-v2.3 §3.5.3 担保交易信息查询',
    handler: h<SecuredQuery>((ctx, _m, body) => querySecured(ctx, body)),
  },
  {
    name: 'txn/cancel-secured-payment',
    spec: 'LianLian ACCP SDK (CancelSecuredPaymentParams) 担保确认撤销, not in txn-api-v2.3',
    handler: h<{ oid_partner: string; txn_seqno?: string; accp_txno?: string }>((ctx, _m, body) => cancelSecuredConfirmation(ctx, body)),
  },
  {
    name: 'txn/validation-sms',
    spec: 'txn-api-v2.3 §3.6 交易二次短信验证',
    handler: h<ValidationSms>((ctx, _m, body) => validateSms(ctx, body)),
  },
  {
    name: 'txn/asyn-refund',
    spec: 'txn-api-v2.3 §3.7.1 异步退款申请 (notification §3.7.3)',
    handler: h<RefundApply>((ctx, _m, body) => applyRefund(ctx, body)),
  },
  {
    name: 'txn/more-payee-refund',
    spec: "LianLian ACCP SDK (MorePayeeRefundParams): txn-api-v2.3 §3.7.1's refund with its payee in pyeeRefundInfos, one payee per refund (merchant-requirements 二.2 退款; notification §3.7.3)",
    handler: h<MorePayeeRefundApply>((ctx, _m, body) => applyMorePayeeRefund(ctx, body)),
  },
  {
    name: 'txn/query-refund',
    spec: 'txn-api-v2.3 §3.7.2 退款结果查询',
    handler: h<QueryRefund>((ctx, _m, body) => queryRefund(ctx, body)),
  },
];
