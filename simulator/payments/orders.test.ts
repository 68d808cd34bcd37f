// txn v2.3 §3.2.1 tradecreate's rules about payees and payers (rules/payments.json, trade-create),
// pay_expire enforced when an order is paid, and a held payment (SMS code, gateway page) that can
// no longer complete: its payer or payee closed meanwhile, or the page failing. Every refusal
// leaves the state as it was, or changes exactly what the test names.
import { describe, expect, it } from 'vitest';
import { newPerson, userId } from '../../harness/testdata.js';
import { applyOpening, smsCode, verifyOpening } from '../testkit/simulator.js';
import { PASSWORD, useMoneyBed, type Answer, type Snapshot } from '../testkit/money-bed.js';
import { paymentsKit } from './payments-kit.js';

const bed = useMoneyBed();
const { t, oid, pw, state, refusedWithoutChange, acct, openPerson, personWith, topUp } = bed;
const { tradeCreate, consumption, payBalance, payCard, payGw, validate, query, agreementOf, page } = paymentsKit(bed);

const trades = (s: Snapshot) => Object.values(s.collections.trades ?? {});
const tradeOf = (s: Snapshot, seq: string) => trades(s).find((x) => x.txn_seqno === seq)!;

/**
 * A user closed while one of its payments waits. cancel-apply itself may refuse a user with a
 * payment waiting; the payment side must hold even when a close slips through, so the test closes
 * the user the way cancel-apply does (user and accounts CANCEL, cards unbound), in the state.
 */
/** Pays the 1010.00 order `seq` with the payer's bound card (1000.01, above the SMS threshold) and 9.99 of balance: 8888, the balance part frozen. */
async function heldCardPayment(uid: string, seq: string): Promise<Answer> {
  const methods = { payMethods: [{ method: 'AGRT_DEBIT_CARD', amount: '1000.01' }, { method: 'BALANCE', amount: '9.99' }] };
  const held = await payCard(uid, seq, '1010.00', { linked_agrtno: await agreementOf(uid) }, 'AGRT_DEBIT_CARD', methods);
  expect(held.ret_code).toBe('8888');
  return held;
}

async function closeBehindTheScenes(uid: string): Promise<void> {
  await t.sim.ctx.state.transaction((tx) => {
    const key = `${oid()}/${uid}`;
    tx.put('users', key, { ...tx.get('users', key)!, user_status: 'CANCEL' });
    for (const a of tx.find('accounts', 'byOwner', `USER:${key}`)) tx.put('accounts', a.oid_acctno, { ...a, acct_state: 'CANCEL' });
    for (const c of tx.find('cards', 'byUser', key)) tx.put('cards', c.linked_agrtno, { ...c, status: 'UNBOUND' });
  });
}

describe('tradecreate (§3.2.1): payees', () => {
  it('answers 1005 for one payee named twice (same type, id and account type), and takes two accounts of the merchant', async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    const refused = await refusedWithoutChange(() => tradeCreate({ txn_type: 'GENERAL_CONSUME', user_id: payer.userId }, '10.00', [{ id: payee.userId, amount: '5.00' }, { id: payee.userId, amount: '5.00' }]), '1005');
    expect(refused.ret_msg).toContain('payeeInfo');
    // MCHOWN spelled twice ways (absent means MCHOWN)
    await refusedWithoutChange(
      () => tradeCreate({ txn_type: 'GENERAL_CONSUME', user_id: payer.userId }, '10.00', [{ id: oid(), type: 'MERCHANT', amount: '5.00' }, { id: oid(), type: 'MERCHANT', accttype: 'MCHOWN_AVAILABLE', amount: '5.00' }]),
      '1005',
    );
    await refusedWithoutChange(() => tradeCreate({ txn_type: 'SECURED_CONSUME', user_id: payer.userId }, '10.00', [{ id: payee.userId, amount: '4.00' }, { id: payee.userId, amount: '6.00' }]), '1005');
    const split = await tradeCreate({ txn_type: 'GENERAL_CONSUME', user_id: payer.userId }, '10.00', [{ id: oid(), type: 'MERCHANT', amount: '5.00' }, { id: oid(), type: 'MERCHANT', accttype: 'MCHFEE', amount: '5.00' }]);
    expect(split.ret_code).toBe('0000');
  });

  it('answers 1005 naming payee_accttype for a merchant top-up into USEROWN or MCHASSURE; MCHOWN, MCHCOUPON and MCHFEE are taken', async () => {
    for (const accttype of ['USEROWN', 'MCHASSURE', 'MCHASSURE_AVAILABLE']) {
      const a = await refusedWithoutChange(() => tradeCreate({ txn_type: 'MCH_TOPUP' }, '10.00', [{ id: oid(), type: 'MERCHANT', accttype, amount: '10.00' }]), '1005');
      expect(a.ret_msg).toContain('payee_accttype');
    }
    for (const accttype of ['MCHOWN', 'MCHCOUPON', 'MCHFEE_AVAILABLE']) {
      expect((await tradeCreate({ txn_type: 'MCH_TOPUP' }, '10.00', [{ id: oid(), type: 'MERCHANT', accttype, amount: '10.00' }])).ret_code).toBe('0000');
    }
  });

  it('answers 1005 naming payee_accttype for a consumption paying the merchant into MCHASSURE or USEROWN', async () => {
    const payer = await openPerson();
    for (const txn_type of ['GENERAL_CONSUME', 'SECURED_CONSUME']) {
      for (const accttype of ['MCHASSURE', 'USEROWN']) {
        const a = await refusedWithoutChange(() => tradeCreate({ txn_type, user_id: payer.userId }, '10.00', [{ id: oid(), type: 'MERCHANT', accttype, amount: '10.00' }]), '1005');
        expect(a.ret_msg).toContain('payee_accttype');
      }
    }
  });

  it('answers 1005 for pay_expire 0 (the order would close before it could be paid)', async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    for (const pay_expire of [0, '0']) {
      const a = await refusedWithoutChange(() => tradeCreate({ txn_type: 'GENERAL_CONSUME', user_id: payer.userId, pay_expire }, '10.00', [{ id: payee.userId, amount: '10.00' }]), '1005');
      expect(a.ret_msg).toContain('pay_expire');
    }
    expect((await tradeCreate({ txn_type: 'GENERAL_CONSUME', user_id: payer.userId, pay_expire: '1' }, '10.00', [{ id: payee.userId, amount: '10.00' }])).ret_code).toBe('0000');
  });
});

describe('tradecreate (§3.2.1): an anonymous payer is nobody registered', () => {
  it("answers 2006 for an ANONYMOUS order carrying a registered user's user_id", async () => {
    const [registered, payee] = [await openPerson(), await openPerson()];
    await refusedWithoutChange(() => tradeCreate({ txn_type: 'GENERAL_CONSUME', user_id: registered.userId, user_type: 'ANONYMOUS' }, '20.00', [{ id: payee.userId, amount: '20.00' }]), '2006');
  });

  it('takes the user_id of a closed user as an anonymous payer', async () => {
    const [closed, payee] = [await openPerson(), await openPerson()];
    const bye = await t.client.call('acctmgr/cancel-apply', {
      user_id: closed.userId,
      txn_seqno: t.client.newSeqno('CXL'),
      txn_time: t.client.timestamp(),
      notify_url: bed.notifyUrl,
      user_name: closed.name,
      id_type: 'ID_CARD',
      id_no: closed.idNo,
      reg_phone: closed.phone,
      password: pw(),
    });
    expect(bye.ret_code).toBe('0000');
    expect((await tradeCreate({ txn_type: 'GENERAL_CONSUME', user_id: closed.userId, user_type: 'ANONYMOUS' }, '20.00', [{ id: payee.userId, amount: '20.00' }])).ret_code).toBe('0000');
  });

  it("a user who registered after its anonymous order gives the payment password before its bound card is charged", async () => {
    const payee = await openPerson();
    const uid = userId();
    const seq = await consumption(uid, payee.userId, '20.00', { user_type: 'ANONYMOUS' });
    const person = { userId: uid, ...newPerson(), notifyUrl: bed.notifyUrl };
    expect((await verifyOpening(t, person, await applyOpening(t.client, person), PASSWORD)).ret_code).toBe('0000');
    const card = { linked_agrtno: await agreementOf(uid) };
    const withoutPassword = () =>
      t.client.call('txn/payment-bankcard', { txn_seqno: seq, total_amount: '20.00', payerInfo: { user_id: uid }, bankCardInfo: card, payMethods: [{ method: 'AGRT_DEBIT_CARD', amount: '20.00' }] });
    const a = await refusedWithoutChange(withoutPassword, '1005');
    expect(a.ret_msg).toContain('password');
    expect((await payCard(uid, seq, '20.00', card)).ret_code).toBe('0000');
  });
});

describe('pay_expire is enforced when the order is paid, not only by the scheduler', () => {
  // The money bed's scheduler runs only when a test asks, and a sandbox clock advance runs it; so
  // the test moves the order's expiry into the past instead, as if the scheduler had not ticked yet.
  const expireNow = (seq: string) =>
    t.sim.ctx.state.transaction((tx) => {
      const trade = [...tx.scan('trades')].find((x) => x.txn_seqno === seq)!;
      tx.put('trades', trade.accp_txno, { ...trade, expire_at: t.sim.ctx.clock.now() - 1000 });
    });

  async function expectClosedAt(seq: string, answer: Answer, frozenBack?: { uid: string; balance: number }) {
    expect(answer.ret_code).toBe('3001');
    const s = await state();
    expect(tradeOf(s, seq)).toMatchObject({ status: 'CLOSED' });
    expect(tradeOf(s, seq).pending).toBeUndefined();
    if (frozenBack) expect(acct(s, frozenBack.uid, 'USEROWN_AVAILABLE')).toEqual({ balance: frozenBack.balance, frozen: 0 });
    expect((await query(seq)).txn_status).toBe('TRADE_CLOSE');
  }

  it('payment-balance, payment-bankcard and payment-gw close an order past its pay_expire and answer 3001', async () => {
    const [payer, payee] = [await personWith('50.00'), await openPerson()];
    const seqs = [];
    for (let i = 0; i < 3; i++) seqs.push(await consumption(payer.userId, payee.userId, '10.00'));
    for (const seq of seqs) await expireNow(seq);
    await expectClosedAt(seqs[0]!, await payBalance(payer.userId, seqs[0]!, '10.00'));
    await expectClosedAt(seqs[1]!, await payCard(payer.userId, seqs[1]!, '10.00', { linked_agrtno: await agreementOf(payer.userId) }));
    await expectClosedAt(seqs[2]!, await payGw(payer.userId, seqs[2]!, '10.00', [{ method: 'WECHAT_NATIVE', amount: '10.00' }]));
    expect(acct(await state(), payee.userId, 'USEROWN_PSETTLE').balance).toBe(0);
  });

  it('validation-sms closes an order that expired while its code was awaited, gives the frozen part back and answers 3001', async () => {
    const [payer, payee] = [await personWith('20.00'), await openPerson()];
    const seq = await consumption(payer.userId, payee.userId, '1010.00');
    const held = await heldCardPayment(payer.userId, seq);
    await expireNow(seq);
    await expectClosedAt(seq, await validate(payer.userId, seq, '1010.00', held.token, await smsCode(t, payer.cardPhone)), { uid: payer.userId, balance: 2000 });
  });

  it('the gateway page closes an order that expired while the page was open: no page, then 3001 on paying, the frozen part back', async () => {
    const [payer, payee] = [await personWith('20.00'), await openPerson()];
    const seq = await consumption(payer.userId, payee.userId, '30.00');
    const gw = await payGw(payer.userId, seq, '30.00', [{ method: 'BALANCE', amount: '10.00' }, { method: 'ALIPAY_APP', amount: '20.00' }], true);
    expect(gw.ret_code).toBe('0000');
    await expireNow(seq);
    expect((await page(gw.gateway_url as string)).status).toBe(404);
    const paid = await page(`${gw.gateway_url as string}/pay`, 'POST');
    expect(paid.status).toBe(409);
    expect(paid.html).toContain('3001');
    await expectClosedAt(seq, { ret_code: '3001' }, { uid: payer.userId, balance: 2000 });
  });
});

describe('a held payment whose payer or payee was closed meanwhile (2001)', () => {
  it('validation-sms answers 2001 when the payer was closed, and the payment ends', async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    const seq = await consumption(payer.userId, payee.userId, '1200.00');
    const held = await payCard(payer.userId, seq, '1200.00', { linked_agrtno: await agreementOf(payer.userId) });
    expect(held.ret_code).toBe('8888');
    const code = await smsCode(t, payer.cardPhone);
    await closeBehindTheScenes(payer.userId);
    expect((await validate(payer.userId, seq, '1200.00', held.token, code)).ret_code).toBe('2001');
    const s = await state();
    expect(tradeOf(s, seq)).toMatchObject({ status: 'WAIT_PAY' });
    expect(tradeOf(s, seq).pending).toBeUndefined();
    expect(acct(s, payee.userId, 'USEROWN_PSETTLE').balance).toBe(0);
    await refusedWithoutChange(() => validate(payer.userId, seq, '1200.00', held.token, code), '1000');
  });

  it('validation-sms answers 2001 when the payee was closed, and gives back the frozen balance part', async () => {
    const [payer, payee] = [await personWith('20.00'), await openPerson()];
    const seq = await consumption(payer.userId, payee.userId, '1010.00');
    const held = await heldCardPayment(payer.userId, seq);
    expect(acct(await state(), payer.userId, 'USEROWN_AVAILABLE')).toEqual({ balance: 2000, frozen: 999 });
    await closeBehindTheScenes(payee.userId);
    expect((await validate(payer.userId, seq, '1010.00', held.token, await smsCode(t, payer.cardPhone))).ret_code).toBe('2001');
    const s = await state();
    expect(acct(s, payer.userId, 'USEROWN_AVAILABLE')).toEqual({ balance: 2000, frozen: 0 });
    expect(tradeOf(s, seq).pending).toBeUndefined();
    // and a new payment of the order is refused before anything is frozen
    await refusedWithoutChange(() => payBalance(payer.userId, seq, '1010.00'), '2001');
  });

  it('the gateway page shows the failure (2001) when the payee was closed, and gives back the frozen balance part', async () => {
    const [payer, payee] = [await personWith('20.00'), await openPerson()];
    const seq = await consumption(payer.userId, payee.userId, '30.00');
    const gw = await payGw(payer.userId, seq, '30.00', [{ method: 'BALANCE', amount: '10.00' }, { method: 'WECHAT_NATIVE', amount: '20.00' }], true);
    expect(gw.ret_code).toBe('0000');
    await closeBehindTheScenes(payee.userId);
    const paid = await page(`${gw.gateway_url as string}/pay`, 'POST');
    expect(paid.status).toBe(409);
    expect(paid.html).toContain('2001');
    const s = await state();
    expect(acct(s, payer.userId, 'USEROWN_AVAILABLE')).toEqual({ balance: 2000, frozen: 0 });
    expect(tradeOf(s, seq)).toMatchObject({ status: 'WAIT_PAY' });
    expect(tradeOf(s, seq).pending).toBeUndefined();
  });
});

describe('the gateway page when completing the payment fails', () => {
  /** Breaks the waiting payment in the state, so that completing it fails the way the test needs. */
  async function breakPending(seq: string, change: (pending: Answer) => Answer, tradeChange: (trade: Answer) => Answer = (x) => x): Promise<void> {
    await t.sim.ctx.state.transaction((tx) => {
      const trade = [...tx.scan('trades')].find((x) => x.txn_seqno === seq)!;
      tx.put('trades', trade.accp_txno, tradeChange({ ...trade, pending: change(trade.pending as unknown as Answer) }) as never);
    });
  }

  async function openPage(): Promise<{ payer: string; seq: string; url: string }> {
    const [payer, payee] = [await openPerson(), await openPerson()];
    await topUp(payer.userId, '20.00');
    const seq = await consumption(payer.userId, payee.userId, '30.00');
    const gw = await payGw(payer.userId, seq, '30.00', [{ method: 'BALANCE', amount: '10.00' }, { method: 'WECHAT_NATIVE', amount: '20.00' }], true);
    expect(gw.ret_code).toBe('0000');
    expect(acct(await state(), payer.userId, 'USEROWN_AVAILABLE')).toEqual({ balance: 2000, frozen: 1000 });
    return { payer: payer.userId, seq, url: gw.gateway_url as string };
  }

  /** The payment ended: frozen part back, no hold, the page gone, and the order takes another payment (which answers `repay`, not 3003). */
  async function expectEnded(o: { payer: string; seq: string; url: string }, html: string, code: string, repay: string) {
    expect(html).toContain(code);
    const s = await state();
    expect(acct(s, o.payer, 'USEROWN_AVAILABLE')).toEqual({ balance: 2000, frozen: 0 });
    expect(tradeOf(s, o.seq)).toMatchObject({ status: 'WAIT_PAY' });
    expect(tradeOf(s, o.seq).pending).toBeUndefined();
    expect((await page(o.url)).status).toBe(404);
    await refusedWithoutChange(() => payBalance(o.payer, o.seq, '30.00', {}, PASSWORD), repay);
  }

  it('a refusal of the ledger (no such account, 2004) shows the failure page and ends the payment', async () => {
    const o = await openPage();
    await breakPending(o.seq, (p) => p, (trade) => ({ ...trade, payees: [{ type: 'MERCHANT', id: oid(), accttype: 'USEROWN', amount: 3000 }] }));
    const paid = await page(`${o.url}/pay`, 'POST');
    expect(paid.status).toBe(409);
    await expectEnded(o, paid.html, '2004', '2004'); // the broken payee again
  });

  it('an internal error answers the failure page (9999), not HTTP 500, and ends the payment', async () => {
    const o = await openPage();
    // a channel part of nothing makes an unbalanced posting: the ledger throws a plain Error
    await breakPending(o.seq, (p) => ({ ...p, methods: (p.methods as Answer[]).map((m) => (m.method === 'WECHAT_NATIVE' ? { ...m, amount: 0 } : m)) }));
    const paid = await page(`${o.url}/pay`, 'POST');
    expect(paid.status).toBe(409);
    await expectEnded(o, paid.html, '9999', '3005'); // 20.00 is too little for 30.00
  });
});
