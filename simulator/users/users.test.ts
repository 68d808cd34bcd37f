// acctmgr v1.4 §3.9 (change-regphone) and §3.10 (cancel-apply) over HTTP: the ret_codes the
// features do not reach, and what closing an account leaves behind. Every refusal leaves the
// whole state (GET /sandbox/snapshot) as it was, except a wrong SMS code, which is counted.
// The checks every endpoint makes of its user, payment password and SMS code are proven for all
// endpoints at once in users/user-checks.test.ts and passwords/password-everywhere.test.ts.
import { describe, expect, it } from 'vitest';
import { debitCardNo, mobile, userId } from '../../harness/testdata.js';
import { applyOpening, smsCode, type OpeningInput } from '../testkit/simulator.js';
import { useAcctmgrBed, type Answer } from '../testkit/acctmgr-bed.js';

const bed = useAcctmgrBed();
const { t, pw, refusedWithoutChange, countedChange, openPerson, smsKey, wrongCode, consumption, topUp } = bed;
const { regPhoneApply, regPhoneVerify, cancel } = bed.calls;

describe('change-regphone (§3.9)', () => {
  const apply = (p: { userId: string; phone: string }, fields: Answer = {}) => regPhoneApply(p.userId, p.phone, fields);

  it('answers 1010 for a txn_seqno used before', async () => {
    const p = await openPerson();
    await refusedWithoutChange(() => apply(p, { txn_seqno: p.txnSeqno }), '1010');
  });

  it('answers 1000 when the token is used again after a success', async () => {
    const p = await openPerson();
    const phone = mobile();
    const a = await apply(p, { reg_phone_new: phone });
    expect(a.ret_code).toBe('0000');
    const code = await smsCode(t, phone);
    expect((await regPhoneVerify(p.userId, a, code)).ret_code).toBe('0000');
    await refusedWithoutChange(() => regPhoneVerify(p.userId, a, code), '1000');
  });

  it('answers 1017 for a wrong code and counts it; the right code then changes the phone', async () => {
    const p = await openPerson();
    const phone = mobile();
    const a = await apply(p, { reg_phone_new: phone });
    const code = await smsCode(t, phone);
    await countedChange(() => regPhoneVerify(p.userId, a, wrongCode(code)), '1017', 'sms', smsKey(phone, 'CHANGE_REG_PHONE'), { wrong_attempts: 1 });
    expect((await regPhoneVerify(p.userId, a, code)).ret_code).toBe('0000');
    // the old phone no longer proves who the user is; the new one does
    expect((await apply(p)).ret_code).toBe('2011');
    expect((await apply({ ...p, phone })).ret_code).toBe('0000');
  });
});

describe('cancel-apply (§3.10)', () => {
  it('answers 1010 for a txn_seqno used before', async () => {
    const p = await openPerson();
    await refusedWithoutChange(() => cancel(p, { txn_seqno: p.txnSeqno }), '1010');
  });

  it('answers 2010 while the user has money', async () => {
    const p = await openPerson();
    await topUp(p.userId, '0.01');
    await refusedWithoutChange(() => cancel(p), '2010');
  });

  describe('answers 2010 while a payment or an internal transfer waits for its SMS code or channel page (8888), whether the user pays or is paid', () => {
    const closeOrder = async (seq: string) => expect((await t.client.call('txn/close-payment', { txn_seqno: seq })).ret_code).toBe('0000');

    it('a card payment above the SMS threshold (nothing frozen): neither payer nor payee closes; once the order is closed both may', async () => {
      const [c, d] = [await openPerson(), await openPerson()];
      const seq = await consumption(c.userId, d.userId, '2000.00');
      const held = await t.client.call('txn/payment-bankcard', { txn_seqno: seq, total_amount: '2000.00', payerInfo: { user_id: c.userId, password: pw() }, bankCardInfo: { linked_acctno: c.cardNo }, payMethods: [{ method: 'AGRT_DEBIT_CARD', amount: '2000.00' }] });
      expect(held.ret_code).toBe('8888');
      await refusedWithoutChange(() => cancel(c), '2010');
      await refusedWithoutChange(() => cancel(d), '2010');
      await closeOrder(seq);
      expect((await cancel(c)).ret_code).toBe('0000');
      expect((await cancel(d)).ret_code).toBe('0000');
    });

    it('a channel page (payment-gw) still open: neither payer nor payee closes', async () => {
      const [c, d] = [await openPerson(), await openPerson()];
      const seq = await consumption(c.userId, d.userId, '88.00');
      const held = await t.client.call('txn/payment-gw', { txn_seqno: seq, total_amount: '88.00', client_ip: '127.0.0.1', payerInfo: { payer_type: 'USER', payer_id: c.userId }, payMethods: [{ method: 'WECHAT_NATIVE', amount: '88.00' }] });
      expect(held).toMatchObject({ ret_code: '0000', gateway_url: expect.any(String) });
      await refusedWithoutChange(() => cancel(c), '2010');
      await refusedWithoutChange(() => cancel(d), '2010');
      await closeOrder(seq);
      expect((await cancel(d)).ret_code).toBe('0000');
    });

    it('an internal transfer waiting for its SMS code: its payee (with nothing in its accounts) does not close', async () => {
      const [c, d] = [await openPerson(), await openPerson()];
      await topUp(c.userId, '1500.00');
      const held = await t.client.call('txn/transfer', {
        notify_url: bed.notifyUrl,
        orderInfo: { txn_seqno: t.client.newSeqno('TR'), txn_time: t.client.timestamp(), total_amount: '1200.00', txn_purpose: '佣金支付' },
        payerInfo: { payer_type: 'USER', payer_id: c.userId, password: pw() },
        payeeInfo: { payee_type: 'USER', payee_id: d.userId },
      });
      expect(held.ret_code).toBe('8888');
      await refusedWithoutChange(() => cancel(d), '2010');
    });
  });

  it('closes the user: accounts CANCEL, cards unbound, and 2001 for a second cancel', async () => {
    const p = await openPerson();
    const a = await cancel(p);
    expect(a).toMatchObject({ ret_code: '0000', accp_txno: expect.any(String) });
    expect(await t.client.call('acctmgr/query-userinfo', { user_id: p.userId })).toMatchObject({ ret_code: '0000', user_status: 'CANCEL' });
    const accts = await t.client.call('acctmgr/query-acctinfo', { user_id: p.userId, user_type: 'INNERUSER' });
    expect((accts.acctinfo_list as { acct_type: string; acct_state: string }[]).map((x) => [x.acct_type, x.acct_state]).sort()).toEqual([
      ['USEROWN_AVAILABLE', 'CANCEL'],
      ['USEROWN_PSETTLE', 'CANCEL'],
    ]);
    expect(await t.client.call('acctmgr/query-linkedacct', { user_id: p.userId })).toMatchObject({ ret_code: '0000', linked_acctlist: [] });
    await refusedWithoutChange(() => cancel(p), '2001');
  });

  it('lets a new user open with the same identity number once the first is closed (no more 2007)', async () => {
    const p = await openPerson();
    const q: OpeningInput = { ...p, userId: userId(), cardNo: debitCardNo(), phone: mobile() };
    q.cardPhone = q.phone;
    await refusedWithoutChange(async () => (await applyOpening(t.client, q)).answer, '2007');
    expect((await cancel(p)).ret_code).toBe('0000');
    const reopened = await openPerson(q);
    expect(await t.client.call('acctmgr/query-userinfo', { user_id: reopened.userId })).toMatchObject({ ret_code: '0000', user_status: 'NORMAL' });
  });
});
