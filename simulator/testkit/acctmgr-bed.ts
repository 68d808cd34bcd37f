// The common ground of the account-management tests (onboarding, cards, users, passwords,
// queries): the money bed's simulator, notify receiver and whole-state helpers
// (refusedWithoutChange, countedChange), plus what those suites keep making: opened persons with
// their opening txn_seqno, enterprises (pending, approved or refused), the keys of a user's and an
// SMS message's records in a snapshot, a locked payment password, orders to pay.
import { expect } from 'vitest';
import type { Company } from '../../harness/integration.js';
import { corporateAccount, debitCardNo, JPEG_1X1, mobile, newCompany, newPerson, PNG_1X1, userId } from '../../harness/testdata.js';
import { applyOpening, verifyOpening, type OpeningInput } from './simulator.js';
import { PASSWORD, useMoneyBed, type Answer, type MoneyBed, type Snapshot } from './money-bed.js';

export { PASSWORD, type Answer, type Snapshot } from './money-bed.js';

/** A person with an open account, and the txn_seqno its opening used. */
export type Opened = OpeningInput & { txnSeqno: string };

export interface Enterprise {
  c: Company;
  uid: string;
  /** who it is, for cancel-apply */
  holder: Holder;
  /** the openacct-apply-enterprise request and its answer */
  body: Answer;
  answer: Answer;
}

/** Who closes an account (cancel-apply proves it with these). */
export interface Holder {
  userId: string;
  name: string;
  idType?: 'ID_CARD' | 'UNIFIED_SOCIAL_CREDIT_CODE';
  idNo: string;
  phone: string;
}

/**
 * The account-management requests the suites make, each signed by the demo merchant's client, with
 * what a success needs filled in (a fresh txn_seqno, the receiver as notify_url, the payment
 * password PASSWORD, a new card or phone) and `fields` laid over it.
 */
export interface AcctmgrCalls {
  bindApply(uid: string, fields?: Answer): Promise<Answer>;
  bindVerify(uid: string, applied: Answer, code: string, fields?: Answer): Promise<Answer>;
  changeCard(uid: string, fields?: Answer): Promise<Answer>;
  unbind(uid: string, cardNo: string, fields?: Answer): Promise<Answer>;
  /** names no card: give linked_acctno or linked_agrtno in `fields` */
  linkedPhoneApply(uid: string, fields?: Answer): Promise<Answer>;
  linkedPhoneVerify(uid: string, applied: Answer, code: string, fields?: Answer): Promise<Answer>;
  regPhoneApply(uid: string, oldPhone: string, fields?: Answer): Promise<Answer>;
  regPhoneVerify(uid: string, applied: Answer, code: string, fields?: Answer): Promise<Answer>;
  cancel(who: Holder, fields?: Answer): Promise<Answer>;
  changePassword(uid: string, fields?: Answer): Promise<Answer>;
  findPasswordApply(uid: string, fields?: Answer): Promise<Answer>;
  findPasswordVerify(uid: string, applied: Answer, code: string, fields?: Answer): Promise<Answer>;
  validatePassword(uid: string, password?: string): Promise<Answer>;
}

export interface AcctmgrBed extends MoneyBed {
  calls: AcctmgrCalls;
  /** A new person's details (not opened), notifying the bed's receiver. */
  person(overrides?: Partial<OpeningInput>): OpeningInput;
  /** A person opened with the payment password PASSWORD and one bound debit card. */
  openPerson(overrides?: Partial<OpeningInput>): Promise<Opened>;
  /** An openacct-apply-enterprise body for a company, with the payment password (none when null) inside basicInfo. */
  enterpriseBody(c: Company, uid: string, opts?: { password?: string | null; txnSeqno?: string }): Answer;
  /** An enterprise applied for (CHECK_PENDING); approved (photos uploaded, NORMAL) or refused when asked. */
  openEnterprise(decision?: 'APPROVE' | 'REJECT', company?: Partial<Company>): Promise<Enterprise>;
  /** An upload-photos body: ID card photos as JPEG, the licence as PNG. */
  photosBody(uid: string, extra?: Answer): Answer;
  /** POST /sandbox/review */
  review(uid: string, decision: 'APPROVE' | 'REJECT', reason?: string): Promise<{ status: number; body: Answer }>;
  /** The snapshot key of a user of the demo merchant. */
  userKey(uid: string): (s?: Snapshot) => string;
  /** The snapshot key of the live SMS message of a purpose sent to a phone. */
  smsKey(phone: string, purpose: string): (s: Snapshot) => string;
  /** A code that is not `code`. */
  wrongCode(code: string): string;
  /** Five wrong payment passwords in a row (validate-password): the fifth locks it (1014). */
  lock(uid: string): Promise<void>;
  /** A GENERAL_CONSUME order of `total` yuan from payer to payee; its txn_seqno. */
  consumption(payer: string, payee: string, total: string): Promise<string>;
}

export function useAcctmgrBed(): AcctmgrBed {
  const money = useMoneyBed();
  const { t } = money;
  const person = (overrides: Partial<OpeningInput> = {}): OpeningInput => ({ userId: userId(), ...newPerson(), notifyUrl: money.notifyUrl, ...overrides });
  const enterpriseBody: AcctmgrBed['enterpriseBody'] = (c, uid, opts = {}) => {
    const password = opts.password === undefined ? PASSWORD : opts.password;
    return {
      user_id: uid,
      txn_seqno: opts.txnSeqno ?? t.client.newSeqno('OPENE'),
      txn_time: t.client.timestamp(),
      notify_url: money.notifyUrl,
      basicInfo: { reg_phone: c.phone, user_name: c.name, id_type: 'UNIFIED_SOCIAL_CREDIT_CODE', id_no: c.creditCode, id_exp: c.idExp, address: c.address, reg_email: c.email, ...(password === null ? {} : { password: money.pw(password) }) },
      linkedAcctInfo: { linked_acctno: c.account.acctNo, linked_bankcode: c.account.bankCode, linked_brbankno: c.account.branchNo, linked_acctname: c.account.acctName, ...(c.account.branchName ? { linked_brbankname: c.account.branchName } : {}) },
      legalreptInfo: { legalrept_name: c.legalRep.name, legalrept_phone: c.legalRep.phone, legalrept_idno: c.legalRep.idNo, legalrept_idexp: c.legalRep.idExp },
      contactsInfo: { contacts_name: c.contact.name, contacts_phone: c.contact.phone },
      basicAcctInfo: { basicacct_bankcode: c.basicAccount.bankCode, basicacct_no: c.basicAccount.acctNo },
    };
  };
  const photosBody = (uid: string, extra: Answer = {}): Answer => {
    const b64 = (b: Buffer) => b.toString('base64');
    return { user_id: uid, id_emblem: b64(JPEG_1X1), id_portrait: b64(JPEG_1X1), id_filetype: 'jpeg', unified_code: b64(PNG_1X1), unified_code_filetype: 'png', ...extra };
  };
  const review: AcctmgrBed['review'] = (uid, decision, reason) => t.sandbox('POST', '/sandbox/review', { oid_partner: money.oid(), user_id: uid, decision, ...(reason ? { reason } : {}) });

  const seq = (prefix: string) => ({ txn_seqno: t.client.newSeqno(prefix), txn_time: t.client.timestamp(), notify_url: money.notifyUrl });
  const call = (endpoint: string, body: Answer) => t.client.call(`acctmgr/${endpoint}`, body);
  const verifyBody = (uid: string, applied: Answer) => ({ user_id: uid, txn_seqno: applied.txn_seqno, token: applied.token });
  const calls: AcctmgrCalls = {
    bindApply: (uid, fields = {}) => call('individual-bindcard-apply', { user_id: uid, ...seq('BIND'), linked_acctno: debitCardNo(), linked_phone: mobile(), password: money.pw(), ...fields }),
    bindVerify: (uid, applied, code, fields = {}) => call('individual-bindcard-verify', { ...verifyBody(uid, applied), verify_code: code, ...fields }),
    changeCard: (uid, fields = {}) => {
      const acct = corporateAccount('新账户有限公司');
      return call('enterprise-changecard-apply', { user_id: uid, ...seq('CHGCARD'), linked_acctno: acct.acctNo, linked_bankcode: acct.bankCode, linked_brbankno: acct.branchNo, linked_acctname: acct.acctName, password: money.pw(), ...fields });
    },
    unbind: (uid, cardNo, fields = {}) => call('unlinkedacct-ind-apply', { user_id: uid, ...seq('UNBIND'), linked_acctno: cardNo, password: money.pw(), ...fields }),
    linkedPhoneApply: (uid, fields = {}) => call('change-linkedphone-apply', { user_id: uid, ...seq('CHGLP'), new_linked_phone: mobile(), ...fields }),
    linkedPhoneVerify: (uid, applied, code, fields = {}) => call('change-linkedphone-verify', { ...verifyBody(uid, applied), verify_code_new: code, ...fields }),
    regPhoneApply: (uid, oldPhone, fields = {}) => call('change-regphone-apply', { user_id: uid, ...seq('CHGRP'), reg_phone: oldPhone, reg_phone_new: mobile(), password: money.pw(), ...fields }),
    regPhoneVerify: (uid, applied, code, fields = {}) => call('change-regphone-verify', { ...verifyBody(uid, applied), verify_code_new: code, ...fields }),
    cancel: (who, fields = {}) =>
      call('cancel-apply', { user_id: who.userId, ...seq('CANCEL'), user_name: who.name, id_type: who.idType ?? 'ID_CARD', id_no: who.idNo, reg_phone: who.phone, password: money.pw(), ...fields }),
    changePassword: (uid, fields = {}) => call('change-password', { user_id: uid, password: money.pw(), password_new: money.pw('Li2025new'), ...fields }),
    findPasswordApply: (uid, fields = {}) => call('find-password-apply', { user_id: uid, ...fields }),
    findPasswordVerify: (uid, applied, code, fields = {}) => call('find-password-verify', { user_id: uid, token: applied.token, verify_code: code, password: money.pw('Zhao2025'), ...fields }),
    validatePassword: (uid, password = PASSWORD) => call('validate-password', { user_id: uid, password: money.pw(password) }),
  };

  const extras: Omit<AcctmgrBed, keyof MoneyBed> & Pick<AcctmgrBed, 'openPerson'> = {
    calls,
    person,
    async openPerson(overrides = {}) {
      const p = person(overrides);
      const applied = await applyOpening(t.client, p);
      expect(applied.answer.ret_code).toBe('0000');
      expect((await verifyOpening(t, p, applied, PASSWORD)).ret_code).toBe('0000');
      return { ...p, txnSeqno: applied.txnSeqno };
    },
    enterpriseBody,
    async openEnterprise(decision, company = {}) {
      const c = { ...newCompany(), ...company };
      const uid = userId();
      const body = enterpriseBody(c, uid);
      const answer = await t.client.call('acctmgr/openacct-apply-enterprise', body);
      expect(answer.ret_code).toBe('0000');
      if (decision === 'APPROVE') expect((await t.client.call('acctmgr/upload-photos', photosBody(uid))).ret_code).toBe('0000');
      if (decision) expect((await review(uid, decision, decision === 'REJECT' ? '营业执照模糊' : undefined)).status).toBe(200);
      return { c, uid, holder: { userId: uid, name: c.name, idType: 'UNIFIED_SOCIAL_CREDIT_CODE', idNo: c.creditCode, phone: c.phone }, body, answer };
    },
    photosBody,
    review,
    userKey: (uid) => () => `${money.oid()}/${uid}`,
    smsKey: (phone, purpose) => (s) => Object.entries(s.collections.sms ?? {}).find(([, m]) => m.phone === phone && m.purpose === purpose && m.status === 'ACTIVE')![0],
    wrongCode: (code) => (code === '000000' ? '111111' : '000000'),
    async lock(uid) {
      for (let i = 1; i <= 5; i++) expect((await calls.validatePassword(uid, `Wrong${i}x`)).ret_code).toBe(i < 5 ? '1015' : '1014');
    },
    async consumption(payer, payee, total) {
      const a = await t.client.call('txn/tradecreate', {
        txn_type: 'GENERAL_CONSUME',
        user_id: payer,
        notify_url: money.notifyUrl,
        orderInfo: { txn_seqno: t.client.newSeqno('ORD'), txn_time: t.client.timestamp(), total_amount: total, goods_name: '测试商品' },
        payeeInfo: [{ payee_id: payee, payee_type: 'USER', payee_amount: total }],
      });
      expect(a.ret_code).toBe('0000');
      return String(a.txn_seqno);
    },
  };
  // The money bed's helpers stay its own (they close over it); the bed adds to them.
  return Object.assign(Object.create(money) as MoneyBed, extras) as AcctmgrBed;
}
