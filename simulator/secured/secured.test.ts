// txn v2.3 §3.5 over HTTP: a secured consumption's money frozen in the merchant's MCHASSURE
// account, secured-confirm (§3.5.1, ALL or PART), secured-query (§3.5.3) through the order's life,
// and cancel-secured-payment (LianLian's SDK) taking a confirmation back. Every refusal leaves the
// whole state as it was; every money movement keeps the sum of all accounts at zero.
import { describe, expect, it } from 'vitest';
import { userId } from '../../harness/testdata.js';
import { PASSWORD, useMoneyBed, type Snapshot, type Answer } from '../testkit/money-bed.js';
import type { Trade } from '../domain/model.js';
import { payeeFigures, remainingShare, unconfirmed } from './confirm.js';

const bed = useMoneyBed();
const { t, oid, state, refusedWithoutChange, acct, expectBalanced, openPerson } = bed;

const assure = (s: Snapshot) => acct(s, null, 'MCHASSURE_AVAILABLE');
const available = (s: Snapshot, uid: string) => acct(s, uid, 'USEROWN_AVAILABLE');

type Payee = { id: string; amount: string; type?: 'USER' | 'MERCHANT'; accttype?: string };
const payeeInfo = (payees: Payee[]) => payees.map((p) => ({ payee_id: p.id, payee_type: p.type ?? 'USER', ...(p.accttype ? { payee_accttype: p.accttype } : {}), payee_amount: p.amount }));

/** A buyer's order of `txn_type` (SECURED_CONSUME by default), paid from its balance unless `pay` is false; returns its txn_seqno. */
async function order(buyer: string, total: string, payees?: Payee[], opts: { pay?: boolean; txnType?: string } = {}): Promise<string> {
  const created = await t.client.call('txn/tradecreate', {
    txn_type: opts.txnType ?? 'SECURED_CONSUME',
    user_id: buyer,
    notify_url: bed.notifyUrl,
    orderInfo: { txn_seqno: t.client.newSeqno('SEC'), txn_time: t.client.timestamp(), total_amount: total },
    ...(payees ? { payeeInfo: payeeInfo(payees) } : {}),
  });
  expect(created.ret_code).toBe('0000');
  if (opts.pay !== false) {
    expect((await t.sandbox('POST', '/sandbox/offline-topup', { oid_partner: oid(), user_id: buyer, amount: total })).status).toBe(200);
    const paid = await t.client.call('txn/payment-balance', { txn_seqno: created.txn_seqno, total_amount: total, payerInfo: { user_id: buyer, password: t.client.encryptPassword(PASSWORD) } });
    expect(paid.ret_code).toBe('0000');
  }
  return created.txn_seqno as string;
}

const confirm = (buyer: string, seq: string, total: string, mode: 'ALL' | 'PART', amount: string, payees?: Payee[], confirmSeqno = t.client.newSeqno('CFM')) =>
  t.client.call('txn/secured-confirm', {
    user_id: buyer,
    confirm_mode: mode,
    originalOrderInfo: { txn_seqno: seq, total_amount: total },
    confirmOrderInfo: { confirm_seqno: confirmSeqno, confirm_time: t.client.timestamp(), confirm_amount: amount },
    ...(payees ? { payeeInfo: payeeInfo(payees) } : {}),
  });
const securedQuery = (seq: string) => t.client.call('txn/secured-query', { txn_seqno: seq });
const refund = bed.refundToBalance;
const cancel = (confirmSeqno: string) => t.client.call('txn/cancel-secured-payment', { txn_seqno: confirmSeqno });

describe('a secured consumption and secured-confirm (§3.5.1)', () => {
  it('holds the money frozen in MCHASSURE once paid; ALL moves it to the payee', async () => {
    const [buyer, seller] = [await openPerson(), await openPerson()];
    const before = await state();
    const seq = await order(buyer.userId, '30.00', [{ id: seller.userId, amount: '30.00' }]);
    const paid = await state();
    expect(assure(paid).balance - assure(before).balance).toBe(3000);
    expect(assure(paid).frozen - assure(before).frozen).toBe(3000);
    expect(available(paid, seller.userId).balance).toBe(0);
    expect((await securedQuery(seq)).orderInfo).toMatchObject({ secure_status: 'WAIT_BUYER_CONFIRM' });
    const c = await confirm(buyer.userId, seq, '30.00', 'ALL', '30.00');
    expect(c).toMatchObject({ ret_code: '0000', user_id: buyer.userId, total_amount: 30, accp_txno: expect.any(String) });
    const after = await state();
    expect(available(after, seller.userId)).toEqual({ balance: 3000, frozen: 0 });
    expect(assure(after)).toEqual(assure(before));
    expectBalanced(after);
  });

  it('confirms PART twice, up to each payee named at creation', async () => {
    const [buyer, a, b] = [await openPerson(), await openPerson(), await openPerson()];
    const seq = await order(buyer.userId, '30.00', [{ id: a.userId, amount: '20.00' }, { id: b.userId, amount: '10.00' }]);
    expect((await confirm(buyer.userId, seq, '30.00', 'PART', '15.00', [{ id: a.userId, amount: '15.00' }])).ret_code).toBe('0000');
    expect((await securedQuery(seq)).orderInfo).toMatchObject({ secure_status: 'CONFIRMING' });
    expect((await confirm(buyer.userId, seq, '30.00', 'PART', '15.00', [{ id: a.userId, amount: '5.00' }, { id: b.userId, amount: '10.00' }])).ret_code).toBe('0000');
    const s = await state();
    expect(available(s, a.userId).balance).toBe(2000);
    expect(available(s, b.userId).balance).toBe(1000);
    expectBalanced(s);
    const q = await securedQuery(seq);
    expect(q.orderInfo).toMatchObject({ secure_status: 'CONFIRM_SUCCESS' });
    expect(q.payeeInfo).toEqual([
      { payee_type: 'USER', payee_id: a.userId, amount: 20, accept_amount: 20, refund_amount: 0 },
      { payee_type: 'USER', payee_id: b.userId, amount: 10, accept_amount: 10, refund_amount: 0 },
    ]);
    expect(q.acceptInfo).toHaveLength(2);
  });

  it('takes payees at confirmation when the order named none (PART), several at once', async () => {
    const [buyer, a, b] = [await openPerson(), await openPerson(), await openPerson()];
    const seq = await order(buyer.userId, '25.00');
    expect((await confirm(buyer.userId, seq, '25.00', 'PART', '25.00', [{ id: a.userId, amount: '20.00' }, { id: b.userId, amount: '5.00' }])).ret_code).toBe('0000');
    const s = await state();
    expect(available(s, a.userId).balance).toBe(2000);
    expect(available(s, b.userId).balance).toBe(500);
    expect((await securedQuery(seq)).orderInfo).toMatchObject({ secure_status: 'CONFIRM_SUCCESS' });
  });

  it('answers 1005 for ALL with payees and for ALL on an order that named none', async () => {
    const [buyer, seller] = [await openPerson(), await openPerson()];
    const named = await order(buyer.userId, '10.00', [{ id: seller.userId, amount: '10.00' }]);
    await refusedWithoutChange(() => confirm(buyer.userId, named, '10.00', 'ALL', '10.00', [{ id: seller.userId, amount: '10.00' }]), '1005');
    const unnamed = await order(buyer.userId, '10.00');
    await refusedWithoutChange(() => confirm(buyer.userId, unnamed, '10.00', 'ALL', '10.00'), '1005');
  });

  it('answers 3004 for a payee not named at creation, above its remaining share, or above what is unconfirmed', async () => {
    const [buyer, seller, other] = [await openPerson(), await openPerson(), await openPerson()];
    const named = await order(buyer.userId, '10.00', [{ id: seller.userId, amount: '10.00' }]);
    await refusedWithoutChange(() => confirm(buyer.userId, named, '10.00', 'PART', '5.00', [{ id: other.userId, amount: '5.00' }]), '3004');
    expect((await confirm(buyer.userId, named, '10.00', 'PART', '6.00', [{ id: seller.userId, amount: '6.00' }])).ret_code).toBe('0000');
    await refusedWithoutChange(() => confirm(buyer.userId, named, '10.00', 'PART', '4.01', [{ id: seller.userId, amount: '4.01' }]), '3004');
    const unnamed = await order(buyer.userId, '10.00');
    expect((await confirm(buyer.userId, unnamed, '10.00', 'PART', '7.00', [{ id: seller.userId, amount: '7.00' }])).ret_code).toBe('0000');
    await refusedWithoutChange(() => confirm(buyer.userId, unnamed, '10.00', 'PART', '3.01', [{ id: other.userId, amount: '3.01' }]), '3004');
  });

  it('answers 3020 for a general consumption, 1032 for an unpaid order and 1010 for a used confirm_seqno', async () => {
    const [buyer, seller] = [await openPerson(), await openPerson()];
    const general = await order(buyer.userId, '10.00', [{ id: seller.userId, amount: '10.00' }], { txnType: 'GENERAL_CONSUME' });
    await refusedWithoutChange(() => confirm(buyer.userId, general, '10.00', 'PART', '10.00', [{ id: seller.userId, amount: '10.00' }]), '3020');
    const unpaid = await order(buyer.userId, '10.00', [{ id: seller.userId, amount: '10.00' }], { pay: false });
    await refusedWithoutChange(() => confirm(buyer.userId, unpaid, '10.00', 'ALL', '10.00'), '1032');
    const seq = await order(buyer.userId, '10.00', [{ id: seller.userId, amount: '10.00' }]);
    const first = await confirm(buyer.userId, seq, '10.00', 'PART', '4.00', [{ id: seller.userId, amount: '4.00' }]);
    expect(first.ret_code).toBe('0000');
    const used = (await securedQuery(seq)).acceptInfo as Answer[];
    await refusedWithoutChange(() => confirm(buyer.userId, seq, '10.00', 'PART', '1.00', [{ id: seller.userId, amount: '1.00' }], used[0]!.txn_seqno as string), '1010');
  });
});

describe('secured-query (§3.5.3)', () => {
  it('follows an order from WAIT_BUYER_PAY to CONFIRMING, with its payer, payees and confirmations', async () => {
    const [buyer, seller] = [await openPerson(), await openPerson()];
    const seq = await order(buyer.userId, '20.00', [{ id: seller.userId, amount: '20.00' }], { pay: false });
    expect((await securedQuery(seq)).orderInfo).toMatchObject({ txn_seqno: seq, total_amount: 20, secure_status: 'WAIT_BUYER_PAY' });
    expect((await t.sandbox('POST', '/sandbox/offline-topup', { oid_partner: oid(), user_id: buyer.userId, amount: '20.00' })).status).toBe(200);
    const paid = await t.client.call('txn/payment-balance', { txn_seqno: seq, total_amount: '20.00', payerInfo: { user_id: buyer.userId, password: t.client.encryptPassword(PASSWORD) } });
    expect(await securedQuery(seq)).toMatchObject({
      ret_code: '0000',
      accp_txno: paid.accp_txno,
      orderInfo: { secure_status: 'WAIT_BUYER_CONFIRM' },
      payerInfo: [{ payer_type: 'USER', payer_id: buyer.userId, method: 'BALANCE', amount: 20, receive_amount: 0 }],
      payeeInfo: [{ payee_type: 'USER', payee_id: seller.userId, amount: 20, accept_amount: 0, refund_amount: 0 }],
      payInfo: { accp_txno: paid.accp_txno, txn_seqno: seq },
      acceptInfo: [],
      refundInfo: [],
    });
    const confirmSeqno = t.client.newSeqno('CFM');
    const c = await confirm(buyer.userId, seq, '20.00', 'PART', '8.00', [{ id: seller.userId, amount: '8.00' }], confirmSeqno);
    expect(await securedQuery(seq)).toMatchObject({
      orderInfo: { secure_status: 'CONFIRMING' },
      payeeInfo: [{ payee_id: seller.userId, amount: 20, accept_amount: 8, refund_amount: 0 }],
      acceptInfo: [{ accp_txno: c.accp_confirm_txno, txn_seqno: confirmSeqno }],
    });
    expect(await t.client.call('txn/query-payment', { txn_seqno: confirmSeqno })).toMatchObject({ ret_code: '0000', txn_type: 'SECURED_CONFIRM', txn_status: 'TRADE_SUCCESS' });
  });

  it('says REFUND_SUCCESS once everything was refunded before confirmation, with its refundInfo', async () => {
    const [buyer, seller] = [await openPerson(), await openPerson()];
    const seq = await order(buyer.userId, '12.00', [{ id: seller.userId, amount: '12.00' }]);
    const refundSeqno = t.client.newSeqno('RF');
    const r = await t.client.call('txn/asyn-refund', {
      user_id: buyer.userId,
      notify_url: bed.notifyUrl,
      originalOrderInfo: { txn_seqno: seq, total_amount: '12.00' },
      refundOrderInfo: { refund_seqno: refundSeqno, refund_time: t.client.timestamp(), payee_id: oid(), payee_type: 'MERCHANT', payee_accttype: 'MCHASSURE', refund_amount: '12.00' },
      refundMethods: [{ method: 'BALANCE', amount: '12.00' }],
    });
    expect(r.ret_code).toBe('0000');
    await t.sandbox('POST', '/sandbox/jobs/run', {});
    const q = await securedQuery(seq);
    expect(q).toMatchObject({ orderInfo: { secure_status: 'REFUND_SUCCESS' }, refundInfo: [{ refund_seqno: refundSeqno, accp_txno: r.accp_txno }], payerInfo: [{ amount: 12, receive_amount: 12 }] });
    const s = await state();
    expect(available(s, buyer.userId)).toEqual({ balance: 1200, frozen: 0 });
    expectBalanced(s);
  });

  it('after a refund from MCHASSURE before confirmation, ALL confirms the rest to the one payee; with several payees waiting it answers 1005', async () => {
    const refundFromAssure = async (buyer: string, seq: string, total: string, amount: string) => {
      const r = await t.client.call('txn/asyn-refund', {
        user_id: buyer,
        notify_url: bed.notifyUrl,
        originalOrderInfo: { txn_seqno: seq, total_amount: total },
        refundOrderInfo: { refund_seqno: t.client.newSeqno('RF'), refund_time: t.client.timestamp(), payee_id: oid(), payee_type: 'MERCHANT', payee_accttype: 'MCHASSURE', refund_amount: amount },
        refundMethods: [{ method: 'BALANCE', amount }],
      });
      expect(r.ret_code).toBe('0000');
      await t.sandbox('POST', '/sandbox/jobs/run', {});
    };
    const [buyer, a, b] = [await openPerson(), await openPerson(), await openPerson()];
    const one = await order(buyer.userId, '12.00', [{ id: a.userId, amount: '12.00' }]);
    await refundFromAssure(buyer.userId, one, '12.00', '2.00');
    await refusedWithoutChange(() => confirm(buyer.userId, one, '12.00', 'ALL', '12.00'), '1005');
    expect((await confirm(buyer.userId, one, '12.00', 'ALL', '10.00')).ret_code).toBe('0000');
    expect(available(await state(), a.userId)).toEqual({ balance: 1000, frozen: 0 });
    expect((await securedQuery(one)).orderInfo).toMatchObject({ secure_status: 'CONFIRM_SUCCESS' });

    const two = await order(buyer.userId, '12.00', [{ id: a.userId, amount: '6.00' }, { id: b.userId, amount: '6.00' }]);
    await refundFromAssure(buyer.userId, two, '12.00', '2.00');
    const refused = await refusedWithoutChange(() => confirm(buyer.userId, two, '12.00', 'ALL', '10.00'), '1005');
    expect(refused.ret_msg).toContain('PART');
    expect((await confirm(buyer.userId, two, '12.00', 'PART', '10.00', [{ id: a.userId, amount: '6.00' }, { id: b.userId, amount: '4.00' }])).ret_code).toBe('0000');
  });

  it('answers 1011 for an order that is not a secured one', async () => {
    await refusedWithoutChange(() => securedQuery('NOSUCH' + userId()), '1011');
  });
});

describe('cancel-secured-payment and the merchant', () => {
  it('takes a confirmation back into MCHASSURE (frozen), and answers 1032 the second time', async () => {
    const [buyer, seller] = [await openPerson(), await openPerson()];
    const seq = await order(buyer.userId, '30.00', [{ id: seller.userId, amount: '30.00' }]);
    const confirmSeqno = t.client.newSeqno('CFM');
    expect((await confirm(buyer.userId, seq, '30.00', 'PART', '10.00', [{ id: seller.userId, amount: '10.00' }], confirmSeqno)).ret_code).toBe('0000');
    const before = await state();
    const c = await t.client.call('txn/cancel-secured-payment', { txn_seqno: confirmSeqno });
    expect(c).toMatchObject({ ret_code: '0000', txn_seqno: confirmSeqno, total_amount: 10 });
    const after = await state();
    expect(available(after, seller.userId).balance).toBe(available(before, seller.userId).balance - 1000);
    expect(assure(after).frozen - assure(before).frozen).toBe(1000);
    expect(assure(after).balance - assure(before).balance).toBe(1000);
    expectBalanced(after);
    expect(await securedQuery(seq)).toMatchObject({ orderInfo: { secure_status: 'WAIT_BUYER_CONFIRM' }, payeeInfo: [{ accept_amount: 0 }], acceptInfo: [] });
    await refusedWithoutChange(() => t.client.call('txn/cancel-secured-payment', { txn_seqno: confirmSeqno }), '1032');
    expect((await confirm(buyer.userId, seq, '30.00', 'ALL', '30.00')).ret_code).toBe('0000');
  });

  it('answers 3021 when the merchant withdraws or transfers secured money', async () => {
    const [buyer, seller] = [await openPerson(), await openPerson()];
    await order(buyer.userId, '10.00', [{ id: seller.userId, amount: '10.00' }]);
    const payerInfo = { payer_type: 'MERCHANT', payer_id: oid(), payer_accttype: 'MCHASSURE' };
    const orderInfo = () => ({ txn_seqno: t.client.newSeqno('X'), txn_time: t.client.timestamp(), total_amount: '10.00' });
    await refusedWithoutChange(() => t.client.call('txn/withdrawal', { orderInfo: orderInfo(), payerInfo }), '3021');
    await refusedWithoutChange(() => t.client.call('txn/transfer', { orderInfo: { ...orderInfo(), txn_purpose: '其他' }, payerInfo, payeeInfo: { payee_type: 'USER', payee_id: seller.userId } }), '3021');
  });
});

describe('secured-confirm: what a confirmation may name', () => {
  it('answers 1005 for a payee named twice in PART, even when each entry alone fits its share', async () => {
    const [buyer, a, b] = [await openPerson(), await openPerson(), await openPerson()];
    const seq = await order(buyer.userId, '100.00', [{ id: a.userId, amount: '50.00' }, { id: b.userId, amount: '50.00' }]);
    const refused = await refusedWithoutChange(() => confirm(buyer.userId, seq, '100.00', 'PART', '90.00', [{ id: a.userId, amount: '45.00' }, { id: a.userId, amount: '45.00' }]), '1005');
    expect(refused.ret_msg).toContain('payeeInfo');
    const unnamed = await order(buyer.userId, '20.00');
    await refusedWithoutChange(() => confirm(buyer.userId, unnamed, '20.00', 'PART', '20.00', [{ id: a.userId, amount: '10.00' }, { id: a.userId, amount: '10.00' }]), '1005');
  });

  it("answers 1005 for the merchant's MCHASSURE account as a payee; its MCHOWN account may be one", async () => {
    const buyer = await openPerson();
    const seq = await order(buyer.userId, '20.00');
    const refused = await refusedWithoutChange(() => confirm(buyer.userId, seq, '20.00', 'PART', '10.00', [{ id: oid(), type: 'MERCHANT', accttype: 'MCHASSURE', amount: '10.00' }]), '1005');
    expect(refused.ret_msg).toContain('MCHASSURE');
    const before = await state();
    expect((await confirm(buyer.userId, seq, '20.00', 'PART', '10.00', [{ id: oid(), type: 'MERCHANT', accttype: 'MCHOWN', amount: '10.00' }])).ret_code).toBe('0000');
    expect(acct(await state(), null, 'MCHOWN_AVAILABLE').balance - acct(before, null, 'MCHOWN_AVAILABLE').balance).toBe(1000);
  });

  it('answers 1005 for ALL once part of the order is confirmed: the rest is confirmed PART', async () => {
    const [buyer, seller] = [await openPerson(), await openPerson()];
    const seq = await order(buyer.userId, '30.00', [{ id: seller.userId, amount: '30.00' }]);
    expect((await confirm(buyer.userId, seq, '30.00', 'PART', '10.00', [{ id: seller.userId, amount: '10.00' }])).ret_code).toBe('0000');
    const refused = await refusedWithoutChange(() => confirm(buyer.userId, seq, '30.00', 'ALL', '20.00'), '1005');
    expect(refused.ret_msg).toContain('confirm_mode');
    expect((await confirm(buyer.userId, seq, '30.00', 'PART', '20.00', [{ id: seller.userId, amount: '20.00' }])).ret_code).toBe('0000');
    expect(available(await state(), seller.userId).balance).toBe(3000);
  });

  it('answers 1010 for a repeated confirm_seqno after ALL confirmed everything, not an amount error', async () => {
    const [buyer, seller] = [await openPerson(), await openPerson()];
    const seq = await order(buyer.userId, '10.00', [{ id: seller.userId, amount: '10.00' }]);
    const confirmSeqno = t.client.newSeqno('CFM');
    expect((await confirm(buyer.userId, seq, '10.00', 'ALL', '10.00', undefined, confirmSeqno)).ret_code).toBe('0000');
    await refusedWithoutChange(() => confirm(buyer.userId, seq, '10.00', 'ALL', '10.00', undefined, confirmSeqno), '1010');
    expect(available(await state(), seller.userId).balance).toBe(1000);
  });
});

describe('cancel-secured-payment when the confirmed money has moved on', () => {
  it('answers 1032 once money of the confirmation was refunded from the payee, in flight or done', async () => {
    const [buyer, seller] = [await openPerson(), await openPerson()];
    // the seller has money of its own, which a cancel must never take
    await bed.topUp(seller.userId, '100.00');
    const seq = await order(buyer.userId, '100.00', [{ id: seller.userId, amount: '100.00' }]);
    const confirmSeqno = t.client.newSeqno('CFM');
    expect((await confirm(buyer.userId, seq, '100.00', 'ALL', '100.00', undefined, confirmSeqno)).ret_code).toBe('0000');
    expect((await refund(buyer.userId, seq, '100.00', seller.userId, '30.00')).ret_code).toBe('0000');
    await refusedWithoutChange(() => cancel(confirmSeqno), '1032');
    await t.sandbox('POST', '/sandbox/jobs/run', {});
    await refusedWithoutChange(() => cancel(confirmSeqno), '1032');
    const s = await state();
    expect(available(s, seller.userId)).toEqual({ balance: 17000, frozen: 0 });
    expect(available(s, buyer.userId).balance).toBe(3000);
  });

  it('takes back a confirmation the refunds left whole, counting per payee over all its confirmations', async () => {
    const [buyer, seller] = [await openPerson(), await openPerson()];
    const seq = await order(buyer.userId, '100.00', [{ id: seller.userId, amount: '100.00' }]);
    const [first, second] = [t.client.newSeqno('CFM'), t.client.newSeqno('CFM')];
    expect((await confirm(buyer.userId, seq, '100.00', 'PART', '50.00', [{ id: seller.userId, amount: '50.00' }], first)).ret_code).toBe('0000');
    expect((await confirm(buyer.userId, seq, '100.00', 'PART', '50.00', [{ id: seller.userId, amount: '50.00' }], second)).ret_code).toBe('0000');
    expect((await refund(buyer.userId, seq, '100.00', seller.userId, '50.00')).ret_code).toBe('0000');
    await t.sandbox('POST', '/sandbox/jobs/run', {});
    // the seller still holds 50.00 of the order: one confirmation can be taken back, not both
    expect((await cancel(first)).ret_code).toBe('0000');
    await refusedWithoutChange(() => cancel(second), '1032');
    const s = await state();
    expect(available(s, seller.userId)).toEqual({ balance: 0, frozen: 0 });
    expect(await securedQuery(seq)).toMatchObject({ orderInfo: { secure_status: 'CONFIRMING' }, payeeInfo: [{ payee_id: seller.userId, amount: 100, accept_amount: 50, refund_amount: 50 }] });
  });

  it('takes back a confirmation after a refund from MCHASSURE, and lists the real payees only', async () => {
    const [buyer, seller] = [await openPerson(), await openPerson()];
    const seq = await order(buyer.userId, '30.00', [{ id: seller.userId, amount: '30.00' }]);
    const early = await t.client.call('txn/asyn-refund', {
      user_id: buyer.userId,
      originalOrderInfo: { txn_seqno: seq, total_amount: '30.00' },
      refundOrderInfo: { refund_seqno: t.client.newSeqno('RF'), refund_time: t.client.timestamp(), payee_id: oid(), payee_type: 'MERCHANT', payee_accttype: 'MCHASSURE', refund_amount: '10.00' },
      refundMethods: [{ method: 'BALANCE', amount: '10.00' }],
    });
    expect(early.ret_code).toBe('0000');
    const confirmSeqno = t.client.newSeqno('CFM');
    expect((await confirm(buyer.userId, seq, '30.00', 'ALL', '20.00', undefined, confirmSeqno)).ret_code).toBe('0000');
    const c = await cancel(confirmSeqno);
    expect(c).toMatchObject({ ret_code: '0000', total_amount: 20 });
    // the 10.00 refunded from MCHASSURE before confirmation was nobody's share in particular (docs/decisions.md)
    expect(c.payee_info).toEqual([{ payee_type: 'USER', payee_id: seller.userId, amount: 30, accept_amount: 0, refund_amount: 0 }]);
    expect(available(await state(), seller.userId)).toEqual({ balance: 0, frozen: 0 });
  });

  it('answers 3005 with nothing changed when the payee has spent the confirmed money', async () => {
    const [buyer, seller] = [await openPerson(), await openPerson()];
    const seq = await order(buyer.userId, '20.00', [{ id: seller.userId, amount: '20.00' }]);
    const confirmSeqno = t.client.newSeqno('CFM');
    expect((await confirm(buyer.userId, seq, '20.00', 'ALL', '20.00', undefined, confirmSeqno)).ret_code).toBe('0000');
    const w = await t.client.call('txn/withdrawal', {
      orderInfo: { txn_seqno: t.client.newSeqno('WD'), txn_time: t.client.timestamp(), total_amount: '20.00' },
      payerInfo: { payer_type: 'USER', payer_id: seller.userId, password: t.client.encryptPassword(PASSWORD) },
    });
    expect(w.ret_code).toBe('0000');
    expect((await t.sandbox('POST', `/sandbox/bank/withdrawals/${String(w.accp_txno)}`, { result: 'SUCCESS' })).status).toBe(200);
    await refusedWithoutChange(() => cancel(confirmSeqno), '3005');
  });
});

describe('payeeFigures', () => {
  it('adds up the shares of a payee named twice at creation, so neither share is lost', () => {
    const order: Trade = {
      accp_txno: 'A1', oid_partner: 'M', txn_seqno: 'S1', txn_type: 'SECURED_CONSUME', txn_time: '20240101000000', total: 10000,
      user_id: 'buyer', user_type: 'REGISTERED', status: 'SUCCESS', expire_at: 0, created_at: 0,
      payees: [{ type: 'USER', id: 'u', amount: 2500 }, { type: 'USER', id: 'v', amount: 5000 }, { type: 'USER', id: 'u', amount: 2500 }],
      confirmed_by_payee: { 'USER:u': 1000 },
    };
    const u = payeeFigures(order).get('USER:u')!;
    expect(u).toMatchObject({ party: { type: 'USER', id: 'u' }, share: 5000, accepted: 1000 });
    expect(remainingShare(u)).toBe(4000);
    expect(unconfirmed(order)).toBe(9000);
  });
});
