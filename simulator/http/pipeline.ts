// What happens to every ACCP request, in this order (acctmgr v1.4 §2.4–§2.5, txn v2.3 §2.5–§2.6):
//   1. the body is parsed once (1005 when it is not a JSON object)
//   2. its oid_partner names a registered merchant (1031)
//   3. Signature-Data verifies against that merchant's key, over the exact bytes, in the spec's
//      form or the Go SDK's (1001) — before anything else is looked at. Signature-Type, when
//      sent, must be RSA; a missing one is taken as RSA (docs/decisions.md)
//   4. the body is normalised and checked against the endpoint's schema (1005 naming the field)
//   5. rules/request.json: the timestamp is within 30 minutes of the simulator clock (1037)
//      (or of real time, so that moving the sandbox clock does not lock integrations out)
//   6. the domain service answers, or refuses with its ret_code
//   7. the answer is checked against the response schema, serialised on one line and signed
//      once with the platform key; every answer is HTTP 200.
// Nothing here is a business rule; it is the protocol.
import type { KeyObject } from 'node:crypto';
import type { Context } from '../domain/context.js';
import { AccpError } from '../domain/errors.js';
import type { Merchant } from '../domain/model.js';
import { StoreFailedError } from '../store/store.js';
import { retMsg } from '../protocol/return-codes.js';
import { signBody, verifyBody, type SignatureForm } from '../protocol/signature.js';
import { looseKey } from '../protocol/validation.js';
import { parseStamp } from '../world/clock.js';
import type { MerchantKeys } from '../merchants/merchants.js';
import type { Endpoint } from './endpoints.js';

export interface AccpAnswer {
  /** single-line JSON, UTF-8 */
  body: Buffer;
  /** Base64 signature of body by the platform key */
  signature: string;
  retCode: string;
  /** The rule or code path that refused, for the X-Accp-Sim-Rule header and the log */
  rule?: string;
  oidPartner?: string;
  form?: SignatureForm;
  /** an internal failure worth logging with its stack */
  error?: Error;
}

export interface PipelineDeps {
  ctx: Context;
  merchantKeys: MerchantKeys;
}

/**
 * The identity fields a refusal echoes back (docs/decisions.md), and where a request carries
 * them: the first place that holds a non-empty string wins. Nested places are those of the
 * transaction endpoints (orderInfo.txn_seqno, payerInfo.user_id, a USER payer's payer_id, …), in
 * the order that gives the same value the endpoint's success answer would (asyn-refund and
 * secured-confirm answer the original order's txn_seqno). Keys match as the schemas
 * match them: in any case, with or without underscores.
 */
type EchoSource = { path: readonly string[]; userPayer?: readonly string[] };
const ECHO: Record<'oid_partner' | 'user_id' | 'txn_seqno', readonly EchoSource[]> = {
  oid_partner: [{ path: ['oid_partner'] }],
  user_id: [
    { path: ['user_id'] },
    { path: ['payerInfo', 'user_id'] },
    { path: ['payerInfo', 'payer_id'], userPayer: ['payerInfo', 'payer_type'] },
    { path: ['payer_id'], userPayer: ['payer_type'] },
  ],
  txn_seqno: [{ path: ['txn_seqno'] }, { path: ['orderInfo', 'txn_seqno'] }, { path: ['originalOrderInfo', 'txn_seqno'] }],
};

/** The value at `path`, matching keys as the schemas do (case and underscores ignored). */
function valueAt(request: Record<string, unknown>, path: readonly string[]): unknown {
  let node: unknown = request;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    const obj = node as Record<string, unknown>;
    const loose = looseKey(key);
    const found = Object.hasOwn(obj, key) ? key : Object.keys(obj).find((k) => looseKey(k) === loose);
    node = found === undefined ? undefined : obj[found];
  }
  return node;
}

function echoedFields(request: Record<string, unknown>): Record<string, string> {
  const echoed: Record<string, string> = {};
  for (const [field, sources] of Object.entries(ECHO)) {
    for (const { path, userPayer } of sources) {
      const v = valueAt(request, path);
      if (typeof v !== 'string' || v === '' || (userPayer && valueAt(request, userPayer) !== 'USER')) continue;
      echoed[field] = v;
      break;
    }
  }
  return echoed;
}

export async function handleAccpRequest(deps: PipelineDeps, endpoint: Endpoint, raw: Buffer, signatureHeader: string | undefined, signatureType: string | undefined): Promise<AccpAnswer> {
  const { ctx } = deps;
  let request: Record<string, unknown> | null = null;
  let oidPartner: string | undefined;
  let form: SignatureForm | undefined;
  try {
    request = parseBody(raw);
    const oid = request.oid_partner;
    if (oid === undefined || oid === null || oid === '') throw new AccpError('1005', 'oid_partner 不能为空', 'protocol/oid_partner');
    if (typeof oid !== 'string') throw new AccpError('1005', 'oid_partner 类型须为 string', 'protocol/oid_partner');
    oidPartner = oid;
    const merchant = ctx.state.peek((v) => v.get('merchants', oid));
    if (!merchant) throw new AccpError('1031', undefined, 'protocol/unknown oid_partner');
    form = verifySignature(deps.merchantKeys.keyOf(merchant), raw, signatureHeader, signatureType);
    if (merchant.status !== 'NORMAL') throw new AccpError('1006', undefined, 'protocol/merchant disabled');
    if (endpoint.notSimulated) throw new AccpError('3020', undefined, `protocol/not simulated ${endpoint.name}`);

    const checked = ctx.schemas.checkRequest(endpoint.name, request);
    if (!checked.ok) throw new AccpError('1005', `${checked.error.field} ${checked.error.reason}`, 'schema');
    const body = checked.value;
    const sent = parseStamp(body.timestamp as string);
    if (sent === null) throw new AccpError('1005', 'timestamp 不是有效的 yyyyMMddHHmmss 时间', 'schema');
    // Skew from the simulator clock, or from real time once the sandbox has moved the clock on:
    // an integration stamping requests with its own clock keeps working (docs/decisions.md).
    const skew = Math.min(Math.abs(ctx.clock.now() - sent), Math.abs(Date.now() - sent)) / 1000;
    const refusal = await ctx.rules.check('request', { timestamp_skew_seconds: skew });
    if (refusal) throw new AccpError(refusal.ret_code, undefined, refusal.rule);

    const result = (await endpoint.handler(ctx, merchant as Readonly<Merchant>, body as never)) as { ret_code?: string };
    // 8888 (an SMS code is needed) and 8889 (the merchant's check is needed) are answers of success too
    const { ret_code: given, ...fields } = result;
    const code = given ?? '0000';
    const ordered = { ret_code: code, ret_msg: retMsg(code), ...fields };
    const broken = ctx.schemas.checkResponse(endpoint.name, ordered);
    if (broken) throw new Error(`response of ${endpoint.name} breaks its schema: ${broken.field} ${broken.reason}`);
    return sign(ctx, ordered, { retCode: code, oidPartner, form });
  } catch (err) {
    return refusalAnswer(ctx, endpoint, err, request, { oidPartner, form });
  }
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function parseBody(raw: Buffer): Record<string, unknown> {
  let parsed: unknown;
  try {
    // A UTF-8 byte-order mark (Windows tools write one) is no JSON; the signature still covers it.
    parsed = JSON.parse((raw.subarray(0, 3).equals(BOM) ? raw.subarray(3) : raw).toString('utf8'));
  } catch {
    throw new AccpError('1005', '请求报文不是合法的 JSON', 'protocol/json');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new AccpError('1005', '请求报文须为 JSON 对象', 'protocol/json');
  return parsed as Record<string, unknown>;
}

function verifySignature(key: KeyObject, raw: Buffer, data: string | undefined, type: string | undefined): SignatureForm {
  if (!data) throw new AccpError('1001', undefined, 'protocol/Signature-Data missing');
  if (type !== undefined && type.toUpperCase() !== 'RSA') throw new AccpError('1001', undefined, 'protocol/Signature-Type is not RSA');
  const form = verifyBody(raw, data, key);
  if (!form) throw new AccpError('1001', undefined, 'protocol/signature does not verify');
  return form;
}

function refusalAnswer(ctx: Context, endpoint: Endpoint, err: unknown, request: Record<string, unknown> | null, extra: { oidPartner?: string; form?: SignatureForm }): AccpAnswer {
  let code: string;
  let detail: string | undefined;
  let rule: string | undefined;
  let error: Error | undefined;
  if (err instanceof AccpError) {
    code = err.retCode;
    detail = err.detail;
    rule = err.rule;
  } else if (err instanceof StoreFailedError) {
    code = '9970';
    rule = 'store';
    error = err;
  } else {
    code = '9999';
    rule = 'internal';
    error = err as Error;
  }
  const answer: Record<string, unknown> = { ret_code: code, ret_msg: retMsg(code, detail) };
  if (request) Object.assign(answer, echoedFields(request));
  if (error) ctx.log.error({ endpoint: endpoint.name, err: error.message, stack: error.stack }, 'request failed inside the simulator');
  return sign(ctx, answer, { retCode: code, ...(rule ? { rule } : {}), ...extra, ...(error ? { error } : {}) });
}

function sign(ctx: Context, answer: object, meta: Omit<AccpAnswer, 'body' | 'signature'>): AccpAnswer {
  const body = Buffer.from(JSON.stringify(answer), 'utf8');
  return { body, signature: signBody(body, ctx.keys.privateKey), ...meta };
}

/** An answer to a request that never reached an endpoint (too large, unreadable). */
export function protocolRefusal(ctx: Context, code: string, detail?: string): AccpAnswer {
  return sign(ctx, { ret_code: code, ret_msg: retMsg(code, detail) }, { retCode: code, rule: 'protocol/body' });
}
