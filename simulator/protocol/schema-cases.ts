// For the schema tests only: the fixed values, the body editor and the expected errors that the
// acctmgr and txn schema suites share.
import type { FieldError } from './validation.js';

export const TS = '20261126120000';
export const PARTNER = '201707041000000000';
export const USER = 'user-1';
export const SEQ = 'SEQ-1';
export const NOTIFY = 'https://merchant.example/notify';
export const PASSWORD = 'wUL3NuRdFy60rOXDWqcmtTD7k8PMII8Hub9czISzXp8=';
export const RANDOM_KEY = 'rk-1';
export const TOKEN = 'TOKEN-1';
export const ACCP_TXNO = '2f17f720-5b06-48ec-ba96-c5f8523c';

export type Body = Record<string, unknown>;

/** A deep copy of `body` with the dotted `path` set to `value`, or removed when `value` is undefined. */
export function change(body: Body, path: string, value?: unknown): Body {
  const copy = structuredClone(body);
  const keys = path.split('.');
  const last = keys.pop()!;
  let node = copy;
  for (const k of keys) node = node[k] as Body;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

export const missing = (field: string): FieldError => ({ field, reason: '不能为空' });
export const tooLong = (field: string, limit: number): FieldError => ({ field, reason: `长度不能超过 ${limit}` });
export const notIn = (field: string, values: string[]): FieldError => ({ field, reason: '取值不合法', allowed: values });
export const badFormat = (field: string): FieldError => ({ field, reason: '格式错误' });
