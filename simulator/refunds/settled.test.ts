// txn v2.3 §3.7.1 asyn-refund of a general consumption whose money has settled (T+1, docs/decisions.md):
// the refund takes the payee's available balance first, not the pending money of newer orders; and a
// refund the payee can no longer fund answers 3005 with nothing changed. These tests advance the
// simulator clock a day, so they have a simulator of their own.
import { describe, expect, it } from 'vitest';
import { useMoneyBed, type Snapshot } from '../testkit/money-bed.js';

const bed = useMoneyBed();
const { t, pw, state, refusedWithoutChange, acct, openPerson, personWith } = bed;

const available = (s: Snapshot, uid: string) => acct(s, uid, 'USEROWN_AVAILABLE');
const psettle = (s: Snapshot, uid: string) => acct(s, uid, 'USEROWN_PSETTLE');
const runJobs = () => t.sandbox('POST', '/sandbox/jobs/run', {});
const nextDay = () => t.sandbox('POST', '/sandbox/clock', { advance_seconds: 86_400 });

/** A general consumption of `buyer` to one payee, paid from the buyer's balance; returns its txn_seqno. */
async function paidOrder(buyer: string, payee: string, total: string): Promise<string> {
  const created = await t.client.call('txn/tradecreate', {
    txn_type: 'GENERAL_CONSUME',
    user_id: buyer,
    orderInfo: { txn_seqno: t.client.newSeqno('ORD'), txn_time: t.client.timestamp(), total_amount: total },
    payeeInfo: [{ payee_id: payee, payee_type: 'USER', payee_amount: total }],
  });
  expect(created.ret_code).toBe('0000');
  expect((await t.client.call('txn/payment-balance', { txn_seqno: created.txn_seqno, total_amount: total, payerInfo: { user_id: buyer, password: pw() } })).ret_code).toBe('0000');
  return created.txn_seqno as string;
}
const refund = bed.refundToBalance;

describe('asyn-refund of a settled general consumption', () => {
  it("takes the payee's available balance first, leaving a newer order's money pending until its own settlement", async () => {
    const [buyer, payee] = [await personWith('100.00'), await openPerson()];
    const settled = await paidOrder(buyer.userId, payee.userId, '40.00');
    await nextDay(); // settles: the payee has 40.00 available
    await paidOrder(buyer.userId, payee.userId, '10.00'); // pending until tomorrow
    const r = await refund(buyer.userId, settled, '40.00', payee.userId, '40.00');
    expect(r.ret_code).toBe('0000');
    const held = await state();
    expect(available(held, payee.userId)).toEqual({ balance: 4000, frozen: 4000 });
    expect(psettle(held, payee.userId)).toEqual({ balance: 1000, frozen: 0 });
    await runJobs();
    const done = await state();
    expect(available(done, payee.userId)).toEqual({ balance: 0, frozen: 0 });
    expect(psettle(done, payee.userId)).toEqual({ balance: 1000, frozen: 0 });
    expect(available(done, buyer.userId).balance).toBe(9000);
  });

  it('answers 3005 with nothing changed when the payee has withdrawn the money', async () => {
    const [buyer, payee] = [await personWith('30.00'), await openPerson()];
    const seq = await paidOrder(buyer.userId, payee.userId, '30.00');
    await nextDay();
    const w = await t.client.call('txn/withdrawal', {
      orderInfo: { txn_seqno: t.client.newSeqno('WD'), txn_time: t.client.timestamp(), total_amount: '30.00' },
      payerInfo: { payer_type: 'USER', payer_id: payee.userId, password: pw() },
    });
    expect(w.ret_code).toBe('0000');
    expect((await t.sandbox('POST', `/sandbox/bank/withdrawals/${String(w.accp_txno)}`, { result: 'SUCCESS' })).status).toBe(200);
    await refusedWithoutChange(() => refund(buyer.userId, seq, '30.00', payee.userId, '30.00'), '3005');
  });
});
