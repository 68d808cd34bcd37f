// acctmgr v1.4 §3.1–§3.3, §3.13, §3.15, §3.16 over HTTP: the ret_codes the feature does not reach.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccpClient } from '../../harness/accp-client.js';
import { newPerson, userId } from '../../harness/testdata.js';
import { applyOpening, smsCode, startTestSimulator, verifyOpening, type OpeningInput, type TestSimulator } from '../testkit/simulator.js';

let t: TestSimulator;
beforeAll(async () => {
  t = await startTestSimulator();
});
afterAll(async () => {
  await t.dispose();
});

function person(): OpeningInput {
  const p = newPerson();
  return { userId: userId(), ...p };
}

async function state() {
  return (await t.sandbox('GET', '/sandbox/snapshot')).body;
}

describe('personal account opening', () => {
  it('opens a NORMAL user with two empty accounts, a bound card and a signed notification queued', async () => {
    const p = person();
    const applied = await applyOpening(t.client, p);
    expect(applied.answer).toMatchObject({ ret_code: '0000', ret_msg: '交易成功', user_id: p.userId, txn_seqno: applied.txnSeqno });
    expect(String(applied.answer.token)).toMatch(/^[0-9a-f]{32}$/);
    const verified = await verifyOpening(t, p, applied);
    expect(verified).toMatchObject({ ret_code: '0000', user_status: 'NORMAL', accp_txno: applied.answer.accp_txno });
    const info = await t.client.call('acctmgr/query-userinfo', { user_id: p.userId });
    expect(info).toMatchObject({ ret_code: '0000', user_status: 'NORMAL', oid_userno: verified.oid_userno });
    const acct = await t.client.call('acctmgr/query-acctinfo', { user_id: p.userId, user_type: 'INNERUSER' });
    expect((acct.acctinfo_list as { acct_type: string; amt_balcur: string }[]).map((a) => [a.acct_type, a.amt_balcur]).sort()).toEqual([
      ['USEROWN_AVAILABLE', '0.00'],
      ['USEROWN_PSETTLE', '0.00'],
    ]);
    const { body } = await t.sandbox<{ notifications: { body: string; status: string }[] }>('GET', `/sandbox/notifications?txn_seqno=${applied.txnSeqno}`);
    expect(body.notifications).toHaveLength(1);
    expect(JSON.parse(body.notifications[0]!.body)).toEqual({
      oid_partner: t.sim.demoOidPartner,
      user_id: p.userId,
      txn_seqno: applied.txnSeqno,
      accp_txno: applied.answer.accp_txno,
      oid_userno: verified.oid_userno,
      user_status: 'NORMAL',
      linked_agrtno: expect.stringMatching(/^\d+$/),
    });
    // the password is kept only as an scrypt hash
    const snap = JSON.stringify(await state());
    expect(snap).not.toContain('Wang2024');
    expect(snap).toContain('scrypt$');
  });

  it('answers 1010 for a repeated txn_seqno and 2006 for a user_id already opened', async () => {
    const p = person();
    const applied = await applyOpening(t.client, p);
    expect((await applyOpening(t.client, { ...person(), userId: userId() }, applied.txnSeqno)).answer.ret_code).toBe('1010');
    await verifyOpening(t, p, applied);
    expect((await applyOpening(t.client, { ...person(), userId: p.userId })).answer.ret_code).toBe('2006');
  });

  it('answers 2006 at verify when another application opened the same user_id first', async () => {
    const p = person();
    const first = await applyOpening(t.client, p);
    const other = { ...person(), userId: p.userId };
    const second = await applyOpening(t.client, other);
    expect(second.answer.ret_code).toBe('0000');
    expect((await verifyOpening(t, p, first)).ret_code).toBe('0000');
    expect((await verifyOpening(t, other, second)).ret_code).toBe('2006');
  });

  it('treats the token as single-use, bound to its user and txn_seqno, and valid 30 minutes (1000)', async () => {
    const p = person();
    const applied = await applyOpening(t.client, p);
    const code = await smsCode(t, p.cardPhone);
    const wrongSeq = await verifyOpening(t, p, { ...applied, txnSeqno: 'OTHER' }, 'Wang2024', { code });
    expect(wrongSeq.ret_code).toBe('1000');
    const wrongToken = await verifyOpening(t, p, { ...applied, answer: { token: 'f'.repeat(32) } }, 'Wang2024', { code });
    expect(wrongToken.ret_code).toBe('1000');
    expect((await verifyOpening(t, p, applied, 'Wang2024', { code })).ret_code).toBe('0000');
    expect((await verifyOpening(t, p, applied, 'Wang2024', { code })).ret_code).toBe('1000');

    const q = person();
    const late = await applyOpening(t.client, q);
    await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 1801 });
    expect((await verifyOpening(t, q, late)).ret_code).toBe('1000');
  });

  it('refuses a reused, foreign, expired or mismatched random_key (1013)', async () => {
    const p = person();
    const applied = await applyOpening(t.client, p);
    const code = await smsCode(t, p.cardPhone);
    const r = await t.client.call('acctmgr/get-random', { user_id: p.userId, flag_chnl: 'H5' });
    expect(r).toMatchObject({ ret_code: '0000', rsa_public_content: t.sim.ctx.keys.publicKeyB64 });
    expect(typeof r.map_arr).toBe('string');
    const call = (password: string, randomKey: string) =>
      t.client.call('acctmgr/openacct-verify-individual', { user_id: p.userId, txn_seqno: applied.txnSeqno, token: String(applied.answer.token), verify_code: code, password, random_key: randomKey });
    // ciphertext without the random_value prefix
    expect((await call(t.client.encryptPassword('Wang2024'), String(r.random_key))).ret_code).toBe('1013');
    // another user's key
    const foreign = await t.client.call('acctmgr/get-random', { user_id: 'someone-else', flag_chnl: 'PC' });
    expect((await call(t.client.encryptPassword('Wang2024', String(foreign.random_value)), String(foreign.random_key))).ret_code).toBe('1013');
    // a key older than 10 minutes, with a fresh application and SMS code
    const q = person();
    const old = await t.client.call('acctmgr/get-random', { user_id: q.userId, flag_chnl: 'PC' });
    await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 601 });
    const late = await applyOpening(t.client, q);
    const expired = await t.client.call('acctmgr/openacct-verify-individual', {
      user_id: q.userId,
      txn_seqno: late.txnSeqno,
      token: String(late.answer.token),
      verify_code: await smsCode(t, q.cardPhone),
      password: t.client.encryptPassword('Wang2024', String(old.random_value)),
      random_key: String(old.random_key),
    });
    expect(expired.ret_code).toBe('1013');
    // and the right key still works for the first application, whose code is now too old (1018)
    const fresh = await t.client.call('acctmgr/get-random', { user_id: p.userId, flag_chnl: 'PC' });
    expect((await call(t.client.encryptPassword('Wang2024', String(fresh.random_value)), String(fresh.random_key))).ret_code).toBe('1018');
  });

  it('counts a used random_key once: the same key twice gives 1013', async () => {
    const p = person();
    const applied = await applyOpening(t.client, p);
    const code = await smsCode(t, p.cardPhone);
    const r = await t.client.call('acctmgr/get-random', { user_id: p.userId, flag_chnl: 'PC' });
    const body = { user_id: p.userId, txn_seqno: applied.txnSeqno, token: String(applied.answer.token), verify_code: code, random_key: String(r.random_key) };
    // a weak password is refused (1016) after the key is checked, and the refusal rolls the key's use back
    expect((await t.client.call('acctmgr/openacct-verify-individual', { ...body, password: t.client.encryptPassword('123456', String(r.random_value)) })).ret_code).toBe('1016');
    expect((await t.client.call('acctmgr/openacct-verify-individual', { ...body, password: t.client.encryptPassword('Wang2024', String(r.random_value)) })).ret_code).toBe('0000');
    const q = person();
    const a2 = await applyOpening(t.client, q);
    const again = await t.client.call('acctmgr/openacct-verify-individual', {
      user_id: q.userId,
      txn_seqno: a2.txnSeqno,
      token: String(a2.answer.token),
      verify_code: await smsCode(t, q.cardPhone),
      password: t.client.encryptPassword('Wang2024', String(r.random_value)),
      random_key: String(r.random_key),
    });
    expect(again.ret_code).toBe('1013');
  });

  it('refuses a password that is not a ciphertext for the platform key (1005 naming password)', async () => {
    const p = person();
    const applied = await applyOpening(t.client, p);
    const a = await t.client.call('acctmgr/openacct-verify-individual', { user_id: p.userId, txn_seqno: applied.txnSeqno, token: String(applied.answer.token), verify_code: await smsCode(t, p.cardPhone), password: 'bm90IGEgY2lwaGVydGV4dA==' });
    expect(a.ret_code).toBe('1005');
    expect(a.ret_msg).toContain('password');
  });

  it('expires SMS codes after 10 minutes (1018) and sends one code per phone and purpose a minute (1021)', async () => {
    const p = person();
    expect((await t.client.call('acctmgr/regphone-verifycode-apply', { user_id: p.userId, reg_phone: p.phone })).ret_code).toBe('0000');
    expect((await t.client.call('acctmgr/regphone-verifycode-apply', { user_id: p.userId, reg_phone: p.phone })).ret_code).toBe('1021');
    const code = await smsCode(t, p.phone);
    await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 600 });
    expect((await t.client.call('acctmgr/regphone-verifycode-verify', { user_id: p.userId, reg_phone: p.phone, verify_code: code })).ret_code).toBe('1018');
    expect((await t.client.call('acctmgr/regphone-verifycode-apply', { user_id: p.userId, reg_phone: p.phone })).ret_code).toBe('0000');
    const fresh = await smsCode(t, p.phone);
    expect((await t.client.call('acctmgr/regphone-verifycode-verify', { user_id: p.userId, reg_phone: p.phone, verify_code: fresh })).ret_code).toBe('0000');
    expect((await t.client.call('acctmgr/regphone-verifycode-verify', { user_id: p.userId, reg_phone: p.phone, verify_code: fresh })).ret_code).toBe('1018');
  });

  it('answers 1020 for the sandbox phone that cannot receive SMS, and changes nothing', async () => {
    const before = await state();
    const a = await t.client.call('acctmgr/regphone-verifycode-apply', { user_id: 'u1020', reg_phone: '13800001020' });
    expect(a.ret_code).toBe('1020');
    expect(await state()).toEqual(before);
  });

  it('answers 1029 for a card no bank in the BIN table issues, and 1024 for a Luhn failure', async () => {
    const p = person();
    expect((await applyOpening(t.client, { ...p, cardNo: '6011000000000004' })).answer.ret_code).toBe('1029');
    expect((await applyOpening(t.client, { ...p, cardNo: p.cardNo.slice(0, -1) + String((Number(p.cardNo.at(-1)) + 1) % 10) })).answer.ret_code).toBe('1024');
  });

  it('lets a merchant require the registration phone to be verified first', async () => {
    const keys = generateKeyPairSync('rsa', { modulusLength: 1024, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const created = await t.sandbox('POST', '/sandbox/merchants', { oid_partner: '300000000000000001', name: '需要验证手机的商户', public_key: keys.publicKey, settings: { regphone_verify_required: true } });
    expect(created.status).toBe(201);
    const client = new AccpClient({ baseUrl: t.sim.url, oidPartner: '300000000000000001', merchantPrivateKeyPem: keys.privateKey, platformPublicKey: t.sim.ctx.keys.publicKeyB64 });
    const p = person();
    const refused = await applyOpening(client, p);
    expect(refused.answer.ret_code).toBe('1005');
    expect(refused.answer.ret_msg).toContain('basicInfo.reg_phone');
    await client.call('acctmgr/regphone-verifycode-apply', { user_id: p.userId, reg_phone: p.phone });
    expect((await client.call('acctmgr/regphone-verifycode-verify', { user_id: p.userId, reg_phone: p.phone, verify_code: await smsCode(t, p.phone) })).ret_code).toBe('0000');
    expect((await applyOpening(client, p)).answer.ret_code).toBe('0000');
    // merchants see only their own users: the demo merchant does not know this user
    expect((await t.client.call('acctmgr/query-userinfo', { user_id: p.userId })).ret_code).toBe('2003');
    await client.close();
  });

  it('answers the query codes: merchant accounts, 2003 unknown user, 2014 wrong user type, 1005 missing user_id', async () => {
    const m = await t.client.call('acctmgr/query-acctinfo', { user_type: 'INNERMERCHANT' });
    expect(m.ret_code).toBe('0000');
    expect((m.acctinfo_list as { acct_type: string }[]).map((a) => a.acct_type).sort()).toEqual(
      ['MCHASSURE_AVAILABLE', 'MCHASSURE_PSETTLE', 'MCHCOUPON_AVAILABLE', 'MCHCOUPON_PSETTLE', 'MCHFEE_AVAILABLE', 'MCHFEE_PSETTLE', 'MCHOWN_AVAILABLE', 'MCHOWN_PSETTLE'],
    );
    expect((await t.client.call('acctmgr/query-userinfo', { user_id: 'nobody' })).ret_code).toBe('2003');
    expect((await t.client.call('acctmgr/query-acctinfo', { user_id: 'nobody', user_type: 'INNERUSER' })).ret_code).toBe('2003');
    const p = person();
    await verifyOpening(t, p, await applyOpening(t.client, p));
    expect((await t.client.call('acctmgr/query-acctinfo', { user_id: p.userId, user_type: 'INNERCOMPANY' })).ret_code).toBe('2014');
    const missing = await t.client.call('acctmgr/query-acctinfo', { user_type: 'INNERUSER' });
    expect(missing.ret_code).toBe('1005');
    expect(missing.ret_msg).toContain('user_id');
  });
});
