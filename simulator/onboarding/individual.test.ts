// acctmgr v1.4 §3.1–§3.3, §3.13, §3.15, §3.16 over HTTP: the ret_codes the feature does not reach.
// Every refusal leaves the whole state (GET /sandbox/snapshot) as it was, except a wrong SMS
// code, which is counted: its exact change is checked.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AccpClient } from '../../harness/accp-client.js';
import { applyOpening, smsCode, verifyOpening } from '../testkit/simulator.js';
import { PASSWORD, useAcctmgrBed, type Answer } from '../testkit/acctmgr-bed.js';

const bed = useAcctmgrBed();
const { t, state, refusedWithoutChange, countedChange, person, openPerson, smsKey, wrongCode } = bed;

/** The apply's answer alone, for refusedWithoutChange. */
const apply = async (...args: Parameters<typeof applyOpening>) => (await applyOpening(...args)).answer;
/** The verify without get-random (which issues a key, a change of its own): the password control's bare form. */
const verifyBare = (p: Parameters<typeof verifyOpening>[1], applied: Parameters<typeof verifyOpening>[2], opts: { code?: string } = {}) => verifyOpening(t, p, applied, PASSWORD, { bare: true, ...opts });

/** openacct-verify-individual through the password control: the password after a get-random key's random_value (or `salt`), with its random_key. */
const verifyWithKey = (p: { userId: string }, applied: { answer: Answer; txnSeqno: string }, code: string, key: Answer, password = PASSWORD, salt = String(key.random_value)) =>
  t.client.call('acctmgr/openacct-verify-individual', {
    user_id: p.userId,
    txn_seqno: applied.txnSeqno,
    token: String(applied.answer.token),
    verify_code: code,
    password: t.client.encryptPassword(password, salt),
    random_key: String(key.random_key),
  });

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
    expect(snap).not.toContain(PASSWORD);
    expect(snap).toContain('scrypt$');
  });

  it('answers 1010 for a repeated txn_seqno and 2006 for a user_id already opened', async () => {
    const p = person();
    const applied = await applyOpening(t.client, p);
    await refusedWithoutChange(() => apply(t.client, person(), applied.txnSeqno), '1010');
    expect((await verifyOpening(t, p, applied)).ret_code).toBe('0000');
    await refusedWithoutChange(() => apply(t.client, person({ userId: p.userId })), '2006');
  });

  it('answers 2006 at verify when another application opened the same user_id first: the opened user, its card and its one notification stay as they are', async () => {
    const p = person();
    const first = await applyOpening(t.client, p);
    const other = person({ userId: p.userId });
    const second = await applyOpening(t.client, other);
    expect(second.answer.ret_code).toBe('0000');
    expect((await verifyOpening(t, p, first)).ret_code).toBe('0000');
    await refusedWithoutChange(() => verifyBare(other, second), '2006');
  });

  it('answers 2007 at verify when another user opened with the same identity number meanwhile', async () => {
    const p = person();
    const first = await applyOpening(t.client, p);
    const twin = person({ idNo: p.idNo, name: p.name });
    const second = await applyOpening(t.client, twin);
    expect(second.answer.ret_code).toBe('0000');
    expect((await verifyOpening(t, p, first)).ret_code).toBe('0000');
    await refusedWithoutChange(() => verifyBare(twin, second), '2007');
  });

  it('treats the token as single-use, bound to its user and txn_seqno, and valid 30 minutes (1000)', async () => {
    const p = person();
    const applied = await applyOpening(t.client, p);
    const code = await smsCode(t, p.cardPhone);
    await refusedWithoutChange(() => verifyBare(p, { ...applied, txnSeqno: 'OTHER' }, { code }), '1000');
    await refusedWithoutChange(() => verifyBare(p, { ...applied, answer: { token: 'f'.repeat(32) } }, { code }), '1000');
    expect((await verifyBare(p, applied, { code })).ret_code).toBe('0000');
    await refusedWithoutChange(() => verifyBare(p, applied, { code }), '1000');

    const q = person();
    const late = await applyOpening(t.client, q);
    await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 1801 });
    await refusedWithoutChange(() => verifyBare(q, late), '1000');
  });

  it('counts a wrong SMS code at verify (1017): that one count is all that changes', async () => {
    const p = person();
    const applied = await applyOpening(t.client, p);
    const code = await smsCode(t, p.cardPhone);
    await countedChange(() => verifyBare(p, applied, { code: wrongCode(code) }), '1017', 'sms', smsKey(p.cardPhone, 'OPEN_ACCOUNT'), { wrong_attempts: 1 });
    expect((await verifyBare(p, applied, { code })).ret_code).toBe('0000');
  });

  it('refuses a reused, foreign, expired or mismatched random_key (1013)', async () => {
    const p = person();
    const applied = await applyOpening(t.client, p);
    const code = await smsCode(t, p.cardPhone);
    const r = await t.client.call('acctmgr/get-random', { user_id: p.userId, flag_chnl: 'H5' });
    expect(r).toMatchObject({ ret_code: '0000', rsa_public_content: t.sim.ctx.keys.publicKeyB64 });
    expect(typeof r.map_arr).toBe('string');
    // ciphertext without the random_value prefix
    await refusedWithoutChange(() => verifyWithKey(p, applied, code, r, PASSWORD, ''), '1013');
    // another user's key
    const foreign = await t.client.call('acctmgr/get-random', { user_id: 'someone-else', flag_chnl: 'PC' });
    await refusedWithoutChange(() => verifyWithKey(p, applied, code, foreign), '1013');
    // a key older than 10 minutes, with a fresh application and SMS code
    const q = person();
    const old = await t.client.call('acctmgr/get-random', { user_id: q.userId, flag_chnl: 'PC' });
    await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 601 });
    const late = await applyOpening(t.client, q);
    const lateCode = await smsCode(t, q.cardPhone);
    await refusedWithoutChange(() => verifyWithKey(q, late, lateCode, old), '1013');
    // and the right key still works for the first application, whose code is now too old (1018)
    const fresh = await t.client.call('acctmgr/get-random', { user_id: p.userId, flag_chnl: 'PC' });
    await refusedWithoutChange(() => verifyWithKey(p, applied, code, fresh), '1018');
  });

  it('counts a used random_key once: a refused weak password (1016) leaves key and code unused; the same key twice gives 1013', async () => {
    const p = person();
    const applied = await applyOpening(t.client, p);
    const code = await smsCode(t, p.cardPhone);
    const r = await t.client.call('acctmgr/get-random', { user_id: p.userId, flag_chnl: 'PC' });
    await refusedWithoutChange(() => verifyWithKey(p, applied, code, r, '123456'), '1016');
    expect((await verifyWithKey(p, applied, code, r)).ret_code).toBe('0000');
    const q = person();
    const a2 = await applyOpening(t.client, q);
    const code2 = await smsCode(t, q.cardPhone);
    await refusedWithoutChange(() => verifyWithKey(q, a2, code2, r), '1013');
  });

  it('refuses a password that is not a ciphertext for the platform key (1005 naming password)', async () => {
    const p = person();
    const applied = await applyOpening(t.client, p);
    const code = await smsCode(t, p.cardPhone);
    const a = await refusedWithoutChange(
      () => t.client.call('acctmgr/openacct-verify-individual', { user_id: p.userId, txn_seqno: applied.txnSeqno, token: String(applied.answer.token), verify_code: code, password: 'bm90IGEgY2lwaGVydGV4dA==' }),
      '1005',
    );
    expect(a.ret_msg).toContain('password');
  });

  it('answers 1005 naming basicInfo.id_exp for a date that does not exist', async () => {
    const p = person();
    const a = await refusedWithoutChange(
      () =>
        t.client.call('acctmgr/openacct-apply-individual', {
          user_id: p.userId,
          txn_seqno: t.client.newSeqno('OPEN'),
          txn_time: t.client.timestamp(),
          notify_url: bed.notifyUrl,
          basicInfo: { reg_phone: p.phone, user_name: p.name, id_type: 'ID_CARD', id_no: p.idNo, id_exp: '20231399', occupation: '10' },
          linkedAcctInfo: { linked_acctno: p.cardNo, linked_phone: p.cardPhone },
        }),
      '1005',
    );
    expect(a.ret_msg).toBe('商户请求参数校验错误（basicInfo.id_exp 不是有效的 yyyyMMdd 日期）');
  });

  it('expires SMS codes after 10 minutes (1018) and sends one code per phone and purpose a minute (1021)', async () => {
    const p = person();
    const regApply = () => t.client.call('acctmgr/regphone-verifycode-apply', { user_id: p.userId, reg_phone: p.phone });
    const regVerify = (code: string) => t.client.call('acctmgr/regphone-verifycode-verify', { user_id: p.userId, reg_phone: p.phone, verify_code: code });
    expect((await regApply()).ret_code).toBe('0000');
    await refusedWithoutChange(regApply, '1021');
    const code = await smsCode(t, p.phone);
    await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 600 });
    await refusedWithoutChange(() => regVerify(code), '1018');
    expect((await regApply()).ret_code).toBe('0000');
    const fresh = await smsCode(t, p.phone);
    expect((await regVerify(fresh)).ret_code).toBe('0000');
    await refusedWithoutChange(() => regVerify(fresh), '1018');
  });

  it('answers 1020 for the sandbox phone that cannot receive SMS, at regphone-verifycode-apply and at opening', async () => {
    await refusedWithoutChange(() => t.client.call('acctmgr/regphone-verifycode-apply', { user_id: 'u1020', reg_phone: '13800001020' }), '1020');
    await refusedWithoutChange(() => apply(t.client, person({ cardPhone: '13800001020' })), '1020');
  });

  it('answers 1021 for a second opening apply that would text the same reserved phone within a minute', async () => {
    const p = person();
    expect((await applyOpening(t.client, p)).answer.ret_code).toBe('0000');
    await refusedWithoutChange(() => apply(t.client, p), '1021');
  });

  it('answers 1029 for a card no bank in the BIN table issues, and 1024 for a Luhn failure', async () => {
    const p = person();
    await refusedWithoutChange(() => apply(t.client, { ...p, cardNo: '6011000000000004' }), '1029');
    await refusedWithoutChange(() => apply(t.client, { ...p, cardNo: p.cardNo.slice(0, -1) + String((Number(p.cardNo.at(-1)) + 1) % 10) }), '1024');
  });

  it('lets a merchant require the registration phone to be verified first', async () => {
    const keys = generateKeyPairSync('rsa', { modulusLength: 1024, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const created = await t.sandbox('POST', '/sandbox/merchants', { oid_partner: '300000000000000001', name: '需要验证手机的商户', public_key: keys.publicKey, settings: { regphone_verify_required: true } });
    expect(created.status).toBe(201);
    const client = new AccpClient({ baseUrl: t.sim.url, oidPartner: '300000000000000001', merchantPrivateKeyPem: keys.privateKey, platformPublicKey: t.sim.ctx.keys.publicKeyB64 });
    const p = person();
    const refused = await refusedWithoutChange(() => apply(client, p), '1005');
    expect(refused.ret_msg).toContain('basicInfo.reg_phone');
    await client.call('acctmgr/regphone-verifycode-apply', { user_id: p.userId, reg_phone: p.phone });
    expect((await client.call('acctmgr/regphone-verifycode-verify', { user_id: p.userId, reg_phone: p.phone, verify_code: await smsCode(t, p.phone) })).ret_code).toBe('0000');
    expect((await applyOpening(client, p)).answer.ret_code).toBe('0000');
    // merchants see only their own users: the demo merchant does not know this user
    await refusedWithoutChange(() => t.client.call('acctmgr/query-userinfo', { user_id: p.userId }), '2003');
    await client.close();
  });

  it('answers the query codes: merchant accounts, 2003 unknown user, 2014 wrong user type, 1005 missing user_id', async () => {
    const m = await t.client.call('acctmgr/query-acctinfo', { user_type: 'INNERMERCHANT' });
    expect(m.ret_code).toBe('0000');
    expect((m.acctinfo_list as { acct_type: string }[]).map((a) => a.acct_type).sort()).toEqual(
      ['MCHASSURE_AVAILABLE', 'MCHASSURE_PSETTLE', 'MCHCOUPON_AVAILABLE', 'MCHCOUPON_PSETTLE', 'MCHFEE_AVAILABLE', 'MCHFEE_PSETTLE', 'MCHOWN_AVAILABLE', 'MCHOWN_PSETTLE'],
    );
    await refusedWithoutChange(() => t.client.call('acctmgr/query-userinfo', { user_id: 'nobody' }), '2003');
    await refusedWithoutChange(() => t.client.call('acctmgr/query-acctinfo', { user_id: 'nobody', user_type: 'INNERUSER' }), '2003');
    const p = await openPerson();
    await refusedWithoutChange(() => t.client.call('acctmgr/query-acctinfo', { user_id: p.userId, user_type: 'INNERCOMPANY' }), '2014');
    const missing = await refusedWithoutChange(() => t.client.call('acctmgr/query-acctinfo', { user_type: 'INNERUSER' }), '1005');
    expect(missing.ret_msg).toContain('user_id');
  });
});
