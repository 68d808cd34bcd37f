// The common ground of the account-management tests (onboarding, cards, users, passwords,
// queries): the money bed's simulator, notify receiver and whole-state helpers
// (refusedWithoutChange, countedChange), plus what those suites keep making: opened persons with
// their opening txn_seqno, enterprises (pending, approved or refused), the keys of a user's and an
// SMS message's records in a snapshot, a locked payment password, orders to pay.
import { expect } from 'vitest';
import type { Company } from '../../harness/integration.js';
import { JPEG_1X1, newCompany, newPerson, PNG_1X1, userId } from '../../harness/testdata.js';
import { applyOpening, verifyOpening, type OpeningInput } from './simulator.js';
import { PASSWORD, useMoneyBed, type Answer, type MoneyBed, type Snapshot } from './money-bed.js';

export { PASSWORD, type Answer, type Snapshot } from './money-bed.js';

/** A person with an open account, and the txn_seqno its opening used. */
export type Opened = OpeningInput & { txnSeqno: string };

export interface Enterprise {
  c: Company;
  uid: string;
  /** the openacct-apply-enterprise request and its answer */
  body: Answer;
  answer: Answer;
}

export interface AcctmgrBed extends MoneyBed {
  /** A new person's details (not opened), notifying the bed's receiver. */
  person(overrides?: Partial<OpeningInput>): OpeningInput;
  /** A person opened with the payment password PASSWORD and one bound debit card. */
  openPerson(overrides?: Partial<OpeningInput>): Promise<Opened>;
  /** An openacct-apply-enterprise body for a company, with the payment password (none when null) inside basicInfo. */
  enterpriseBody(c: Company, uid: string, opts?: { password?: string | null; txnSeqno?: string }): Answer;
  /** An enterprise applied for (CHECK_PENDING); approved (photos uploaded, NORMAL) or refused when asked. */
  openEnterprise(decision?: 'APPROVE' | 'REJECT'): Promise<Enterprise>;
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

  const extras: Omit<AcctmgrBed, keyof MoneyBed> & Pick<AcctmgrBed, 'openPerson'> = {
    person,
    async openPerson(overrides = {}) {
      const p = person(overrides);
      const applied = await applyOpening(t.client, p);
      expect(applied.answer.ret_code).toBe('0000');
      expect((await verifyOpening(t, p, applied, PASSWORD)).ret_code).toBe('0000');
      return { ...p, txnSeqno: applied.txnSeqno };
    },
    enterpriseBody,
    async openEnterprise(decision) {
      const c = newCompany();
      const uid = userId();
      const body = enterpriseBody(c, uid);
      const answer = await t.client.call('acctmgr/openacct-apply-enterprise', body);
      expect(answer.ret_code).toBe('0000');
      if (decision === 'APPROVE') expect((await t.client.call('acctmgr/upload-photos', photosBody(uid))).ret_code).toBe('0000');
      if (decision) expect((await review(uid, decision, decision === 'REJECT' ? '营业执照模糊' : undefined)).status).toBe(200);
      return { c, uid, body, answer };
    },
    photosBody,
    review,
    userKey: (uid) => () => `${money.oid()}/${uid}`,
    smsKey: (phone, purpose) => (s) => Object.entries(s.collections.sms ?? {}).find(([, m]) => m.phone === phone && m.purpose === purpose && m.status === 'ACTIVE')![0],
    wrongCode: (code) => (code === '000000' ? '111111' : '000000'),
    async lock(uid) {
      for (let i = 1; i <= 5; i++) {
        const a = await t.client.call('acctmgr/validate-password', { user_id: uid, password: money.pw(`Wrong${i}x`) });
        expect(a.ret_code).toBe(i < 5 ? '1015' : '1014');
      }
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
