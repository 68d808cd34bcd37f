// Steps of 新增绑定银行卡, 解绑银行卡, 企业用户更换绑定账号 and the reserved-phone change
// (merchant-requirements.txt 一.1; acctmgr-api-v1.4 §3.5–§3.8, §3.14).
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import type { AccpWorld } from '../support/world.js';
import { corporateAccount, debitCardNo, mobile } from '../testdata.js';

/** Another card of the actor's, from the target: the simulator makes one up, ACCP's config lists real ones. */
async function anotherCard(world: AccpWorld, alias: string, type: 'DEBIT' | 'CREDIT') {
  const a = world.actor(alias);
  const card = await world.target.newCard(a.person, type);
  a.card = card.cardNo;
  a.cardDetails = card;
}

Given('{string}又有一张本人的借记卡', async function (this: AccpWorld, alias: string) {
  await anotherCard(this, alias, 'DEBIT');
});

Given('{string}又有一张本人的信用卡', async function (this: AccpWorld, alias: string) {
  await anotherCard(this, alias, 'CREDIT');
});

Given('{string}的这张卡是沙箱测试卡{string}', function (this: AccpWorld, alias: string, code: string) {
  assert.ok(this.target.failingCard, 'sandbox test cards exist only on the simulator');
  const a = this.actor(alias);
  a.card = this.target.failingCard(code);
  a.cardDetails = { cardNo: a.card, type: 'DEBIT' };
});

async function applyBind(world: AccpWorld, alias: string, password?: string) {
  const a = world.actor(alias);
  return world.record(await world.integration.applyBindCard(a.userId, { cardNo: a.card!, phone: a.person.cardPhone }, world.typed(alias, password)));
}

When('{string}申请绑定这张卡，输入支付密码', async function (this: AccpWorld, alias: string) {
  await applyBind(this, alias);
});

When('{string}申请绑定这张卡，输入错误的支付密码{string}', async function (this: AccpWorld, alias: string, password: string) {
  await applyBind(this, alias, password);
});

When('{string}申请绑定开户时绑定的那张卡', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  a.card = a.person.cardNo;
  await applyBind(this, alias);
});

When('{string}输入绑卡短信验证码', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  this.record(await this.integration.confirmBindCard(a.userId, await this.target.smsCode(a.person.cardPhone)));
});

When('{string}输入错误的绑卡短信验证码', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  const right = await this.target.smsCode(a.person.cardPhone);
  this.record(await this.integration.confirmBindCard(a.userId, String((Number(right) + 1) % 1_000_000).padStart(6, '0')));
});

Then('绑卡成功，得到绑卡协议号', function (this: AccpWorld) {
  const last = this.last as { retCode: string; retMsg: string; agreementNo?: string };
  assert.equal(last.retCode, '0000', `expected success, got ${last.retCode} ${last.retMsg}`);
  assert.match(last.agreementNo ?? '', /^\d+$/);
});

Given('{string}已绑定第二张借记卡', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  await anotherCard(this, alias, 'DEBIT');
  const applied = await applyBind(this, alias);
  assert.equal(applied.retCode, '0000', `绑卡申请 ${applied.retCode} ${applied.retMsg}`);
  const done = await this.integration.confirmBindCard(a.userId, await this.target.smsCode(a.person.cardPhone));
  assert.equal(done.retCode, '0000', `绑卡验证 ${done.retCode} ${done.retMsg}`);
});

Then('{string}绑定的银行卡有 {int} 张', async function (this: AccpWorld, alias: string, n: number) {
  const cards = await this.integration.cards(this.actor(alias).userId);
  assert.equal(cards.retCode, '0000', `query-linkedacct ${cards.retCode} ${cards.retMsg}`);
  assert.equal(cards.cards?.length, n, JSON.stringify(cards.cards));
});

Then('{string}绑定的银行卡中有这张卡', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  const cards = await this.integration.cards(a.userId);
  assert.equal(cards.retCode, '0000', `query-linkedacct ${cards.retCode} ${cards.retMsg}`);
  assert.ok(cards.cards?.some((c) => c.cardNo === a.card), `${a.card} is not among ${JSON.stringify(cards.cards)}`);
});

Then('{string}绑定的银行卡中没有这张卡', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  const cards = await this.integration.cards(a.userId);
  assert.equal(cards.retCode, '0000', `query-linkedacct ${cards.retCode} ${cards.retMsg}`);
  assert.ok(!cards.cards?.some((c) => c.cardNo === a.card), `${a.card} is still bound`);
});

// ---- 解绑银行卡 ----

When('{string}输入支付密码解绑这张卡', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  this.record(await this.integration.unbindCard(a.userId, a.card!, this.typed(alias)));
});

When('{string}输入支付密码解绑开户时绑定的那张卡', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  a.card = a.person.cardNo;
  this.record(await this.integration.unbindCard(a.userId, a.card, this.typed(alias)));
});

When('{string}输入错误的支付密码{string}解绑这张卡', async function (this: AccpWorld, alias: string, password: string) {
  const a = this.actor(alias);
  this.record(await this.integration.unbindCard(a.userId, a.card!, this.typed(alias, password)));
});

When('{string}输入支付密码解绑一张没有绑定的卡', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  a.card = debitCardNo();
  this.record(await this.integration.unbindCard(a.userId, a.card, this.typed(alias)));
});

// ---- 企业用户更换绑定账号 ----

When('{string}输入支付密码，把绑定账号更换为一个新的对公账户', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  const account = corporateAccount(a.company!.name);
  a.card = account.acctNo;
  a.company = { ...a.company!, account };
  this.record(await this.integration.changeEnterpriseAccount(a.userId, account, this.typed(alias)));
});

When('{string}输入支付密码，把绑定账号更换为当前的绑定账号', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  this.record(await this.integration.changeEnterpriseAccount(a.userId, a.company!.account, this.typed(alias)));
});

When('{string}输入支付密码，把绑定账号更换为大额行号不属于开户银行的账户', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  const account = corporateAccount(a.company!.name);
  this.record(await this.integration.changeEnterpriseAccount(a.userId, { ...account, branchNo: `999${account.branchNo.slice(3)}` }, this.typed(alias)));
});

When('{string}尝试更换企业绑定账号', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  this.record(await this.integration.changeEnterpriseAccount(a.userId, corporateAccount(a.person.name), this.typed(alias)));
});

When('{string}尝试用个人绑卡接口新增一张卡', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  a.card = debitCardNo();
  this.record(await this.integration.applyBindCard(a.userId, { cardNo: a.card, phone: a.person.phone }, this.typed(alias)));
});

Then('{string}只绑定了一个账户，就是新的对公账户', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  const cards = await this.integration.cards(a.userId);
  assert.equal(cards.retCode, '0000');
  assert.deepEqual(cards.cards?.map((c) => c.cardNo), [a.company!.account.acctNo]);
  assert.equal(cards.cards?.[0]?.branchNo, a.company!.account.branchNo);
});

Then('更换成功，得到新的绑卡协议号', function (this: AccpWorld) {
  const last = this.last as { retCode: string; retMsg: string; agreementNo?: string };
  assert.equal(last.retCode, '0000', `expected success, got ${last.retCode} ${last.retMsg}`);
  assert.match(last.agreementNo ?? '', /^\d+$/);
});

// ---- 银行预留手机号修改 ----

When('{string}申请把开户时绑定那张卡的预留手机号改为一个新号码', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  a.card = a.person.cardNo;
  const phone = await this.target.newPhone();
  a.newPhone = phone;
  this.recordApply('修改预留手机号', await this.integration.applyChangeCardPhone(a.userId, a.card, phone));
});

When('{string}申请把开户时绑定那张卡的预留手机号改为原来的号码', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  this.recordApply('修改预留手机号', await this.integration.applyChangeCardPhone(a.userId, a.person.cardNo, a.person.cardPhone));
});

When('{string}申请修改一张没有绑定的卡的预留手机号', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  this.recordApply('修改预留手机号', await this.integration.applyChangeCardPhone(a.userId, debitCardNo(), mobile()));
});

When('{string}输入新预留手机收到的验证码', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  const phone = a.newPhone!;
  this.record(await this.integration.confirmChangeCardPhone(a.userId, await this.target.smsCode(phone)));
});

Then('{string}那张卡的预留手机号是新号码', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  const phone = a.newPhone!;
  const cards = await this.integration.cards(a.userId);
  assert.equal(cards.retCode, '0000', `query-linkedacct ${cards.retCode} ${cards.retMsg}`);
  assert.equal(cards.cards?.find((c) => c.cardNo === a.person.cardNo)?.phone, phone);
});
