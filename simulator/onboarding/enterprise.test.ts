// acctmgr v1.4 §3.4 (openacct-apply-enterprise), §3.20 (upload-photos) and the sandbox desk's
// review and photo views over HTTP: the ret_codes the features do not reach. Every refusal is
// checked to leave the whole state (GET /sandbox/snapshot) as it was.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { AccpClient } from '../../harness/accp-client.js';
import { JPEG_1X1, newCompany, PNG_1X1, userId } from '../../harness/testdata.js';
import { idCardCheckChar } from '../world/identity.js';
import { smsCode, TEST_ADMIN_TOKEN } from '../testkit/simulator.js';
import { useAcctmgrBed, type Answer } from '../testkit/acctmgr-bed.js';

const bed = useAcctmgrBed();
const { t, pw, state, refusedWithoutChange, openPerson, openEnterprise, enterpriseBody, photosBody } = bed;
const { cancel } = bed.calls;

async function sandboxRefusesWithoutChange(method: 'GET' | 'POST', path: string, body: unknown, status: number) {
  const before = await state();
  const res = await t.sandbox<{ error?: string }>(method, path, body);
  expect(res.status).toBe(status);
  expect(typeof res.body.error).toBe('string');
  expect(await state()).toEqual(before);
}

const applyEnterprise = (body: Answer) => t.client.call('acctmgr/openacct-apply-enterprise', body);

const b64 = (b: Buffer) => b.toString('base64');

const upload = (body: Answer) => t.client.call('acctmgr/upload-photos', body);

describe('openacct-apply-enterprise (§3.4.1)', () => {
  it('answers CHECK_PENDING with an oid_userno, which query-userinfo shows too', async () => {
    const { uid, body, answer } = await openEnterprise();
    expect(answer).toMatchObject({ user_id: uid, txn_seqno: body.txn_seqno, user_status: 'CHECK_PENDING', oid_userno: expect.stringMatching(/^\d+$/), accp_txno: expect.any(String) });
    expect(await t.client.call('acctmgr/query-userinfo', { user_id: uid })).toMatchObject({ ret_code: '0000', user_status: 'CHECK_PENDING', oid_userno: answer.oid_userno });
  });

  it('answers 1010 for a txn_seqno used before', async () => {
    const { body } = await openEnterprise();
    await refusedWithoutChange(() => applyEnterprise(enterpriseBody(newCompany(), userId(), { txnSeqno: String(body.txn_seqno) })), '1010');
  });

  it('answers 2006 for a user_id already opened as a person', async () => {
    const p = await openPerson();
    await refusedWithoutChange(() => applyEnterprise(enterpriseBody(newCompany(), p.userId)), '2006');
  });

  it('answers 2006 for a user_id whose enterprise is waiting for its review', async () => {
    const { uid } = await openEnterprise();
    await refusedWithoutChange(() => applyEnterprise(enterpriseBody(newCompany(), uid)), '2006');
  });

  it('answers 2007 for a second user with the same unified social credit code', async () => {
    const { c } = await openEnterprise();
    await refusedWithoutChange(() => applyEnterprise(enterpriseBody({ ...newCompany(), creditCode: c.creditCode }, userId())), '2007');
  });

  it('answers 1029 for a linked_bankcode no bank of the simulator has', async () => {
    const c = newCompany();
    await refusedWithoutChange(() => applyEnterprise(enterpriseBody({ ...c, account: { ...c.account, bankCode: '09999999' } }, userId())), '1029');
  });

  it('answers 1026 for a legal representative ID number with a wrong check character', async () => {
    const c = newCompany();
    const first17 = c.legalRep.idNo.slice(0, 17);
    const wrong = '0123456789X'.split('').find((ch) => ch !== idCardCheckChar(first17))!;
    await refusedWithoutChange(() => applyEnterprise(enterpriseBody({ ...c, legalRep: { ...c.legalRep, idNo: first17 + wrong } }, userId())), '1026');
  });

  it('answers 1005 naming basicInfo.password when no password is sent anywhere', async () => {
    const a = await refusedWithoutChange(() => applyEnterprise(enterpriseBody(newCompany(), userId(), { password: null })), '1005');
    expect(a.ret_msg).toContain('basicInfo.password');
  });

  it('answers 1013 for a random_key it never issued', async () => {
    await refusedWithoutChange(() => applyEnterprise({ ...enterpriseBody(newCompany(), userId()), random_key: 'no-such-key' }), '1013');
  });

  it('answers 1016 for a weak payment password', async () => {
    await refusedWithoutChange(() => applyEnterprise(enterpriseBody(newCompany(), userId(), { password: '123456' })), '1016');
  });

  it('accepts the password at the top level instead of inside basicInfo', async () => {
    const uid = userId();
    const a = await applyEnterprise({ ...enterpriseBody(newCompany(), uid, { password: null }), password: pw() });
    expect(a).toMatchObject({ ret_code: '0000', user_status: 'CHECK_PENDING' });
  });

  it('answers 1005 naming basicInfo.reg_phone for a merchant that requires the phone verified first (§3.1/§3.2), then opens once it is', async () => {
    const keys = generateKeyPairSync('rsa', { modulusLength: 1024, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const oid = '300000000000000002';
    expect((await t.sandbox('POST', '/sandbox/merchants', { oid_partner: oid, name: '需要验证手机的商户', public_key: keys.publicKey, settings: { regphone_verify_required: true } })).status).toBe(201);
    const client = new AccpClient({ baseUrl: t.sim.url, oidPartner: oid, merchantPrivateKeyPem: keys.privateKey, platformPublicKey: t.sim.ctx.keys.publicKeyB64 });
    const c = newCompany();
    const uid = userId();
    const refused = await refusedWithoutChange(() => client.call('acctmgr/openacct-apply-enterprise', enterpriseBody(c, uid)), '1005');
    expect(refused.ret_msg).toContain('basicInfo.reg_phone');
    expect((await client.call('acctmgr/regphone-verifycode-apply', { user_id: uid, reg_phone: c.phone })).ret_code).toBe('0000');
    expect((await client.call('acctmgr/regphone-verifycode-verify', { user_id: uid, reg_phone: c.phone, verify_code: await smsCode(t, c.phone) })).ret_code).toBe('0000');
    expect(await client.call('acctmgr/openacct-apply-enterprise', enterpriseBody(c, uid))).toMatchObject({ ret_code: '0000', user_status: 'CHECK_PENDING' });
    await client.close();
  });

  it('after a REJECT accepts a new application with a new txn_seqno under the same oid_userno', async () => {
    const { c, uid, answer } = await openEnterprise();
    const rejected = await t.sandbox('POST', '/sandbox/review', { oid_partner: t.sim.demoOidPartner, user_id: uid, decision: 'REJECT', reason: '营业执照模糊' });
    expect(rejected).toMatchObject({ status: 200, body: { user_status: 'CHECK_PENDING', remark: '营业执照模糊' } });
    expect(await t.client.call('acctmgr/query-userinfo', { user_id: uid })).toMatchObject({ remark: '营业执照模糊' });
    const again = await applyEnterprise(enterpriseBody(c, uid));
    expect(again).toMatchObject({ ret_code: '0000', user_status: 'CHECK_PENDING', oid_userno: answer.oid_userno });
    const info = await t.client.call('acctmgr/query-userinfo', { user_id: uid });
    expect(info).toMatchObject({ ret_code: '0000', user_status: 'CHECK_PENDING', oid_userno: answer.oid_userno });
    expect(info.remark).toBeUndefined();
  });
});

describe('a refused enterprise (REJECT keeps it CHECK_PENDING with the reason)', () => {
  it('does not hold its credit code: another user_id opens with it, and then the refused one may not apply again with it (2007)', async () => {
    const { c, uid } = await openEnterprise('REJECT');
    const other = userId();
    expect(await applyEnterprise(enterpriseBody(c, other))).toMatchObject({ ret_code: '0000', user_status: 'CHECK_PENDING' });
    await refusedWithoutChange(() => applyEnterprise(enterpriseBody(c, uid)), '2007');
  });

  it('may be closed by cancel-apply: user and accounts CANCEL, its account unbound; its user_id is then used (2006)', async () => {
    const e = await openEnterprise('REJECT');
    const { c, uid } = e;
    expect((await cancel(e.holder)).ret_code).toBe('0000');
    expect(await t.client.call('acctmgr/query-userinfo', { user_id: uid })).toMatchObject({ ret_code: '0000', user_status: 'CANCEL' });
    const accts = await t.client.call('acctmgr/query-acctinfo', { user_id: uid, user_type: 'INNERCOMPANY' });
    expect((accts.acctinfo_list as { acct_state: string }[]).map((a) => a.acct_state)).toEqual(['CANCEL', 'CANCEL']);
    expect(await t.client.call('acctmgr/query-linkedacct', { user_id: uid })).toMatchObject({ ret_code: '0000', linked_acctlist: [] });
    await refusedWithoutChange(() => applyEnterprise(enterpriseBody(c, uid)), '2006');
    await refusedWithoutChange(() => cancel(e.holder), '2001');
    await refusedWithoutChange(() => upload(photosBody(uid)), '2001');
  });

  it('an enterprise still waiting for its review may not be closed (2001)', async () => {
    const e = await openEnterprise();
    await refusedWithoutChange(() => cancel(e.holder), '2001');
  });
});

describe('POST /sandbox/review', () => {
  const review = (uid: string, decision: string, reason?: string) => ({ oid_partner: t.sim.demoOidPartner, user_id: uid, decision, ...(reason ? { reason } : {}) });

  it('answers 409 when the licence photo is missing, and approves once it is uploaded', async () => {
    const { uid } = await openEnterprise();
    await sandboxRefusesWithoutChange('POST', '/sandbox/review', review(uid, 'APPROVE'), 409);
    expect((await upload(photosBody(uid))).ret_code).toBe('0000');
    expect(await t.sandbox('POST', '/sandbox/review', review(uid, 'APPROVE'))).toMatchObject({ status: 200, body: { user_status: 'NORMAL' } });
  });

  it('answers 409 when the enterprise is not waiting for a review (approved, or rejected)', async () => {
    const { uid } = await openEnterprise();
    expect((await upload(photosBody(uid))).ret_code).toBe('0000');
    expect((await t.sandbox('POST', '/sandbox/review', review(uid, 'APPROVE'))).status).toBe(200);
    await sandboxRefusesWithoutChange('POST', '/sandbox/review', review(uid, 'REJECT', '重复审核'), 409);
    const other = await openEnterprise();
    expect((await t.sandbox('POST', '/sandbox/review', review(other.uid, 'REJECT', '资料不全'))).status).toBe(200);
    await sandboxRefusesWithoutChange('POST', '/sandbox/review', review(other.uid, 'REJECT', '资料不全'), 409);
  });

  it('answers 409 for a person, 404 for an unknown user, 400 for a REJECT without a reason', async () => {
    const p = await openPerson();
    await sandboxRefusesWithoutChange('POST', '/sandbox/review', review(p.userId, 'APPROVE'), 409);
    await sandboxRefusesWithoutChange('POST', '/sandbox/review', review('nobody-' + userId(), 'APPROVE'), 404);
    const { uid } = await openEnterprise();
    await sandboxRefusesWithoutChange('POST', '/sandbox/review', review(uid, 'REJECT'), 400);
    await sandboxRefusesWithoutChange('POST', '/sandbox/review', review(uid, 'REJECT', '   '), 400);
  });
});

describe('upload-photos (§3.20)', () => {
  it('answers 2003 for an unknown user', async () => {
    await refusedWithoutChange(() => upload(photosBody('nobody-' + userId())), '2003');
  });

  it('answers 1005 naming id_emblem when the Base64 is not an image of the declared type', async () => {
    const { uid } = await openEnterprise();
    const a = await refusedWithoutChange(() => upload(photosBody(uid, { id_emblem: b64(PNG_1X1) })), '1005');
    expect(a.ret_msg).toContain('id_emblem');
    const text = await refusedWithoutChange(() => upload(photosBody(uid, { id_emblem: b64(Buffer.from('not an image at all')) })), '1005');
    expect(text.ret_msg).toContain('id_emblem');
  });

  it('answers 1005 naming the photo over 4 MiB', async () => {
    const { uid } = await openEnterprise();
    const big = Buffer.concat([PNG_1X1.subarray(0, 8), Buffer.alloc(4 * 1024 * 1024 + 1 - 8)]);
    const a = await refusedWithoutChange(() => upload(photosBody(uid, { unified_code: b64(big) })), '1005');
    expect(a.ret_msg).toContain('unified_code');
    // exactly 4 MiB is allowed
    const limit = Buffer.concat([PNG_1X1.subarray(0, 8), Buffer.alloc(4 * 1024 * 1024 - 8)]);
    expect((await upload(photosBody(uid, { unified_code: b64(limit) }))).ret_code).toBe('0000');
  });

  it('answers 1005 naming unified_code when an enterprise sends no licence', async () => {
    const { uid } = await openEnterprise();
    const { unified_code: _, unified_code_filetype: __, ...body } = photosBody(uid);
    const a = await refusedWithoutChange(() => upload(body), '1005');
    expect(a.ret_msg).toContain('unified_code');
  });

  it('accepts Base64 with a line break every 76 characters, and the desk shows kinds, hashes and the exact bytes', async () => {
    const { uid } = await openEnterprise();
    // a JPEG long enough to need line breaks
    const jpeg = Buffer.concat([JPEG_1X1, Buffer.alloc(300, 7)]);
    const wrapped = (b: Buffer) => b64(b).replace(/(.{76})/g, '$1\n');
    expect(wrapped(jpeg)).toContain('\n');
    expect((await upload(photosBody(uid, { id_emblem: wrapped(jpeg), id_portrait: wrapped(JPEG_1X1), unified_code: wrapped(PNG_1X1) }))).ret_code).toBe('0000');

    const query = `oid_partner=${t.sim.demoOidPartner}&user_id=${uid}`;
    const listed = await t.sandbox<{ files: { kind: string; filetype: string; bytes: number; sha256: string }[] }>('GET', `/sandbox/photos?${query}`);
    expect(listed.status).toBe(200);
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(listed.body.files.map((f) => [f.kind, f.filetype, f.bytes, f.sha256]).sort()).toEqual(
      [
        ['id_emblem', 'jpeg', jpeg.length, sha(jpeg)],
        ['id_portrait', 'jpeg', JPEG_1X1.length, sha(JPEG_1X1)],
        ['unified_code', 'png', PNG_1X1.length, sha(PNG_1X1)],
      ].sort(),
    );

    const file = async (kind: string, auth = true) => {
      const res = await request(new URL(`/sandbox/photos/file?${query}&kind=${kind}`, t.sim.url), { headers: auth ? { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } : {} });
      return { status: res.statusCode, type: res.headers['content-type'], bytes: Buffer.from(await res.body.arrayBuffer()) };
    };
    expect(await file('id_emblem')).toEqual({ status: 200, type: 'image/jpeg', bytes: jpeg });
    expect(await file('unified_code')).toEqual({ status: 200, type: 'image/png', bytes: PNG_1X1 });

    // the admin token is needed for both views
    expect((await file('unified_code', false)).status).toBe(401);
    const bare = await request(new URL(`/sandbox/photos?${query}`, t.sim.url));
    expect(bare.statusCode).toBe(401);
    await bare.body.dump();
  });
});
