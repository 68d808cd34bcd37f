// txn v2.3 §3.4 over HTTP: internal transfers (user or merchant to user or merchant, at once or
// after the SMS code of §3.6; notified and queried as payments, §3.4.3/§3.4.4) and external ones
// to a private or corporate bank account (a withdrawal in all but name: query-withdrawal, the
// bank's answer). Every refusal leaves the whole state as it was; every money movement keeps the
// sum of all accounts at zero.
import { describe, expect, it } from 'vitest';
import { debitCardNo, userId } from '../../harness/testdata.js';
import { smsCode } from '../testkit/simulator.js';
import { testCardNo } from '../world/test-values.js';
import { useMoneyBed, type Snapshot, type Answer } from '../testkit/money-bed.js';
import { statementLines } from '../testkit/statements.js';

const bed = useMoneyBed();
const { t, oid, pw, state, refusedWithoutChange, acct, expectBalanced, openPerson, topUp, personWith } = bed;

const available = (s: Snapshot, uid: string) => acct(s, uid, 'USEROWN_AVAILABLE');

const fromUser = (uid: string): Answer => ({ payer_type: 'USER', payer_id: uid, password: pw() });
const fromMerchant = (accttype = 'MCHOWN'): Answer => ({ payer_type: 'MERCHANT', payer_id: oid(), payer_accttype: accttype });
const toUser = (uid: string): Answer => ({ payee_type: 'USER', payee_id: uid });
const toMerchant: Answer = { payee_type: 'MERCHANT', payee_id: '', payee_accttype: 'MCHOWN' };
const transfer = (payerInfo: Answer, payeeInfo: Answer, total: string, extra: Answer = {}, orderExtra: Answer = {}) =>
  t.client.call('txn/transfer', {
    notify_url: bed.notifyUrl,
    orderInfo: { txn_seqno: t.client.newSeqno('TR'), txn_time: t.client.timestamp(), total_amount: total, txn_purpose: '佣金支付', ...orderExtra },
    payerInfo,
    payeeInfo: payeeInfo.payee_type === 'MERCHANT' ? { ...payeeInfo, payee_id: oid() } : payeeInfo,
    ...extra,
  });
const queryPayment = (seq: unknown) => t.client.call('txn/query-payment', { txn_seqno: seq });
const queryWithdrawal = (seq: unknown) => t.client.call('txn/query-withdrawal', { txn_seqno: seq });
const notificationsOf = async (seq: unknown) =>
  (await t.sandbox<{ notifications: { body: string }[] }>('GET', `/sandbox/notifications?txn_seqno=${String(seq)}`)).body.notifications.map((n) => JSON.parse(n.body) as Answer);
const bankAccount = (extra: Answer = {}): Answer => ({ payee_type: 'BANKACCT_PRI', bank_acctno: debitCardNo(), bank_acctname: '张三', ...extra });

describe('internal transfers (§3.4.1 to an ACCP account)', () => {
  it("moves a user's available balance to another user's at once; notified and queried as a payment (INNER_FUND_EXCHANGE)", async () => {
    const [payer, payee] = [await personWith('100.00'), await openPerson()];
    const a = await transfer(fromUser(payer.userId), toUser(payee.userId), '30.00', {}, { order_info: '佣金' });
    expect(a).toMatchObject({ ret_code: '0000', user_id: payer.userId, total_amount: 30, accp_txno: expect.any(String), accounting_date: expect.stringMatching(/^\d{8}$/) });
    const s = await state();
    expect(available(s, payer.userId)).toEqual({ balance: 7000, frozen: 0 });
    expect(available(s, payee.userId)).toEqual({ balance: 3000, frozen: 0 });
    expectBalanced(s);
    const [note] = await notificationsOf(a.txn_seqno);
    expect(note).toMatchObject({
      txn_type: 'INNER_FUND_EXCHANGE',
      txn_status: 'TRADE_SUCCESS',
      accp_txno: a.accp_txno,
      orderInfo: { txn_seqno: a.txn_seqno, total_amount: 30, order_info: '佣金' },
      payerInfo: { payer_type: 'USER', payer_id: payer.userId, method: 'BALANCE', amount: 30 },
      payeeInfo: [{ payee_type: 'USER', payee_id: payee.userId, amount: 30 }],
    });
    expect(await queryPayment(a.txn_seqno)).toMatchObject({ ret_code: '0000', txn_type: 'INNER_FUND_EXCHANGE', txn_status: 'TRADE_SUCCESS', accp_txno: a.accp_txno });
  });

  it("moves money from the merchant's own account to a user, and from a user to the merchant", async () => {
    const [p, q] = [await openPerson(), await personWith('50.00')];
    await topUp(null, '20.00');
    const before = await state();
    expect((await transfer(fromMerchant(), toUser(p.userId), '20.00')).ret_code).toBe('0000');
    expect((await transfer(fromUser(q.userId), toMerchant, '50.00')).ret_code).toBe('0000');
    const after = await state();
    expect(available(after, p.userId).balance).toBe(2000);
    expect(available(after, q.userId).balance).toBe(0);
    expect(acct(after, null, 'MCHOWN_AVAILABLE').balance - acct(before, null, 'MCHOWN_AVAILABLE').balance).toBe(3000);
    expectBalanced(after);
  });

  it('answers 8888 above 1000.00 with the money frozen; the SMS code completes it', async () => {
    const [payer, payee] = [await personWith('1500.00'), await openPerson()];
    const a = await transfer(fromUser(payer.userId), toUser(payee.userId), '1200.00');
    expect(a).toMatchObject({ ret_code: '8888', token: expect.any(String) });
    expect(available(await state(), payer.userId)).toEqual({ balance: 150_000, frozen: 120_000 });
    expect((await queryPayment(a.txn_seqno)).txn_status).toBe('TRADE_WAIT_PAY');
    const v = await t.client.call('txn/validation-sms', { payer_type: 'USER', payer_id: payer.userId, txn_seqno: a.txn_seqno, total_amount: '1200.00', token: a.token, verify_code: await smsCode(t, payer.phone) });
    expect(v).toMatchObject({ ret_code: '0000', accp_txno: a.accp_txno });
    const s = await state();
    expect(available(s, payer.userId)).toEqual({ balance: 30_000, frozen: 0 });
    expect(available(s, payee.userId)).toEqual({ balance: 120_000, frozen: 0 });
    expectBalanced(s);
    expect((await queryPayment(a.txn_seqno)).txn_status).toBe('TRADE_SUCCESS');
  });

  it('answers 3005 beyond the balance, 3021 from MCHASSURE, 2003 for an unknown payee and 1010 for a used txn_seqno', async () => {
    const [payer, payee] = [await personWith('10.00'), await openPerson()];
    await topUp(null, '10.00', 'MCHASSURE_AVAILABLE');
    await refusedWithoutChange(() => transfer(fromUser(payer.userId), toUser(payee.userId), '10.01'), '3005');
    await refusedWithoutChange(() => transfer(fromMerchant('MCHASSURE'), toUser(payee.userId), '5.00'), '3021');
    await refusedWithoutChange(() => transfer(fromUser(payer.userId), toUser('nobody-' + userId()), '5.00'), '2003');
    const done = await transfer(fromUser(payer.userId), toUser(payee.userId), '5.00');
    expect(done.ret_code).toBe('0000');
    await refusedWithoutChange(() => transfer(fromUser(payer.userId), toUser(payee.userId), '1.00', {}, { txn_seqno: done.txn_seqno }), '1010');
  });
});

describe('internal transfers: what §3.4.1 does not allow them', () => {
  it('answers 3020 for check_flag Y (内部代发暂不支持 代发确认), from a user or the merchant', async () => {
    const [payer, payee] = [await personWith('100.00'), await openPerson()];
    await topUp(null, '10.00');
    await refusedWithoutChange(() => transfer(fromUser(payer.userId), toUser(payee.userId), '10.00', { check_flag: 'Y' }), '3020');
    await refusedWithoutChange(() => transfer(fromMerchant(), toUser(payee.userId), '10.00', { check_flag: 'Y' }), '3020');
    expect((await transfer(fromUser(payer.userId), toUser(payee.userId), '10.00', { check_flag: 'N' })).ret_code).toBe('0000');
  });

  it('answers 3020 for 委托代发 (pap_agree_no), which the simulator does not offer, rather than asking for the password', async () => {
    const [payer, payee] = [await personWith('100.00'), await openPerson()];
    await refusedWithoutChange(() => transfer({ payer_type: 'USER', payer_id: payer.userId, pap_agree_no: 'ENCRYPTED-AGREEMENT' }, toUser(payee.userId), '10.00'), '3020');
  });

  it('needs no postscript from 50,000.00 (only a payout to a bank account does)', async () => {
    const payee = await openPerson();
    await topUp(null, '50000.00');
    const a = await transfer(fromMerchant(), toUser(payee.userId), '50000.00');
    expect(a.ret_code).toBe('0000');
    expect(available(await state(), payee.userId)).toEqual({ balance: 5_000_000, frozen: 0 });
  });

  it("answers 1005 for a transfer to the merchant's MCHASSURE account (it holds only secured orders' money)", async () => {
    const payer = await personWith('100.00');
    await topUp(null, '10.00');
    const toAssure = { payee_type: 'MERCHANT', payee_id: '', payee_accttype: 'MCHASSURE' };
    await refusedWithoutChange(() => transfer(fromUser(payer.userId), toAssure, '10.00'), '1005');
    await refusedWithoutChange(() => transfer(fromMerchant(), toAssure, '10.00'), '1005');
    await refusedWithoutChange(() => transfer(fromMerchant(), { ...toAssure, payee_accttype: 'MCHASSURE_AVAILABLE' }, '10.00'), '1005');
  });

  it('answers 1005 for a transfer to oneself, whatever payer_accttype a user sends; the merchant may move money between its own accounts', async () => {
    const payer = await personWith('100.00');
    await refusedWithoutChange(() => transfer(fromUser(payer.userId), toUser(payer.userId), '10.00'), '1005');
    await refusedWithoutChange(() => transfer({ ...fromUser(payer.userId), payer_accttype: 'USEROWN' }, toUser(payer.userId), '10.00'), '1005');
    await refusedWithoutChange(() => transfer({ ...fromUser(payer.userId), payer_accttype: 'USEROWN_AVAILABLE' }, toUser(payer.userId), '10.00'), '1005');
    await topUp(null, '10.00');
    await refusedWithoutChange(() => transfer(fromMerchant(), toMerchant, '10.00'), '1005');
    const before = await state();
    expect((await transfer(fromMerchant(), { ...toMerchant, payee_accttype: 'MCHCOUPON' }, '10.00')).ret_code).toBe('0000');
    const after = await state();
    expect(acct(after, null, 'MCHCOUPON_AVAILABLE').balance - acct(before, null, 'MCHCOUPON_AVAILABLE').balance).toBe(1000);
  });
});

describe('internal transfers take no fee', () => {
  it('ignores fee_amount to an ACCP account (§3.4.1: 收款方为对私银行账户或对公银行账户才有效): the payee gets the whole total', async () => {
    const [payer, payee] = [await personWith('100.00'), await openPerson()];
    const before = await state();
    const a = await transfer(fromUser(payer.userId), toUser(payee.userId), '10.00', {}, { fee_amount: '1.00' });
    expect(a.ret_code).toBe('0000');
    expect(a.fee_amount).toBeUndefined();
    const after = await state();
    expect(available(after, payee.userId)).toEqual({ balance: 1000, frozen: 0 });
    expect(available(after, payer.userId)).toEqual({ balance: 9000, frozen: 0 });
    expect(acct(after, null, 'MCHOWN_AVAILABLE')).toEqual(acct(before, null, 'MCHOWN_AVAILABLE'));
  });
});

describe('external transfers (§3.4.1 to a bank account)', () => {
  it('to BANKACCT_PRI: frozen, answered by the bank like a withdrawal, fee to MCHOWN; query-withdrawal finds it', async () => {
    const payer = await personWith('100.00');
    const before = await state();
    const a = await transfer(fromUser(payer.userId), bankAccount(), '40.00', { pay_time_type: 'TRANS_NORMAL' }, { fee_amount: '2.00' });
    expect(a).toMatchObject({ ret_code: '0000', total_amount: 40, fee_amount: 2, accp_txno: expect.any(String) });
    expect(available(await state(), payer.userId)).toEqual({ balance: 10000, frozen: 4000 });
    expect(await queryWithdrawal(a.txn_seqno)).toMatchObject({ ret_code: '0000', txn_status: 'TRADE_PROCESSING', accp_txno: a.accp_txno });
    const decided = await t.sandbox('POST', `/sandbox/bank/withdrawals/${String(a.accp_txno)}`, { result: 'SUCCESS' });
    expect(decided).toMatchObject({ status: 200, body: { status: 'SUCCESS' } });
    const after = await state();
    expect(available(after, payer.userId)).toEqual({ balance: 6000, frozen: 0 });
    expect(acct(after, null, 'MCHOWN_AVAILABLE').balance - acct(before, null, 'MCHOWN_AVAILABLE').balance).toBe(200);
    expect(acct(after, 'CLEARING:BANK').balance - acct(before, 'CLEARING:BANK').balance).toBe(3800);
    expectBalanced(after);
    expect(await queryWithdrawal(a.txn_seqno)).toMatchObject({ txn_status: 'TRADE_SUCCESS', orderInfo: { total_amount: 40, fee_amount: 2 } });
    expect((await notificationsOf(a.txn_seqno)).map((n) => n.txn_status)).toEqual(['TRADE_SUCCESS']);
    expect(await statementLines(t, payer.userId, 'USEROWN_AVAILABLE', a.accp_txno)).toEqual([{ flag_dc: 'DEBIT', amt: '40.00', txn_type: 'OUTER_FUND_EXCHANGE' }]);
    expect(await statementLines(t, null, 'MCHOWN_AVAILABLE', a.accp_txno)).toEqual([{ flag_dc: 'CREDIT', amt: '2.00', txn_type: 'SERVICE_FEE' }]);
  });

  it('waits for withdrawal-check with check_flag Y (8889, §3.4.2 外部代发使用提现确认)', async () => {
    const payer = await personWith('100.00');
    const a = await transfer(fromUser(payer.userId), bankAccount(), '30.00', { check_flag: 'Y', pay_time_type: 'TRANS_NORMAL' });
    expect(a.ret_code).toBe('8889');
    expect((await queryWithdrawal(a.txn_seqno)).txn_status).toBe('TRADE_WAIT_CHECK');
    const checked = await t.client.call('txn/withdrawal-check', { orderInfo: { txn_seqno: a.txn_seqno, total_amount: '30.00' }, checkInfo: { check_result: 'ACCEPT' } });
    expect(checked.ret_code).toBe('0000');
    expect((await queryWithdrawal(a.txn_seqno)).txn_status).toBe('TRADE_PROCESSING');
  });

  it('answers 1010 for a repeated txn_seqno, and nothing moves again', async () => {
    const payer = await personWith('100.00');
    const a = await transfer(fromUser(payer.userId), bankAccount(), '30.00');
    expect(a.ret_code).toBe('0000');
    await refusedWithoutChange(() => transfer(fromUser(payer.userId), bankAccount(), '30.00', {}, { txn_seqno: a.txn_seqno }), '1010');
    await refusedWithoutChange(() => transfer(fromUser(payer.userId), toUser(payer.userId), '1.00', {}, { txn_seqno: a.txn_seqno }), '1010');
  });

  it('stays PROCESSING to the sandbox card 9001 (the bank does not answer) until the sandbox decides', async () => {
    const payer = await personWith('100.00');
    const a = await transfer(fromUser(payer.userId), bankAccount({ bank_acctno: testCardNo('9001') }), '25.00');
    expect(a.ret_code).toBe('0000');
    await t.sandbox('POST', '/sandbox/jobs/run', {});
    await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 3 * 3600 });
    expect((await queryWithdrawal(a.txn_seqno)).txn_status).toBe('TRADE_PROCESSING');
    expect(available(await state(), payer.userId)).toEqual({ balance: 10000, frozen: 2500 });
    expect(await notificationsOf(a.txn_seqno)).toEqual([]);
    await t.sandbox('POST', `/sandbox/bank/withdrawals/${String(a.accp_txno)}`, { result: 'FAILURE', reason: '银行超时' });
    expect(available(await state(), payer.userId)).toEqual({ balance: 10000, frozen: 0 });
    expect(await queryWithdrawal(a.txn_seqno)).toMatchObject({ txn_status: 'TRADE_FAILURE', failure_reason: '银行超时' });
    expect((await notificationsOf(a.txn_seqno)).map((n) => n.txn_status)).toEqual(['TRADE_FAILURE']);
  });

  it('needs a postscript from 50,000.00 (§3.4.1 代发至银行账户) and the holder\'s name (bank_acctname, docs/decisions.md)', async () => {
    const payer = await personWith('50000.00');
    await refusedWithoutChange(() => transfer(fromUser(payer.userId), bankAccount(), '50000.00'), '1005');
    await refusedWithoutChange(() => transfer(fromUser(payer.userId), { payee_type: 'BANKACCT_PRI', bank_acctno: debitCardNo() }, '10.00'), '1005');
    expect((await transfer(fromUser(payer.userId), bankAccount(), '50000.00', {}, { postscript: '货款' })).ret_code).toBe('8888');
  });

  it('gives the money back when the bank fails it', async () => {
    const payer = await personWith('100.00');
    const a = await transfer(fromUser(payer.userId), bankAccount(), '40.00', { pay_time_type: 'TRANS_NORMAL' });
    await t.sandbox('POST', `/sandbox/bank/withdrawals/${String(a.accp_txno)}`, { result: 'FAILURE' });
    expect(available(await state(), payer.userId)).toEqual({ balance: 10000, frozen: 0 });
    expect((await queryWithdrawal(a.txn_seqno)).txn_status).toBe('TRADE_FAILURE');
  });

  it('to BANKACCT_PUB needs bank_code and a cnaps_code of that bank (1005)', async () => {
    const payer = await personWith('100.00');
    const pub = { payee_type: 'BANKACCT_PUB', bank_acctno: '1202020209000012345', bank_acctname: '测试有限公司' };
    await refusedWithoutChange(() => transfer(fromUser(payer.userId), { ...pub, cnaps_code: '102100099996' }, '10.00'), '1005');
    await refusedWithoutChange(() => transfer(fromUser(payer.userId), { ...pub, bank_code: '01020000' }, '10.00'), '1005');
    await refusedWithoutChange(() => transfer(fromUser(payer.userId), { ...pub, bank_code: '01020000', cnaps_code: '105100000017' }, '10.00'), '1005');
    const a = await transfer(fromUser(payer.userId), { ...pub, bank_code: '01020000', cnaps_code: '102100099996' }, '10.00', { pay_time_type: 'TRANS_NORMAL' });
    expect(a.ret_code).toBe('0000');
    expect(await queryWithdrawal(a.txn_seqno)).toMatchObject({ txn_status: 'TRADE_PROCESSING', bankcode: '01020000' });
    // two hours later the bank pays the corporate account (its number is not a card's: no card check)
    await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 2 * 3600 + 60 });
    expect(await queryWithdrawal(a.txn_seqno)).toMatchObject({ txn_status: 'TRADE_SUCCESS' });
    expect(available(await state(), payer.userId)).toEqual({ balance: 9000, frozen: 0 });
  });

  it('answers 1029 for a card no bank of the simulator issues', async () => {
    const payer = await personWith('100.00');
    await refusedWithoutChange(() => transfer(fromUser(payer.userId), bankAccount({ bank_acctno: '6011000000000004' }), '10.00'), '1029');
  });
});
