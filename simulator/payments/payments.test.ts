// txn v2.3 §3.2 over HTTP: tradecreate's refusals, paying by balance (§3.2.2), by card (§3.2.3,
// with validation-sms §3.6), through a channel page (§3.2.4), query-payment (§3.2.8), pay_expire
// and the daily settlement of pending money. Every refusal leaves the whole state as it was
// (GET /sandbox/snapshot), except those the spec counts; every money movement keeps the sum of
// all accounts at zero.
import { describe, expect, it } from 'vitest';
import { debitCardNo, mobile, userId } from '../../harness/testdata.js';
import { testCardNo } from '../world/test-values.js';
import { fenToYuan } from '../protocol/money.js';
import { smsCode } from '../testkit/simulator.js';
import { PASSWORD, useMoneyBed, type Snapshot, type Answer } from '../testkit/money-bed.js';
import { paymentsKit } from './payments-kit.js';

const bed = useMoneyBed();
const { t, oid, state, refusedWithoutChange, countedChange, acct, expectBalanced, openPerson, topUp, creditCardNo } = bed;
const { tradeCreate, consumption, payBalance, payCard, payGw, validate, query, agreementOf, page } = paymentsKit(bed);

const statement = async (uid: string, acctType: string) =>
  (await t.client.call('acctmgr/query-acctserial', { user_id: uid, user_type: 'INNERUSER', acct_type: acctType, date_start: '20000101000000', date_end: t.sim.ctx.clock.stamp(), page_no: 1, page_size: 50 })).acctbal_list as Answer[];
const smsKey = (phone: string, purpose: string) => (s: Snapshot) =>
  Object.entries(s.collections.sms ?? {}).find(([, m]) => m.phone === phone && m.purpose === purpose && m.status === 'ACTIVE')![0];

describe('tradecreate (§3.2.1) refusals', () => {
  it('answers 1010 for a txn_seqno used before', async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    const seq = await consumption(payer.userId, payee.userId, '10.00');
    await refusedWithoutChange(() => tradeCreate({ txn_type: 'GENERAL_CONSUME', user_id: payer.userId, orderInfo: { txn_seqno: seq } }, '10.00', [{ id: payee.userId, amount: '10.00' }]), '1010');
  });

  it('answers 1005 for the payee rules of each txn_type', async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    await refusedWithoutChange(() => tradeCreate({ txn_type: 'USER_TOPUP', user_id: payer.userId }, '10.00', [{ id: payee.userId, amount: '10.00' }]), '1005');
    await refusedWithoutChange(() => tradeCreate({ txn_type: 'GENERAL_CONSUME', user_id: payer.userId }, '10.00'), '1005');
    await refusedWithoutChange(() => tradeCreate({ txn_type: 'GENERAL_CONSUME', user_id: payer.userId }, '10.00', [{ id: payee.userId, amount: '6.00' }, { id: oid(), type: 'MERCHANT', amount: '3.00' }]), '1005');
    await refusedWithoutChange(() => tradeCreate({ txn_type: 'MCH_TOPUP' }, '10.00', [{ id: oid(), type: 'MERCHANT', amount: '10.00' }]), '1005');
  });

  it('answers 2003 for an unknown payee or payer and 3020 for an anonymous top-up', async () => {
    const p = await openPerson();
    await refusedWithoutChange(() => tradeCreate({ txn_type: 'GENERAL_CONSUME', user_id: p.userId }, '10.00', [{ id: 'nobody-' + userId(), amount: '10.00' }]), '2003');
    await refusedWithoutChange(() => tradeCreate({ txn_type: 'GENERAL_CONSUME', user_id: 'nobody-' + userId() }, '10.00', [{ id: p.userId, amount: '10.00' }]), '2003');
    await refusedWithoutChange(() => tradeCreate({ txn_type: 'USER_TOPUP', user_id: 'anon-' + userId(), user_type: 'ANONYMOUS' }, '10.00'), '3020');
  });
});

describe('payment-balance (§3.2.2)', () => {
  it('moves the money: payer available down, payee pending settlement up, on both statements; the notification says TRADE_SUCCESS', async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    await topUp(payer.userId, '100.00');
    const seq = await consumption(payer.userId, payee.userId, '30.00', { orderInfo: { order_info: '订单描述' } });
    const a = await payBalance(payer.userId, seq, '30.00');
    expect(a).toMatchObject({ ret_code: '0000', user_id: payer.userId, txn_seqno: seq, total_amount: 30, accp_txno: expect.any(String), accounting_date: expect.stringMatching(/^\d{8}$/), finish_time: expect.stringMatching(/^\d{14}$/) });
    const s = await state();
    expect(acct(s, payer.userId, 'USEROWN_AVAILABLE')).toEqual({ balance: 7000, frozen: 0 });
    expect(acct(s, payee.userId, 'USEROWN_PSETTLE')).toEqual({ balance: 3000, frozen: 0 });
    expectBalanced(s);
    expect((await statement(payer.userId, 'USEROWN_AVAILABLE'))[0]).toMatchObject({ txn_type: 'GENERAL_CONSUME', flag_dc: 'DEBIT', amt: '30.00', amt_bal: '70.00', accp_txno: a.accp_txno });
    expect((await statement(payee.userId, 'USEROWN_PSETTLE'))[0]).toMatchObject({ txn_type: 'GENERAL_CONSUME', flag_dc: 'CREDIT', amt: '30.00', amt_bal: '30.00' });
    const notes = (await t.sandbox<{ notifications: { body: string; status: string }[] }>('GET', `/sandbox/notifications?txn_seqno=${seq}`)).body.notifications;
    expect(notes).toHaveLength(1);
    expect(notes[0]!.status).toBe('DELIVERED');
    expect(JSON.parse(notes[0]!.body)).toMatchObject({
      oid_partner: oid(),
      txn_type: 'GENERAL_CONSUME',
      txn_status: 'TRADE_SUCCESS',
      accp_txno: a.accp_txno,
      accounting_date: a.accounting_date,
      finish_time: a.finish_time,
      orderInfo: { txn_seqno: seq, total_amount: 30, order_info: '订单描述' },
      payerInfo: { payer_type: 'USER', payer_id: payer.userId, method: 'BALANCE', amount: 30 },
      payeeInfo: [{ payee_type: 'USER', payee_id: payee.userId, amount: 30 }],
    });
  });

  it('answers 3002 for a paid order, 3001 for a closed one and 3004 for another total', async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    await topUp(payer.userId, '100.00');
    const paid = await consumption(payer.userId, payee.userId, '10.00');
    expect((await payBalance(payer.userId, paid, '10.00')).ret_code).toBe('0000');
    await refusedWithoutChange(() => payBalance(payer.userId, paid, '10.00'), '3002');
    const closed = await consumption(payer.userId, payee.userId, '10.00');
    // total_amount as a string: both of LianLian's SDKs declare it so
    expect(await t.client.call('txn/close-payment', { txn_seqno: closed })).toMatchObject({ ret_code: '0000', total_amount: '10.00', txn_seqno: closed });
    await refusedWithoutChange(() => payBalance(payer.userId, closed, '10.00'), '3001');
    const open = await consumption(payer.userId, payee.userId, '10.00');
    await refusedWithoutChange(() => payBalance(payer.userId, open, '9.99'), '3004');
    expectBalanced(await state());
  });

  it('takes the password through the password control too (get-random: random_value + password), and answers 1013 for a used random_key', async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    await topUp(payer.userId, '10.00');
    const random = await t.client.call('acctmgr/get-random', { user_id: payer.userId, flag_chnl: 'H5', pkg_name: 'openaccp.test', app_name: 'openaccp' });
    expect(random.ret_code).toBe('0000');
    const salted = { password: t.client.encryptPassword(PASSWORD, String(random.random_value)), random_key: random.random_key };
    const seq = await consumption(payer.userId, payee.userId, '4.00');
    const paid = await t.client.call('txn/payment-balance', { txn_seqno: seq, total_amount: '4.00', payerInfo: { user_id: payer.userId, ...salted } });
    expect(paid.ret_code).toBe('0000');
    expect(acct(await state(), payer.userId, 'USEROWN_AVAILABLE')).toEqual({ balance: 600, frozen: 0 });
    const again = await consumption(payer.userId, payee.userId, '1.00');
    await refusedWithoutChange(() => t.client.call('txn/payment-balance', { txn_seqno: again, total_amount: '1.00', payerInfo: { user_id: payer.userId, ...salted } }), '1013');
  });

  it('answers 3005 when the balance is too small, 1005 without the password and 1015 (counted) for a wrong one', async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    await topUp(payer.userId, '20.00');
    const seq = await consumption(payer.userId, payee.userId, '20.01');
    await refusedWithoutChange(() => payBalance(payer.userId, seq, '20.01'), '3005');
    const ok = await consumption(payer.userId, payee.userId, '20.00');
    await refusedWithoutChange(() => payBalance(payer.userId, ok, '20.00', {}, null), '1005');
    await countedChange(() => payBalance(payer.userId, ok, '20.00', {}, 'Wrong123'), '1015', 'users', () => `${oid()}/${payer.userId}`, { password_errors: 1 });
    expect((await payBalance(payer.userId, ok, '20.00')).ret_code).toBe('0000');
  });

  it("takes the coupon part from the merchant's coupon account, and answers 3006 when that has too little", async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    await topUp(payer.userId, '50.00');
    await topUp(null, '5.00', 'MCHCOUPON_AVAILABLE');
    const before = await state();
    const seq = await consumption(payer.userId, payee.userId, '30.00');
    expect((await payBalance(payer.userId, seq, '30.00', { coupon_amount: '5.00' })).ret_code).toBe('0000');
    const after = await state();
    expect(acct(after, payer.userId, 'USEROWN_AVAILABLE').balance).toBe(2500);
    expect(acct(after, null, 'MCHCOUPON_AVAILABLE').balance).toBe(acct(before, null, 'MCHCOUPON_AVAILABLE').balance - 500);
    expect(acct(after, payee.userId, 'USEROWN_PSETTLE').balance).toBe(3000);
    expect((await query(seq)).payerInfo).toEqual([
      { payer_type: 'USER', payer_id: payer.userId, method: 'BALANCE', amount: 25 },
      { payer_type: 'USER', payer_id: payer.userId, method: 'COUPON', amount: 5 },
    ]);
    expectBalanced(after);
    const coupons = acct(after, null, 'MCHCOUPON_AVAILABLE');
    const more = fenToYuan(coupons.balance - coupons.frozen + 1);
    const next = await consumption(payer.userId, payee.userId, '25.00');
    await refusedWithoutChange(() => payBalance(payer.userId, next, '25.00', { coupon_amount: more }), '3006');
  });
});

describe('payment-bankcard (§3.2.3) and validation-sms (§3.6)', () => {
  it('pays at once with a bound card below 1000.00, by agreement or by card number', async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    const before = await state();
    const s1 = await consumption(payer.userId, payee.userId, '999.99');
    expect(await payCard(payer.userId, s1, '999.99', { linked_agrtno: await agreementOf(payer.userId) })).toMatchObject({ ret_code: '0000', accp_txno: expect.any(String) });
    const s2 = await consumption(payer.userId, payee.userId, '10.00');
    expect((await payCard(payer.userId, s2, '10.00', { linked_acctno: payer.cardNo })).ret_code).toBe('0000');
    const after = await state();
    expect(acct(after, payee.userId, 'USEROWN_PSETTLE').balance).toBe(100_999);
    expect(acct(after, 'CLEARING:BANK', '').balance).toBe(acct(before, 'CLEARING:BANK', '').balance - 100_999);
    expect(await query(s1)).toMatchObject({ txn_status: 'TRADE_SUCCESS', payerInfo: [{ method: 'AGRT_DEBIT_CARD', amount: 999.99 }], bankcode: expect.stringMatching(/^\d{8}$/) });
    expectBalanced(after);
  });

  it('answers 8888 with a token above 1000.00; the SMS code completes the payment', async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    const seq = await consumption(payer.userId, payee.userId, '1000.01');
    const held = await payCard(payer.userId, seq, '1000.01', { linked_agrtno: await agreementOf(payer.userId) });
    expect(held).toMatchObject({ ret_code: '8888', txn_seqno: seq, total_amount: 1000.01, token: expect.any(String) });
    expect((await query(seq)).txn_status).toBe('TRADE_WAIT_PAY');
    const done = await validate(payer.userId, seq, '1000.01', held.token, await smsCode(t, payer.cardPhone));
    expect(done).toMatchObject({ ret_code: '0000', txn_seqno: seq, accp_txno: held.accp_txno, accounting_date: expect.any(String) });
    expect((await query(seq)).txn_status).toBe('TRADE_SUCCESS');
    const s = await state();
    expect(acct(s, payee.userId, 'USEROWN_PSETTLE').balance).toBe(100_001);
    expectBalanced(s);
  });

  it('always asks for the SMS code for a new card, even below 1000.00', async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    const phone = mobile();
    const seq = await consumption(payer.userId, payee.userId, '5.00');
    const held = await payCard(payer.userId, seq, '5.00', { linked_acctno: debitCardNo(), linked_phone: phone });
    expect(held.ret_code).toBe('8888');
    expect((await validate(payer.userId, seq, '5.00', held.token, await smsCode(t, phone))).ret_code).toBe('0000');
    expect(acct(await state(), payee.userId, 'USEROWN_PSETTLE').balance).toBe(500);
  });

  it('answers 3008 for a top-up by credit card and 1030 for an unknown agreement', async () => {
    const p = await openPerson();
    const topup = await tradeCreate({ txn_type: 'USER_TOPUP', user_id: p.userId }, '50.00');
    expect(topup.ret_code).toBe('0000');
    const seq = topup.txn_seqno as string;
    await refusedWithoutChange(() => payCard(p.userId, seq, '50.00', { linked_acctno: creditCardNo(), linked_phone: p.cardPhone, cvv2: '123', valid_thru: '12/30' }, 'AGRT_CREDIT_CARD'), '3008');
    await refusedWithoutChange(() => payCard(p.userId, seq, '50.00', { linked_agrtno: '99999999999999999999' }), '1030');
    expect((await payCard(p.userId, seq, '50.00', { linked_acctno: p.cardNo })).ret_code).toBe('0000');
    expect(acct(await state(), p.userId, 'USEROWN_AVAILABLE').balance).toBe(5000);
  });

  it('answers 3007 after the SMS code for the sandbox card without money', async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    const phone = mobile();
    const seq = await consumption(payer.userId, payee.userId, '20.00');
    const held = await payCard(payer.userId, seq, '20.00', { linked_acctno: testCardNo('3007'), linked_phone: phone });
    expect(held.ret_code).toBe('8888');
    const before = await state();
    expect((await validate(payer.userId, seq, '20.00', held.token, await smsCode(t, phone))).ret_code).toBe('3007');
    const after = await state();
    expect(acct(after, payee.userId, 'USEROWN_PSETTLE').balance).toBe(0);
    expect(after.collections.accounts).toEqual(before.collections.accounts);
    expect((await query(seq)).txn_status).toBe('TRADE_WAIT_PAY');
  });

  it('after the bank refuses the card (3007), the frozen balance part goes back and the order can be paid again', async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    await topUp(payer.userId, '50.00');
    const phone = mobile();
    const seq = await consumption(payer.userId, payee.userId, '30.00');
    const methods = { payMethods: [{ method: 'AGRT_DEBIT_CARD', amount: '20.00' }, { method: 'BALANCE', amount: '10.00' }] };
    const held = await payCard(payer.userId, seq, '30.00', { linked_acctno: testCardNo('3007'), linked_phone: phone }, 'AGRT_DEBIT_CARD', methods);
    expect(held.ret_code).toBe('8888');
    expect(acct(await state(), payer.userId, 'USEROWN_AVAILABLE')).toEqual({ balance: 5000, frozen: 1000 });
    const code = await smsCode(t, phone);
    expect((await validate(payer.userId, seq, '30.00', held.token, code)).ret_code).toBe('3007');
    expect(acct(await state(), payer.userId, 'USEROWN_AVAILABLE')).toEqual({ balance: 5000, frozen: 0 });
    // the payment is over: its token is gone, and the order takes another payment
    await refusedWithoutChange(() => validate(payer.userId, seq, '30.00', held.token, code), '1000');
    expect((await payBalance(payer.userId, seq, '30.00')).ret_code).toBe('0000');
    expect(acct(await state(), payer.userId, 'USEROWN_AVAILABLE')).toEqual({ balance: 2000, frozen: 0 });
  });

  it('a payment waiting for its code lapses after the token\'s 30 minutes: the frozen part goes back and the order takes another payment', async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    await topUp(payer.userId, '20.00');
    const seq = await consumption(payer.userId, payee.userId, '1010.00');
    const card = { linked_agrtno: await agreementOf(payer.userId) };
    const methods = { payMethods: [{ method: 'AGRT_DEBIT_CARD', amount: '1000.01' }, { method: 'BALANCE', amount: '9.99' }] };
    const held = await payCard(payer.userId, seq, '1010.00', card, 'AGRT_DEBIT_CARD', methods);
    expect(held.ret_code).toBe('8888');
    expect((await payCard(payer.userId, seq, '1010.00', card, 'AGRT_DEBIT_CARD', methods)).ret_code).toBe('3003');
    await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 31 * 60 });
    expect(acct(await state(), payer.userId, 'USEROWN_AVAILABLE')).toEqual({ balance: 2000, frozen: 0 });
    expect((await validate(payer.userId, seq, '1010.00', held.token, await smsCode(t, payer.cardPhone))).ret_code).toBe('1000');
    const again = await payCard(payer.userId, seq, '1010.00', card, 'AGRT_DEBIT_CARD', methods);
    expect(again.ret_code).toBe('8888');
    expect((await validate(payer.userId, seq, '1010.00', again.token, await smsCode(t, payer.cardPhone))).ret_code).toBe('0000');
    expect(acct(await state(), payer.userId, 'USEROWN_AVAILABLE')).toEqual({ balance: 1001, frozen: 0 });
  });

  it('five wrong codes (1019) end the payment that waited for it: the frozen part goes back', async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    await topUp(payer.userId, '20.00');
    const seq = await consumption(payer.userId, payee.userId, '1010.00');
    const methods = { payMethods: [{ method: 'AGRT_DEBIT_CARD', amount: '1000.01' }, { method: 'BALANCE', amount: '9.99' }] };
    const held = await payCard(payer.userId, seq, '1010.00', { linked_agrtno: await agreementOf(payer.userId) }, 'AGRT_DEBIT_CARD', methods);
    expect(held.ret_code).toBe('8888');
    const code = await smsCode(t, payer.cardPhone);
    const wrong = code === '000000' ? '111111' : '000000';
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await validate(payer.userId, seq, '1010.00', held.token, wrong)).ret_code);
    expect(answers).toEqual(['1017', '1017', '1017', '1017', '1019']);
    expect(acct(await state(), payer.userId, 'USEROWN_AVAILABLE')).toEqual({ balance: 2000, frozen: 0 });
    expect((await payBalance(payer.userId, seq, '1010.00')).ret_code).toBe('3005');
  });

  it('answers 1000 for an unknown token, 1017 (counted) for a wrong code and 3004 for another total', async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    const seq = await consumption(payer.userId, payee.userId, '1200.00');
    const held = await payCard(payer.userId, seq, '1200.00', { linked_agrtno: await agreementOf(payer.userId) });
    expect(held.ret_code).toBe('8888');
    const code = await smsCode(t, payer.cardPhone);
    await refusedWithoutChange(() => validate(payer.userId, seq, '1200.00', 'f'.repeat(32), code), '1000');
    await refusedWithoutChange(() => validate(payer.userId, seq, '1199.00', held.token, code), '3004');
    const wrong = code === '000000' ? '111111' : '000000';
    await countedChange(() => validate(payer.userId, seq, '1200.00', held.token, wrong), '1017', 'sms', smsKey(payer.cardPhone, 'PAYMENT'), { wrong_attempts: 1 });
    expect((await validate(payer.userId, seq, '1200.00', held.token, code)).ret_code).toBe('0000');
  });
});

describe('payment-gw (§3.2.4) and the channel page', () => {
  it('answers a gateway_url and payload; paying on the page completes the order and brings the money in', async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    const before = await state();
    const seq = await consumption(payer.userId, payee.userId, '66.00');
    const a = await payGw(payer.userId, seq, '66.00', [{ method: 'WECHAT_NATIVE', amount: '66.00' }]);
    expect(a).toMatchObject({ ret_code: '0000', txn_seqno: seq, gateway_url: expect.stringMatching(/\/gateway\/pay\/[^/]+$/), payload: expect.any(String) });
    expect(JSON.parse(a.payload as string)).toEqual(expect.any(Object));
    const shown = await page(a.gateway_url as string);
    expect(shown.status).toBe(200);
    expect(shown.html).toContain('66.00');
    expect((await page(`${a.gateway_url as string}/pay`, 'POST')).status).toBe(200);
    expect(await query(seq)).toMatchObject({ txn_status: 'TRADE_SUCCESS', payerInfo: [{ method: 'WECHAT_NATIVE', amount: 66 }] });
    const after = await state();
    expect(acct(after, payee.userId, 'USEROWN_PSETTLE').balance).toBe(6600);
    expect(acct(after, 'CLEARING:WECHAT', '').balance).toBe(acct(before, 'CLEARING:WECHAT', '').balance - 6600);
    expectBalanced(after);
    expect((await page(a.gateway_url as string)).status).toBe(404);
  });

  it('freezes the balance part of a combined payment, answers 3003 meanwhile; cancelling releases it and the order stays payable', async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    await topUp(payer.userId, '40.00');
    const seq = await consumption(payer.userId, payee.userId, '50.00');
    const a = await payGw(payer.userId, seq, '50.00', [{ method: 'BALANCE', amount: '30.00' }, { method: 'WECHAT_NATIVE', amount: '20.00' }], true);
    expect(a.ret_code).toBe('0000');
    expect(acct(await state(), payer.userId, 'USEROWN_AVAILABLE')).toEqual({ balance: 4000, frozen: 3000 });
    await refusedWithoutChange(() => payBalance(payer.userId, seq, '50.00'), '3003');
    expect((await page(`${a.gateway_url as string}/cancel`, 'POST')).status).toBe(200);
    expect(acct(await state(), payer.userId, 'USEROWN_AVAILABLE')).toEqual({ balance: 4000, frozen: 0 });
    expect((await query(seq)).txn_status).toBe('TRADE_WAIT_PAY');
    const again = await payGw(payer.userId, seq, '50.00', [{ method: 'BALANCE', amount: '10.00' }, { method: 'ALIPAY_NATIVE', amount: '40.00' }], true);
    expect(again.ret_code).toBe('0000');
    expect((await page(`${again.gateway_url as string}/pay`, 'POST')).status).toBe(200);
    const s = await state();
    expect(acct(s, payer.userId, 'USEROWN_AVAILABLE')).toEqual({ balance: 3000, frozen: 0 });
    expect(acct(s, payee.userId, 'USEROWN_PSETTLE').balance).toBe(5000);
    expectBalanced(s);
  });
});

describe('query-payment (§3.2.8), pay_expire and settlement', () => {
  it('answers TRADE_WAIT_PAY, TRADE_SUCCESS and TRADE_CLOSE, and 1011 for an unknown order', async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    await topUp(payer.userId, '10.00');
    const seq = await consumption(payer.userId, payee.userId, '10.00');
    expect(await query(seq)).toMatchObject({ ret_code: '0000', txn_type: 'GENERAL_CONSUME', txn_status: 'TRADE_WAIT_PAY', orderInfo: { txn_seqno: seq, total_amount: 10 } });
    await payBalance(payer.userId, seq, '10.00');
    expect(await query(seq)).toMatchObject({ txn_status: 'TRADE_SUCCESS', payeeInfo: [{ payee_type: 'USER', payee_id: payee.userId, amount: 10 }] });
    const closed = await consumption(payer.userId, payee.userId, '10.00');
    await t.client.call('txn/close-payment', { txn_seqno: closed });
    expect((await query(closed)).txn_status).toBe('TRADE_CLOSE');
    await refusedWithoutChange(() => query('NOSUCH' + userId()), '1011');
  });

  it('closes an unpaid order once pay_expire has passed; paying it then answers 3001', async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    await topUp(payer.userId, '10.00');
    const seq = await consumption(payer.userId, payee.userId, '10.00', { pay_expire: 10 });
    await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 9 * 60 });
    expect((await query(seq)).txn_status).toBe('TRADE_WAIT_PAY');
    await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 2 * 60 });
    expect((await query(seq)).txn_status).toBe('TRADE_CLOSE');
    await refusedWithoutChange(() => payBalance(payer.userId, seq, '10.00'), '3001');
  });

  it("moves a payee's pending settlement to its available balance once the clock passes midnight (DAILY_SETTLEMENT)", async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    await topUp(payer.userId, '80.00');
    const seq = await consumption(payer.userId, payee.userId, '80.00');
    expect((await payBalance(payer.userId, seq, '80.00')).ret_code).toBe('0000');
    expect(acct(await state(), payee.userId, 'USEROWN_AVAILABLE').balance).toBe(0);
    await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 24 * 3600 });
    const s = await state();
    expect(acct(s, payee.userId, 'USEROWN_PSETTLE')).toEqual({ balance: 0, frozen: 0 });
    expect(acct(s, payee.userId, 'USEROWN_AVAILABLE')).toEqual({ balance: 8000, frozen: 0 });
    expectBalanced(s);
    expect((await statement(payee.userId, 'USEROWN_AVAILABLE'))[0]).toMatchObject({ product_code: 'DAILY_SETTLEMENT', flag_dc: 'CREDIT', amt: '80.00' });
    expect((await statement(payee.userId, 'USEROWN_PSETTLE'))[0]).toMatchObject({ product_code: 'DAILY_SETTLEMENT', flag_dc: 'DEBIT', amt: '80.00' });
  });
});
