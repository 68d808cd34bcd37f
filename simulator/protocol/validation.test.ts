import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { schemasDir } from '../paths.js';
import { MAX_NESTING, NestingTooDeep, SCHEMA_BASE, SchemaRegistry, normalise } from './validation.js';

const registry = new SchemaRegistry(schemasDir);
const OPEN = 'acctmgr/openacct-apply-individual';

/** A complete, valid request in the spec's own spelling. */
function openBody(): Record<string, unknown> {
  return {
    timestamp: '20260101080000',
    oid_partner: '402103190000001',
    user_id: 'user-1',
    txn_seqno: 'SEQ-1',
    txn_time: '20260101080000',
    notify_url: 'https://merchant.example/notify',
    basicInfo: {
      reg_phone: '13800138000',
      user_name: '张三',
      id_type: 'ID_CARD',
      id_no: '11010519491231002X',
      id_exp: '99991231',
      occupation: '01',
    },
    linkedAcctInfo: { linked_acctno: '6222020000004321006', linked_phone: '13800138000' },
  };
}

function withBasic(change: Record<string, unknown>): Record<string, unknown> {
  const b = openBody();
  return { ...b, basicInfo: { ...(b.basicInfo as Record<string, unknown>), ...change } };
}

describe('SchemaRegistry: checkRequest', () => {
  it('accepts the valid body unchanged', () => {
    const r = registry.checkRequest(OPEN, openBody());
    expect(r).toEqual({ ok: true, value: openBody() });
  });

  it("renames keys to the schema's spelling when they differ only in case, at every level", () => {
    const b = openBody();
    const body = {
      ...b,
      OID_PARTNER: b.oid_partner,
      BasicInfo: { Reg_Phone: '13800138000', USER_NAME: '张三', Id_Type: 'ID_CARD', id_NO: '11010519491231002X', Id_Exp: '99991231', Occupation: '01' },
      LinkedAcctInfo: { Linked_AcctNo: '6222020000004321006', LINKED_PHONE: '13800138000' },
    };
    delete (body as Record<string, unknown>).oid_partner;
    delete (body as Record<string, unknown>).basicInfo;
    delete (body as Record<string, unknown>).linkedAcctInfo;
    const r = registry.checkRequest(OPEN, body);
    expect(r).toEqual({ ok: true, value: openBody() });
  });

  it('does not change the body it is given', () => {
    const body = { ...openBody(), BasicInfo: { Reg_Phone: '13800138000' }, empty: '' };
    const copy = JSON.parse(JSON.stringify(body)) as unknown;
    registry.checkRequest(OPEN, body);
    expect(body).toEqual(copy);
  });

  it('drops "" and null, so an empty required field is reported missing with its dotted path', () => {
    for (const empty of ['', null]) {
      expect(registry.checkRequest(OPEN, withBasic({ id_exp: empty }))).toEqual({ ok: false, error: { field: 'basicInfo.id_exp', reason: '不能为空' } });
    }
    expect(registry.checkRequest(OPEN, { ...openBody(), oid_partner: '' })).toEqual({ ok: false, error: { field: 'oid_partner', reason: '不能为空' } });
    expect(registry.checkRequest(OPEN, { ...openBody(), linkedAcctInfo: null })).toEqual({ ok: false, error: { field: 'linkedAcctInfo', reason: '不能为空' } });
  });

  it('drops empty optional fields instead of validating them', () => {
    const r = registry.checkRequest(OPEN, { ...withBasic({ address: '', id_authority: null }), open_sms_flag: '', risk_item: null });
    expect(r).toEqual({ ok: true, value: openBody() });
  });

  it('keeps unknown extra fields, with their own spelling', () => {
    const r = registry.checkRequest(OPEN, { ...withBasic({ Extra_Nested: 'n' }), Extra_Top: { A: 1 } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.Extra_Top).toEqual({ A: 1 });
    expect((r.value.basicInfo as Record<string, unknown>).Extra_Nested).toBe('n');
  });

  it('reports maxLength, pattern, enum and type errors with the field path', () => {
    expect(registry.checkRequest(OPEN, withBasic({ user_name: '张'.repeat(86) }))).toEqual({ ok: false, error: { field: 'basicInfo.user_name', reason: '长度不能超过 85' } });
    expect(registry.checkRequest(OPEN, withBasic({ user_name: '张'.repeat(85) })).ok).toBe(true);
    expect(registry.checkRequest(OPEN, withBasic({ reg_phone: '23800138000' }))).toEqual({ ok: false, error: { field: 'basicInfo.reg_phone', reason: '格式错误' } });
    expect(registry.checkRequest(OPEN, withBasic({ id_exp: '2030-01-01' }))).toEqual({ ok: false, error: { field: 'basicInfo.id_exp', reason: '格式错误' } });
    expect(registry.checkRequest(OPEN, withBasic({ id_type: 'PASSPORT' }))).toEqual({ ok: false, error: { field: 'basicInfo.id_type', reason: '取值不合法', allowed: ['ID_CARD'] } });
    expect(registry.checkRequest(OPEN, { ...openBody(), open_sms_flag: 'X' })).toEqual({ ok: false, error: { field: 'open_sms_flag', reason: '取值不合法', allowed: ['Y', 'N'] } });
    expect(registry.checkRequest(OPEN, { ...openBody(), timestamp: '2026010108000' })).toEqual({ ok: false, error: { field: 'timestamp', reason: '格式错误' } });
    expect(registry.checkRequest(OPEN, { ...openBody(), notify_url: 'ftp://x' })).toEqual({ ok: false, error: { field: 'notify_url', reason: '格式错误' } });
    expect(registry.checkRequest(OPEN, { ...openBody(), oid_partner: '1'.repeat(19) })).toEqual({ ok: false, error: { field: 'oid_partner', reason: '长度不能超过 18' } });
    expect(registry.checkRequest(OPEN, withBasic({ user_name: 42 }))).toEqual({ ok: false, error: { field: 'basicInfo.user_name', reason: '类型须为 string' } });
  });

  it('checks dates as real dates, not only as digits: txn_time, id_exp (99991231 is 长期有效)', () => {
    const badTime = { field: 'txn_time', reason: '不是有效的 yyyyMMddHHmmss 时间' };
    expect(registry.checkRequest(OPEN, { ...openBody(), txn_time: '20171340999999' })).toEqual({ ok: false, error: badTime });
    expect(registry.checkRequest(OPEN, { ...openBody(), txn_time: '20260101240000' })).toEqual({ ok: false, error: badTime });
    expect(registry.checkRequest(OPEN, { ...openBody(), txn_time: '20260101235959' }).ok).toBe(true);
    const badDay = { field: 'basicInfo.id_exp', reason: '不是有效的 yyyyMMdd 日期' };
    for (const day of ['20231399', '20230229', '20230431', '00000000']) expect(registry.checkRequest(OPEN, withBasic({ id_exp: day }))).toEqual({ ok: false, error: badDay });
    for (const day of ['20240229', '20301231', '99991231']) expect(registry.checkRequest(OPEN, withBasic({ id_exp: day })).ok).toBe(true);
  });

  it('prefers the exact spelling when a body carries both, in either key order', () => {
    const { basicInfo: exact, ...rest } = openBody();
    const other = { ...(exact as Record<string, unknown>), user_name: 'OTHER' };
    const exactFirst = { ...rest, basicInfo: exact, BasicInfo: other };
    const exactLast = { ...rest, BasicInfo: other, basicInfo: exact };
    expect(Object.keys(exactLast).indexOf('BasicInfo')).toBeLessThan(Object.keys(exactLast).indexOf('basicInfo'));
    for (const body of [exactFirst, exactLast]) {
      expect(registry.checkRequest(OPEN, body)).toEqual({ ok: true, value: openBody() });
    }
  });

  it('throws for an endpoint it has no request schema for', () => {
    expect(() => registry.checkRequest('acctmgr/no-such-endpoint', {})).toThrow('no request schema for acctmgr/no-such-endpoint');
  });
});

describe('normalise (exported)', () => {
  const shape = {
    props: new Map([
      // keys as the registry builds them: lower case, no underscores
      ['orderinfo', { name: 'orderInfo', shape: { props: new Map([['totalamount', { name: 'total_amount', shape: {} }]]) } }],
      ['payeeinfo', { name: 'payeeInfo', shape: { items: { props: new Map([['payeeid', { name: 'payee_id', shape: {} }]]) } } }],
    ]),
  };

  it('prefers the exact spelling whichever comes first', () => {
    expect(normalise({ OrderInfo: { Total_Amount: '1.00' }, orderInfo: { total_amount: '2.00' } }, shape)).toEqual({ orderInfo: { total_amount: '2.00' } });
    expect(normalise({ orderInfo: { total_amount: '2.00' }, OrderInfo: { Total_Amount: '1.00' } }, shape)).toEqual({ orderInfo: { total_amount: '2.00' } });
  });

  it('matches keys ignoring underscores too: the Go SDK sends original_order_info for originalOrderInfo', () => {
    expect(normalise({ order_info: { TotalAmount: '3.00' }, payee_info: [{ PayeeID: 'c' }] }, shape)).toEqual({ orderInfo: { total_amount: '3.00' }, payeeInfo: [{ payee_id: 'c' }] });
  });

  it('renames inside arrays and drops empty array items', () => {
    expect(normalise({ PayeeInfo: [{ Payee_Id: 'a' }, null, '', { payee_id: 'b', Extra: '' }] }, shape)).toEqual({ payeeInfo: [{ payee_id: 'a' }, { payee_id: 'b' }] });
  });

  it('keeps 0, false and unknown keys; passes scalars through', () => {
    expect(normalise({ ORDERINFO: { total_amount: 0 }, flag: false, Unknown: 'u' }, shape)).toEqual({ orderInfo: { total_amount: 0 }, flag: false, Unknown: 'u' });
    expect(normalise('text', shape)).toBe('text');
    expect(normalise(null, shape)).toBeNull();
  });

  it('refuses nesting deeper than MAX_NESTING, naming the schema path down to the first unknown key', () => {
    const nest = (n: number): unknown => (n === 0 ? 'x' : [nest(n - 1)]);
    expect(() => normalise({ Order_Info: { Junk: { deeper: nest(100) } } }, shape)).toThrow(new NestingTooDeep('orderInfo.Junk'));
    expect(() => normalise({ payeeInfo: [{ payee_id: nest(100) }] }, shape)).toThrow(new NestingTooDeep('payeeInfo.payee_id'));
    expect(() => normalise(nest(100), shape)).toThrow(new NestingTooDeep('(body)'));
    // MAX_NESTING levels of objects and arrays, the body's own included, are fine
    expect(normalise({ a: nest(MAX_NESTING - 1) }, shape)).toEqual({ a: nest(MAX_NESTING - 1) });
    expect(() => normalise({ a: nest(MAX_NESTING) }, shape)).toThrow(NestingTooDeep);
  });
});

describe('SchemaRegistry: checkResponse', () => {
  it('accepts an error answer with ret_code and ret_msg, and refuses one without ret_msg', () => {
    expect(registry.checkResponse(OPEN, { ret_code: '1005', ret_msg: 'x' })).toBeNull();
    expect(registry.checkResponse(OPEN, { ret_code: '1005' })).toEqual({ field: 'ret_msg', reason: '不能为空' });
    expect(registry.checkResponse(OPEN, { ret_code: '105', ret_msg: 'x' })).toEqual({ field: 'ret_code', reason: '格式错误' });
  });

  it('checks a success answer against the endpoint response schema', () => {
    const ok = { ret_code: '0000', ret_msg: '交易成功', oid_partner: '402103190000001', user_id: 'user-1', txn_seqno: 'SEQ-1', accp_txno: 'A1', token: 'T1' };
    expect(registry.checkResponse(OPEN, ok)).toBeNull();
    const { txn_seqno: _drop, ...missing } = ok;
    expect(registry.checkResponse(OPEN, missing)).toEqual({ field: 'txn_seqno', reason: '不能为空' });
    expect(registry.checkResponse(OPEN, { ...ok, token: 'T'.repeat(33) })).toEqual({ field: 'token', reason: '长度不能超过 32' });
  });
});

describe('SchemaRegistry: schema files', () => {
  function listJson(dir: string): string[] {
    return readdirSync(dir).flatMap((e) => (statSync(join(dir, e)).isDirectory() ? listJson(join(dir, e)) : e.endsWith('.json') ? [join(dir, e)] : []));
  }

  it('every schema file has the $id of its path', () => {
    const files = listJson(schemasDir);
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) {
      const schema = JSON.parse(readFileSync(file, 'utf8')) as { $id?: string };
      expect(schema.$id).toBe(SCHEMA_BASE + relative(schemasDir, file).split('\\').join('/'));
    }
  });

  it('registers a request schema for each endpoint file', () => {
    expect(registry.names()).toContain(OPEN);
    expect(registry.has(OPEN)).toBe(true);
    expect(registry.has('common')).toBe(false);
    expect(registry.describe(OPEN)).toEqual({ title: '个人用户开户 开户申请', spec: 'acctmgr-api-v1.4 §3.3.1' });
  });

  const temps: string[] = [];
  afterEach(() => {
    for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  function tempSchemas(endpointId: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'schemas-test-'));
    temps.push(dir);
    cpSync(join(schemasDir, 'common.json'), join(dir, 'common.json'));
    mkdirSync(join(dir, 'acctmgr'));
    writeFileSync(
      join(dir, 'acctmgr', 'thing.json'),
      JSON.stringify({ $id: endpointId, title: 't', $defs: { request: { type: 'object', required: ['a'], properties: { a: { type: 'string' } } } } }),
    );
    return dir;
  }

  it('constructs from a directory whose $ids match their paths', () => {
    const reg = new SchemaRegistry(tempSchemas(`${SCHEMA_BASE}acctmgr/thing.json`));
    expect(reg.names()).toEqual(['acctmgr/thing']);
    expect(reg.checkRequest('acctmgr/thing', { A: 'x' })).toEqual({ ok: true, value: { a: 'x' } });
  });

  it('refuses a schema file whose $id does not match its path', () => {
    expect(() => new SchemaRegistry(tempSchemas(`${SCHEMA_BASE}acctmgr/other.json`))).toThrow(`$id must be ${SCHEMA_BASE}acctmgr/thing.json`);
    expect(() => new SchemaRegistry(tempSchemas(`${SCHEMA_BASE}thing.json`))).toThrow('$id must be');
  });
});

describe('normalise does not let "__proto__" in', () => {
  it('a body whose fields hide under "__proto__" is still missing them', () => {
    const registry = new SchemaRegistry(schemasDir);
    const body = JSON.parse('{"__proto__": {"timestamp":"20261126120000","oid_partner":"p","user_id":"u"}}') as Record<string, unknown>;
    const checked = registry.checkRequest('acctmgr/query-userinfo', body);
    expect(checked.ok).toBe(false);
    const value = normalise(body, {}) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(value.oid_partner).toBeUndefined();
  });
});
