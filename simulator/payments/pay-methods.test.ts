// txn v2.3 §3.2.3 payment-bankcard and §3.2.4 payment-gw beyond the happy path: each refusal of
// the two endpoints and of close-payment leaves the whole state as it was (or changes exactly what
// the spec counts); a card's first payment binds it (linked_agrtno); the gateway methods, openid
// and bankcode of §3.2.4; credit cards' cvv2 and valid_thru.
import { describe, expect, it } from 'vitest';
import { debitCardNo, mobile, newCompany, newPerson, userId, JPEG_1X1, PNG_1X1 } from '../../harness/testdata.js';
import { luhnCheckDigit } from '../world/identity.js';
import { testCardNo } from '../world/test-values.js';
import { smsCode } from '../testkit/simulator.js';
import { useMoneyBed, type Answer } from '../testkit/money-bed.js';
import { paymentsKit } from './payments-kit.js';

const bed = useMoneyBed();
const { t, oid, pw, state, refusedWithoutChange, countedChange, acct, openPerson, personWith, creditCardNo } = bed;
const { tradeCreate, consumption, payBalance, payCard, payGw, validate, query, linkedAccounts, agreementOf, page, notified } = paymentsKit(bed);

const wechat = (amount: string) => [{ method: 'WECHAT_NATIVE', amount }];

describe('payment-gw (§3.2.4) refusals leave everything as it was', () => {
  it('answers 1011 for an unknown order, 3002 for a paid one, 3001 for a closed one', async () => {
    const [payer, payee] = [await personWith('10.00'), await openPerson()];
    await refusedWithoutChange(() => payGw(payer.userId, 'NOSUCH' + userId(), '10.00', wechat('10.00')), '1011');
    const paid = await consumption(payer.userId, payee.userId, '10.00');
    expect((await payBalance(payer.userId, paid, '10.00')).ret_code).toBe('0000');
    await refusedWithoutChange(() => payGw(payer.userId, paid, '10.00', wechat('10.00')), '3002');
    const closed = await consumption(payer.userId, payee.userId, '10.00');
    expect((await t.client.call('txn/close-payment', { txn_seqno: closed })).ret_code).toBe('0000');
    await refusedWithoutChange(() => payGw(payer.userId, closed, '10.00', wechat('10.00')), '3001');
  });

  it('answers 3003 while a page is open, 3004 for another total or payer, 3009 for a merchant payer of a consumption', async () => {
    const [payer, payee, other] = [await openPerson(), await openPerson(), await openPerson()];
    const seq = await consumption(payer.userId, payee.userId, '10.00');
    await refusedWithoutChange(() => payGw(payer.userId, seq, '9.99', wechat('9.99')), '3004');
    await refusedWithoutChange(() => payGw(other.userId, seq, '10.00', wechat('10.00')), '3004');
    await refusedWithoutChange(
      () => t.client.call('txn/payment-gw', { txn_seqno: seq, total_amount: '10.00', client_ip: '127.0.0.1', payerInfo: { payer_type: 'MERCHANT', payer_id: oid() }, payMethods: [{ method: 'EBANK_B2B', amount: '10.00' }] }),
      '3009',
    );
    expect((await payGw(payer.userId, seq, '10.00', wechat('10.00'))).ret_code).toBe('0000');
    await refusedWithoutChange(() => payGw(payer.userId, seq, '10.00', [{ method: 'ALIPAY_APP', amount: '10.00' }]), '3003');
  });

  it('answers 3020 for an anonymous payer with a balance part and for a top-up with one', async () => {
    const [payer, payee] = [await personWith('10.00'), await openPerson()];
    const anon = 'anon-' + userId();
    const anonymous = await consumption(anon, payee.userId, '10.00', { user_type: 'ANONYMOUS' });
    await refusedWithoutChange(() => payGw(anon, anonymous, '10.00', [{ method: 'BALANCE', amount: '5.00' }, { method: 'WECHAT_H5', amount: '5.00' }]), '3020');
    const topup = await tradeCreate({ txn_type: 'USER_TOPUP', user_id: payer.userId }, '10.00');
    await refusedWithoutChange(() => payGw(payer.userId, topup.txn_seqno as string, '10.00', [{ method: 'BALANCE', amount: '5.00' }, { method: 'EBANK_DEBIT_CARD', amount: '5.00' }], true), '3020');
  });

  it('answers 1015 for a wrong payment password (counted), and freezes nothing', async () => {
    const [payer, payee] = [await personWith('10.00'), await openPerson()];
    const seq = await consumption(payer.userId, payee.userId, '10.00');
    const wrong = () =>
      t.client.call('txn/payment-gw', { txn_seqno: seq, total_amount: '10.00', client_ip: '127.0.0.1', payerInfo: { payer_type: 'USER', payer_id: payer.userId, password: pw('Wrong123') }, payMethods: [{ method: 'BALANCE', amount: '5.00' }, { method: 'WECHAT_APP', amount: '5.00' }] });
    await countedChange(wrong, '1015', 'users', () => `${oid()}/${payer.userId}`, { password_errors: 1 });
  });

  it('answers 1005 naming payMethods[i].method for a method that is not one of the §3.2.4 gateway methods', async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    const seq = await consumption(payer.userId, payee.userId, '10.00');
    for (const method of ['WECHAT_PAPAY', 'ALIPAY_PAPAY', 'WECHAT_MICROPAY', 'ALIPAY_MICROPAY', 'AGRT_DEBIT_CARD']) {
      const a = await refusedWithoutChange(() => payGw(payer.userId, seq, '10.00', [{ method: 'COUPON', amount: '1.00' }, { method, amount: '9.00' }]), '1005');
      expect(a.ret_msg).toContain('payMethods[1].method');
    }
  });

  it('answers 1005 naming openid for WECHAT_JSAPI, WECHAT_WXA and ALIPAY_WXA without one', async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    const seq = await consumption(payer.userId, payee.userId, '10.00');
    for (const method of ['WECHAT_JSAPI', 'WECHAT_WXA', 'ALIPAY_WXA']) {
      const a = await refusedWithoutChange(() => payGw(payer.userId, seq, '10.00', [{ method, amount: '10.00' }]), '1005');
      expect(a.ret_msg).toContain('openid');
    }
    expect((await payGw(payer.userId, seq, '10.00', [{ method: 'WECHAT_JSAPI', amount: '10.00' }], false, { appid: 'wxd678efh567hg6787', openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' })).ret_code).toBe('0000');
  });

  it("notifies and answers the EBANK payment's bankcode, and answers 1029 for a bank the simulator does not know", async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    const seq = await consumption(payer.userId, payee.userId, '10.00');
    await refusedWithoutChange(() => payGw(payer.userId, seq, '10.00', [{ method: 'EBANK_DEBIT_CARD', amount: '10.00' }], false, { bankcode: '09990000' }), '1029');
    const a = await payGw(payer.userId, seq, '10.00', [{ method: 'EBANK_DEBIT_CARD', amount: '10.00' }], false, { bankcode: '03080000' });
    expect(a.ret_code).toBe('0000');
    expect((await page(`${a.gateway_url as string}/pay`, 'POST')).status).toBe(200);
    expect(await query(seq)).toMatchObject({ txn_status: 'TRADE_SUCCESS', bankcode: '03080000' });
    expect((await notified(seq))[0]).toMatchObject({ txn_status: 'TRADE_SUCCESS', bankcode: '03080000' });
  });
});

describe('close-payment (LianLian SDK 支付单关单) refusals', () => {
  it('answers 1011 for an unknown order, 3002 for a paid one and 3001 for a closed one', async () => {
    const [payer, payee] = [await personWith('10.00'), await openPerson()];
    const close = (seq: string) => t.client.call('txn/close-payment', { txn_seqno: seq });
    await refusedWithoutChange(() => close('NOSUCH' + userId()), '1011');
    const paid = await consumption(payer.userId, payee.userId, '10.00');
    expect((await payBalance(payer.userId, paid, '10.00')).ret_code).toBe('0000');
    await refusedWithoutChange(() => close(paid), '3002');
    const open = await consumption(payer.userId, payee.userId, '10.00');
    expect((await close(open)).ret_code).toBe('0000');
    await refusedWithoutChange(() => close(open), '3001');
  });
});

/** A card number of no bank in the simulator's BIN table. */
function unknownBankCard(): string {
  const partial = '999999' + String(Math.floor(Math.random() * 1e12)).padStart(12, '0');
  return partial + luhnCheckDigit(partial);
}

describe('payment-bankcard (§3.2.3) with a new card the bank refuses', () => {
  it.each([
    ['1023', testCardNo('1023')],
    ['1024', testCardNo('1024')],
    ['1025', testCardNo('1025')],
    ['1028', testCardNo('1028')],
    ['3203', testCardNo('9001')],
    ['1029', unknownBankCard()],
  ])('answers %s, and nothing is frozen, bound or texted', async (code, cardNo) => {
    const [payer, payee] = [await personWith('10.00'), await openPerson()];
    const seq = await consumption(payer.userId, payee.userId, '20.00');
    const methods = { payMethods: [{ method: 'AGRT_DEBIT_CARD', amount: '15.00' }, { method: 'BALANCE', amount: '5.00' }] };
    await refusedWithoutChange(() => payCard(payer.userId, seq, '20.00', { linked_acctno: cardNo, linked_phone: mobile() }, 'AGRT_DEBIT_CARD', methods), code);
  });
});

describe('payment-bankcard (§3.2.3) refusals', () => {
  it('answers 2019 for a corporate account named by its agreement', async () => {
    const c = newCompany();
    const uid = userId();
    const opened = await t.client.call('acctmgr/openacct-apply-enterprise', {
      user_id: uid,
      txn_seqno: t.client.newSeqno('OPENE'),
      txn_time: t.client.timestamp(),
      notify_url: bed.notifyUrl,
      basicInfo: { reg_phone: c.phone, user_name: c.name, id_type: 'UNIFIED_SOCIAL_CREDIT_CODE', id_no: c.creditCode, id_exp: c.idExp, address: c.address, reg_email: c.email, password: pw() },
      linkedAcctInfo: { linked_acctno: c.account.acctNo, linked_bankcode: c.account.bankCode, linked_brbankno: c.account.branchNo, linked_acctname: c.account.acctName },
      legalreptInfo: { legalrept_name: c.legalRep.name, legalrept_phone: c.legalRep.phone, legalrept_idno: c.legalRep.idNo, legalrept_idexp: c.legalRep.idExp },
      contactsInfo: { contacts_name: c.contact.name, contacts_phone: c.contact.phone },
      basicAcctInfo: { basicacct_bankcode: c.basicAccount.bankCode, basicacct_no: c.basicAccount.acctNo },
    });
    expect(opened.ret_code).toBe('0000');
    const photos = { user_id: uid, id_emblem: JPEG_1X1.toString('base64'), id_portrait: JPEG_1X1.toString('base64'), id_filetype: 'jpeg', unified_code: PNG_1X1.toString('base64'), unified_code_filetype: 'png' };
    expect((await t.client.call('acctmgr/upload-photos', photos)).ret_code).toBe('0000');
    expect((await t.sandbox('POST', '/sandbox/review', { oid_partner: oid(), user_id: uid, decision: 'APPROVE' })).status).toBe(200);
    const payee = await openPerson();
    const seq = await consumption(uid, payee.userId, '10.00');
    const corporate = { linked_agrtno: await agreementOf(uid) };
    await refusedWithoutChange(() => payCard(uid, seq, '10.00', corporate), '2019');
  });

  it('answers 3020 for an anonymous payer with a balance part', async () => {
    const payee = await openPerson();
    const anon = 'anon-' + userId();
    const seq = await consumption(anon, payee.userId, '10.00', { user_type: 'ANONYMOUS' });
    const p = newPerson();
    const pay = () =>
      t.client.call('txn/payment-bankcard', {
        txn_seqno: seq,
        total_amount: '10.00',
        payerInfo: { user_id: anon },
        bankCardInfo: { linked_acctno: debitCardNo(), linked_phone: mobile(), linked_acctname: p.name, id_type: 'ID_CARD', id_no: p.idNo },
        payMethods: [{ method: 'AGRT_DEBIT_CARD', amount: '5.00' }, { method: 'BALANCE', amount: '5.00' }],
      });
    await refusedWithoutChange(pay, '3020');
  });

  it('answers 3002 for a paid order whatever the card fields say (the order is checked first)', async () => {
    const [payer, payee] = [await personWith('10.00'), await openPerson()];
    const seq = await consumption(payer.userId, payee.userId, '10.00');
    expect((await payBalance(payer.userId, seq, '10.00')).ret_code).toBe('0000');
    await refusedWithoutChange(() => payCard(payer.userId, seq, '10.00', { linked_agrtno: '99999999999999999999' }), '3002');
    await refusedWithoutChange(() => payCard(payer.userId, seq, '10.00', { linked_acctno: testCardNo('1023'), linked_phone: mobile() }), '3002');
  });

  it('answers 1005 without cvv2 or valid_thru for a credit card, a bound one too', async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    const phone = mobile();
    const card = creditCardNo();
    const first = await consumption(payer.userId, payee.userId, '10.00');
    await refusedWithoutChange(() => payCard(payer.userId, first, '10.00', { linked_acctno: card, linked_phone: phone, valid_thru: '12/30' }, 'AGRT_CREDIT_CARD'), '1005');
    const held = await payCard(payer.userId, first, '10.00', { linked_acctno: card, linked_phone: phone, cvv2: '123', valid_thru: '12/30' }, 'AGRT_CREDIT_CARD');
    expect(held.ret_code).toBe('8888');
    const done = await validate(payer.userId, first, '10.00', held.token, await smsCode(t, phone));
    expect(done).toMatchObject({ ret_code: '0000', linked_agrtno: expect.any(String) });
    const second = await consumption(payer.userId, payee.userId, '10.00');
    const bound = { linked_agrtno: done.linked_agrtno };
    for (const missing of [{}, { cvv2: '123' }, { valid_thru: '12/30' }]) {
      const a = await refusedWithoutChange(() => payCard(payer.userId, second, '10.00', { ...bound, ...missing }, 'AGRT_CREDIT_CARD'), '1005');
      expect(a.ret_msg).toContain('cvv2');
    }
    expect((await payCard(payer.userId, second, '10.00', { ...bound, cvv2: '123', valid_thru: '12/30' }, 'AGRT_CREDIT_CARD')).ret_code).toBe('0000');
  });
});

describe('validation-sms (§3.6) and a gateway token', () => {
  it("answers 1000 for payment-gw's token: it waits for a page, not for a code", async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    const seq = await consumption(payer.userId, payee.userId, '10.00');
    const gw = await payGw(payer.userId, seq, '10.00', wechat('10.00'));
    expect(gw.ret_code).toBe('0000');
    const token = (gw.gateway_url as string).split('/').pop();
    await refusedWithoutChange(() => validate(payer.userId, seq, '10.00', token, '123456'), '1000');
  });
});

describe("a card's first payment binds it (§3.2.3, §3.2.6 linked_agrtno 银行卡首次支付返回)", () => {
  it('a registered payer: the new card is bound on success, and linked_agrtno comes in the answer, the notification and query-payment', async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    const phone = mobile();
    const cardNo = debitCardNo();
    const seq = await consumption(payer.userId, payee.userId, '5.00');
    const held = await payCard(payer.userId, seq, '5.00', { linked_acctno: cardNo, linked_phone: phone });
    expect(held.ret_code).toBe('8888');
    expect(await linkedAccounts(payer.userId)).toHaveLength(1);
    const done = await validate(payer.userId, seq, '5.00', held.token, await smsCode(t, phone));
    expect(done).toMatchObject({ ret_code: '0000', linked_agrtno: expect.any(String) });
    const cards = await linkedAccounts(payer.userId);
    expect(cards).toHaveLength(2);
    expect(cards.find((c) => c.linked_agrtno === done.linked_agrtno)).toMatchObject({ linked_acctno: cardNo });
    expect(await query(seq)).toMatchObject({ txn_status: 'TRADE_SUCCESS', linked_agrtno: done.linked_agrtno });
    expect((await notified(seq))[0]).toMatchObject({ linked_agrtno: done.linked_agrtno });
    // the next payment uses the agreement, below the SMS threshold: at once
    const next = await consumption(payer.userId, payee.userId, '6.00');
    expect((await payCard(payer.userId, next, '6.00', { linked_agrtno: done.linked_agrtno })).ret_code).toBe('0000');
    expect(acct(await state(), payee.userId, 'USEROWN_PSETTLE').balance).toBe(1100);
  });

  it('a bank-refused first payment (3007 after the code) binds nothing', async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    const phone = mobile();
    const seq = await consumption(payer.userId, payee.userId, '5.00');
    const held = await payCard(payer.userId, seq, '5.00', { linked_acctno: testCardNo('3007'), linked_phone: phone });
    expect(held.ret_code).toBe('8888');
    expect((await validate(payer.userId, seq, '5.00', held.token, await smsCode(t, phone))).ret_code).toBe('3007');
    expect(await linkedAccounts(payer.userId)).toHaveLength(1);
  });

  it('needs no password from an anonymous payer, and binds its card for its next payment', async () => {
    const payee = await openPerson();
    const anon = 'anon-' + userId();
    const p = newPerson();
    const card = { linked_acctno: debitCardNo(), linked_phone: mobile(), linked_acctname: p.name, id_type: 'ID_CARD', id_no: p.idNo };
    const pay = (seq: string, info: Answer) =>
      t.client.call('txn/payment-bankcard', { txn_seqno: seq, total_amount: '8.00', payerInfo: { user_id: anon }, bankCardInfo: info, payMethods: [{ method: 'AGRT_DEBIT_CARD', amount: '8.00' }] });
    const first = await consumption(anon, payee.userId, '8.00', { user_type: 'ANONYMOUS' });
    const held = await pay(first, card);
    expect(held.ret_code).toBe('8888');
    const done = await validate(anon, first, '8.00', held.token, await smsCode(t, card.linked_phone));
    expect(done).toMatchObject({ ret_code: '0000', linked_agrtno: expect.any(String) });
    const second = await consumption(anon, payee.userId, '8.00', { user_type: 'ANONYMOUS' });
    expect((await pay(second, { linked_agrtno: done.linked_agrtno })).ret_code).toBe('0000');
  });
});
