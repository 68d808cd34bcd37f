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

export type Handler = (ctx: Context, merchant: Readonly<Merchant>, body: never) => Promise<object>;

export interface Endpoint {
  /** schemas/<name>.json and the path /v1/<name> */
  name: string;
  /** Where the spec defines it */
  spec: string;
  handler: Handler;
  /** Request body limit in bytes (default 256 KiB) */
  bodyLimit?: number;
}

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
    handler: h<OpenEnterpriseApply>((ctx, _m, body) => applyEnterprise(ctx, body)),
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
];
