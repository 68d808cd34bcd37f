// What the wire must do with bad input: the spec's ret_code, HTTP 200, a signed single-line
// answer, and no change to the state. And what LianLian's own SDK demos send must be accepted.
import { createHash, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPerson, userId } from '../../harness/testdata.js';
import { parsePublicKey } from '../protocol/keys.js';
import { verifyBody } from '../protocol/signature.js';
import { formatStamp } from '../world/clock.js';
import { startTestSimulator, TEST_ADMIN_TOKEN, type TestSimulator } from '../testkit/simulator.js';

let t: TestSimulator;
let merchantKey: KeyObject;
let platformKey: KeyObject;

beforeAll(async () => {
  t = await startTestSimulator();
  merchantKey = createPrivateKey(readFileSync(t.sim.keyFiles.demoMerchantPrivateKey, 'utf8'));
  platformKey = parsePublicKey(t.sim.ctx.keys.publicKeyB64);
});
afterAll(async () => {
  await t.dispose();
});

const javaSign = (body: Buffer | string) => sign('md5', Buffer.from(createHash('md5').update(body).digest('hex')), merchantKey).toString('base64');
const goSign = (body: Buffer | string) => sign('md5', Buffer.from(body), merchantKey).toString('base64');

async function post(path: string, body: Buffer | string, headers: Record<string, string>) {
  const res = await request(`${t.sim.url}/v1/${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json;charset=utf-8', ...headers } });
  const raw = Buffer.from(await res.body.arrayBuffer());
  return { status: res.statusCode, raw, json: JSON.parse(raw.toString('utf8')) as Record<string, string>, signature: res.headers['signature-data'] as string, rule: res.headers['x-accp-sim-rule'] };
}

function fields(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { timestamp: formatStamp(Date.now()), oid_partner: t.sim.demoOidPartner, user_id: userId(), ...extra };
}

async function snapshot(): Promise<unknown> {
  return (await t.sandbox('GET', '/sandbox/snapshot')).body;
}

/** Sends, checks the answer is HTTP 200, single-line, signed by the platform; returns it. */
async function send(path: string, body: Buffer | string, headers: Record<string, string> = { 'signature-type': 'RSA', 'signature-data': javaSign(body) }) {
  const r = await post(path, body, headers);
  expect(r.status).toBe(200);
  expect(r.raw.includes(0x0a)).toBe(false);
  expect(verifyBody(r.raw, r.signature, platformKey)).toBe('md5-hex');
  return r;
}

async function refusedWithoutChange(path: string, body: Buffer | string, code: string, headers?: Record<string, string>) {
  const before = await snapshot();
  const r = await send(path, body, headers);
  expect(r.json.ret_code).toBe(code);
  expect(await snapshot()).toEqual(before);
  return r;
}

function apply(extra: Record<string, unknown> = {}): Record<string, any> {
  const p = newPerson();
  return fields({
    txn_seqno: `S${Date.now()}${Math.random().toString(16).slice(2)}`,
    txn_time: formatStamp(Date.now()),
    notify_url: 'http://127.0.0.1:9/n',
    basicInfo: { reg_phone: p.phone, user_name: p.name, id_type: 'ID_CARD', id_no: p.idNo, id_exp: '99991231', occupation: '10' },
    linkedAcctInfo: { linked_acctno: p.cardNo, linked_phone: p.cardPhone },
    ...extra,
  });
}

describe('bad input changes nothing', () => {
  it('a tampered body: 1001', async () => {
    const body = JSON.stringify(apply());
    const tampered = body.replace('"occupation":"10"', '"occupation":"11"');
    await refusedWithoutChange('acctmgr/openacct-apply-individual', tampered, '1001', { 'signature-type': 'RSA', 'signature-data': javaSign(body) });
  });

  it('no signature, or a signature type other than RSA: 1001', async () => {
    const body = JSON.stringify(apply());
    await refusedWithoutChange('acctmgr/openacct-apply-individual', body, '1001', {});
    await refusedWithoutChange('acctmgr/openacct-apply-individual', body, '1001', { 'signature-type': 'MD5', 'signature-data': javaSign(body) });
  });

  it('an unknown oid_partner: 1031', async () => {
    await refusedWithoutChange('acctmgr/query-userinfo', JSON.stringify(fields({ oid_partner: '999999999999999999' })), '1031');
  });

  it('a timestamp more than 30 minutes old or ahead: 1037; one that is no date: 1005', async () => {
    await refusedWithoutChange('acctmgr/openacct-apply-individual', JSON.stringify(apply({ timestamp: formatStamp(Date.now() - 31 * 60_000) })), '1037');
    await refusedWithoutChange('acctmgr/openacct-apply-individual', JSON.stringify(apply({ timestamp: formatStamp(Date.now() + 31 * 60_000) })), '1037');
    const r = await refusedWithoutChange('acctmgr/openacct-apply-individual', JSON.stringify(apply({ timestamp: '20261341250000' })), '1005');
    expect(r.json.ret_msg).toContain('timestamp');
  });

  it('a missing or malformed field: 1005 naming it, echoing the identity fields', async () => {
    const body = apply();
    delete (body as Record<string, unknown>).notify_url;
    const r = await refusedWithoutChange('acctmgr/openacct-apply-individual', JSON.stringify(body), '1005');
    expect(r.json.ret_msg).toBe('商户请求参数校验错误（notify_url 不能为空）');
    expect(r.json.user_id).toBe(body.user_id);
    const bad = apply();
    (bad.basicInfo as Record<string, string>).id_type = 'PASSPORT';
    expect((await refusedWithoutChange('acctmgr/openacct-apply-individual', JSON.stringify(bad), '1005')).json.ret_msg).toContain('basicInfo.id_type');
    const phone = apply();
    (phone.linkedAcctInfo as Record<string, string>).linked_phone = '1380000';
    expect((await refusedWithoutChange('acctmgr/openacct-apply-individual', JSON.stringify(phone), '1005')).json.ret_msg).toContain('linkedAcctInfo.linked_phone');
  });

  it('a 1005 of a check beyond the schema names its check in X-Accp-Sim-Rule too', async () => {
    const body = JSON.stringify({ timestamp: formatStamp(Date.now()), oid_partner: t.sim.demoOidPartner });
    const r = await refusedWithoutChange('txn/query-withdrawal', body, '1005');
    expect(r.json.ret_msg).toContain('txn_seqno');
    expect(r.rule).toBe('service/txn_seqno');
  });

  it('the Go demo formats an amount with %f: trailing zeros after the fen are read', async () => {
    const body = JSON.stringify({ timestamp: formatStamp(Date.now()), oid_partner: t.sim.demoOidPartner, txn_seqno: 'NO-SUCH-ORDER', total_amount: '1500.000000', payer_type: 'USER', payer_id: userId(), token: 'T'.repeat(32), verify_code: '123456' });
    // read as 1500.00: it passes the schema and reaches the service, which knows no such token (1000)
    expect((await refusedWithoutChange('txn/validation-sms', body, '1000')).rule).not.toBe('schema');
  });

  it('a body over the limit: 1005, still HTTP 200 and signed', async () => {
    const body = JSON.stringify(apply({ risk_item: 'x'.repeat(300 * 1024) }));
    const r = await refusedWithoutChange('acctmgr/openacct-apply-individual', body, '1005');
    expect(r.json.ret_msg).toContain('超过');
  });

  it('a body that is not JSON, or not an object: 1005', async () => {
    await refusedWithoutChange('acctmgr/query-userinfo', '{"oid_partner":', '1005');
    await refusedWithoutChange('acctmgr/query-userinfo', '[1,2]', '1005');
  });

  it('a repeated txn_seqno: 1010, and nothing changes', async () => {
    const first = apply();
    expect((await send('acctmgr/openacct-apply-individual', JSON.stringify(first))).json.ret_code).toBe('0000');
    const again = { ...apply(), txn_seqno: first.txn_seqno };
    await refusedWithoutChange('acctmgr/openacct-apply-individual', JSON.stringify(again), '1010');
  });
});

describe('protocol corners', () => {
  it('a value nested deeper than 32 levels, known field or not: 1005 naming the field, not a crash', async () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    const top = `{"timestamp":"${formatStamp(Date.now())}","oid_partner":"${t.sim.demoOidPartner}","user_id":"${userId()}","junk":${deep(5000)}}`;
    const r = await refusedWithoutChange('acctmgr/query-userinfo', top, '1005');
    expect(r.json.ret_msg).toBe('商户请求参数校验错误（junk 嵌套层数超过 32）');
    const a = apply();
    const nested = JSON.stringify(a).replace('"basicInfo":{', `"basicInfo":{"extra":{"deeper":${deep(5000)}},`);
    expect((await refusedWithoutChange('acctmgr/openacct-apply-individual', nested, '1005')).json.ret_msg).toContain('basicInfo.extra 嵌套层数超过 32');
    const known = JSON.stringify(a).replace('"user_id":', `"user_id":${deep(40)},"x":`);
    expect((await refusedWithoutChange('acctmgr/openacct-apply-individual', known, '1005')).json.ret_msg).toContain('user_id 嵌套层数超过 32');
    // nesting an integration may really send is fine
    const fine = JSON.stringify(apply({ some_future_field: JSON.parse(deep(20)) }));
    expect((await send('acctmgr/openacct-apply-individual', fine)).json.ret_code).toBe('0000');
  });

  it('an oid_partner that is no string: 1005 saying so', async () => {
    const r = await refusedWithoutChange('acctmgr/query-userinfo', JSON.stringify(fields({ oid_partner: Number(t.sim.demoOidPartner) })), '1005');
    expect(r.json.ret_msg).toBe('商户请求参数校验错误（oid_partner 类型须为 string）');
    expect((await refusedWithoutChange('acctmgr/query-userinfo', JSON.stringify(fields({ oid_partner: '' })), '1005')).json.ret_msg).toBe('商户请求参数校验错误（oid_partner 不能为空）');
  });

  it('a UTF-8 byte-order mark before the JSON is tolerated; the signature covers the bytes as sent', async () => {
    const json = Buffer.from(JSON.stringify(apply()));
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json]);
    expect((await send('acctmgr/openacct-apply-individual', withBom)).json.ret_code).toBe('0000');
    // signed without the mark, sent with it: the bytes differ, so the signature does not verify
    await refusedWithoutChange('acctmgr/openacct-apply-individual', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(apply()))]), '1001', {
      'signature-type': 'RSA',
      'signature-data': javaSign(JSON.stringify(apply())),
    });
  });

  it('a missing Signature-Type is taken as RSA', async () => {
    const body = JSON.stringify(apply());
    expect((await send('acctmgr/openacct-apply-individual', body, { 'signature-data': javaSign(body) })).json.ret_code).toBe('0000');
  });

  it('refusals echo the identity fields where each endpoint carries them, nested too', async () => {
    const oid = t.sim.demoOidPartner;
    const cases: [string, Record<string, unknown>, Record<string, string | undefined>][] = [
      ['txn/tradecreate', { user_id: 'u1', orderInfo: { txn_seqno: 'T1' } }, { user_id: 'u1', txn_seqno: 'T1' }],
      ['txn/payment-balance', { txn_seqno: 'T2', payerInfo: { user_id: 'u2' } }, { user_id: 'u2', txn_seqno: 'T2' }],
      ['txn/payment-gw', { txn_seqno: 'T3', payerInfo: { payer_type: 'USER', payer_id: 'u3' } }, { user_id: 'u3', txn_seqno: 'T3' }],
      ['txn/withdrawal', { orderInfo: { txn_seqno: 'T4' }, payerInfo: { payer_type: 'MERCHANT', payer_id: oid } }, { user_id: undefined, txn_seqno: 'T4' }],
      ['txn/asyn-refund', { user_id: 'u5', originalOrderInfo: { txn_seqno: 'T5' }, refundOrderInfo: { refund_seqno: 'R5' } }, { user_id: 'u5', txn_seqno: 'T5' }],
      ['txn/secured-confirm', { user_id: 'u6', originalOrderInfo: { txn_seqno: 'T6' }, confirmOrderInfo: { confirm_seqno: 'C6' } }, { user_id: 'u6', txn_seqno: 'T6' }],
      ['txn/transfer', { OrderInfo: { Txn_Seqno: 'T7' }, PayerInfo: { PayerType: 'USER', Payer_Id: 'u7' } }, { user_id: 'u7', txn_seqno: 'T7' }],
      ['txn/validation-sms', { payer_type: 'USER', payer_id: 'u8', txn_seqno: 'T8' }, { user_id: 'u8', txn_seqno: 'T8' }],
    ];
    for (const [path, body, echoed] of cases) {
      const r = await refusedWithoutChange(path, JSON.stringify({ timestamp: formatStamp(Date.now()), oid_partner: oid, ...body }), '1005');
      expect({ path, oid_partner: r.json.oid_partner, user_id: r.json.user_id, txn_seqno: r.json.txn_seqno }).toEqual({ path, oid_partner: oid, ...echoed });
    }
  });
});

describe("what LianLian's SDK demos send is accepted", () => {
  it('the Java demo: Content-Encoding: UTF-8 and the spec signature', async () => {
    const body = JSON.stringify(apply());
    const r = await send('acctmgr/openacct-apply-individual', body, { 'signature-type': 'RSA', 'signature-data': javaSign(body), 'content-encoding': 'UTF-8' });
    expect(r.json.ret_code).toBe('0000');
  });

  it('the Go demo: MD5withRSA over the body itself, capitalised nested keys, empty values for absent fields', async () => {
    const a = apply();
    const goBody = JSON.stringify({
      ...a,
      open_sms_flag: '',
      risk_item: '',
      BasicInfo: { ...(a.basicInfo as object), Id_Authority: '', address: null },
      LinkedAcctInfo: a.linkedAcctInfo,
      basicInfo: undefined,
      linkedAcctInfo: undefined,
    });
    const r = await send('acctmgr/openacct-apply-individual', goBody, { 'signature-type': 'RSA', 'signature-data': goSign(goBody), 'accept-encoding': 'gzip' });
    expect(r.json).toMatchObject({ ret_code: '0000', txn_seqno: a.txn_seqno });
  });

  it('unknown extra fields', async () => {
    const body = JSON.stringify({ ...apply(), some_future_field: 'x', basicInfo: { ...(apply().basicInfo as object), another: 1 } });
    expect((await send('acctmgr/openacct-apply-individual', body)).json.ret_code).toBe('0000');
  });
});

describe('sandbox and unknown paths', () => {
  it('refuses the sandbox without the admin token (401)', async () => {
    for (const [method, path] of [
      ['GET', '/sandbox/sms?phone=13800000000'],
      ['GET', '/sandbox/snapshot'],
      ['POST', '/sandbox/reset'],
      ['POST', '/sandbox/clock'],
    ] as const) {
      for (const authorization of ['Bearer wrong', `Bearer${TEST_ADMIN_TOKEN}`, `Basic ${TEST_ADMIN_TOKEN}`, TEST_ADMIN_TOKEN]) {
        const res = await request(`${t.sim.url}${path}`, { method, headers: { authorization } });
        expect(res.statusCode).toBe(401);
        await res.body.dump();
      }
    }
  });

  it('takes the Bearer scheme in any case (RFC 7235)', async () => {
    for (const authorization of [`bearer ${TEST_ADMIN_TOKEN}`, `BEARER ${TEST_ADMIN_TOKEN}`, `Bearer  ${TEST_ADMIN_TOKEN}`]) {
      const res = await request(`${t.sim.url}/sandbox/clock`, { headers: { authorization } });
      expect(res.statusCode).toBe(200);
      await res.body.dump();
    }
  });

  it("answers the paths of LianLian's later SDKs that are not simulated with a signed 3020, after the signature check", async () => {
    const body = JSON.stringify({ timestamp: formatStamp(Date.now()), oid_partner: t.sim.demoOidPartner, user_id: userId() });
    const r = await refusedWithoutChange('acctmgr/virtualno-apply', body, '3020');
    expect(r.json.ret_msg).toBe('该笔交易暂不支持');
    expect(r.rule).toBe('protocol/not simulated /v1/acctmgr/virtualno-apply');
    // the signature is checked first, as on every path
    expect((await send('acctmgr/virtualno-apply', body, { 'signature-type': 'RSA', 'signature-data': javaSign(body + ' ') })).json.ret_code).toBe('1001');
    // a /v2 path too
    const v2 = await request(`${t.sim.url}/v2/acctmgr/unlinkedacct-ind-apply`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'signature-type': 'RSA', 'signature-data': goSign(body) } });
    expect(v2.statusCode).toBe(200);
    const raw = Buffer.from(await v2.body.arrayBuffer());
    expect(verifyBody(raw, v2.headers['signature-data'] as string, platformKey)).toBe('md5-hex');
    expect(JSON.parse(raw.toString('utf8'))).toMatchObject({ ret_code: '3020', oid_partner: t.sim.demoOidPartner });
  });

  it('answers 404 for a path the spec does not define', async () => {
    const res = await request(`${t.sim.url}/v1/acctmgr/no-such-thing`, { method: 'POST', body: '{}' });
    expect(res.statusCode).toBe(404);
    await res.body.dump();
  });
});
