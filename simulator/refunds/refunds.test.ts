// txn v2.3 §3.7 over HTTP: asyn-refund (§3.7.1) from one payee of a general or secured
// consumption, method by method; the money frozen while the channel has not answered, then back
// where it came from (the scheduler, here /sandbox/jobs/run); the notification (§3.7.3) and
// query-refund (§3.7.2). Every refusal leaves the whole state as it was; every money movement
// keeps the sum of all accounts at zero.
import { describe, expect, it } from 'vitest';
import { userId } from '../../harness/testdata.js';
import { yuanLess } from '../../harness/amounts.js';
import { useMoneyBed, type Snapshot, type Answer } from '../testkit/money-bed.js';

const bed = useMoneyBed();
const { t, oid, pw, state, refusedWithoutChange, acct, expectBalanced, openPerson, topUp } = bed;

const available = (s: Snapshot, uid: string) => acct(s, uid, 'USEROWN_AVAILABLE');
const psettle = (s: Snapshot, uid: string) => acct(s, uid, 'USEROWN_PSETTLE');

type Payee = { id: string; amount: string; type?: 'USER' | 'MERCHANT'; accttype?: string };
/** An order of `buyer` to `payees`, paid from the buyer's balance (topped up first) unless `pay` is false; returns its txn_seqno. */
async function order(buyer: string, total: string, payees: Payee[], opts: { txnType?: string; coupon?: string; pay?: boolean } = {}): Promise<string> {
  const created = await t.client.call('txn/tradecreate', {
    txn_type: opts.txnType ?? 'GENERAL_CONSUME',
    user_id: buyer,
    notify_url: bed.notifyUrl,
    orderInfo: { txn_seqno: t.client.newSeqno('ORD'), txn_time: t.client.timestamp(), total_amount: total },
    ...(payees.length ? { payeeInfo: payees.map((p) => ({ payee_id: p.id, payee_type: p.type ?? 'USER', ...(p.accttype ? { payee_accttype: p.accttype } : {}), payee_amount: p.amount })) } : {}),
  });
  expect(created.ret_code).toBe('0000');
  if (opts.pay === false) return created.txn_seqno as string;
  const fromBalance = yuanLess(total, opts.coupon);
  await topUp(buyer, fromBalance);
  if (opts.coupon) await topUp(null, opts.coupon, 'MCHCOUPON_AVAILABLE');
  const paid = await t.client.call('txn/payment-balance', { txn_seqno: created.txn_seqno, total_amount: total, ...(opts.coupon ? { coupon_amount: opts.coupon } : {}), payerInfo: { user_id: buyer, password: pw() } });
  expect(paid.ret_code).toBe('0000');
  return created.txn_seqno as string;
}

type Refund = { payee: string; amount: string; methods?: [string, string][]; total?: string; payeeType?: 'USER' | 'MERCHANT'; accttype?: string; refundSeqno?: string };
/** asyn-refund; the answer, with the refund_seqno the request used (the answer's txn_seqno is the original order's). */
async function refund(buyer: string, seq: string, total: string, r: Refund): Promise<Answer & { refund_seqno: string }> {
  const refundSeqno = r.refundSeqno ?? t.client.newSeqno('RF');
  const answer = await t.client.call('txn/asyn-refund', {
    user_id: buyer,
    notify_url: bed.notifyUrl,
    refund_reason: '退货',
    originalOrderInfo: { txn_seqno: seq, total_amount: r.total ?? total },
    refundOrderInfo: { refund_seqno: refundSeqno, refund_time: t.client.timestamp(), payee_id: r.payee, payee_type: r.payeeType ?? 'USER', ...(r.accttype ? { payee_accttype: r.accttype } : {}), refund_amount: r.amount },
    refundMethods: (r.methods ?? [['BALANCE', r.amount]]).map(([method, amount]) => ({ method, amount })),
  });
  return { ...answer, refund_seqno: refundSeqno };
}
const runJobs = () => t.sandbox('POST', '/sandbox/jobs/run', {});
const confirmAll = (buyer: string, seq: string, total: string, confirmSeqno: string) =>
  t.client.call('txn/secured-confirm', { user_id: buyer, confirm_mode: 'ALL', originalOrderInfo: { txn_seqno: seq, total_amount: total }, confirmOrderInfo: { confirm_seqno: confirmSeqno, confirm_time: t.client.timestamp(), confirm_amount: total } });
const queryRefund = (refundSeqno: unknown) => t.client.call('txn/query-refund', { refund_seqno: refundSeqno });
const notificationsOf = async (seq: unknown) =>
  (await t.sandbox<{ notifications: { body: string }[] }>('GET', `/sandbox/notifications?txn_seqno=${String(seq)}`)).body.notifications.map((n) => JSON.parse(n.body) as Answer);

describe('asyn-refund (§3.7.1) of a general consumption', () => {
  it("freezes the payee's pending settlement while PROCESSING; the channel's answer pays it back and notifies TRADE_SUCCESS", async () => {
    const [buyer, a, b] = [await openPerson(), await openPerson(), await openPerson()];
    const seq = await order(buyer.userId, '30.00', [{ id: a.userId, amount: '20.00' }, { id: b.userId, amount: '10.00' }]);
    const r = await refund(buyer.userId, seq, '30.00', { payee: a.userId, amount: '5.00' });
    // as §3.7.1's sample: the original order's txn_seqno, the refund's amount
    expect(r).toMatchObject({ ret_code: '0000', user_id: buyer.userId, txn_seqno: seq, total_amount: 5, accp_txno: expect.any(String) });
    const seqno = r.refund_seqno;
    const held = await state();
    expect(psettle(held, a.userId)).toEqual({ balance: 2000, frozen: 500 });
    expect(psettle(held, b.userId)).toEqual({ balance: 1000, frozen: 0 });
    expect(await queryRefund(seqno)).toMatchObject({ ret_code: '0000', accp_txno: r.accp_txno, refund_amount: 5, txn_status: 'TRADE_PROCESSING' });
    await runJobs();
    const done = await state();
    expect(psettle(done, a.userId)).toEqual({ balance: 1500, frozen: 0 });
    expect(available(done, buyer.userId)).toEqual({ balance: 500, frozen: 0 });
    expectBalanced(done);
    expect(await queryRefund(seqno)).toMatchObject({ txn_status: 'TRADE_SUCCESS', refund_amount: 5, accounting_date: expect.stringMatching(/^\d{8}$/) });
    expect(await notificationsOf(seqno)).toEqual([expect.objectContaining({ oid_partner: oid(), refund_seqno: seqno, accp_txno: r.accp_txno, refund_amount: 5, txn_status: 'TRADE_SUCCESS' })]);
  });

  it("refunds the rest of one payee's share, and no more (3018, unchanged)", async () => {
    const [buyer, a, b] = [await openPerson(), await openPerson(), await openPerson()];
    const seq = await order(buyer.userId, '30.00', [{ id: a.userId, amount: '20.00' }, { id: b.userId, amount: '10.00' }]);
    expect((await refund(buyer.userId, seq, '30.00', { payee: a.userId, amount: '5.00' })).ret_code).toBe('0000');
    expect((await refund(buyer.userId, seq, '30.00', { payee: a.userId, amount: '15.00' })).ret_code).toBe('0000');
    await refusedWithoutChange(() => refund(buyer.userId, seq, '30.00', { payee: a.userId, amount: '0.01' }), '3018');
    await runJobs();
    await refusedWithoutChange(() => refund(buyer.userId, seq, '30.00', { payee: b.userId, amount: '10.01' }), '3018');
    const s = await state();
    expect(psettle(s, a.userId)).toEqual({ balance: 0, frozen: 0 });
    expect(available(s, buyer.userId).balance).toBe(2000);
    expectBalanced(s);
  });

  it('gives each method back to where it came from (balance and coupon)', async () => {
    const [buyer, payee] = [await openPerson(), await openPerson()];
    const seq = await order(buyer.userId, '30.00', [{ id: payee.userId, amount: '30.00' }], { coupon: '5.00' });
    const before = await state();
    const r = await refund(buyer.userId, seq, '30.00', { payee: payee.userId, amount: '12.00', methods: [['BALANCE', '10.00'], ['COUPON', '2.00']] });
    expect(r.ret_code).toBe('0000');
    await runJobs();
    const after = await state();
    expect(available(after, buyer.userId).balance).toBe(1000);
    expect(acct(after, null, 'MCHCOUPON_AVAILABLE').balance - acct(before, null, 'MCHCOUPON_AVAILABLE').balance).toBe(200);
    expect(psettle(after, payee.userId).balance).toBe(1800);
    expectBalanced(after);
    await refusedWithoutChange(() => refund(buyer.userId, seq, '30.00', { payee: payee.userId, amount: '4.00', methods: [['BALANCE', '0.99'], ['COUPON', '3.01']] }), '3018');
  });

  it('answers 1005 when the methods do not add up and 3018 for a method over what it paid', async () => {
    const [buyer, payee] = [await openPerson(), await openPerson()];
    const seq = await order(buyer.userId, '20.00', [{ id: payee.userId, amount: '20.00' }]);
    await refusedWithoutChange(() => refund(buyer.userId, seq, '20.00', { payee: payee.userId, amount: '10.00', methods: [['BALANCE', '9.00']] }), '1005');
    await refusedWithoutChange(() => refund(buyer.userId, seq, '20.00', { payee: payee.userId, amount: '5.00', methods: [['COUPON', '5.00']] }), '3018');
    await refusedWithoutChange(() => refund(buyer.userId, seq, '20.00', { payee: payee.userId, amount: '20.01' }), '3018');
  });

  it('answers 3019 for a top-up and an unpaid order, 3017 for an unknown one and 3004 for another total', async () => {
    const [buyer, payee] = [await openPerson(), await openPerson()];
    const topup = await order(buyer.userId, '10.00', [], { txnType: 'USER_TOPUP', pay: false });
    const card = await t.client.call('txn/payment-bankcard', { txn_seqno: topup, total_amount: '10.00', payerInfo: { user_id: buyer.userId, password: pw() }, bankCardInfo: { linked_acctno: buyer.cardNo }, payMethods: [{ method: 'AGRT_DEBIT_CARD', amount: '10.00' }] });
    expect(card.ret_code).toBe('0000');
    await refusedWithoutChange(() => refund(buyer.userId, topup, '10.00', { payee: buyer.userId, amount: '10.00', methods: [['AGRT_DEBIT_CARD', '10.00']] }), '3019');
    const unpaid = await order(buyer.userId, '10.00', [{ id: payee.userId, amount: '10.00' }], { pay: false });
    await refusedWithoutChange(() => refund(buyer.userId, unpaid, '10.00', { payee: payee.userId, amount: '10.00' }), '3019');
    await refusedWithoutChange(() => refund(buyer.userId, 'NOSUCH' + userId(), '10.00', { payee: payee.userId, amount: '10.00' }), '3017');
    const paid = await order(buyer.userId, '10.00', [{ id: payee.userId, amount: '10.00' }]);
    await refusedWithoutChange(() => refund(buyer.userId, paid, '10.00', { payee: payee.userId, amount: '5.00', total: '9.00' }), '3004');
  });

  it('fails when the payer closed its account meanwhile, releasing the money back to the payee', async () => {
    const [buyer, payee] = [await openPerson(), await openPerson()];
    const seq = await order(buyer.userId, '20.00', [{ id: payee.userId, amount: '20.00' }]);
    const closed = await t.client.call('acctmgr/cancel-apply', { user_id: buyer.userId, txn_seqno: t.client.newSeqno('CANCEL'), txn_time: t.client.timestamp(), notify_url: bed.notifyUrl, user_name: buyer.name, id_type: 'ID_CARD', id_no: buyer.idNo, reg_phone: buyer.phone, password: pw() });
    expect(closed.ret_code).toBe('0000');
    const r = await refund(buyer.userId, seq, '20.00', { payee: payee.userId, amount: '20.00' });
    expect(r.ret_code).toBe('0000');
    expect(psettle(await state(), payee.userId)).toEqual({ balance: 2000, frozen: 2000 });
    await runJobs();
    const s = await state();
    expect(psettle(s, payee.userId)).toEqual({ balance: 2000, frozen: 0 });
    expect(available(s, buyer.userId)).toEqual({ balance: 0, frozen: 0 });
    expectBalanced(s);
    expect((await queryRefund(r.refund_seqno)).txn_status).toBe('TRADE_FAILURE');
    expect((await notificationsOf(r.refund_seqno)).map((n) => n.txn_status)).toEqual(['TRADE_FAILURE']);
  });
});

describe('asyn-refund of a secured consumption, and query-refund (§3.7.2)', () => {
  it('refunds from MCHASSURE before confirmation (payee MERCHANT, MCHASSURE) and from the real payee after it', async () => {
    const [buyer, seller] = [await openPerson(), await openPerson()];
    const seq = await order(buyer.userId, '30.00', [{ id: seller.userId, amount: '30.00' }], { txnType: 'SECURED_CONSUME' });
    const before = await state();
    const early = await refund(buyer.userId, seq, '30.00', { payee: oid(), payeeType: 'MERCHANT', accttype: 'MCHASSURE', amount: '10.00' });
    expect(early.ret_code).toBe('0000');
    await runJobs();
    const mid = await state();
    expect(acct(mid, null, 'MCHASSURE_AVAILABLE').balance - acct(before, null, 'MCHASSURE_AVAILABLE').balance).toBe(-1000);
    expect(acct(mid, null, 'MCHASSURE_AVAILABLE').frozen - acct(before, null, 'MCHASSURE_AVAILABLE').frozen).toBe(-1000);
    expect(available(mid, buyer.userId).balance).toBe(1000);
    const confirmed = await t.client.call('txn/secured-confirm', {
      user_id: buyer.userId,
      confirm_mode: 'PART',
      originalOrderInfo: { txn_seqno: seq, total_amount: '30.00' },
      confirmOrderInfo: { confirm_seqno: t.client.newSeqno('CFM'), confirm_time: t.client.timestamp(), confirm_amount: '20.00' },
      payeeInfo: [{ payee_id: seller.userId, payee_type: 'USER', payee_amount: '20.00' }],
    });
    expect(confirmed.ret_code).toBe('0000');
    await refusedWithoutChange(() => refund(buyer.userId, seq, '30.00', { payee: oid(), payeeType: 'MERCHANT', accttype: 'MCHASSURE', amount: '0.01' }), '3018');
    await refusedWithoutChange(() => refund(buyer.userId, seq, '30.00', { payee: seller.userId, amount: '20.01' }), '3018');
    const late = await refund(buyer.userId, seq, '30.00', { payee: seller.userId, amount: '20.00' });
    expect(late.ret_code).toBe('0000');
    expect(available(await state(), seller.userId)).toEqual({ balance: 2000, frozen: 2000 });
    await runJobs();
    const after = await state();
    expect(available(after, seller.userId)).toEqual({ balance: 0, frozen: 0 });
    expect(available(after, buyer.userId).balance).toBe(3000);
    expect(acct(after, null, 'MCHASSURE_AVAILABLE')).toEqual({ balance: acct(before, null, 'MCHASSURE_AVAILABLE').balance - 3000, frozen: acct(before, null, 'MCHASSURE_AVAILABLE').frozen - 3000 });
    expectBalanced(after);
    const q = await t.client.call('txn/secured-query', { txn_seqno: seq });
    expect(q).toMatchObject({ orderInfo: { secure_status: 'REFUND_SUCCESS' }, payeeInfo: [{ payee_id: seller.userId, accept_amount: 20, refund_amount: 20 }] });
    expect(q.refundInfo).toEqual([
      { refund_seqno: early.refund_seqno, accp_txno: early.accp_txno },
      { refund_seqno: late.refund_seqno, accp_txno: late.accp_txno },
    ]);
  });

  it('finds a refund by accp_txno too, and answers 1011 for an unknown one', async () => {
    const [buyer, payee] = [await openPerson(), await openPerson()];
    const seq = await order(buyer.userId, '8.00', [{ id: payee.userId, amount: '8.00' }]);
    const r = await refund(buyer.userId, seq, '8.00', { payee: payee.userId, amount: '8.00' });
    expect(await t.client.call('txn/query-refund', { accp_txno: r.accp_txno })).toMatchObject({ ret_code: '0000', txn_status: 'TRADE_PROCESSING', refund_amount: 8 });
    await runJobs();
    expect((await t.client.call('txn/query-refund', { accp_txno: r.accp_txno })).txn_status).toBe('TRADE_SUCCESS');
    await refusedWithoutChange(() => queryRefund('NOSUCH' + userId()), '1011');
  });
});

describe('asyn-refund: what a refund may name (§3.7.1)', () => {
  it('answers 1005 for a method named twice in refundMethods, even when each entry alone fits what it paid', async () => {
    const [buyer, payee] = [await openPerson(), await openPerson()];
    const seq = await order(buyer.userId, '100.00', [{ id: payee.userId, amount: '100.00' }], { coupon: '50.00' });
    // BALANCE paid 50.00 and COUPON 50.00: two BALANCE entries of 50.00 would give the coupon money to the buyer's balance
    const refused = await refusedWithoutChange(() => refund(buyer.userId, seq, '100.00', { payee: payee.userId, amount: '100.00', methods: [['BALANCE', '50.00'], ['BALANCE', '50.00']] }), '1005');
    expect(refused.ret_msg).toContain('refundMethods');
    expect((await refund(buyer.userId, seq, '100.00', { payee: payee.userId, amount: '100.00', methods: [['BALANCE', '50.00'], ['COUPON', '50.00']] })).ret_code).toBe('0000');
  });

  it('answers 1005 for a MERCHANT payee without payee_accttype, or naming another merchant', async () => {
    const buyer = await openPerson();
    const seq = await order(buyer.userId, '10.00', [{ id: oid(), type: 'MERCHANT', accttype: 'MCHOWN', amount: '10.00' }]);
    const missing = await refusedWithoutChange(() => refund(buyer.userId, seq, '10.00', { payee: oid(), payeeType: 'MERCHANT', amount: '5.00' }), '1005');
    expect(missing.ret_msg).toContain('payee_accttype');
    const other = await refusedWithoutChange(() => refund(buyer.userId, seq, '10.00', { payee: '209901010000000001', payeeType: 'MERCHANT', accttype: 'MCHOWN', amount: '5.00' }), '1005');
    expect(other.ret_msg).toContain('payee_id');
    expect((await refund(buyer.userId, seq, '10.00', { payee: oid(), payeeType: 'MERCHANT', accttype: 'MCHOWN', amount: '5.00' })).ret_code).toBe('0000');
    await runJobs();
    expect(available(await state(), buyer.userId).balance).toBe(500);
  });

  it('answers 1005 for a refund from MCHASSURE naming anyone but the merchant itself', async () => {
    const [buyer, seller] = [await openPerson(), await openPerson()];
    const seq = await order(buyer.userId, '30.00', [{ id: seller.userId, amount: '30.00' }], { txnType: 'SECURED_CONSUME' });
    await refusedWithoutChange(() => refund(buyer.userId, seq, '30.00', { payee: 'SOMEONE-ELSE', payeeType: 'MERCHANT', accttype: 'MCHASSURE', amount: '10.00' }), '1005');
    await refusedWithoutChange(() => refund(buyer.userId, seq, '30.00', { payee: seller.userId, payeeType: 'MERCHANT', accttype: 'MCHASSURE', amount: '10.00' }), '1005');
  });

  it('answers 3019 for an internal transfer and for a secured confirmation: they exist, but are not consumptions', async () => {
    const [buyer, seller] = [await openPerson(), await openPerson()];
    await topUp(buyer.userId, '10.00');
    const transferSeqno = t.client.newSeqno('TR');
    const transfer = await t.client.call('txn/transfer', {
      orderInfo: { txn_seqno: transferSeqno, txn_time: t.client.timestamp(), total_amount: '10.00', txn_purpose: '服务费' },
      payerInfo: { payer_type: 'USER', payer_id: buyer.userId, password: pw() },
      payeeInfo: { payee_type: 'USER', payee_id: seller.userId },
    });
    expect(transfer.ret_code).toBe('0000');
    await refusedWithoutChange(() => refund(buyer.userId, transferSeqno, '10.00', { payee: seller.userId, amount: '10.00' }), '3019');
    const seq = await order(buyer.userId, '20.00', [{ id: seller.userId, amount: '20.00' }], { txnType: 'SECURED_CONSUME' });
    const confirmSeqno = t.client.newSeqno('CFM');
    expect((await confirmAll(buyer.userId, seq, '20.00', confirmSeqno)).ret_code).toBe('0000');
    await refusedWithoutChange(() => refund(buyer.userId, confirmSeqno, '20.00', { payee: seller.userId, amount: '20.00' }), '3019');
  });
});

describe('asyn-refund: a repeated refund_seqno (issue #4: never moves money twice)', () => {
  it('answers 1010 with nothing changed, while the first is in flight and after it refunded everything', async () => {
    const [buyer, payee] = [await openPerson(), await openPerson()];
    const seq = await order(buyer.userId, '20.00', [{ id: payee.userId, amount: '20.00' }]);
    const refundSeqno = t.client.newSeqno('RF');
    expect((await refund(buyer.userId, seq, '20.00', { payee: payee.userId, amount: '5.00', refundSeqno })).ret_code).toBe('0000');
    // in flight, the same request (5.00 would still fit) is a repeat, not a second refund
    await refusedWithoutChange(() => refund(buyer.userId, seq, '20.00', { payee: payee.userId, amount: '5.00', refundSeqno }), '1010');
    expect((await refund(buyer.userId, seq, '20.00', { payee: payee.userId, amount: '15.00' })).ret_code).toBe('0000');
    await runJobs();
    // everything is refunded now: a repeat still answers 1010, not 3018
    await refusedWithoutChange(() => refund(buyer.userId, seq, '20.00', { payee: payee.userId, amount: '5.00', refundSeqno }), '1010');
    expect((await queryRefund(refundSeqno)).txn_status).toBe('TRADE_SUCCESS');
    expect(available(await state(), buyer.userId).balance).toBe(2000);
  });
});

describe('more-payee-refund (LianLian SDK: the payee in pyeeRefundInfos)', () => {
  const morePayee = async (buyer: string, seq: string, total: string, amount: string, payees: { id: string; amount: string }[]) => {
    const refundSeqno = t.client.newSeqno('MRF');
    const answer = await t.client.call('txn/more-payee-refund', {
      user_id: buyer,
      notify_url: bed.notifyUrl,
      originalOrderInfo: { txn_seqno: seq, total_amount: total },
      refundOrderInfo: { refund_seqno: refundSeqno, refund_time: t.client.timestamp(), refund_amount: amount },
      pyeeRefundInfos: payees.map((p) => ({ payee_id: p.id, payee_type: 'USER', payee_accttype: 'USEROWN', payee_refund_amount: p.amount, is_advance_pay: 'N' })),
      refundMethods: [{ method: 'BALANCE', amount }],
    });
    return { ...answer, refund_seqno: refundSeqno };
  };

  it('refunds from the one payee it names, as asyn-refund does: frozen, then back to the buyer, notified', async () => {
    const [buyer, a, b] = [await openPerson(), await openPerson(), await openPerson()];
    const seq = await order(buyer.userId, '30.00', [{ id: a.userId, amount: '20.00' }, { id: b.userId, amount: '10.00' }]);
    const r = await morePayee(buyer.userId, seq, '30.00', '8.00', [{ id: a.userId, amount: '8.00' }]);
    expect(r).toMatchObject({ ret_code: '0000', user_id: buyer.userId, txn_seqno: seq, total_amount: 8, accp_txno: expect.any(String) });
    expect(psettle(await state(), a.userId)).toEqual({ balance: 2000, frozen: 800 });
    await runJobs();
    const after = await state();
    expect(psettle(after, a.userId)).toEqual({ balance: 1200, frozen: 0 });
    expect(available(after, buyer.userId).balance).toBe(800);
    expect(await queryRefund(r.refund_seqno)).toMatchObject({ ret_code: '0000', txn_status: 'TRADE_SUCCESS', refund_amount: 8 });
    expect(await notificationsOf(r.refund_seqno)).toEqual([expect.objectContaining({ refund_seqno: r.refund_seqno, txn_status: 'TRADE_SUCCESS', refund_amount: 8 })]);
    expectBalanced(after);
  });

  it('refuses two payees in one refund (3020: one payee per refund) and a payee amount that is not the refund (1005), changing nothing', async () => {
    const [buyer, a, b] = [await openPerson(), await openPerson(), await openPerson()];
    const seq = await order(buyer.userId, '30.00', [{ id: a.userId, amount: '20.00' }, { id: b.userId, amount: '10.00' }]);
    await refusedWithoutChange(() => morePayee(buyer.userId, seq, '30.00', '15.00', [{ id: a.userId, amount: '10.00' }, { id: b.userId, amount: '5.00' }]), '3020');
    await refusedWithoutChange(() => morePayee(buyer.userId, seq, '30.00', '15.00', [{ id: a.userId, amount: '10.00' }]), '1005');
    // and what asyn-refund refuses, it refuses: more than the payee received
    await refusedWithoutChange(() => morePayee(buyer.userId, seq, '30.00', '10.01', [{ id: b.userId, amount: '10.01' }]), '3018');
  });
});
