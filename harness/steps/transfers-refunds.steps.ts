// Steps of 内部代发 and 退款 (merchant-requirements.txt 二.2; txn-api-v2.3 §3.4.1 代发申请, §3.4.3
// 代发结果异步通知 = the payment notification, §3.4.4; §3.7.1 异步退款申请, §3.7.2 退款结果查询,
// §3.7.3 退款结果通知).
import assert from 'node:assert/strict';
import { Then, When, type DataTable } from '@cucumber/cucumber';
import type { AccpWorld } from '../support/world.js';
import { lastNotice, lastTxn, party, recordTxn, untilAnswered, yuan } from './payments.steps.js';

type Body = Record<string, unknown>;

// ---- 内部代发 ----

When('{string}输入支付密码，代发 {string} 元给{string}，用途{string}', async function (this: AccpWorld, alias: string, amount: string, to: string, purpose: string) {
  recordTxn(this, await this.integration.transfer({ from: party(this, alias), to: party(this, to), amount, purpose, password: this.typed(alias) }));
});

When('商户从{string}代发 {string} 元给{string}，用途{string}', async function (this: AccpWorld, account: string, amount: string, to: string, purpose: string) {
  const from = party(this, account);
  assert.ok('merchant' in from, `"${account}" is not one of the merchant's accounts`);
  recordTxn(this, await this.integration.transfer({ from, to: party(this, to), amount, purpose, password: null }));
});

Then('代发结果查询为{string}', async function (this: AccpWorld, status: string) {
  const s = await this.integration.paymentStatus(lastTxn(this).ref);
  assert.equal(s.retCode, '0000', `query-payment (internal transfer) ${s.retCode} ${s.retMsg}`);
  assert.equal(s.status, status);
});

// ---- 退款 ----

async function refund(world: AccpWorld, alias: string, payee: string, amount: string, methods: { method: string; amount: string }[]) {
  assert.ok(world.orderRef, 'no order has been created in this scenario');
  recordTxn(world, await world.integration.refund(world.orderRef, world.actor(alias).userId, { payee: party(world, payee), amount, methods }));
}

When('{string}申请退款：收款方{string}退 {string} 元，原路退回余额', async function (this: AccpWorld, alias: string, payee: string, amount: string) {
  await refund(this, alias, payee, amount, [{ method: 'BALANCE', amount }]);
});

When('{string}申请退款：收款方{string}退 {string} 元，按付款方式退回:', async function (this: AccpWorld, alias: string, payee: string, amount: string, table: DataTable) {
  await refund(this, alias, payee, amount, table.rows().map(([method, yuanAmount]) => ({ method: method!, amount: yuanAmount! })));
});

When('{string}对这笔充值申请退款 {string} 元，原路退回银行卡', async function (this: AccpWorld, alias: string, amount: string) {
  await refund(this, alias, alias, amount, [{ method: 'AGRT_DEBIT_CARD', amount }]);
});

/** The channel answers the refund: the simulator's clockwork, or ACCP in its own time. */
When('渠道处理完这笔退款', async function (this: AccpWorld) {
  const ref = lastTxn(this).ref;
  await untilAnswered(this, async () => (await this.integration.refundStatus(ref)).status, ['TRADE_SUCCESS', 'TRADE_FAILURE']);
});

Then('退款状态为{string}', async function (this: AccpWorld, status: string) {
  const s = await this.integration.refundStatus(lastTxn(this).ref);
  assert.equal(s.retCode, '0000', `query-refund ${s.retCode} ${s.retMsg}`);
  assert.equal(s.status, status);
});

Then('商户收到这笔退款的结果通知，状态为{string}，退款金额 {string} 元，签名有效', async function (this: AccpWorld, status: string, amount: string) {
  const t = lastTxn(this);
  const b = await lastNotice(this, status, (x: Body) => x.refund_seqno !== undefined, 'refund');
  assert.equal(b.oid_partner, this.target.accp.oidPartner);
  assert.equal(b.refund_seqno, t.ref);
  if (t.accpTxno) assert.equal(b.accp_txno, t.accpTxno);
  assert.equal(yuan(b.refund_amount), amount);
  if (status === 'TRADE_SUCCESS') assert.match(String(b.accounting_date), /^\d{8}$/);
});
