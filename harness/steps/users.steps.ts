// Steps of 用户绑定手机号码修改 and 销户 (merchant-requirements.txt 一.1; acctmgr-api-v1.4 §3.9, §3.10).
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import type { AccpWorld } from '../support/world.js';
import { mobile } from '../testdata.js';

function regPhone(world: AccpWorld, alias: string): string {
  const a = world.actor(alias);
  return a.company?.phone ?? a.person.phone;
}

function setRegPhone(world: AccpWorld, alias: string, phone: string): void {
  const a = world.actor(alias);
  if (a.company) a.company = { ...a.company, phone };
  else a.person = { ...a.person, phone };
}

When('{string}输入支付密码和原手机号，申请把绑定手机号改为一个新号码', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  a.newPhone = await this.target.newPhone();
  this.recordApply('修改绑定手机号', await this.integration.applyChangeRegPhone(a.userId, regPhone(this, alias), a.newPhone, this.typed(alias)));
});

When('{string}输入支付密码和错误的原手机号，申请修改绑定手机号', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  this.recordApply('修改绑定手机号', await this.integration.applyChangeRegPhone(a.userId, mobile(), mobile(), this.typed(alias)));
});

When('{string}输入支付密码和原手机号，申请把绑定手机号改为原号码', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  this.recordApply('修改绑定手机号', await this.integration.applyChangeRegPhone(a.userId, regPhone(this, alias), regPhone(this, alias), this.typed(alias)));
});

When('{string}输入错误的支付密码{string}，申请修改绑定手机号', async function (this: AccpWorld, alias: string, wrong: string) {
  const a = this.actor(alias);
  this.recordApply('修改绑定手机号', await this.integration.applyChangeRegPhone(a.userId, regPhone(this, alias), mobile(), this.typed(alias, wrong)));
});

When('{string}输入新手机收到的验证码', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  const o = this.record(await this.integration.confirmChangeRegPhone(a.userId, await this.target.smsCode(a.newPhone!)));
  if (o.retCode === '0000') a.oldPhone = regPhone(this, alias);
  if (o.retCode === '0000') setRegPhone(this, alias, a.newPhone!);
});

When('{string}输入错误的新手机验证码', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  const right = await this.target.smsCode(a.newPhone!);
  this.record(await this.integration.confirmChangeRegPhone(a.userId, String((Number(right) + 1) % 1_000_000).padStart(6, '0')));
});

Then('{string}的绑定手机号已是新号码：以旧号码作为原手机号申请修改被拒绝，返回码为{string}', async function (this: AccpWorld, alias: string, code: string) {
  const a = this.actor(alias);
  const old = a.oldPhone!;
  const o = await this.integration.applyChangeRegPhone(a.userId, old, mobile(), this.typed(alias));
  assert.equal(o.retCode, code, `change-regphone-apply with the old phone: ${o.retCode} ${o.retMsg}`);
  const again = await this.integration.applyChangeRegPhone(a.userId, regPhone(this, alias), await this.target.newPhone(), this.typed(alias));
  assert.equal(again.retCode, '0000', `change-regphone-apply with the new phone: ${again.retCode} ${again.retMsg}`);
});

Then('{string}的绑定手机号仍是原号码：以原号码作为原手机号申请修改成功', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  const o = await this.integration.applyChangeRegPhone(a.userId, regPhone(this, alias), await this.target.newPhone(), this.typed(alias));
  assert.equal(o.retCode, '0000', `change-regphone-apply with the original phone: ${o.retCode} ${o.retMsg}`);
});

// ---- 销户 ----

function closingDetails(world: AccpWorld, alias: string) {
  const a = world.actor(alias);
  if (a.company) return { name: a.company.name, idType: 'UNIFIED_SOCIAL_CREDIT_CODE' as const, idNo: a.company.creditCode, phone: a.company.phone };
  return { name: a.person.name, idType: 'ID_CARD' as const, idNo: a.person.idNo, phone: a.person.phone };
}

When('{string}输入本人信息和支付密码申请销户', async function (this: AccpWorld, alias: string) {
  this.recordApply('销户', await this.integration.closeAccount(this.actor(alias).userId, closingDetails(this, alias), this.typed(alias)));
});

When('{string}申请销户，但{string}填错了', async function (this: AccpWorld, alias: string, what: string) {
  const d = closingDetails(this, alias);
  const wrong =
    what === '姓名' ? { ...d, name: `${d.name}某` } : what === '证件号' ? { ...d, idNo: d.idNo.slice(0, -1) + (d.idNo.endsWith('0') ? '1' : '0') } : what === '绑定手机号' ? { ...d, phone: mobile() } : null;
  assert.ok(wrong, `unknown field ${what}`);
  this.recordApply('销户', await this.integration.closeAccount(this.actor(alias).userId, wrong, this.typed(alias)));
});

When('{string}输入错误的支付密码{string}申请销户', async function (this: AccpWorld, alias: string, wrong: string) {
  this.recordApply('销户', await this.integration.closeAccount(this.actor(alias).userId, closingDetails(this, alias), this.typed(alias, wrong)));
});

Then('{string}绑定的银行卡都已解绑', async function (this: AccpWorld, alias: string) {
  const cards = await this.integration.cards(this.actor(alias).userId);
  assert.equal(cards.retCode, '0000');
  assert.deepEqual(cards.cards, []);
});
