// The wire format as data: one JSON Schema file per endpoint in schemas/, written from the
// spec's parameter tables, checked by ajv. Each file holds `$defs.request`, `$defs.response`
// and, where the endpoint causes an async notification, `$defs.notification`.
//
// Before a request is validated it is normalised the way LianLian's own SDK demos require
// (../shared/spec/README.md): keys are matched ignoring case and underscores (the Go demo sends
// `OrderInfo` for `orderInfo`, its later versions `original_order_info` for `originalOrderInfo`),
// and empty values ("" and null, which the Go demo sends for every absent field) are dropped.
// Unknown extra fields are kept and accepted.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { amountProblem, type AmountRule } from './money.js';
import { parseDay, parseStamp } from '../world/clock.js';

export const SCHEMA_BASE = 'https://openaccp.dev/schemas/';

export interface FieldError {
  /** dotted path of the field, e.g. basicInfo.id_no */
  field: string;
  /** Chinese explanation, as it goes into ret_msg 1005: short, for ret_msg is String(32) */
  reason: string;
  /** For a value outside an enum or const: the values the schema allows (not in ret_msg, too long for it) */
  allowed?: readonly unknown[];
}

interface Shape {
  props?: Map<string, { name: string; shape: Shape }>;
  items?: Shape;
}

interface EndpointSchemas {
  request?: ValidateFunction;
  response?: ValidateFunction;
  notification?: ValidateFunction;
  requestShape: Shape;
  title: string;
  spec: string;
}

export class SchemaRegistry {
  private readonly ajv: Ajv;
  private readonly endpoints = new Map<string, EndpointSchemas>();
  private readonly errorResponse: ValidateFunction;

  constructor(dir: string) {
    this.ajv = new Ajv({ allErrors: false, strict: true, strictTypes: false, allowUnionTypes: true });
    for (const k of ['x-spec', 'x-path', 'x-note', 'x-unit']) this.ajv.addKeyword({ keyword: k, schemaType: 'string' });
    // accpAmount: true (any amount in yuan: answers, balances), "number(8,2)" (a request's
    // amount, at most 999999.99) or "positive" (the same, above zero).
    const amountKeyword = (rule: AmountRule) => {
      const validate = (data: unknown): boolean => {
        const problem = amountProblem(data, rule);
        validate.errors = problem ? [{ keyword: 'accpAmount', params: { problem }, message: problem }] : undefined;
        return problem === null;
      };
      validate.errors = undefined as Partial<ErrorObject>[] | undefined;
      return validate;
    };
    this.ajv.addKeyword({
      keyword: 'accpAmount',
      schemaType: ['boolean', 'string'],
      compile: (value: boolean | string) => {
        if (value === true) return amountKeyword('any');
        if (value === 'number(8,2)' || value === 'positive') return amountKeyword(value);
        throw new Error(`accpAmount must be true, "number(8,2)" or "positive", not ${JSON.stringify(value)}`);
      },
    });
    // Dates as the tables write them, checked as real dates (month 13 or 31 April is no date):
    // "format": "yyyyMMddHHmmss" or "yyyyMMdd" (99991231, 长期有效, is a real date too).
    for (const [name, why] of Object.entries(DATE_FORMATS)) {
      this.ajv.addFormat(name, { type: 'string', validate: why.valid });
    }
    const files = listJson(dir);
    for (const file of files) {
      const schema = JSON.parse(readFileSync(file, 'utf8')) as { $id?: string };
      const expected = SCHEMA_BASE + relative(dir, file).split('\\').join('/');
      if (schema.$id !== expected) throw new Error(`${file}: $id must be ${expected}`);
      this.ajv.addSchema(schema);
    }
    for (const file of files) {
      const name = relative(dir, file).replace(/\.json$/, '').split('\\').join('/');
      if (name === 'common') continue;
      const schema = JSON.parse(readFileSync(file, 'utf8')) as { title?: string; 'x-spec'?: string; $defs?: Record<string, unknown> };
      const id = SCHEMA_BASE + name + '.json';
      const get = (def: string) => (schema.$defs?.[def] ? this.ajv.getSchema(`${id}#/$defs/${def}`) : undefined);
      this.endpoints.set(name, {
        request: get('request'),
        response: get('response'),
        notification: get('notification'),
        requestShape: schema.$defs?.request ? this.shapeOf(schema.$defs.request, id) : {},
        title: schema.title ?? name,
        spec: schema['x-spec'] ?? '',
      });
    }
    const err = this.ajv.getSchema(`${SCHEMA_BASE}common.json#/$defs/errorResponse`);
    if (!err) throw new Error('schemas/common.json needs $defs.errorResponse');
    this.errorResponse = err;
  }

  has(endpoint: string): boolean {
    return this.endpoints.get(endpoint)?.request !== undefined;
  }

  /** Endpoint names ("acctmgr/openacct-apply-individual"), for the route table. */
  names(): string[] {
    return [...this.endpoints.keys()].filter((n) => this.has(n));
  }

  describe(endpoint: string): { title: string; spec: string } {
    const e = this.endpoints.get(endpoint);
    return { title: e?.title ?? endpoint, spec: e?.spec ?? '' };
  }

  /** Normalises in place-free fashion and validates; returns the normalised body or the first error. */
  checkRequest(endpoint: string, body: Record<string, unknown>): { ok: true; value: Record<string, unknown> } | { ok: false; error: FieldError } {
    const e = this.endpoints.get(endpoint);
    if (!e?.request) throw new Error(`no request schema for ${endpoint}`);
    let value: Record<string, unknown>;
    try {
      value = normalise(body, e.requestShape) as Record<string, unknown>;
    } catch (err) {
      if (err instanceof NestingTooDeep) return { ok: false, error: { field: err.field, reason: `嵌套层数超过 ${MAX_NESTING}` } };
      throw err;
    }
    if (e.request(value)) return { ok: true, value };
    return { ok: false, error: describeError(e.request.errors?.[0]) };
  }

  checkResponse(endpoint: string, body: Record<string, unknown>): FieldError | null {
    const success = body.ret_code === '0000' || body.ret_code === '8888' || body.ret_code === '8889';
    const v = success ? this.endpoints.get(endpoint)?.response : this.errorResponse;
    if (!v) throw new Error(`no response schema for ${endpoint}`);
    return v(body) ? null : describeError(v.errors?.[0]);
  }

  checkNotification(endpoint: string, body: Record<string, unknown>): FieldError | null {
    const v = this.endpoints.get(endpoint)?.notification;
    if (!v) throw new Error(`no notification schema for ${endpoint}`);
    return v(body) ? null : describeError(v.errors?.[0]);
  }

  private shapeOf(node: unknown, baseId: string, depth = 0): Shape {
    if (depth > 20 || !node || typeof node !== 'object') return {};
    const n = node as Record<string, unknown>;
    if (typeof n.$ref === 'string') {
      const ref = n.$ref.startsWith('#') ? baseId + n.$ref : new URL(n.$ref, baseId).href;
      const target = this.ajv.getSchema(ref)?.schema;
      return this.shapeOf(target, ref.split('#')[0]!, depth + 1);
    }
    const shape: Shape = {};
    if (n.properties && typeof n.properties === 'object') {
      shape.props = new Map();
      for (const [name, sub] of Object.entries(n.properties as Record<string, unknown>)) {
        shape.props.set(looseKey(name), { name, shape: this.shapeOf(sub, baseId, depth + 1) });
      }
    }
    if (n.items) shape.items = this.shapeOf(n.items, baseId, depth + 1);
    return shape;
  }
}

const DATE_FORMATS: Record<string, { valid: (s: string) => boolean; reason: string }> = {
  yyyyMMddHHmmss: { valid: (s) => parseStamp(s) !== null, reason: '不是有效的 yyyyMMddHHmmss 时间' },
  yyyyMMdd: { valid: (s) => parseDay(s) !== null, reason: '不是有效的 yyyyMMdd 日期' },
};

function listJson(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...listJson(path));
    else if (entry.endsWith('.json')) out.push(path);
  }
  return out;
}

/** A key as matched: without case or underscores (orderInfo = OrderInfo = order_info). */
export function looseKey(key: string): string {
  return key.toLowerCase().replace(/_/g, '');
}

/** How deep a request may nest (ACCP's own bodies nest 3 levels); deeper answers 1005. */
export const MAX_NESTING = 32;

/** A value nested deeper than MAX_NESTING, under `field`. */
export class NestingTooDeep extends Error {
  constructor(readonly field: string) {
    super(`${field} nests deeper than ${MAX_NESTING} levels`);
  }
}

/**
 * Drops "" and null, renames keys to the schema's spelling when they differ only in case or
 * underscores. Refuses (NestingTooDeep) a value nested deeper than MAX_NESTING, known field or
 * not: a signed body of a few KB could otherwise exhaust the stack here or in JSON.stringify
 * later. `field` names the field for that refusal: the schema's path down to the first
 * unknown key.
 */
export function normalise(value: unknown, shape: Shape, field = '', depth = 0, unknownAbove = false): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_NESTING) throw new NestingTooDeep(field || '(body)');
  if (Array.isArray(value)) {
    return value.filter((v) => v !== null && v !== '').map((v) => normalise(v, shape.items ?? {}, field, depth + 1, unknownAbove));
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    // "__proto__" from JSON.parse is an own key; assigned below it would set the prototype.
    if (v === null || v === '' || key === '__proto__') continue;
    const known = shape.props?.get(looseKey(key));
    const name = known?.name ?? key;
    // The schema's own spelling wins when a body carries both spellings.
    if (name in out && key !== name) continue;
    const path = unknownAbove ? field : field ? `${field}.${name}` : name;
    out[name] = normalise(v, known?.shape ?? {}, path, depth + 1, unknownAbove || !known);
  }
  return out;
}

function describeError(e: ErrorObject | undefined): FieldError {
  if (!e) return { field: '?', reason: '校验失败' };
  const path = e.instancePath.split('/').filter(Boolean).join('.');
  const at = (child: string) => (path ? `${path}.${child}` : child);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { field: at(String(p.missingProperty)), reason: '不能为空' };
    case 'maxLength':
      return { field: path, reason: `长度不能超过 ${String(p.limit)}` };
    case 'minLength':
      return { field: path, reason: `长度不能少于 ${String(p.limit)}` };
    case 'pattern':
      return { field: path, reason: '格式错误' };
    case 'format':
      return { field: path, reason: DATE_FORMATS[String(p.format)]?.reason ?? '格式错误' };
    // The allowed values stay out of ret_msg (String(32)); the spec's table lists them.
    case 'enum':
      return { field: path, reason: '取值不合法', allowed: p.allowedValues as unknown[] };
    case 'const':
      return { field: path, reason: '取值不合法', allowed: [p.allowedValue] };
    case 'type':
      return { field: path, reason: `类型须为 ${String(p.type)}` };
    case 'accpAmount':
      return { field: path, reason: typeof p.problem === 'string' ? p.problem : '须为金额（元），最多两位小数' };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { field: path, reason: `超出取值范围（${e.message ?? ''}）` };
    case 'minItems':
      return { field: path, reason: `至少 ${String(p.limit)} 项` };
    case 'maxItems':
      return { field: path, reason: `至多 ${String(p.limit)} 项` };
    default:
      return { field: path || '(body)', reason: e.message ?? '校验失败' };
  }
}
