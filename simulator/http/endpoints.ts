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
    name: 'acctmgr/get-random',
    spec: 'acctmgr-api-v1.4 §3.13 随机因子获取',
    handler: h<GetRandomRequest>((ctx, _m, body) => getRandom(ctx, body)),
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
];
