// txn v2.3 §3.3 over HTTP: withdrawal (with the SMS code of §3.6 and the merchant's check,
// withdrawal-check §3.3.2), the bank's answer on the simulator clock or from the sandbox, the
// notification (§3.3.3), query-withdrawal (§3.3.4), expiry. Every refusal leaves the whole state
// as it was; every money movement keeps the sum of all accounts at zero.
import { describe, expect, it } from 'vitest';
import { debitCardNo, mobile, userId } from '../../harness/testdata.js';
import { testCardNo } from '../world/test-values.js';
import { smsCode } from '../testkit/simulator.js';
import { useMoneyBed, type Answer } from '../testkit/money-bed.js';
import { statementLines } from '../testkit/statements.js';

const bed = useMoneyBed();
const { t, oid, pw, state, refusedWithoutChange, acct, expectBalanced, personWith, creditCardNo } = bed;

const userAvailable = async (uid: string) => acct(await state(), uid, 'USEROWN_AVAILABLE');

const withdraw = (uid: string, total: string, extra: Answer = {}, orderExtra: Answer = {}) =>
  t.client.call('txn/withdrawal', {
    notify_url: bed.notifyUrl,
    orderInfo: { txn_seqno: t.client.newSeqno('WD'), txn_time: t.client.timestamp(), total_amount: total, ...orderExtra },
    payerInfo: { payer_type: 'USER', payer_id: uid, password: pw() },
    ...extra,
  });
const merchantWithdraw = (total: string, payerExtra: Answer, extra: Answer = {}) =>
  t.client.call('txn/withdrawal', {
    notify_url: bed.notifyUrl,
    orderInfo: { txn_seqno: t.client.newSeqno('WDM'), txn_time: t.client.timestamp(), total_amount: total },
    payerInfo: { payer_type: 'MERCHANT', payer_id: oid(), ...payerExtra },
    ...extra,
  });
const check = (seq: unknown, total: string, result: 'ACCEPT' | 'CANCEL') =>
  t.client.call('txn/withdrawal-check', { orderInfo: { txn_seqno: seq, total_amount: total }, checkInfo: { check_result: result, check_reason: '测试', check_user: 'qa' } });
const query = (seq: unknown) => t.client.call('txn/query-withdrawal', { txn_seqno: seq });
const runJobs = () => t.sandbox('POST', '/sandbox/jobs/run', {});
const notificationsOf = async (seq: unknown) =>
  (await t.sandbox<{ notifications: { body: string; status: string }[] }>('GET', `/sandbox/notifications?txn_seqno=${String(seq)}`)).body.notifications.map((n) => ({ ...n, body: JSON.parse(n.body) as Answer }));
/** A second card bound to a person (acctmgr §3.4 individual-bindcard); its linked_agrtno. */
const bindCard = async (p: { userId: string }, cardNo: string) => {
  const phone = mobile();
  const apply = await t.client.call('acctmgr/individual-bindcard-apply', { user_id: p.userId, txn_seqno: t.client.newSeqno('BIND'), txn_time: t.client.timestamp(), notify_url: bed.notifyUrl, linked_acctno: cardNo, linked_phone: phone, password: pw() });
  expect(apply.ret_code).toBe('0000');
  expect((await t.client.call('acctmgr/individual-bindcard-verify', { user_id: p.userId, txn_seqno: apply.txn_seqno, token: apply.token, verify_code: await smsCode(t, phone) })).ret_code).toBe('0000');
  const cards = (await t.client.call('acctmgr/query-linkedacct', { user_id: p.userId })).linked_acctlist as Answer[];
  return String(cards.find((c) => c.linked_acctno === cardNo)!.linked_agrtno);
};
const withdrawalRecord = async (accpTxno: unknown) => (await state()).collections.withdrawals![String(accpTxno)]!;

describe('withdrawal (§3.3.1) and the bank', () => {
  it("pays total - fee to the bank and the fee to the merchant's own account; query and notification say TRADE_SUCCESS", async () => {
    const p = await personWith('100.00');
    const before = await state();
    const a = await withdraw(p.userId, '50.00', {}, { fee_amount: '2.00', order_info: '提现' });
    expect(a).toMatchObject({ ret_code: '0000', user_id: p.userId, total_amount: 50, fee_amount: 2, accp_txno: expect.any(String) });
    await runJobs();
    const after = await state();
    expect(acct(after, p.userId, 'USEROWN_AVAILABLE')).toEqual({ balance: 5000, frozen: 0 });
    expect(acct(after, 'CLEARING:BANK').balance - acct(before, 'CLEARING:BANK').balance).toBe(4800);
    expect(acct(after, null, 'MCHOWN_AVAILABLE').balance - acct(before, null, 'MCHOWN_AVAILABLE').balance).toBe(200);
    expectBalanced(after);
    const q = await query(a.txn_seqno);
    expect(q).toMatchObject({ ret_code: '0000', txn_status: 'TRADE_SUCCESS', accp_txno: a.accp_txno, accounting_date: expect.any(String), finish_time: expect.any(String), payerInfo: { payer_type: 'USER', payer_id: p.userId }, orderInfo: { txn_seqno: a.txn_seqno, total_amount: 50, fee_amount: 2, order_info: '提现' } });
    const [note] = await notificationsOf(a.txn_seqno);
    expect(note!.body).toMatchObject({ txn_status: 'TRADE_SUCCESS', accp_txno: a.accp_txno, orderInfo: { total_amount: 50, fee_amount: 2 } });
  });

  it("shows the fee on the merchant's statement as SERVICE_FEE (acctmgr §3.17), the payer's as one ACCT_CASH_OUT line of the total", async () => {
    const p = await personWith('100.00');
    const a = await withdraw(p.userId, '50.00', {}, { fee_amount: '2.00' });
    expect(a.ret_code).toBe('0000');
    await runJobs();
    expect(await statementLines(t, p.userId, 'USEROWN_AVAILABLE', a.accp_txno)).toEqual([{ flag_dc: 'DEBIT', amt: '50.00', txn_type: 'ACCT_CASH_OUT' }]);
    expect(await statementLines(t, null, 'MCHOWN_AVAILABLE', a.accp_txno)).toEqual([{ flag_dc: 'CREDIT', amt: '2.00', txn_type: 'SERVICE_FEE' }]);
  });

  it('keeps the total frozen while the bank is PROCESSING (TRANS_NORMAL), then pays it out two hours later', async () => {
    const p = await personWith('100.00');
    const a = await withdraw(p.userId, '30.00', { pay_time_type: 'TRANS_NORMAL' });
    expect(a.ret_code).toBe('0000');
    await runJobs();
    expect(await userAvailable(p.userId)).toEqual({ balance: 10000, frozen: 3000 });
    expect((await query(a.txn_seqno)).txn_status).toBe('TRADE_PROCESSING');
    await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 2 * 3600 });
    expect(await userAvailable(p.userId)).toEqual({ balance: 7000, frozen: 0 });
    expect((await query(a.txn_seqno)).txn_status).toBe('TRADE_SUCCESS');
  });

  it('gives the money back on a bank FAILURE (sandbox) and notifies TRADE_FAILURE', async () => {
    const p = await personWith('100.00');
    const a = await withdraw(p.userId, '40.00', { pay_time_type: 'TRANS_NORMAL' }, { fee_amount: '1.00' });
    const before = await state();
    const decided = await t.sandbox('POST', `/sandbox/bank/withdrawals/${String(a.accp_txno)}`, { result: 'FAILURE' });
    expect(decided).toMatchObject({ status: 200, body: { status: 'FAILURE' } });
    const after = await state();
    expect(acct(after, p.userId, 'USEROWN_AVAILABLE')).toEqual({ balance: 10000, frozen: 0 });
    expect(acct(after, null, 'MCHOWN_AVAILABLE')).toEqual(acct(before, null, 'MCHOWN_AVAILABLE'));
    expectBalanced(after);
    expect(await query(a.txn_seqno)).toMatchObject({ txn_status: 'TRADE_FAILURE', failure_reason: expect.any(String) });
    expect((await notificationsOf(a.txn_seqno)).map((n) => n.body.txn_status)).toEqual(['TRADE_FAILURE']);
  });

  it('fails at the bank for the sandbox card 1025 (a merchant withdrawal to it)', async () => {
    expect((await t.sandbox('POST', '/sandbox/offline-topup', { oid_partner: oid(), amount: '20.00' })).status).toBe(200);
    const before = await state();
    const a = await merchantWithdraw('20.00', { payer_accttype: 'MCHOWN' }, { linked_acctno: testCardNo('1025') });
    expect(a.ret_code).toBe('0000');
    await runJobs();
    expect(await query(a.txn_seqno)).toMatchObject({ txn_status: 'TRADE_FAILURE', failure_reason: expect.any(String), payerInfo: { payer_type: 'MERCHANT', payer_id: oid() } });
    const after = await state();
    expect(acct(after, null, 'MCHOWN_AVAILABLE')).toEqual(acct(before, null, 'MCHOWN_AVAILABLE'));
    expectBalanced(after);
  });

  it('keeps a merchant withdrawal to the sandbox card 9001 (the bank does not answer) PROCESSING until the sandbox decides', async () => {
    await t.sandbox('POST', '/sandbox/offline-topup', { oid_partner: oid(), amount: '30.00' });
    const before = await state();
    const a = await merchantWithdraw('30.00', { payer_accttype: 'MCHOWN' }, { linked_acctno: testCardNo('9001') });
    expect(a.ret_code).toBe('0000');
    await runJobs();
    await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 3 * 3600 });
    expect((await query(a.txn_seqno)).txn_status).toBe('TRADE_PROCESSING');
    const waiting = acct(await state(), null, 'MCHOWN_AVAILABLE');
    const was = acct(before, null, 'MCHOWN_AVAILABLE');
    expect(waiting).toEqual({ balance: was.balance, frozen: was.frozen + 3000 });
    expect(await notificationsOf(a.txn_seqno)).toEqual([]);
    const decided = await t.sandbox('POST', `/sandbox/bank/withdrawals/${String(a.accp_txno)}`, { result: 'SUCCESS' });
    expect(decided).toMatchObject({ status: 200, body: { status: 'SUCCESS' } });
    expect(acct(await state(), null, 'MCHOWN_AVAILABLE')).toEqual({ balance: was.balance - 3000, frozen: was.frozen });
    expect((await query(a.txn_seqno)).txn_status).toBe('TRADE_SUCCESS');
    expect((await notificationsOf(a.txn_seqno)).map((n) => n.body.txn_status)).toEqual(['TRADE_SUCCESS']);
  });

  it('answers 8888 above 1000.00; the SMS code sends it to the bank', async () => {
    const p = await personWith('2000.00');
    const a = await withdraw(p.userId, '1500.00');
    expect(a).toMatchObject({ ret_code: '8888', token: expect.any(String), total_amount: 1500 });
    expect(await userAvailable(p.userId)).toEqual({ balance: 200_000, frozen: 150_000 });
    expect((await query(a.txn_seqno)).txn_status).toBe('TRADE_PROCESSING');
    const v = await t.client.call('txn/validation-sms', { payer_type: 'USER', payer_id: p.userId, txn_seqno: a.txn_seqno, total_amount: '1500.00', token: a.token, verify_code: await smsCode(t, p.phone) });
    expect(v).toMatchObject({ ret_code: '0000', accp_txno: a.accp_txno });
    await runJobs();
    expect(await userAvailable(p.userId)).toEqual({ balance: 50_000, frozen: 0 });
    expect((await query(a.txn_seqno)).txn_status).toBe('TRADE_SUCCESS');
  });

  it("closes a withdrawal whose SMS code was never given once the token's 30 minutes are over, and releases the money", async () => {
    const p = await personWith('2000.00');
    const a = await withdraw(p.userId, '1500.00');
    expect(a.ret_code).toBe('8888');
    await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 29 * 60 });
    expect(await userAvailable(p.userId)).toEqual({ balance: 200_000, frozen: 150_000 });
    await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 2 * 60 });
    expect(await userAvailable(p.userId)).toEqual({ balance: 200_000, frozen: 0 });
    expect(await query(a.txn_seqno)).toMatchObject({ txn_status: 'TRADE_FAILURE', failure_reason: '短信验证码已失效' });
  });
});

describe('withdrawal-check (§3.3.2)', () => {
  it('answers 8889 for check_flag Y; ACCEPT sends it to the bank', async () => {
    const p = await personWith('100.00');
    const a = await withdraw(p.userId, '60.00', { check_flag: 'Y' }, { fee_amount: '3.00' });
    expect(a).toMatchObject({ ret_code: '8889', accp_txno: expect.any(String) });
    expect((await query(a.txn_seqno)).txn_status).toBe('TRADE_WAIT_CHECK');
    await runJobs();
    expect(await userAvailable(p.userId)).toEqual({ balance: 10000, frozen: 6000 });
    expect(await check(a.txn_seqno, '60.00', 'ACCEPT')).toMatchObject({ ret_code: '0000', txn_seqno: a.txn_seqno, total_amount: 60, fee_amount: 3 });
    await runJobs();
    expect(await userAvailable(p.userId)).toEqual({ balance: 4000, frozen: 0 });
    expect((await query(a.txn_seqno)).txn_status).toBe('TRADE_SUCCESS');
    expectBalanced(await state());
  });

  it('CANCEL gives the money back; checking again answers 1032, and a wrong total 3004', async () => {
    const p = await personWith('100.00');
    const a = await withdraw(p.userId, '60.00', { check_flag: 'Y' });
    await refusedWithoutChange(() => check(a.txn_seqno, '59.00', 'ACCEPT'), '3004');
    expect((await check(a.txn_seqno, '60.00', 'CANCEL')).ret_code).toBe('0000');
    const s = await state();
    expect(acct(s, p.userId, 'USEROWN_AVAILABLE')).toEqual({ balance: 10000, frozen: 0 });
    expectBalanced(s);
    expect((await query(a.txn_seqno)).txn_status).toBe('TRADE_FAILURE');
    await refusedWithoutChange(() => check(a.txn_seqno, '60.00', 'ACCEPT'), '1032');
    const direct = await withdraw(p.userId, '10.00', { pay_time_type: 'TRANS_NORMAL' });
    await refusedWithoutChange(() => check(direct.txn_seqno, '10.00', 'ACCEPT'), '1032');
  });

  it('closes an unchecked withdrawal once pay_expire has passed and releases the money', async () => {
    const p = await personWith('100.00');
    const a = await withdraw(p.userId, '70.00', { check_flag: 'Y', pay_expire: 30 });
    await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 29 * 60 });
    expect(await userAvailable(p.userId)).toEqual({ balance: 10000, frozen: 7000 });
    await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 2 * 60 });
    expect(await userAvailable(p.userId)).toEqual({ balance: 10000, frozen: 0 });
    expect(await query(a.txn_seqno)).toMatchObject({ txn_status: 'TRADE_FAILURE', failure_reason: expect.any(String) });
    await refusedWithoutChange(() => check(a.txn_seqno, '70.00', 'ACCEPT'), '1032');
  });

  it('closes a withdrawal past its pay_expire at withdrawal-check itself (1032), before the scheduler does', async () => {
    const p = await personWith('100.00');
    const a = await withdraw(p.userId, '70.00', { check_flag: 'Y', pay_expire: 0 });
    expect(a.ret_code).toBe('8889');
    expect(await userAvailable(p.userId)).toEqual({ balance: 10000, frozen: 7000 });
    // no job has run: the check alone closes it
    expect((await check(a.txn_seqno, '70.00', 'ACCEPT')).ret_code).toBe('1032');
    expect(await userAvailable(p.userId)).toEqual({ balance: 10000, frozen: 0 });
    expect(await query(a.txn_seqno)).toMatchObject({ txn_status: 'TRADE_FAILURE', failure_reason: '订单已过期' });
    await refusedWithoutChange(() => check(a.txn_seqno, '70.00', 'ACCEPT'), '1032');
  });

  it('closes a withdrawal past its pay_expire at validation-sms itself (1000), releasing the money before the scheduler does', async () => {
    const p = await personWith('2000.00');
    const a = await withdraw(p.userId, '1500.00', { pay_expire: 0 });
    expect(a.ret_code).toBe('8888');
    const code = await smsCode(t, p.phone);
    const sms = () => t.client.call('txn/validation-sms', { payer_type: 'USER', payer_id: p.userId, txn_seqno: a.txn_seqno, total_amount: '1500.00', token: a.token, verify_code: code });
    expect((await sms()).ret_code).toBe('1000');
    expect(await userAvailable(p.userId)).toEqual({ balance: 200_000, frozen: 0 });
    expect(await query(a.txn_seqno)).toMatchObject({ txn_status: 'TRADE_FAILURE', failure_reason: '订单已过期' });
    await refusedWithoutChange(sms, '1000');
  });
});

describe('withdrawal refusals', () => {
  it('answers 1005 for a fee above 20%, for no postscript from 50,000.00, and without the password', async () => {
    const p = await personWith('100.00');
    await refusedWithoutChange(() => withdraw(p.userId, '10.00', {}, { fee_amount: '2.01' }), '1005');
    await refusedWithoutChange(() => withdraw(p.userId, '50000.00'), '1005');
    await refusedWithoutChange(() => withdraw(p.userId, '10.00', { payerInfo: { payer_type: 'USER', payer_id: p.userId } }), '1005');
    // exactly 20% is allowed, and 50,000.00 with a postscript
    expect((await withdraw(p.userId, '10.00', {}, { fee_amount: '2.00' })).ret_code).toBe('0000');
    expect((await t.sandbox('POST', '/sandbox/offline-topup', { oid_partner: oid(), user_id: p.userId, amount: '50000.00' })).status).toBe(200);
    expect((await withdraw(p.userId, '50000.00', {}, { postscript: '货款' })).ret_code).toBe('8888');
  });

  it('answers 1005 for a withdrawal of nothing, or of more than Number(8,2) allows; the bank keeps answering the others', async () => {
    const p = await personWith('100.00');
    await refusedWithoutChange(() => withdraw(p.userId, '0.00'), '1005');
    await refusedWithoutChange(() => withdraw(p.userId, '1000000.00'), '1005');
    const ok = await withdraw(p.userId, '10.00');
    expect(ok.ret_code).toBe('0000');
    await runJobs();
    expect((await query(ok.txn_seqno)).txn_status).toBe('TRADE_SUCCESS');
  });

  it('answers 1010 for a repeated txn_seqno, finished or waiting, and nothing moves again', async () => {
    const p = await personWith('100.00');
    const done = await withdraw(p.userId, '10.00');
    expect(done.ret_code).toBe('0000');
    await runJobs();
    await refusedWithoutChange(() => withdraw(p.userId, '10.00', {}, { txn_seqno: done.txn_seqno }), '1010');
    const waiting = await withdraw(p.userId, '20.00', { check_flag: 'Y' });
    expect(waiting.ret_code).toBe('8889');
    await refusedWithoutChange(() => withdraw(p.userId, '5.00', {}, { txn_seqno: waiting.txn_seqno }), '1010');
    expect(await userAvailable(p.userId)).toEqual({ balance: 9000, frozen: 2000 });
  });

  it('answers 3005 for more than is available and 2013 for a card that is not bound', async () => {
    const p = await personWith('100.00');
    await refusedWithoutChange(() => withdraw(p.userId, '100.01'), '3005');
    await refusedWithoutChange(() => withdraw(p.userId, '10.00', { linked_acctno: debitCardNo() }), '2013');
    await refusedWithoutChange(() => withdraw(p.userId, '10.00', { linked_agrtno: '99999999999999999999' }), '2013');
  });

  it('answers 3008 for a bound credit card', async () => {
    const p = await personWith('100.00');
    const credit = await bindCard(p, creditCardNo());
    await refusedWithoutChange(() => withdraw(p.userId, '10.00', { linked_agrtno: credit }), '3008');
  });

  it('makes a person with several bound cards name one (1005, §3.3.1 二者选其一); a single card is used when none is named', async () => {
    const p = await personWith('100.00');
    const only = await withdraw(p.userId, '10.00', { pay_time_type: 'TRANS_NORMAL' });
    expect(only.ret_code).toBe('0000');
    expect((await withdrawalRecord(only.accp_txno)).bank).toMatchObject({ acctno: p.cardNo });
    const second = debitCardNo();
    const agrtno = await bindCard(p, second);
    await refusedWithoutChange(() => withdraw(p.userId, '10.00'), '1005');
    const byAgreement = await withdraw(p.userId, '10.00', { linked_agrtno: agrtno, pay_time_type: 'TRANS_NORMAL' });
    expect(byAgreement.ret_code).toBe('0000');
    expect((await withdrawalRecord(byAgreement.accp_txno)).bank).toMatchObject({ acctno: second, linked_agrtno: agrtno });
    const byNumber = await withdraw(p.userId, '10.00', { linked_acctno: p.cardNo, pay_time_type: 'TRANS_NORMAL' });
    expect(byNumber.ret_code).toBe('0000');
    expect((await withdrawalRecord(byNumber.accp_txno)).bank).toMatchObject({ acctno: p.cardNo });
  });

  it('refuses a merchant withdrawal from MCHASSURE (3021) and one without payer_accttype (1005)', async () => {
    expect((await t.sandbox('POST', '/sandbox/offline-topup', { oid_partner: oid(), acct_type: 'MCHASSURE_AVAILABLE', amount: '10.00' })).status).toBe(200);
    await refusedWithoutChange(() => merchantWithdraw('5.00', { payer_accttype: 'MCHASSURE' }), '3021');
    await refusedWithoutChange(() => merchantWithdraw('5.00', {}), '1005');
  });
});

describe('the bank on the clock, and query-withdrawal (§3.3.4)', () => {
  it('answers TRANS_NEXT_TIME only the next morning', async () => {
    const p = await personWith('100.00');
    const a = await withdraw(p.userId, '25.00', { pay_time_type: 'TRANS_NEXT_TIME' });
    await runJobs();
    expect((await query(a.txn_seqno)).txn_status).toBe('TRADE_PROCESSING');
    const now = (await t.sandbox<{ now: string }>('GET', '/sandbox/clock')).body.now;
    const secondsOfDay = Number(now.slice(8, 10)) * 3600 + Number(now.slice(10, 12)) * 60 + Number(now.slice(12, 14));
    const untilNine = 24 * 3600 - secondsOfDay + 9 * 3600;
    await t.sandbox('POST', '/sandbox/clock', { advance_seconds: untilNine - 120 });
    expect((await query(a.txn_seqno)).txn_status).toBe('TRADE_PROCESSING');
    expect(await userAvailable(p.userId)).toEqual({ balance: 10000, frozen: 2500 });
    await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 240 });
    expect((await query(a.txn_seqno)).txn_status).toBe('TRADE_SUCCESS');
    expect(await userAvailable(p.userId)).toEqual({ balance: 7500, frozen: 0 });
  });

  it('finds a withdrawal by accp_txno too, and answers 1011 for an unknown one', async () => {
    const p = await personWith('100.00');
    const a = await withdraw(p.userId, '5.00', { pay_time_type: 'TRANS_NORMAL' });
    expect(await t.client.call('txn/query-withdrawal', { accp_txno: a.accp_txno })).toMatchObject({ ret_code: '0000', txn_status: 'TRADE_PROCESSING', orderInfo: { txn_seqno: a.txn_seqno } });
    await refusedWithoutChange(() => query('NOSUCH' + userId()), '1011');
    await refusedWithoutChange(() => t.client.call('txn/query-withdrawal', { accp_txno: '209901010000000000' }), '1011');
  });
});
