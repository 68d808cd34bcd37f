// acctmgr v1.4 §3.5–§3.8 and §3.14 over HTTP: binding, changing and unbinding cards, the reserved
// phone, and query-linkedacct — the ret_codes the features do not reach. Every refusal leaves the
// whole state (GET /sandbox/snapshot) as it was, except those the spec counts (a wrong payment
// password, a wrong SMS code), whose exact change is checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Company } from '../../harness/integration.js';
import { corporateAccount, JPEG_1X1, mobile, newCompany, newPerson, PNG_1X1, userId } from '../../harness/testdata.js';
import { luhnCheckDigit } from '../world/identity.js';
import { applyOpening, type OpeningInput, smsCode, startAckReceiver, startTestSimulator, type TestSimulator, verifyOpening } from '../testkit/simulator.js';

let t: TestSimulator;
let receiver: Awaited<ReturnType<typeof startAckReceiver>>;
let notifyUrl: string;
beforeAll(async () => {
  t = await startTestSimulator();
  receiver = await startAckReceiver();
  notifyUrl = receiver.url;
});
afterAll(async () => {
  await t.dispose();
  await receiver.close();
});

type Snapshot = { collections: Record<string, Record<string, Record<string, unknown>>> };
type Answer = Record<string, unknown>;
const PASSWORD = 'Wang2024';

/** The whole state, once no notification is waiting for its (immediate) delivery. */
async function state(): Promise<Snapshot> {
  for (let i = 0; ; i++) {
    const snap = (await t.sandbox<Snapshot>('GET', '/sandbox/snapshot')).body;
    if (!Object.values(snap.collections.notifications ?? {}).some((n) => n.status === 'PENDING') || i > 100) return snap;
    await new Promise((res) => setTimeout(res, 20));
  }
}

async function refusedWithoutChange(call: () => Promise<Answer>, code: string): Promise<Answer> {
  const before = await state();
  const answer = await call();
  expect(answer.ret_code).toBe(code);
  expect(await state()).toEqual(before);
  return answer;
}

/** A refusal the spec counts: the state changes by exactly one record's fields. */
async function countedChange(call: () => Promise<Answer>, code: string, collection: string, key: (s: Snapshot) => string, fields: Record<string, unknown>): Promise<void> {
  const before = await state();
  const answer = await call();
  expect(answer.ret_code).toBe(code);
  const after = await state();
  const expected = structuredClone(before.collections);
  const k = key(before);
  expected[collection]![k] = { ...expected[collection]![k], ...fields };
  expect(after.collections).toEqual(expected);
}

const userKey = (uid: string) => () => `${t.sim.demoOidPartner}/${uid}`;
/** The live SMS message of a purpose sent to a phone. */
const smsKey = (phone: string, purpose: string) => (s: Snapshot) =>
  Object.entries(s.collections.sms ?? {}).find(([, m]) => m.phone === phone && m.purpose === purpose && m.status === 'ACTIVE')![0];

const pw = (password = PASSWORD) => t.client.encryptPassword(password);

function card622202(): string {
  const partial = '622202' + String(Math.floor(Math.random() * 1e12)).padStart(12, '0');
  return partial + luhnCheckDigit(partial);
}

async function openPerson(cardNo?: string): Promise<OpeningInput & { txnSeqno: string }> {
  const p: OpeningInput = { userId: userId(), ...newPerson(), notifyUrl, ...(cardNo ? { cardNo } : {}) };
  const applied = await applyOpening(t.client, p);
  expect((await verifyOpening(t, p, applied, PASSWORD)).ret_code).toBe('0000');
  return { ...p, txnSeqno: applied.txnSeqno };
}

async function enterprise(approve: boolean): Promise<{ uid: string; c: Company }> {
  const c = newCompany();
  const uid = userId();
  const a = await t.client.call('acctmgr/openacct-apply-enterprise', {
    user_id: uid,
    txn_seqno: t.client.newSeqno('OPENE'),
    txn_time: t.client.timestamp(),
    notify_url: notifyUrl,
    basicInfo: { reg_phone: c.phone, user_name: c.name, id_type: 'UNIFIED_SOCIAL_CREDIT_CODE', id_no: c.creditCode, id_exp: c.idExp, address: c.address, reg_email: c.email, password: pw() },
    linkedAcctInfo: { linked_acctno: c.account.acctNo, linked_bankcode: c.account.bankCode, linked_brbankno: c.account.branchNo, linked_acctname: c.account.acctName },
    legalreptInfo: { legalrept_name: c.legalRep.name, legalrept_phone: c.legalRep.phone, legalrept_idno: c.legalRep.idNo, legalrept_idexp: c.legalRep.idExp },
    contactsInfo: { contacts_name: c.contact.name, contacts_phone: c.contact.phone },
    basicAcctInfo: { basicacct_bankcode: c.basicAccount.bankCode, basicacct_no: c.basicAccount.acctNo },
  });
  expect(a.ret_code).toBe('0000');
  if (approve) {
    const up = await t.client.call('acctmgr/upload-photos', { user_id: uid, id_emblem: JPEG_1X1.toString('base64'), id_portrait: JPEG_1X1.toString('base64'), id_filetype: 'jpeg', unified_code: PNG_1X1.toString('base64'), unified_code_filetype: 'png' });
    expect(up.ret_code).toBe('0000');
    expect((await t.sandbox('POST', '/sandbox/review', { oid_partner: t.sim.demoOidPartner, user_id: uid, decision: 'APPROVE' })).status).toBe(200);
  }
  return { uid, c };
}

const bindApply = (uid: string, fields: Answer = {}) =>
  t.client.call('acctmgr/individual-bindcard-apply', { user_id: uid, txn_seqno: t.client.newSeqno('BIND'), txn_time: t.client.timestamp(), notify_url: notifyUrl, linked_acctno: card622202(), linked_phone: mobile(), password: pw(), ...fields });
const validate = (uid: string, password: string) => t.client.call('acctmgr/validate-password', { user_id: uid, password: pw(password) });

describe('individual-bindcard-apply (§3.5.1)', () => {
  it('answers 1010 for a txn_seqno used before', async () => {
    const p = await openPerson();
    await refusedWithoutChange(() => bindApply(p.userId, { txn_seqno: p.txnSeqno }), '1010');
  });

  it('answers 2003 for an unknown user and 2014 for an enterprise', async () => {
    await refusedWithoutChange(() => bindApply('nobody-' + userId()), '2003');
    const e = await enterprise(true);
    await refusedWithoutChange(() => bindApply(e.uid), '2014');
  });

  it('answers 1014, even with the right password, once five wrong ones have locked it', async () => {
    const p = await openPerson();
    for (let i = 1; i <= 4; i++) expect((await validate(p.userId, `Wrong${i}x`)).ret_code).toBe('1015');
    expect((await validate(p.userId, 'Wrong5x')).ret_code).toBe('1014');
    await refusedWithoutChange(() => bindApply(p.userId), '1014');
  });

  it('answers 1005 naming password when the ciphertext is not the key size', async () => {
    const p = await openPerson();
    const a = await refusedWithoutChange(() => bindApply(p.userId, { password: Buffer.alloc(40, 1).toString('base64') }), '1005');
    expect(a.ret_msg).toContain('password');
  });
});

describe('individual-bindcard-verify (§3.5.2)', () => {
  const verify = (uid: string, txnSeqno: unknown, token: unknown, code: string) => t.client.call('acctmgr/individual-bindcard-verify', { user_id: uid, txn_seqno: txnSeqno, token, verify_code: code });

  it('answers 1000 for an unknown token and for the token of another user', async () => {
    const p = await openPerson();
    const q = await openPerson();
    const phone = mobile();
    const a = await bindApply(p.userId, { linked_phone: phone });
    expect(a.ret_code).toBe('0000');
    const code = await smsCode(t, phone);
    await refusedWithoutChange(() => verify(p.userId, a.txn_seqno, 'f'.repeat(32), code), '1000');
    await refusedWithoutChange(() => verify(q.userId, a.txn_seqno, a.token, code), '1000');
    expect((await verify(p.userId, a.txn_seqno, a.token, code)).ret_code).toBe('0000');
  });

  it('counts wrong codes: the fifth kills the code (1019), and then even the right code answers 1019', async () => {
    const p = await openPerson();
    const phone = mobile();
    const a = await bindApply(p.userId, { linked_phone: phone });
    const code = await smsCode(t, phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 1; i <= 4; i++) {
      await countedChange(() => verify(p.userId, a.txn_seqno, a.token, wrong), '1017', 'sms', smsKey(phone, 'BIND_CARD'), { wrong_attempts: i });
    }
    await countedChange(() => verify(p.userId, a.txn_seqno, a.token, wrong), '1019', 'sms', smsKey(phone, 'BIND_CARD'), { wrong_attempts: 5, status: 'DEAD' });
    await refusedWithoutChange(() => verify(p.userId, a.txn_seqno, a.token, code), '1019');
  });
});

describe('enterprise-changecard-apply (§3.6.1)', () => {
  const change = (uid: string, fields: Answer = {}) => {
    const acct = corporateAccount('新账户有限公司');
    return t.client.call('acctmgr/enterprise-changecard-apply', {
      user_id: uid,
      txn_seqno: t.client.newSeqno('CHGCARD'),
      txn_time: t.client.timestamp(),
      notify_url: notifyUrl,
      linked_acctno: acct.acctNo,
      linked_bankcode: acct.bankCode,
      linked_brbankno: acct.branchNo,
      linked_acctname: acct.acctName,
      password: pw(),
      ...fields,
    });
  };

  it('answers 1015 for a wrong password and counts it; the right one then clears the count', async () => {
    const e = await enterprise(true);
    await countedChange(() => change(e.uid, { password: pw('Wrong123') }), '1015', 'users', userKey(e.uid), { password_errors: 1 });
    await countedChange(() => change(e.uid, { password: pw('Wrong123') }), '1015', 'users', userKey(e.uid), { password_errors: 2 });
    expect((await change(e.uid)).ret_code).toBe('0000');
    const snap = await state();
    expect(snap.collections.users![userKey(e.uid)()]!.password_errors).toBe(0);
  });

  it('answers 2001 for an enterprise still waiting for its review', async () => {
    const e = await enterprise(false);
    await refusedWithoutChange(() => change(e.uid), '2001');
  });

  it('answers 1029 for a linked_bankcode no bank of the simulator has', async () => {
    const e = await enterprise(true);
    await refusedWithoutChange(() => change(e.uid, { linked_bankcode: '09999999' }), '1029');
  });

  it('answers 2014 for a person', async () => {
    const p = await openPerson();
    await refusedWithoutChange(() => change(p.userId), '2014');
  });
});

describe('unlinkedacct-ind-apply (§3.7.1)', () => {
  const unbind = (uid: string, cardNo: string, fields: Answer = {}) =>
    t.client.call('acctmgr/unlinkedacct-ind-apply', { user_id: uid, txn_seqno: t.client.newSeqno('UNBIND'), txn_time: t.client.timestamp(), notify_url: notifyUrl, linked_acctno: cardNo, password: pw(), ...fields });

  it('answers 2014 for an enterprise', async () => {
    const e = await enterprise(true);
    await refusedWithoutChange(() => unbind(e.uid, e.c.account.acctNo), '2014');
  });

  it('answers 1010 for a txn_seqno used before', async () => {
    const p = await openPerson();
    await refusedWithoutChange(() => unbind(p.userId, p.cardNo, { txn_seqno: p.txnSeqno }), '1010');
  });
});

describe('change-linkedphone (§3.8)', () => {
  const apply = (uid: string, fields: Answer) =>
    t.client.call('acctmgr/change-linkedphone-apply', { user_id: uid, txn_seqno: t.client.newSeqno('CHGLP'), txn_time: t.client.timestamp(), notify_url: notifyUrl, ...fields });
  const verify = (uid: string, a: Answer, code: string, token = a.token) => t.client.call('acctmgr/change-linkedphone-verify', { user_id: uid, txn_seqno: a.txn_seqno, token, verify_code_new: code });
  const cardsOf = async (uid: string) => (await t.client.call('acctmgr/query-linkedacct', { user_id: uid })).linked_acctlist as Record<string, string>[];

  it('answers 1005 naming linked_acctno when neither it nor linked_agrtno is sent', async () => {
    const p = await openPerson();
    const a = await refusedWithoutChange(() => apply(p.userId, { new_linked_phone: mobile() }), '1005');
    expect(a.ret_msg).toContain('linked_acctno');
  });

  it('answers 1030 for a linked_agrtno that is not one of the user\'s', async () => {
    const p = await openPerson();
    await refusedWithoutChange(() => apply(p.userId, { linked_agrtno: '99999999999999999999', new_linked_phone: mobile() }), '1030');
  });

  it('changes the reserved phone of the card named by its linked_agrtno', async () => {
    const p = await openPerson();
    const [card] = await cardsOf(p.userId);
    const phone = mobile();
    const a = await apply(p.userId, { linked_agrtno: card!.linked_agrtno, new_linked_phone: phone });
    expect(a).toMatchObject({ ret_code: '0000', token: expect.any(String) });
    expect((await verify(p.userId, a, await smsCode(t, phone))).ret_code).toBe('0000');
    expect(await cardsOf(p.userId)).toEqual([{ ...card, linked_phone: phone }]);
  });

  it('answers 1000 for a wrong token and 1017 for a wrong code, which is counted', async () => {
    const p = await openPerson();
    const phone = mobile();
    const a = await apply(p.userId, { linked_acctno: p.cardNo, new_linked_phone: phone });
    const code = await smsCode(t, phone);
    await refusedWithoutChange(() => verify(p.userId, a, code, 'f'.repeat(32)), '1000');
    const wrong = code === '000000' ? '111111' : '000000';
    await countedChange(() => verify(p.userId, a, wrong), '1017', 'sms', smsKey(phone, 'CHANGE_LINKED_PHONE'), { wrong_attempts: 1 });
    expect((await verify(p.userId, a, code)).ret_code).toBe('0000');
  });
});

describe('query-linkedacct (§3.14)', () => {
  it('answers 2003 for an unknown user', async () => {
    await refusedWithoutChange(() => t.client.call('acctmgr/query-linkedacct', { user_id: 'nobody-' + userId() }), '2003');
  });

  it("lists a person's card: number, bank code, reserved phone and agreement number", async () => {
    const cardNo = card622202();
    const p = await openPerson(cardNo);
    const a = await t.client.call('acctmgr/query-linkedacct', { user_id: p.userId });
    expect(a).toMatchObject({ ret_code: '0000', user_id: p.userId });
    expect(a.linked_acctlist).toEqual([{ linked_acctno: cardNo, linked_bankcode: '01020000', linked_phone: p.cardPhone, linked_agrtno: expect.stringMatching(/^\d+$/) }]);
  });
});
