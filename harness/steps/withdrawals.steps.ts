// Steps of 提现 (merchant-requirements.txt 二.2; txn-api-v2.3 §3.3.1 提现申请, §3.3.2 提现确认,
// §3.3.3 提现结果异步通知, §3.3.4 提现结果查询, §3.6 交易二次短信验证).
import assert from 'node:assert/strict';
import { Then, When } from '@cucumber/cucumber';
import type { AccpWorld } from '../support/world.js';
import { debitCardNo } from '../testdata.js';
import { lastNotice, lastTxn, recordTxn, untilAnswered, yuan } from './payments.steps.js';

type Body = Record<string, unknown>;

interface WithdrawalOptions {
  fee?: string;
  check?: boolean;
  payTimeType?: 'TRANS_THIS_TIME' | 'TRANS_NORMAL' | 'TRANS_NEXT_TIME';
}

async function withdraw(world: AccpWorld, alias: string, amount: string, cardNo: string, opts: WithdrawalOptions = {}) {
  const a = world.actor(alias);
  recordTxn(world, await world.integration.withdraw(a.userId, { amount, cardNo, password: world.typed(alias), ...opts }));
}

/** 提现时绑定卡号和协议号二者传其一: the card bound at opening, named by its agreement number (query-linkedacct). */
When('{string}输入支付密码，提现 {string} 元到开户时绑定的借记卡，用绑卡协议号指定这张卡', async function (this: AccpWorld, alias: string, amount: string) {
  const a = this.actor(alias);
  const cards = await this.integration.cards(a.userId);
  assert.equal(cards.retCode, '0000', `query-linkedacct ${cards.retCode} ${cards.retMsg}`);
  const agreementNo = cards.cards?.find((c) => c.cardNo === a.person.cardNo)?.agreementNo;
  assert.ok(agreementNo, `the card bound at opening has no agreement number in ${JSON.stringify(cards.cards)}`);
  recordTxn(this, await this.integration.withdraw(a.userId, { amount, agreementNo, password: this.typed(alias) }));
});

When('{string}输入支付密码，提现 {string} 元到开户时绑定的借记卡', async function (this: AccpWorld, alias: string, amount: string) {
  await withdraw(this, alias, amount, this.actor(alias).person.cardNo);
});

When('{string}输入支付密码，提现 {string} 元到开户时绑定的借记卡，手续费 {string} 元', async function (this: AccpWorld, alias: string, amount: string, fee: string) {
  await withdraw(this, alias, amount, this.actor(alias).person.cardNo, { fee });
});

When('{string}输入支付密码，提现 {string} 元到开户时绑定的借记卡，需商户审核', async function (this: AccpWorld, alias: string, amount: string) {
  await withdraw(this, alias, amount, this.actor(alias).person.cardNo, { check: true });
});

When('{string}输入支付密码，提现 {string} 元到开户时绑定的借记卡，普通到账', async function (this: AccpWorld, alias: string, amount: string) {
  await withdraw(this, alias, amount, this.actor(alias).person.cardNo, { payTimeType: 'TRANS_NORMAL' });
});

When('{string}输入支付密码，提现 {string} 元到开户时绑定的借记卡，普通到账，手续费 {string} 元', async function (this: AccpWorld, alias: string, amount: string, fee: string) {
  await withdraw(this, alias, amount, this.actor(alias).person.cardNo, { payTimeType: 'TRANS_NORMAL', fee });
});

When('{string}输入支付密码，提现 {string} 元到已绑定的这张卡', async function (this: AccpWorld, alias: string, amount: string) {
  const card = this.actor(alias).card;
  assert.ok(card, `"${alias}" has no other card in this scenario`);
  await withdraw(this, alias, amount, card);
});

When('{string}输入支付密码，提现 {string} 元到一张没有绑定的卡', async function (this: AccpWorld, alias: string, amount: string) {
  await withdraw(this, alias, amount, debitCardNo());
});

Then('等待商户审核', function (this: AccpWorld) {
  assert.equal(this.last.retCode, '8889', `expected 8889 (the merchant's check is awaited), got ${this.last.retCode} ${this.last.retMsg}`);
});

When('商户审核通过这笔提现', async function (this: AccpWorld) {
  recordTxn(this, await this.integration.checkWithdrawal(lastTxn(this).ref, true));
});

When('商户审核不通过这笔提现，原因是{string}', async function (this: AccpWorld, reason: string) {
  recordTxn(this, await this.integration.checkWithdrawal(lastTxn(this).ref, false, reason));
});

const FINAL = ['TRADE_SUCCESS', 'TRADE_FAILURE', 'TRADE_CANCEL'];

/** The bank answers a withdrawal paid now (TRANS_THIS_TIME): the simulator's clockwork, or ACCP in its own time. */
When('银行处理完这笔提现', async function (this: AccpWorld) {
  const ref = lastTxn(this).ref;
  await untilAnswered(this, async () => (await this.integration.withdrawalStatus(ref)).status, FINAL);
});

async function bankDecides(world: AccpWorld, result: 'SUCCESS' | 'FAILURE') {
  assert.ok(world.target.decideWithdrawal, "the bank's answer is decided in the simulator only");
  const t = lastTxn(world);
  assert.ok(t.accpTxno, 'the withdrawal has no accp_txno');
  await world.target.decideWithdrawal(t.accpTxno, result);
}

When('银行付款成功', async function (this: AccpWorld) {
  await bankDecides(this, 'SUCCESS');
});

When('银行付款失败', async function (this: AccpWorld) {
  await bankDecides(this, 'FAILURE');
});

Then('提现状态为{string}', async function (this: AccpWorld, status: string) {
  const s = await this.integration.withdrawalStatus(lastTxn(this).ref);
  assert.equal(s.retCode, '0000', `query-withdrawal ${s.retCode} ${s.retMsg}`);
  assert.equal(s.status, status);
  if (status === 'TRADE_FAILURE') assert.ok(s.failureReason, 'a failed withdrawal says why (failure_reason)');
});

const isWithdrawalNotice = (b: Body) => b.txn_type === undefined && b.orderInfo !== undefined && b.payerInfo !== undefined;

Then('商户收到这笔提现的结果通知，状态为{string}，签名有效', async function (this: AccpWorld, status: string) {
  const t = lastTxn(this);
  const b = await lastNotice(this, status, isWithdrawalNotice, 'withdrawal');
  assert.equal(b.oid_partner, this.target.accp.oidPartner);
  assert.equal((b.orderInfo as Body).txn_seqno, t.ref);
  if (t.accpTxno) assert.equal(b.accp_txno, t.accpTxno);
  if (status === 'TRADE_SUCCESS') assert.match(String(b.finish_time), /^\d{14}$/);
  if (status === 'TRADE_FAILURE') assert.ok(b.failure_reason, 'a failed withdrawal notification says why (failure_reason)');
});

Then('通知中提现金额为 {string} 元，手续费为 {string} 元', async function (this: AccpWorld, amount: string, fee: string) {
  const t = lastTxn(this);
  const found = (await this.integration.notificationsOf(t.ref)).filter((n) => isWithdrawalNotice(n.body));
  assert.ok(found.length > 0, 'the merchant received no withdrawal notification');
  const order = found.at(-1)!.body.orderInfo as Body;
  assert.equal(yuan(order.total_amount), amount);
  assert.equal(yuan(order.fee_amount ?? 0), fee);
});
