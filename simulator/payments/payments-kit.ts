// The calls the payment tests make (txn v2.3 §3.2, §3.6), over a money bed (testkit/money-bed.ts).
// Shared by payments.test.ts and the other test files of this folder.
import { request } from 'undici';
import { expect } from 'vitest';
import { PASSWORD, type Answer, type MoneyBed } from '../testkit/money-bed.js';

export type Payee = { id: string; amount: string; type?: 'USER' | 'MERCHANT'; accttype?: string };

export function paymentsKit(bed: MoneyBed) {
  const { t, pw } = bed;
  const kit = {
    /** §3.2.1 tradecreate with a fresh txn_seqno; `fields.orderInfo` adds to the order's fields. */
    tradeCreate: (fields: Answer, total: string, payees?: Payee[]) =>
      t.client.call('txn/tradecreate', {
        notify_url: bed.notifyUrl,
        ...fields,
        orderInfo: { txn_seqno: t.client.newSeqno('ORD'), txn_time: t.client.timestamp(), total_amount: total, goods_name: '测试商品', ...(fields.orderInfo as Answer | undefined) },
        ...(payees ? { payeeInfo: payees.map((p) => ({ payee_id: p.id, payee_type: p.type ?? 'USER', payee_amount: p.amount, ...(p.accttype ? { payee_accttype: p.accttype } : {}) })) } : {}),
      }),

    /** A general consumption of `payer` paying `payee`; returns its txn_seqno. */
    async consumption(payer: string, payee: string, total: string, extra: Answer = {}): Promise<string> {
      const a = await kit.tradeCreate({ txn_type: 'GENERAL_CONSUME', user_id: payer, ...extra }, total, [{ id: payee, amount: total }]);
      expect(a.ret_code).toBe('0000');
      return a.txn_seqno as string;
    },

    payBalance: (uid: string, txnSeqno: string, total: string, extra: Answer = {}, password: string | null = PASSWORD) =>
      t.client.call('txn/payment-balance', { txn_seqno: txnSeqno, total_amount: total, payerInfo: { user_id: uid, ...(password ? { password: pw(password) } : {}) }, ...extra }),

    payCard: (uid: string, txnSeqno: string, total: string, card: Answer, method = 'AGRT_DEBIT_CARD', extra: Answer = {}) =>
      t.client.call('txn/payment-bankcard', { txn_seqno: txnSeqno, total_amount: total, payerInfo: { user_id: uid, password: pw() }, bankCardInfo: card, payMethods: [{ method, amount: total }], ...extra }),

    /** §3.2.4 payment-gw by a user; `extra` adds top-level fields (openid, bankcode...). */
    payGw: (uid: string, seq: string, total: string, methods: { method: string; amount: string }[], withPassword = false, extra: Answer = {}) =>
      t.client.call('txn/payment-gw', { txn_seqno: seq, total_amount: total, client_ip: '127.0.0.1', payerInfo: { payer_type: 'USER', payer_id: uid, ...(withPassword ? { password: pw() } : {}) }, payMethods: methods, ...extra }),

    validate: (uid: string, txnSeqno: string, total: string, token: unknown, code: string) =>
      t.client.call('txn/validation-sms', { payer_type: 'USER', payer_id: uid, txn_seqno: txnSeqno, total_amount: total, token, verify_code: code }),

    query: (txnSeqno: string) => t.client.call('txn/query-payment', { txn_seqno: txnSeqno }),

    async linkedAccounts(uid: string): Promise<Answer[]> {
      return (await t.client.call('acctmgr/query-linkedacct', { user_id: uid })).linked_acctlist as Answer[];
    },

    async agreementOf(uid: string): Promise<string> {
      return (await kit.linkedAccounts(uid))[0]!.linked_agrtno as string;
    },

    /** The channel page behind a gateway_url: GET shows it, POST `${url}/pay` or `/cancel` acts on it. */
    async page(url: string, method: 'GET' | 'POST' = 'GET'): Promise<{ status: number; html: string }> {
      const res = await request(url, { method });
      return { status: res.statusCode, html: await res.body.text() };
    },

    /** The notifications sent for a txn_seqno, their bodies parsed. */
    async notified(txnSeqno: string): Promise<Answer[]> {
      await bed.state(); // waits until none is pending
      const list = (await t.sandbox<{ notifications: { body: string }[] }>('GET', `/sandbox/notifications?txn_seqno=${txnSeqno}`)).body.notifications;
      return list.map((n) => JSON.parse(n.body) as Answer);
    },
  };
  return kit;
}
