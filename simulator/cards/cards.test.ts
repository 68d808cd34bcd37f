// acctmgr v1.4 §3.5–§3.8 and §3.14 over HTTP: binding, changing and unbinding cards, the reserved
// phone, and query-linkedacct — the ret_codes the features do not reach. Every refusal leaves the
// whole state (GET /sandbox/snapshot) as it was, except those the spec counts (a wrong payment
// password, a wrong SMS code), whose exact change is checked. The checks every endpoint makes of
// its user, its payment password and its SMS code are proven for all endpoints at once, in
// users/user-checks.test.ts and passwords/password-everywhere.test.ts.
import { describe, expect, it } from 'vitest';
import { debitCardNo, mobile } from '../../harness/testdata.js';
import { luhnCheckDigit } from '../world/identity.js';
import { testCardNo } from '../world/test-values.js';
import { smsCode } from '../testkit/simulator.js';
import { useAcctmgrBed } from '../testkit/acctmgr-bed.js';

const bed = useAcctmgrBed();
const { t, pw, state, refusedWithoutChange, countedChange, openPerson, openEnterprise, userKey, smsKey, wrongCode } = bed;
const { bindApply, bindVerify, changeCard, unbind, linkedPhoneApply, linkedPhoneVerify } = bed.calls;

function card622202(): string {
  const partial = '622202' + String(Math.floor(Math.random() * 1e12)).padStart(12, '0');
  return partial + luhnCheckDigit(partial);
}

/** A second card bound to the person (apply and verify); its number. */
async function bindSecondCard(uid: string): Promise<string> {
  const [cardNo, phone] = [debitCardNo(), mobile()];
  const a = await bindApply(uid, { linked_acctno: cardNo, linked_phone: phone });
  expect((await bindVerify(uid, a, await smsCode(t, phone))).ret_code).toBe('0000');
  return cardNo;
}

describe('individual-bindcard-apply (§3.5.1)', () => {
  it('answers 1010 for a txn_seqno used before', async () => {
    const p = await openPerson();
    await refusedWithoutChange(() => bindApply(p.userId, { txn_seqno: p.txnSeqno }), '1010');
  });
});

describe("individual-bindcard-apply (§3.5.1): the bank's answers", () => {
  it.each([
    ['1029', 'a card no bank in the BIN table issues', '6011000000000004'],
    ['3203', 'a bank that does not answer in time', testCardNo('9001')],
    ['1025', 'a card frozen at the bank', testCardNo('1025')],
  ])('answers %s for %s, and nothing changes', async (code, _what, cardNo) => {
    const p = await openPerson();
    await refusedWithoutChange(() => bindApply(p.userId, { linked_acctno: cardNo }), code);
  });
});

describe('individual-bindcard-verify (§3.5.2)', () => {
  it('answers 1000 for an unknown token and for the token of another user', async () => {
    const p = await openPerson();
    const q = await openPerson();
    const phone = mobile();
    const a = await bindApply(p.userId, { linked_phone: phone });
    expect(a.ret_code).toBe('0000');
    const code = await smsCode(t, phone);
    await refusedWithoutChange(() => bindVerify(p.userId, { ...a, token: 'f'.repeat(32) }, code), '1000');
    await refusedWithoutChange(() => bindVerify(q.userId, a, code), '1000');
    expect((await bindVerify(p.userId, a, code)).ret_code).toBe('0000');
  });

  it('answers 2008 when another application of the user bound the same card first', async () => {
    const p = await openPerson();
    const cardNo = debitCardNo();
    const [phone1, phone2] = [mobile(), mobile()];
    const first = await bindApply(p.userId, { linked_acctno: cardNo, linked_phone: phone1 });
    const second = await bindApply(p.userId, { linked_acctno: cardNo, linked_phone: phone2 });
    expect([first.ret_code, second.ret_code]).toEqual(['0000', '0000']);
    const code2 = await smsCode(t, phone2);
    expect((await bindVerify(p.userId, first, await smsCode(t, phone1))).ret_code).toBe('0000');
    await refusedWithoutChange(() => bindVerify(p.userId, second, code2), '2008');
  });
});

describe('enterprise-changecard-apply (§3.6.1)', () => {
  it('answers 1015 for a wrong password and counts it; the right one then clears the count', async () => {
    const e = await openEnterprise('APPROVE');
    await countedChange(() => changeCard(e.uid, { password: pw('Wrong123') }), '1015', 'users', userKey(e.uid), { password_errors: 1 });
    await countedChange(() => changeCard(e.uid, { password: pw('Wrong123') }), '1015', 'users', userKey(e.uid), { password_errors: 2 });
    expect((await changeCard(e.uid)).ret_code).toBe('0000');
    const snap = await state();
    expect(snap.collections.users![userKey(e.uid)()]!.password_errors).toBe(0);
  });

  it('answers 1010 for a txn_seqno used before', async () => {
    const e = await openEnterprise('APPROVE');
    await refusedWithoutChange(() => changeCard(e.uid, { txn_seqno: e.body.txn_seqno }), '1010');
  });

  it('answers 2001 for an enterprise still waiting for its review', async () => {
    const e = await openEnterprise();
    await refusedWithoutChange(() => changeCard(e.uid), '2001');
  });

  it('answers 1029 for a linked_bankcode no bank of the simulator has', async () => {
    const e = await openEnterprise('APPROVE');
    await refusedWithoutChange(() => changeCard(e.uid, { linked_bankcode: '09999999' }), '1029');
  });
});

describe('unlinkedacct-ind-apply (§3.7.1)', () => {
  it('answers 1010 for a txn_seqno used before', async () => {
    const p = await openPerson();
    await refusedWithoutChange(() => unbind(p.userId, p.cardNo, { txn_seqno: p.txnSeqno }), '1010');
  });
});

describe('change-linkedphone (§3.8)', () => {
  const cardsOf = async (uid: string) => (await t.client.call('acctmgr/query-linkedacct', { user_id: uid })).linked_acctlist as Record<string, string>[];

  it('answers 1005 naming linked_acctno when neither it nor linked_agrtno is sent', async () => {
    const p = await openPerson();
    const a = await refusedWithoutChange(() => linkedPhoneApply(p.userId), '1005');
    expect(a.ret_msg).toContain('linked_acctno');
  });

  it('answers 1010 for a txn_seqno used before', async () => {
    const p = await openPerson();
    await refusedWithoutChange(() => linkedPhoneApply(p.userId, { linked_acctno: p.cardNo, txn_seqno: p.txnSeqno }), '1010');
  });

  it("answers 1030 for a linked_agrtno that is not one of the user's", async () => {
    const p = await openPerson();
    await refusedWithoutChange(() => linkedPhoneApply(p.userId, { linked_agrtno: '99999999999999999999' }), '1030');
  });

  it('changes the reserved phone of the card named by its linked_agrtno', async () => {
    const p = await openPerson();
    const [card] = await cardsOf(p.userId);
    const phone = mobile();
    const a = await linkedPhoneApply(p.userId, { linked_agrtno: card!.linked_agrtno, new_linked_phone: phone });
    expect(a).toMatchObject({ ret_code: '0000', token: expect.any(String) });
    expect((await linkedPhoneVerify(p.userId, a, await smsCode(t, phone))).ret_code).toBe('0000');
    expect(await cardsOf(p.userId)).toEqual([{ ...card, linked_phone: phone }]);
  });

  it('answers 1000 for a wrong token and 1017 for a wrong code, which is counted', async () => {
    const p = await openPerson();
    const phone = mobile();
    const a = await linkedPhoneApply(p.userId, { linked_acctno: p.cardNo, new_linked_phone: phone });
    const code = await smsCode(t, phone);
    await refusedWithoutChange(() => linkedPhoneVerify(p.userId, { ...a, token: 'f'.repeat(32) }, code), '1000');
    await countedChange(() => linkedPhoneVerify(p.userId, a, wrongCode(code)), '1017', 'sms', smsKey(phone, 'CHANGE_LINKED_PHONE'), { wrong_attempts: 1 });
    expect((await linkedPhoneVerify(p.userId, a, code)).ret_code).toBe('0000');
  });

  it('answers 2013 at verify when the card was unbound meanwhile', async () => {
    const p = await openPerson();
    const second = await bindSecondCard(p.userId);
    const phone = mobile();
    const a = await linkedPhoneApply(p.userId, { linked_acctno: second, new_linked_phone: phone });
    expect(a.ret_code).toBe('0000');
    expect((await unbind(p.userId, second)).ret_code).toBe('0000');
    const code = await smsCode(t, phone);
    await refusedWithoutChange(() => linkedPhoneVerify(p.userId, a, code), '2013');
  });
});

describe('query-linkedacct (§3.14)', () => {
  it("lists a person's card: number, bank code, reserved phone and agreement number", async () => {
    const cardNo = card622202();
    const p = await openPerson({ cardNo });
    const a = await t.client.call('acctmgr/query-linkedacct', { user_id: p.userId });
    expect(a).toMatchObject({ ret_code: '0000', user_id: p.userId });
    expect(a.linked_acctlist).toEqual([{ linked_acctno: cardNo, linked_bankcode: '01020000', linked_phone: p.cardPhone, linked_agrtno: expect.stringMatching(/^\d+$/) }]);
  });
});

