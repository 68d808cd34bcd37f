// acctmgr v1.4 §3.11 (change-password), §3.12 (find-password) and §3.21 (validate-password) over
// HTTP: the ret_codes the features do not reach, the count of wrong passwords and its lock.
// Every refusal leaves the whole state (GET /sandbox/snapshot) as it was, except those the spec
// counts (a wrong payment password, a wrong SMS code), whose exact change is checked.
// The checks every endpoint makes of its user, payment password and SMS code are proven for all
// endpoints at once in users/user-checks.test.ts and passwords/password-everywhere.test.ts.
import { describe, expect, it } from 'vitest';
import { debitCardNo } from '../../harness/testdata.js';
import { smsCode } from '../testkit/simulator.js';
import { PASSWORD, useAcctmgrBed } from '../testkit/acctmgr-bed.js';

const bed = useAcctmgrBed();
const { t, state, refusedWithoutChange, countedChange, openPerson, userKey } = bed;

/** A payment password as the password control sends it: encrypted, after a random_value when one is given. */
const pw = (password = PASSWORD, randomValue = '') => t.client.encryptPassword(password, randomValue);

const { validatePassword: validate, changePassword, findPasswordApply, findPasswordVerify } = bed.calls;
const apply = findPasswordApply;
const verify = (uid: string, token: unknown, code: string, password = 'Zhao2025') => findPasswordVerify(uid, { token }, code, { password: pw(password) });

describe('change-password (§3.11)', () => {
  it('answers 1013 when password_new is not salted with the random_value that salts password', async () => {
    const p = await openPerson();
    const r = await t.client.call('acctmgr/get-random', { user_id: p.userId, flag_chnl: 'PC' });
    const rv = String(r.random_value);
    await refusedWithoutChange(() => changePassword(p.userId, { password: pw(PASSWORD, rv), password_new: pw('Li2025new'), random_key: r.random_key }), '1013');
    // the refusal did not use the random_key up
    expect((await changePassword(p.userId, { password: pw(PASSWORD, rv), password_new: pw('Li2025new', rv), random_key: r.random_key })).ret_code).toBe('0000');
    expect((await validate(p.userId, 'Li2025new')).ret_code).toBe('0000');
  });

  it('answers 1016 for a weak new password and keeps the old one', async () => {
    const p = await openPerson();
    await refusedWithoutChange(() => changePassword(p.userId, { password_new: pw('111111') }), '1016');
    expect((await validate(p.userId, PASSWORD)).ret_code).toBe('0000');
  });

  it('answers 1015 for a wrong old password and counts it', async () => {
    const p = await openPerson();
    await countedChange(() => changePassword(p.userId, { password: pw('Wrong123') }), '1015', 'users', userKey(p.userId), { password_errors: 1 });
  });
});

describe('find-password (§3.12)', () => {
  it('answers 1005 naming linked_acctno when a person names no card', async () => {
    const p = await openPerson();
    const a = await refusedWithoutChange(() => apply(p.userId), '1005');
    expect(a.ret_msg).toContain('linked_acctno');
  });

  it('answers 2013 for a card the person has not bound', async () => {
    const p = await openPerson();
    await refusedWithoutChange(() => apply(p.userId, { linked_acctno: debitCardNo() }), '2013');
  });

  it('answers 1000 for a wrong token', async () => {
    const p = await openPerson();
    const a = await apply(p.userId, { linked_acctno: p.cardNo });
    expect(a).toMatchObject({ ret_code: '0000', reg_phone: `${p.cardPhone.slice(0, 3)}****${p.cardPhone.slice(7)}` });
    const code = await smsCode(t, p.cardPhone);
    await refusedWithoutChange(() => verify(p.userId, 'f'.repeat(32), code), '1000');
  });

  it('accepts an extra txn_seqno on the verify, which §3.12.2 does not have (unknown fields are accepted)', async () => {
    const p = await openPerson();
    const a = await apply(p.userId, { linked_acctno: p.cardNo });
    const code = await smsCode(t, p.cardPhone);
    const v = await findPasswordVerify(p.userId, a, code, { txn_seqno: t.client.newSeqno('EXTRA') });
    expect(v).toMatchObject({ ret_code: '0000', user_id: p.userId });
    expect((await validate(p.userId, 'Zhao2025')).ret_code).toBe('0000');
  });

  it('answers 1005 naming password for a value that is no ciphertext, and 1013 for a random_key it never issued', async () => {
    const p = await openPerson();
    const a = await findPasswordApply(p.userId, { linked_acctno: p.cardNo });
    const code = await smsCode(t, p.cardPhone);
    const refused = await refusedWithoutChange(() => findPasswordVerify(p.userId, a, code, { password: 'bm90IGEgY2lwaGVydGV4dA==' }), '1005');
    expect(refused.ret_msg).toContain('password');
    await refusedWithoutChange(() => findPasswordVerify(p.userId, a, code, { random_key: 'no-such-key' }), '1013');
  });

  it('answers 1016 for a weak password and leaves the code usable for a good one', async () => {
    const p = await openPerson();
    const a = await apply(p.userId, { linked_acctno: p.cardNo });
    const code = await smsCode(t, p.cardPhone);
    await refusedWithoutChange(() => verify(p.userId, a.token, code, '123456'), '1016');
    expect((await verify(p.userId, a.token, code, 'Zhao2025')).ret_code).toBe('0000');
    expect((await validate(p.userId, 'Zhao2025')).ret_code).toBe('0000');
    expect((await validate(p.userId, PASSWORD)).ret_code).toBe('1015');
  });
});

describe('validate-password (§3.21)', () => {
  it('answers 1015 for a wrong password and counts it', async () => {
    const p = await openPerson();
    await countedChange(() => validate(p.userId, 'Wrong123'), '1015', 'users', userKey(p.userId), { password_errors: 1 });
    await countedChange(() => validate(p.userId, 'Wrong123'), '1015', 'users', userKey(p.userId), { password_errors: 2 });
  });

  it('a right password resets the count: 4 wrong, 1 right, 4 wrong is still 1015; a fifth then locks', async () => {
    const p = await openPerson();
    for (let i = 0; i < 4; i++) expect((await validate(p.userId, 'Wrong123')).ret_code).toBe('1015');
    await countedChange(() => validate(p.userId, PASSWORD), '0000', 'users', userKey(p.userId), { password_errors: 0 });
    for (let i = 0; i < 3; i++) expect((await validate(p.userId, 'Wrong123')).ret_code).toBe('1015');
    await countedChange(() => validate(p.userId, 'Wrong123'), '1015', 'users', userKey(p.userId), { password_errors: 4 });
    expect((await validate(p.userId, 'Wrong123')).ret_code).toBe('1014');
  });

  // Moves the clock three hours: last in the file, so no other test's codes or tokens expire.
  it('five wrong lock it (1014), the right one too, until three hours have passed', async () => {
    const p = await openPerson();
    for (let i = 1; i <= 4; i++) await countedChange(() => validate(p.userId, `Wrong${i}x`), '1015', 'users', userKey(p.userId), { password_errors: i });
    await countedChange(() => validate(p.userId, 'Wrong5x'), '1014', 'users', userKey(p.userId), { password_errors: 5, password_locked_at: expect.any(Number) });
    await refusedWithoutChange(() => validate(p.userId, PASSWORD), '1014');
    expect((await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 10790 })).status).toBe(200);
    await refusedWithoutChange(() => validate(p.userId, PASSWORD), '1014');
    expect((await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 10 })).status).toBe(200);
    expect((await validate(p.userId, PASSWORD)).ret_code).toBe('0000');
    const user = (await state()).collections.users![userKey(p.userId)()]!;
    expect(user.password_errors).toBe(0);
    expect(user.password_locked_at).toBeUndefined();
  });
});
