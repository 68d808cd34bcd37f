// The payment password on every endpoint that takes one (issue 3: "Five wrong payment passwords
// in a row lock it (1014), on every endpoint that takes one"): once validate-password has been
// given five wrong ones, even the right password answers 1014, and the request changes nothing.
// The same table proves the password field's other refusals on each endpoint: 1013 for a
// random_key the simulator never issued, 1005 naming the field for a value that is no ciphertext.
import { describe, expect, it } from 'vitest';
import { mobile } from '../../harness/testdata.js';
import type { OpeningInput } from '../testkit/simulator.js';
import { useAcctmgrBed, type Answer } from '../testkit/acctmgr-bed.js';

const bed = useAcctmgrBed();
const { t, pw, refusedWithoutChange, openPerson, openEnterprise, personWith, lock, consumption } = bed;
const { bindApply, changeCard, unbind, regPhoneApply, cancel, changePassword } = bed.calls;

const order = () => ({ txn_seqno: t.client.newSeqno('TX'), txn_time: t.client.timestamp() });

interface Row {
  endpoint: string;
  /** the field a 1005 names */
  field: string;
  /** Makes the user (and what the request needs: money, an order); returns its user_id and the request, given the password fields. */
  setup(): Promise<{ uid: string; call: (password: Answer) => Promise<Answer> }>;
}

/** A person with 2,000.00 available and another to pay. */
async function payerAndPayee(): Promise<[OpeningInput, OpeningInput]> {
  return [await personWith('2000.00'), await openPerson()];
}

const ROWS: Row[] = [
  {
    endpoint: 'acctmgr/individual-bindcard-apply',
    field: 'password',
    async setup() {
      const p = await openPerson();
      return { uid: p.userId, call: (password) => bindApply(p.userId, password) };
    },
  },
  {
    endpoint: 'acctmgr/enterprise-changecard-apply',
    field: 'password',
    async setup() {
      const e = await openEnterprise('APPROVE');
      return { uid: e.uid, call: (password) => changeCard(e.uid, password) };
    },
  },
  {
    endpoint: 'acctmgr/unlinkedacct-ind-apply',
    field: 'password',
    async setup() {
      const p = await openPerson();
      return { uid: p.userId, call: (password) => unbind(p.userId, p.cardNo, password) };
    },
  },
  {
    endpoint: 'acctmgr/change-regphone-apply',
    field: 'password',
    async setup() {
      const p = await openPerson();
      return { uid: p.userId, call: (password) => regPhoneApply(p.userId, p.phone, password) };
    },
  },
  {
    endpoint: 'acctmgr/cancel-apply',
    field: 'password',
    async setup() {
      const p = await openPerson();
      return { uid: p.userId, call: (password) => cancel(p, password) };
    },
  },
  {
    endpoint: 'acctmgr/change-password',
    field: 'password',
    async setup() {
      const p = await openPerson();
      return { uid: p.userId, call: (password) => changePassword(p.userId, password) };
    },
  },
  {
    endpoint: 'acctmgr/validate-password',
    field: 'password',
    async setup() {
      const p = await openPerson();
      return { uid: p.userId, call: (password) => t.client.call('acctmgr/validate-password', { user_id: p.userId, ...password }) };
    },
  },
  {
    endpoint: 'txn/payment-balance',
    field: 'payerInfo.password',
    async setup() {
      const [payer, payee] = await payerAndPayee();
      const seq = await consumption(payer.userId, payee.userId, '100.00');
      return { uid: payer.userId, call: (password) => t.client.call('txn/payment-balance', { txn_seqno: seq, total_amount: '100.00', payerInfo: { user_id: payer.userId, ...password } }) };
    },
  },
  {
    endpoint: 'txn/payment-bankcard',
    field: 'payerInfo.password',
    async setup() {
      const [payer, payee] = await payerAndPayee();
      const seq = await consumption(payer.userId, payee.userId, '100.00');
      return {
        uid: payer.userId,
        call: (password) =>
          t.client.call('txn/payment-bankcard', { txn_seqno: seq, total_amount: '100.00', payerInfo: { user_id: payer.userId, ...password }, bankCardInfo: { linked_acctno: payer.cardNo }, payMethods: [{ method: 'AGRT_DEBIT_CARD', amount: '100.00' }] }),
      };
    },
  },
  {
    endpoint: 'txn/payment-gw',
    field: 'payerInfo.password',
    async setup() {
      const [payer, payee] = await payerAndPayee();
      const seq = await consumption(payer.userId, payee.userId, '100.00');
      const methods = [
        { method: 'BALANCE', amount: '40.00' },
        { method: 'WECHAT_NATIVE', amount: '60.00' },
      ];
      return {
        uid: payer.userId,
        call: (password) => t.client.call('txn/payment-gw', { txn_seqno: seq, total_amount: '100.00', client_ip: '127.0.0.1', payerInfo: { payer_type: 'USER', payer_id: payer.userId, ...password }, payMethods: methods }),
      };
    },
  },
  {
    endpoint: 'txn/withdrawal',
    field: 'payerInfo.password',
    async setup() {
      const [payer] = await payerAndPayee();
      return {
        uid: payer.userId,
        call: (password) => t.client.call('txn/withdrawal', { notify_url: bed.notifyUrl, orderInfo: { ...order(), total_amount: '100.00' }, payerInfo: { payer_type: 'USER', payer_id: payer.userId, ...password } }),
      };
    },
  },
  {
    endpoint: 'txn/transfer',
    field: 'payerInfo.password',
    async setup() {
      const [payer, payee] = await payerAndPayee();
      return {
        uid: payer.userId,
        call: (password) =>
          t.client.call('txn/transfer', {
            notify_url: bed.notifyUrl,
            orderInfo: { ...order(), total_amount: '100.00', txn_purpose: '佣金支付' },
            payerInfo: { payer_type: 'USER', payer_id: payer.userId, ...password },
            payeeInfo: { payee_type: 'USER', payee_id: payee.userId },
          }),
      };
    },
  },
];

describe('the payment password on every endpoint that takes one', () => {
  it.each(ROWS)('$endpoint: 1014 with the right password once five wrong ones have locked it, and nothing changes', async (row) => {
    const { uid, call } = await row.setup();
    await lock(uid);
    await refusedWithoutChange(() => call({ password: pw() }), '1014');
  });

  it.each(ROWS)('$endpoint: 1013 for a random_key the simulator never issued, and nothing changes', async (row) => {
    const { call } = await row.setup();
    await refusedWithoutChange(() => call({ password: pw(), random_key: `rk-${mobile()}` }), '1013');
  });

  it.each(ROWS)('$endpoint: 1005 naming the password field for a value that is no ciphertext, and nothing changes', async (row) => {
    const { call } = await row.setup();
    const a = await refusedWithoutChange(() => call({ password: 'bm90IGEgY2lwaGVydGV4dA==' }), '1005');
    expect(a.ret_msg).toContain(row.field);
  });
});
