// acctmgr v1.4 §3.16–§3.19 over HTTP: query-acctserial, query-acctserialdetail, query-txn,
// query-cnapscode and the merchant's query-acctinfo — the ret_codes the features do not reach,
// paging and amounts. A query never changes the state; every refusal is checked against the
// whole state (GET /sandbox/snapshot).
import { describe, expect, it } from 'vitest';
import { mobile, newPerson, userId } from '../../harness/testdata.js';
import { yuanToFen } from '../protocol/money.js';
import { formatStamp, parseStamp } from '../world/clock.js';
import { applyOpening, smsCode, verifyOpening } from '../testkit/simulator.js';
import { useAcctmgrBed, type Answer } from '../testkit/acctmgr-bed.js';

const bed = useAcctmgrBed();
const { t, pw, refusedWithoutChange, openPerson, topUp, consumption, person } = bed;

type Line = Record<string, string>;

async function now(): Promise<string> {
  return (await t.sandbox<{ now: string }>('GET', '/sandbox/clock')).body.now;
}

const serial = (fields: Answer) =>
  t.client.call('acctmgr/query-acctserial', { user_type: 'INNERUSER', acct_type: 'USEROWN_AVAILABLE', date_start: '20200101000000', date_end: '20200102000000', page_no: 1, page_size: 10, ...fields });
const detail = (uid: string, jno: string) => t.client.call('acctmgr/query-acctserialdetail', { user_id: uid, user_type: 'INNERUSER', jno_acct: jno });

/** A person with three top-ups, one after the other, and the time range around them. */
async function personWithTopUps() {
  const p = await openPerson();
  const from = await now();
  for (const amount of ['1', '2.5', '10.05']) await topUp(p.userId, amount);
  return { p, from, to: await now() };
}

describe('query-acctserial (§3.17.1)', () => {
  it('answers 2004 for an account type the user does not have', async () => {
    const p = await openPerson();
    await refusedWithoutChange(() => serial({ user_id: p.userId, acct_type: 'MCHOWN_AVAILABLE' }), '2004');
  });

  it('answers 2014 when a person is asked for as INNERCOMPANY', async () => {
    const p = await openPerson();
    await refusedWithoutChange(() => serial({ user_id: p.userId, user_type: 'INNERCOMPANY' }), '2014');
  });

  it('answers 1005 naming user_id for INNERUSER without a user_id', async () => {
    const a = await refusedWithoutChange(() => serial({}), '1005');
    expect(a.ret_msg).toContain('user_id');
  });

  it('answers 1005 naming acct_type for a value the table does not list, in a short ret_msg (String(32)) that does not list them all', async () => {
    const p = await openPerson();
    const a = await refusedWithoutChange(() => serial({ user_id: p.userId, acct_type: 'BANKCARD_DEBIT' }), '1005');
    expect(a.ret_msg).toBe('商户请求参数校验错误（acct_type 取值不合法）');
    expect([...String(a.ret_msg)].length).toBeLessThanOrEqual(32);
  });

  it('answers 1005 naming date_end when it is before date_start', async () => {
    const p = await openPerson();
    const a = await refusedWithoutChange(() => serial({ user_id: p.userId, date_start: '20240102000000', date_end: '20240101235959' }), '1005');
    expect(a.ret_msg).toContain('date_end');
  });

  it('answers 1005 naming date_end when it is later than now (§3.17.1), allowing the 30 minutes a timestamp may be off', async () => {
    const p = await openPerson();
    const clock = parseStamp(await now())!;
    const range = (minutes: number) => ({ user_id: p.userId, date_start: formatStamp(clock - 3_600_000), date_end: formatStamp(clock + minutes * 60_000) });
    const late = await refusedWithoutChange(() => serial(range(31)), '1005');
    expect(late.ret_msg).toContain('date_end');
    expect(await serial(range(29))).toMatchObject({ ret_code: '0000', total_num: 0 });
  });

  it('pages newest first: 3 lines at 2 a page are 2 pages, the second holding the oldest; amounts in yuan', async () => {
    const { p, from, to } = await personWithTopUps();
    const page1 = await serial({ user_id: p.userId, date_start: from, date_end: to, page_size: 2 });
    expect(page1).toMatchObject({ ret_code: '0000', user_id: p.userId, page_no: 1, total_num: 3, total_page: 2, total_in_amt: '13.55', total_out_amt: '0.00' });
    expect((page1.acctbal_list as Line[]).map((l) => [l.flag_dc, l.amt, l.amt_bal, l.txn_type])).toEqual([
      ['CREDIT', '10.05', '13.55', 'USER_TOPUP'],
      ['CREDIT', '2.50', '3.50', 'USER_TOPUP'],
    ]);
    // page_no and page_size as numeric strings
    const page2 = await serial({ user_id: p.userId, date_start: from, date_end: to, page_no: '2', page_size: '2' });
    expect(page2).toMatchObject({ ret_code: '0000', page_no: 2, total_num: 3, total_page: 2 });
    const lines = page2.acctbal_list as Line[];
    expect(lines.map((l) => [l.amt, l.amt_bal])).toEqual([['1.00', '1.00']]);
    expect(lines[0]).toMatchObject({ jno_acct: expect.stringMatching(/^\d{1,20}$/), accp_txno: expect.any(String), date_acct: expect.stringMatching(/^\d{8}$/), txn_time: expect.stringMatching(/^\d{14}$/) });
    // ascending order puts the oldest first
    const asc = await serial({ user_id: p.userId, date_start: from, date_end: to, page_size: 2, sort_type: 'ASC' });
    expect((asc.acctbal_list as Line[]).map((l) => l.amt)).toEqual(['1.00', '2.50']);
  });
});

describe('query-acctserialdetail (§3.17.2)', () => {
  it('shows one line of the user: an offline top-up with no txn_seqno (the channel\'s number in memo); 1011 for an unknown jno_acct and for another user\'s', async () => {
    const { p, from, to } = await personWithTopUps();
    const q = await personWithTopUps();
    const [line] = (await serial({ user_id: p.userId, date_start: from, date_end: to })).acctbal_list as Line[];
    const [other] = (await serial({ user_id: q.p.userId, date_start: q.from, date_end: q.to })).acctbal_list as Line[];
    expect(line!.memo).toMatch(/^线下加款 PAY\d{14}[0-9A-F]{8}$/);
    const d = await detail(p.userId, line!.jno_acct!);
    expect(d).toMatchObject({ ret_code: '0000', ...line, other_acct_name: '线下转账' });
    expect(d).not.toHaveProperty('txn_seqno');
    await refusedWithoutChange(() => detail(p.userId, '99999999999999999999'), '1011');
    await refusedWithoutChange(() => detail(p.userId, other!.jno_acct!), '1011');
  });
  it("shows the merchant's txn_seqno of a line that has one (an internal transfer)", async () => {
    const { p } = await personWithTopUps();
    const q = await openPerson();
    const from = await now();
    const txnSeqno = t.client.newSeqno('TR');
    const a = await t.client.call('txn/transfer', {
      notify_url: bed.notifyUrl,
      orderInfo: { txn_seqno: txnSeqno, txn_time: t.client.timestamp(), total_amount: '1.00', txn_purpose: '佣金支付' },
      payerInfo: { payer_type: 'USER', payer_id: p.userId, password: pw() },
      payeeInfo: { payee_type: 'USER', payee_id: q.userId },
    });
    expect(a.ret_code).toBe('0000');
    const [line] = (await serial({ user_id: q.userId, date_start: from, date_end: await now() })).acctbal_list as Line[];
    expect(await detail(q.userId, line!.jno_acct!)).toMatchObject({ ret_code: '0000', flag_dc: 'CREDIT', amt: '1.00', accp_txno: a.accp_txno, txn_seqno: txnSeqno });
  });
});

describe('query-txn (§3.18)', () => {
  const txn = (txnSeqno: string) => t.client.call('acctmgr/query-txn', { txn_seqno: txnSeqno });

  it('answers 1011 for a txn_seqno the merchant never used', async () => {
    await refusedWithoutChange(() => txn('NEVER' + userId()), '1011');
  });

  it('shows an account opening as CREATE after apply and SUCCESS after verify (OpenNormelUser)', async () => {
    const p = person();
    const applied = await applyOpening(t.client, p);
    expect(await txn(applied.txnSeqno)).toMatchObject({ ret_code: '0000', txn_seqno: applied.txnSeqno, accp_txno: applied.answer.accp_txno, busi_type: 'OpenNormelUser', status: 'CREATE' });
    expect((await verifyOpening(t, p, applied)).ret_code).toBe('0000');
    expect(await txn(applied.txnSeqno)).toMatchObject({ ret_code: '0000', busi_type: 'OpenNormelUser', status: 'SUCCESS' });
  });

  it("answers 1011 for a payment order's txn_seqno: §3.18 is for account-management transactions (§4.5 busi_types)", async () => {
    const [payer, payee] = [await openPerson(), await openPerson()];
    const order = await consumption(payer.userId, payee.userId, '10.00');
    await refusedWithoutChange(() => txn(order), '1011');
  });

  it('answers 1011, not CREATE, for an account-management transaction that ended FAILURE (§3.18 names only CREATE and SUCCESS)', async () => {
    // No account-management operation of the simulator fails after registering its txn_seqno; this
    // one is written into the state directly to pin down the answer should one ever do so.
    const p = await openPerson();
    const phone = mobile();
    const txnSeqno = t.client.newSeqno('BIND');
    const a = await t.client.call('acctmgr/individual-bindcard-apply', { user_id: p.userId, txn_seqno: txnSeqno, txn_time: t.client.timestamp(), notify_url: bed.notifyUrl, linked_acctno: newPerson().cardNo, linked_phone: phone, password: pw() });
    expect(a.ret_code).toBe('0000');
    await t.sim.ctx.state.transaction((tx) => {
      const key = `${t.sim.demoOidPartner}/${txnSeqno}`;
      tx.put('txns', key, { ...tx.get('txns', key)!, status: 'FAILURE' });
    });
    await refusedWithoutChange(() => txn(txnSeqno), '1011');
  });

  it('shows a card binding as TideCard', async () => {
    const p = await openPerson();
    const phone = mobile();
    const txnSeqno = t.client.newSeqno('BIND');
    const a = await t.client.call('acctmgr/individual-bindcard-apply', {
      user_id: p.userId,
      txn_seqno: txnSeqno,
      txn_time: t.client.timestamp(),
      notify_url: bed.notifyUrl,
      linked_acctno: newPerson().cardNo,
      linked_phone: phone,
      password: pw(),
    });
    expect(a.ret_code).toBe('0000');
    expect(await txn(txnSeqno)).toMatchObject({ ret_code: '0000', accp_txno: a.accp_txno, busi_type: 'TideCard', status: 'CREATE' });
    const v = await t.client.call('acctmgr/individual-bindcard-verify', { user_id: p.userId, txn_seqno: txnSeqno, token: a.token, verify_code: await smsCode(t, phone) });
    expect(v.ret_code).toBe('0000');
    expect(await txn(txnSeqno)).toMatchObject({ ret_code: '0000', busi_type: 'TideCard', status: 'SUCCESS' });
  });
});

describe('query-cnapscode (§3.19)', () => {
  const cnaps = (fields: Answer) => t.client.call('acctmgr/query-cnapscode', { bank_code: '01020000', city_code: '440300', brabank_name: '深圳', ...fields });

  it('finds the real CNAPS number of ICBC Shenzhen', async () => {
    const a = await cnaps({});
    expect(a).toMatchObject({ ret_code: '0000', bank_code: '01020000' });
    expect(a.card_list).toContainEqual({ cnaps_code: '102584000002', brabank_name: '中国工商银行深圳市分行' });
    expect((a.card_list as Line[]).every((b) => b.cnaps_code!.startsWith('102') && b.brabank_name!.includes('深圳'))).toBe(true);
  });

  it('answers 1029 for an unknown bank_code', async () => {
    await refusedWithoutChange(() => cnaps({ bank_code: '09999999' }), '1029');
  });

  it('answers an empty card_list when nothing matches', async () => {
    expect(await cnaps({ brabank_name: '不存在的支行关键字' })).toMatchObject({ ret_code: '0000', bank_code: '01020000', card_list: [] });
    expect(await cnaps({ city_code: '999999' })).toMatchObject({ ret_code: '0000', card_list: [] });
  });
});

describe('query-acctinfo (§3.16) for the merchant', () => {
  it('shows an offline top-up of the merchant in MCHOWN_AVAILABLE', async () => {
    const balance = async () => {
      const a = await t.client.call('acctmgr/query-acctinfo', { user_type: 'INNERMERCHANT' });
      expect(a.ret_code).toBe('0000');
      const own = (a.acctinfo_list as Line[]).find((x) => x.acct_type === 'MCHOWN_AVAILABLE')!;
      return { balcur: yuanToFen(own.amt_balcur), balaval: yuanToFen(own.amt_balaval), balfrz: own.amt_balfrz };
    };
    const before = await balance();
    await topUp(null, '123.45');
    const after = await balance();
    expect(after).toEqual({ balcur: before.balcur + 12345, balaval: before.balaval + 12345, balfrz: before.balfrz });
  });
});
