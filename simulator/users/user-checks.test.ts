// The checks every account-management endpoint makes of its user, proven endpoint by endpoint
// (issue 3: 2003 unknown user, 2001 state does not allow it, 2014 an enterprise on a person's
// endpoint and back), and the SMS code of every verify step (1017 counted, 1019 after the fifth
// wrong one, 1018 once it is ten minutes old), each refusal leaving the whole state as it was, or
// changed by exactly the count the spec keeps; and the SMS gateway's refusals on every apply that
// texts a code (1020 for the sandbox phone that receives nothing, 1021 for a second code to the same
// phone and purpose within a minute).
import { describe, expect, it } from 'vitest';
import { debitCardNo, mobile, newPerson, userId } from '../../harness/testdata.js';
import { smsCode } from '../testkit/simulator.js';
import { useAcctmgrBed, type Answer, type Holder, type Opened } from '../testkit/acctmgr-bed.js';

const bed = useAcctmgrBed();
const { t, refusedWithoutChange, countedChange, openPerson, openEnterprise, photosBody, smsKey, wrongCode } = bed;
const calls = bed.calls;

/** Whom a request is about: who it is (cancel-apply) and a card or account of its. */
type Who = Holder & { cardNo: string };
type Serves = 'INNERUSER' | 'INNERCOMPANY' | 'ANY';

interface Row {
  endpoint: string;
  /** the user type the endpoint serves (2014 for the other) */
  serves: Serves;
  /** a closed user is refused with 2001 (queries still answer about it) */
  refusesClosed: boolean;
  /** the request names the user type (user_type), which must be the user's (2014) */
  namesType?: true;
  call(who: Who, asType: UserType): Promise<Answer>;
}
type UserType = 'INNERUSER' | 'INNERCOMPANY';

const q = (endpoint: string, body: Answer) => t.client.call(`acctmgr/${endpoint}`, body);

const ROWS: Row[] = [
  { endpoint: 'individual-bindcard-apply', serves: 'INNERUSER', refusesClosed: true, call: (w) => calls.bindApply(w.userId) },
  { endpoint: 'enterprise-changecard-apply', serves: 'INNERCOMPANY', refusesClosed: true, call: (w) => calls.changeCard(w.userId) },
  { endpoint: 'unlinkedacct-ind-apply', serves: 'INNERUSER', refusesClosed: true, call: (w) => calls.unbind(w.userId, w.cardNo) },
  { endpoint: 'change-linkedphone-apply', serves: 'INNERUSER', refusesClosed: true, call: (w) => calls.linkedPhoneApply(w.userId, { linked_acctno: w.cardNo }) },
  { endpoint: 'change-regphone-apply', serves: 'ANY', refusesClosed: true, call: (w) => calls.regPhoneApply(w.userId, w.phone) },
  { endpoint: 'cancel-apply', serves: 'ANY', refusesClosed: true, call: (w) => calls.cancel(w) },
  { endpoint: 'change-password', serves: 'ANY', refusesClosed: true, call: (w) => calls.changePassword(w.userId) },
  { endpoint: 'find-password-apply', serves: 'ANY', refusesClosed: true, call: (w) => calls.findPasswordApply(w.userId, { linked_acctno: w.cardNo }) },
  { endpoint: 'validate-password', serves: 'ANY', refusesClosed: true, call: (w) => calls.validatePassword(w.userId) },
  { endpoint: 'upload-photos', serves: 'ANY', refusesClosed: true, call: (w) => q('upload-photos', photosBody(w.userId)) },
  { endpoint: 'query-linkedacct', serves: 'ANY', refusesClosed: false, call: (w) => q('query-linkedacct', { user_id: w.userId }) },
  { endpoint: 'query-userinfo', serves: 'ANY', refusesClosed: false, call: (w) => q('query-userinfo', { user_id: w.userId }) },
  { endpoint: 'query-acctinfo', serves: 'ANY', refusesClosed: false, namesType: true, call: (w, type) => q('query-acctinfo', { user_id: w.userId, user_type: type }) },
  {
    endpoint: 'query-acctserial',
    serves: 'ANY',
    refusesClosed: false,
    namesType: true,
    call: (w, type) => q('query-acctserial', { user_id: w.userId, user_type: type, acct_type: 'USEROWN_AVAILABLE', date_start: '20200101000000', date_end: '20200102000000', page_no: 1, page_size: 10 }),
  },
  { endpoint: 'query-acctserialdetail', serves: 'ANY', refusesClosed: false, namesType: true, call: (w, type) => q('query-acctserialdetail', { user_id: w.userId, user_type: type, jno_acct: '1' }) },
];

const asPerson = (p: Opened): Who => ({ ...p, idType: 'ID_CARD' });

/** Users made once and shared: a refusal changes none of them. */
const once = <T>(make: () => Promise<T>) => {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
};
const person = once(async () => asPerson(await openPerson()));
const company = once(async () => {
  const e = await openEnterprise('APPROVE');
  return { ...e.holder, cardNo: e.c.account.acctNo };
});
const closedPerson = once(async () => {
  const p = asPerson(await openPerson());
  expect((await calls.cancel(p)).ret_code).toBe('0000');
  return p;
});
const closedCompany = once(async () => {
  const e = await openEnterprise('APPROVE');
  expect((await calls.cancel(e.holder)).ret_code).toBe('0000');
  return { ...e.holder, cardNo: e.c.account.acctNo };
});

describe('every account-management endpoint that takes a user', () => {
  it.each(ROWS)('$endpoint: 2003 for a user the merchant does not have, and nothing changes', async (row) => {
    const p = newPerson();
    const nobody: Who = { userId: 'nobody-' + userId(), name: p.name, idType: 'ID_CARD', idNo: p.idNo, phone: p.phone, cardNo: p.cardNo };
    await refusedWithoutChange(() => row.call(nobody, 'INNERUSER'), '2003');
  });

  it.each(ROWS.filter((r) => r.refusesClosed))('$endpoint: 2001 for a closed user, and nothing changes', async (row) => {
    const company = row.serves === 'INNERCOMPANY';
    const closed = company ? await closedCompany() : await closedPerson();
    await refusedWithoutChange(() => row.call(closed, company ? 'INNERCOMPANY' : 'INNERUSER'), '2001');
  });

  it.each(ROWS.filter((r) => r.serves !== 'ANY'))('$endpoint (for $serves): 2014 for a user of the other type, and nothing changes', async (row) => {
    const forPersons = row.serves === 'INNERUSER';
    const other = forPersons ? await company() : await person();
    await refusedWithoutChange(() => row.call(other, forPersons ? 'INNERCOMPANY' : 'INNERUSER'), '2014');
  });

  it.each(ROWS.filter((r) => r.namesType))('$endpoint: 2014 when user_type names the other type, and nothing changes', async (row) => {
    const [p, e] = [await person(), await company()];
    await refusedWithoutChange(() => row.call(p, 'INNERCOMPANY'), '2014');
    await refusedWithoutChange(() => row.call(e, 'INNERUSER'), '2014');
  });
});

interface VerifyRow {
  endpoint: string;
  purpose: string;
  /** the user is looked at again at verify (2001 once closed meanwhile) */
  checksUser: boolean;
  /** where the code goes when the apply does not choose (find-password: the card's reserved phone) */
  to?: (p: Opened) => string;
  /** the apply step for a person, texting its code to `phone` */
  apply(p: Opened, phone: string): Promise<Answer>;
  verify(p: Opened, applied: Answer, code: string): Promise<Answer>;
}

const VERIFY_ROWS: VerifyRow[] = [
  {
    endpoint: 'regphone-verifycode-verify',
    purpose: 'REG_PHONE',
    checksUser: false,
    apply: (p, phone) => q('regphone-verifycode-apply', { user_id: p.userId, reg_phone: phone }),
    verify: (p, applied, code) => q('regphone-verifycode-verify', { user_id: p.userId, reg_phone: applied.reg_phone, verify_code: code }),
  },
  {
    endpoint: 'individual-bindcard-verify',
    purpose: 'BIND_CARD',
    checksUser: true,
    apply: (p, phone) => calls.bindApply(p.userId, { linked_acctno: debitCardNo(), linked_phone: phone }),
    verify: (p, applied, code) => calls.bindVerify(p.userId, applied, code),
  },
  {
    endpoint: 'change-linkedphone-verify',
    purpose: 'CHANGE_LINKED_PHONE',
    checksUser: true,
    apply: (p, phone) => calls.linkedPhoneApply(p.userId, { linked_acctno: p.cardNo, new_linked_phone: phone }),
    verify: (p, applied, code) => calls.linkedPhoneVerify(p.userId, applied, code),
  },
  {
    endpoint: 'change-regphone-verify',
    purpose: 'CHANGE_REG_PHONE',
    checksUser: true,
    apply: (p, phone) => calls.regPhoneApply(p.userId, p.phone, { reg_phone_new: phone }),
    verify: (p, applied, code) => calls.regPhoneVerify(p.userId, applied, code),
  },
  {
    endpoint: 'find-password-verify',
    purpose: 'FIND_PASSWORD',
    checksUser: true,
    to: (p) => p.cardPhone,
    apply: (p) => calls.findPasswordApply(p.userId, { linked_acctno: p.cardNo }),
    verify: (p, applied, code) => calls.findPasswordVerify(p.userId, applied, code),
  },
];

async function applied(row: VerifyRow) {
  const p = await openPerson();
  const phone = row.to?.(p) ?? mobile();
  const a = await row.apply(p, phone);
  expect(a.ret_code).toBe('0000');
  return { p, applied: a, phone, code: await smsCode(t, phone) };
}

describe('every verify step with an SMS code', () => {
  it.each(VERIFY_ROWS)('$endpoint: counts wrong codes (1017), the fifth kills the code (1019), which then refuses the right one too', async (row) => {
    const { p, applied: a, phone, code } = await applied(row);
    const key = smsKey(phone, row.purpose);
    for (let i = 1; i <= 4; i++) await countedChange(() => row.verify(p, a, wrongCode(code)), '1017', 'sms', key, { wrong_attempts: i });
    await countedChange(() => row.verify(p, a, wrongCode(code)), '1019', 'sms', key, { wrong_attempts: 5, status: 'DEAD' });
    await refusedWithoutChange(() => row.verify(p, a, code), '1019');
  });

  it.each(VERIFY_ROWS)('$endpoint: 1018 for the right code once it is ten minutes old (the token still valid), and nothing changes', async (row) => {
    const { p, applied: a, code } = await applied(row);
    expect((await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 600 })).status).toBe(200);
    await refusedWithoutChange(() => row.verify(p, a, code), '1018');
  });

  it.each(VERIFY_ROWS.filter((r) => r.checksUser))('$endpoint: 2001 when the user was closed between apply and verify, and nothing changes', async (row) => {
    const { p, applied: a, code } = await applied(row);
    expect((await calls.cancel({ ...p, idType: 'ID_CARD' })).ret_code).toBe('0000');
    await refusedWithoutChange(() => row.verify(p, a, code), '2001');
  });
});

/** The sandbox phone no SMS reaches (README's sandbox test values). */
const DEAD_PHONE = '13800001020';

interface TextingRow {
  endpoint: string;
  /** makes a user whose request will text a code to `phone`; the request */
  prepare(phone: string): Promise<() => Promise<Answer>>;
}

const TEXTING_ROWS: TextingRow[] = [
  {
    endpoint: 'individual-bindcard-apply',
    async prepare(phone) {
      const p = await openPerson();
      return () => calls.bindApply(p.userId, { linked_phone: phone });
    },
  },
  {
    endpoint: 'change-linkedphone-apply',
    async prepare(phone) {
      const p = await openPerson();
      return () => calls.linkedPhoneApply(p.userId, { linked_acctno: p.cardNo, new_linked_phone: phone });
    },
  },
  {
    endpoint: 'change-regphone-apply',
    async prepare(phone) {
      const p = await openPerson();
      return () => calls.regPhoneApply(p.userId, p.phone, { reg_phone_new: phone });
    },
  },
  {
    // the code goes to the bound phone of an enterprise (a person's goes to a card's reserved phone, which no card with the dead phone can have)
    endpoint: 'find-password-apply',
    async prepare(phone) {
      const e = await openEnterprise('APPROVE', { phone });
      return () => calls.findPasswordApply(e.uid);
    },
  },
];

describe('every apply that texts a code', () => {
  it.each(TEXTING_ROWS)('$endpoint: 1020 when the phone cannot receive SMS, and nothing changes', async (row) => {
    const call = await row.prepare(DEAD_PHONE);
    await refusedWithoutChange(call, '1020');
  });

  it.each(TEXTING_ROWS)('$endpoint: 1021 for a second code to the same phone within a minute, and nothing changes', async (row) => {
    const call = await row.prepare(mobile());
    expect((await call()).ret_code).toBe('0000');
    await refusedWithoutChange(call, '1021');
  });
});
