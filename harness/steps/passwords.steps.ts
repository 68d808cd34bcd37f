// Steps of 支付密码修改 and 支付密码找回 (merchant-requirements.txt 一.1; acctmgr-api-v1.4 §3.11,
// §3.12, §3.13, §3.21), and the five-strikes lock every password-taking endpoint shares.
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import type { AccpWorld } from '../support/world.js';
import { debitCardNo } from '../testdata.js';

When('{string}输入原支付密码和新支付密码{string}', async function (this: AccpWorld, alias: string, fresh: string) {
  const a = this.actor(alias);
  const o = this.record(await this.integration.changePassword(a.userId, this.typed(alias), fresh));
  if (o.retCode === '0000') a.password = fresh;
});

When('{string}输入原支付密码和新支付密码{string}（不使用随机因子）', async function (this: AccpWorld, alias: string, fresh: string) {
  const a = this.actor(alias);
  const o = this.record(await this.integration.changePassword(a.userId, this.typed(alias, undefined, false), fresh));
  if (o.retCode === '0000') a.password = fresh;
});

When('{string}输入错误的原支付密码{string}和新支付密码{string}', async function (this: AccpWorld, alias: string, wrong: string, fresh: string) {
  this.record(await this.integration.changePassword(this.actor(alias).userId, this.typed(alias, wrong), fresh));
});

Then('{string}的支付密码{string}校验通过', async function (this: AccpWorld, alias: string, password: string) {
  const o = await this.integration.validatePassword(this.actor(alias).userId, this.typed(alias, password));
  assert.equal(o.retCode, '0000', `validate-password ${o.retCode} ${o.retMsg}`);
});

Then('{string}的支付密码{string}校验不通过，返回码为{string}', async function (this: AccpWorld, alias: string, password: string, code: string) {
  const o = await this.integration.validatePassword(this.actor(alias).userId, this.typed(alias, password));
  assert.equal(o.retCode, code, `validate-password ${o.retCode} ${o.retMsg}`);
});

Given('{string}连续 {int} 次输错支付密码', async function (this: AccpWorld, alias: string, times: number) {
  for (let i = 0; i < times; i++) this.record(await this.integration.validatePassword(this.actor(alias).userId, this.typed(alias, `Wrong${100 + i}`)));
  this.batchSize = times;
});

When('{string}用已绑定的银行卡申请找回支付密码', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  this.record(await this.integration.applyFindPassword(a.userId, a.person.cardNo));
});

When('{string}用没有绑定的银行卡申请找回支付密码', async function (this: AccpWorld, alias: string) {
  this.record(await this.integration.applyFindPassword(this.actor(alias).userId, debitCardNo()));
});

When('{string}申请找回支付密码', async function (this: AccpWorld, alias: string) {
  this.record(await this.integration.applyFindPassword(this.actor(alias).userId, null));
});

Then('验证码发往{string}银行卡的预留手机，手机号脱敏显示', function (this: AccpWorld, alias: string) {
  const last = this.last as { retCode: string; retMsg: string; maskedPhone?: string };
  assert.equal(last.retCode, '0000', `expected success, got ${last.retCode} ${last.retMsg}`);
  const phone = this.actor(alias).person.cardPhone;
  assert.equal(last.maskedPhone, `${phone.slice(0, 3)}****${phone.slice(7)}`);
});

Then('验证码发往{string}的绑定手机，手机号脱敏显示', function (this: AccpWorld, alias: string) {
  const last = this.last as { retCode: string; retMsg: string; maskedPhone?: string };
  assert.equal(last.retCode, '0000', `expected success, got ${last.retCode} ${last.retMsg}`);
  const phone = this.actor(alias).company?.phone ?? this.actor(alias).person.phone;
  assert.equal(last.maskedPhone, `${phone.slice(0, 3)}****${phone.slice(7)}`);
});

async function confirmFind(world: AccpWorld, alias: string, fresh: string, phone: string) {
  const a = world.actor(alias);
  const o = world.record(await world.integration.confirmFindPassword(a.userId, await world.target.smsCode(phone), world.typed(alias, fresh)));
  if (o.retCode === '0000') a.password = fresh;
}

When('{string}输入验证码，并通过密码控件设置新支付密码{string}', async function (this: AccpWorld, alias: string, fresh: string) {
  await confirmFind(this, alias, fresh, this.actor(alias).person.cardPhone);
});

When('{string}输入绑定手机收到的验证码，并通过密码控件设置新支付密码{string}', async function (this: AccpWorld, alias: string, fresh: string) {
  const a = this.actor(alias);
  await confirmFind(this, alias, fresh, a.company?.phone ?? a.person.phone);
});
