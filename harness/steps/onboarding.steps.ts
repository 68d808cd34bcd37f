// Steps of 标准开户 (merchant-requirements.txt 一.1), personal accounts: acctmgr-api-v1.4 §3.1–§3.3.
import assert from 'node:assert/strict';
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import { DEFAULT_PASSWORD, type AccpWorld } from '../support/world.js';
import { userId as newUserId } from '../testdata.js';

const GOOD_PASSWORD = DEFAULT_PASSWORD;

Given('注册用户{string}持有本人的借记卡', async function (this: AccpWorld, alias: string) {
  await this.newActor(alias);
});

Given('注册用户{string}持有{string}的借记卡', async function (this: AccpWorld, alias: string, owner: string) {
  const card = this.actor(owner).person;
  const actor = await this.newActor(alias);
  actor.person = { ...actor.person, cardNo: card.cardNo };
});

Given('{string}的借记卡是沙箱测试卡{string}', function (this: AccpWorld, alias: string, code: string) {
  const actor = this.actor(alias);
  assert.ok(this.target.failingCard, 'sandbox test cards exist only on the simulator');
  actor.person = { ...actor.person, cardNo: this.target.failingCard(code) };
});

Given('{string}的身份证号校验位错误', function (this: AccpWorld, alias: string) {
  const actor = this.actor(alias);
  const id = actor.person.idNo;
  const wrong = id.at(-1) === '0' ? '1' : '0';
  actor.person = { ...actor.person, idNo: id.slice(0, -1) + wrong };
});

When('{string}申请绑定手机验证码', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  this.record(await this.integration.sendRegPhoneCode(a.userId, a.person.phone));
});

When('{string}输入收到的绑定手机验证码', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  const code = await this.target.smsCode(a.person.phone);
  this.record(await this.integration.verifyRegPhoneCode(a.userId, a.person.phone, code));
});

When('{string}提交个人开户信息', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  this.record(await this.integration.applyPersonalAccount({ userId: a.userId, ...a.person }));
});

When('{string}以另一个用户 ID 再次提交个人开户信息', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  a.otherUserId = newUserId();
  this.record(await this.integration.applyPersonalAccount({ ...a.person, userId: a.otherUserId }));
});

When('注册用户{string}持有本人的借记卡，以{string}的用户 ID 提交个人开户信息', async function (this: AccpWorld, alias: string, owner: string) {
  const a = await this.newActor(alias, { userId: this.actor(owner).userId });
  this.record(await this.integration.applyPersonalAccount({ userId: a.userId, ...a.person }));
});

async function confirm(world: AccpWorld, alias: string, password: string, passwordControl: boolean, code?: string) {
  const a = world.actor(alias);
  const smsCode = code ?? (await world.target.smsCode(a.person.cardPhone));
  return world.record(await world.integration.confirmPersonalAccount(a.userId, { smsCode, password, passwordControl }));
}

When('{string}输入银行预留手机收到的验证码，并通过密码控件设置支付密码{string}', async function (this: AccpWorld, alias: string, password: string) {
  await confirm(this, alias, password, true);
});

When('{string}输入银行预留手机收到的验证码，并设置支付密码{string}（不使用随机因子）', async function (this: AccpWorld, alias: string, password: string) {
  await confirm(this, alias, password, false);
});

function wrongCode(right: string): string {
  return String((Number(right) + 1) % 1_000_000).padStart(6, '0');
}

async function wrongTries(world: AccpWorld, alias: string, times: number) {
  const right = await world.target.smsCode(world.actor(alias).person.cardPhone);
  for (let i = 0; i < times; i++) await confirm(world, alias, GOOD_PASSWORD, true, wrongCode(right));
  world.batchSize = times;
}

When('{string}连续 {int} 次输入错误的短信验证码', async function (this: AccpWorld, alias: string, times: number) {
  await wrongTries(this, alias, times);
});

When('{string}再输入 {int} 次错误的短信验证码', async function (this: AccpWorld, alias: string, times: number) {
  await wrongTries(this, alias, times);
});

Given('{string}已开户', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  const applied = this.record(await this.integration.applyPersonalAccount({ userId: a.userId, ...a.person }));
  assert.equal(applied.retCode, '0000', `开户申请 ${applied.retCode} ${applied.retMsg}`);
  const opened = await confirm(this, alias, GOOD_PASSWORD, true);
  assert.equal(opened.retCode, '0000', `开户验证 ${opened.retCode} ${opened.retMsg}`);
});

Then('开户成功，{string}的用户状态为{string}', function (this: AccpWorld, _alias: string, status: string) {
  const last = this.last as { retCode: string; retMsg: string; userStatus?: string; oidUserno?: string };
  assert.equal(last.retCode, '0000', `expected success, got ${last.retCode} ${last.retMsg}`);
  assert.equal(last.userStatus, status);
  assert.ok(last.oidUserno, 'the answer carries oid_userno');
});

Then('查询{string}的用户状态为{string}', async function (this: AccpWorld, alias: string, status: string) {
  const s = await this.integration.userState(this.actor(alias).userId);
  assert.equal(s.retCode, '0000', `query-userinfo ${s.retCode} ${s.retMsg}`);
  assert.equal(s.userStatus, status);
});

async function notOpened(world: AccpWorld, id: string) {
  const s = await world.integration.userState(id);
  assert.equal(s.retCode, '2003', `query-userinfo should not find the user, got ${s.retCode} ${s.userStatus ?? ''}`);
  const b = await world.integration.balances(id);
  assert.equal(b.retCode, '2003', `query-acctinfo should not find the user, got ${b.retCode}`);
}

Then('{string}没有开户', async function (this: AccpWorld, alias: string) {
  await notOpened(this, this.actor(alias).userId);
});

Then('{string}的另一个用户 ID 没有开户', async function (this: AccpWorld, alias: string) {
  const id = this.actor(alias).otherUserId;
  assert.ok(id, `"${alias}" tried no other user_id in this scenario`);
  await notOpened(this, id);
});

Then('{string}绑定的是开户时的借记卡', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  const cards = await this.integration.cards(a.userId);
  assert.equal(cards.retCode, '0000', `query-linkedacct ${cards.retCode} ${cards.retMsg}`);
  assert.deepEqual(cards.cards?.map((c) => [c.cardNo, c.phone]), [[a.person.cardNo, a.person.cardPhone]]);
});

Then('{string}的账户如下:', async function (this: AccpWorld, alias: string, table: DataTable) {
  const b = await this.integration.balances(this.actor(alias).userId);
  assert.equal(b.retCode, '0000', `query-acctinfo ${b.retCode} ${b.retMsg}`);
  const actual = (b.accounts ?? []).map((x) => [x.acctType, x.total, x.available, x.frozen]).sort();
  const expected = table.rows().map((r) => [...r]).sort();
  assert.deepEqual(actual, expected);
});

Then('{string}的银行预留手机收到 {int} 条验证码', async function (this: AccpWorld, alias: string, n: number) {
  assert.ok(this.target.smsCount, 'counting SMS needs the simulator');
  assert.equal(await this.target.smsCount(this.actor(alias).person.cardPhone), n);
});

Then('{string}的银行预留手机没有收到验证码', async function (this: AccpWorld, alias: string) {
  assert.ok(this.target.smsCount, 'counting SMS needs the simulator');
  assert.equal(await this.target.smsCount(this.actor(alias).person.cardPhone), 0);
});

// ---- enterprises (acctmgr §3.4, §3.20) ------------------------------------------------------

Given('注册企业{string}持有对公账户', async function (this: AccpWorld, alias: string) {
  await this.newCompanyActor(alias);
});

Given('{string}的统一社会信用代码校验位错误', function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  const code = a.company!.creditCode;
  a.company = { ...a.company!, creditCode: code.slice(0, -1) + (code.at(-1) === '0' ? '1' : '0') };
});

Given('{string}对公账户的大额行号不属于开户银行', function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  const account = a.company!.account;
  // 999 is no bank's CNAPS prefix
  a.company = { ...a.company!, account: { ...account, branchNo: `999${account.branchNo.slice(3)}` } };
});

When('{string}提交企业开户信息，并通过密码控件设置支付密码{string}', async function (this: AccpWorld, alias: string, password: string) {
  const a = this.actor(alias);
  a.password = password;
  this.record(await this.integration.applyEnterpriseAccount({ ...a.company!, userId: a.userId, password, passwordControl: true }));
});

Then('开户申请已受理，{string}的用户状态为{string}', function (this: AccpWorld, _alias: string, status: string) {
  const last = this.last as { retCode: string; retMsg: string; userStatus?: string };
  assert.equal(last.retCode, '0000', `expected success, got ${last.retCode} ${last.retMsg}`);
  assert.equal(last.userStatus, status);
});

When('{string}上传证件照片', async function (this: AccpWorld, alias: string) {
  this.record(await this.integration.uploadPhotos(this.actor(alias).userId, await this.target.photos()));
});

When('{string}上传的营业执照照片不是图片', async function (this: AccpWorld, alias: string) {
  const photos = await this.target.photos();
  this.record(await this.integration.uploadPhotos(this.actor(alias).userId, { ...photos, licence: { bytes: Buffer.from('%PDF-1.4 not an image'), type: 'png' } }));
});

When('连连审核通过{string}', async function (this: AccpWorld, alias: string) {
  assert.ok(this.target.reviewEnterprise, 'reviews are decided in the simulator only');
  await this.target.reviewEnterprise(this.actor(alias).userId, 'APPROVE');
});

When('连连审核拒绝{string}，原因是{string}', async function (this: AccpWorld, alias: string, reason: string) {
  assert.ok(this.target.reviewEnterprise, 'reviews are decided in the simulator only');
  await this.target.reviewEnterprise(this.actor(alias).userId, 'REJECT', reason);
});

Then('连连无法审核通过{string}，因为照片未上传', async function (this: AccpWorld, alias: string) {
  assert.ok(this.target.reviewEnterprise, 'reviews are decided in the simulator only');
  await assert.rejects(this.target.reviewEnterprise(this.actor(alias).userId, 'APPROVE'), /licence photo has not been uploaded/);
});

Then('{string}绑定的是开户时的对公账户', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  const cards = await this.integration.cards(a.userId);
  assert.equal(cards.retCode, '0000');
  assert.deepEqual(
    cards.cards?.map((c) => [c.cardNo, c.bankCode, c.branchNo]),
    [[a.company!.account.acctNo, a.company!.account.bankCode, a.company!.account.branchNo]],
  );
});

/** Opens and approves an enterprise (simulator: through the sandbox review). */
Given('企业{string}已开户并审核通过', async function (this: AccpWorld, alias: string) {
  const a = await this.newCompanyActor(alias);
  const applied = this.record(await this.integration.applyEnterpriseAccount({ ...a.company!, userId: a.userId, password: a.password, passwordControl: true }));
  assert.equal(applied.retCode, '0000', `企业开户 ${applied.retCode} ${applied.retMsg}`);
  const uploaded = await this.integration.uploadPhotos(a.userId, await this.target.photos());
  assert.equal(uploaded.retCode, '0000', `上传照片 ${uploaded.retCode} ${uploaded.retMsg}`);
  assert.ok(this.target.reviewEnterprise, 'reviews are decided in the simulator only');
  await this.target.reviewEnterprise(a.userId, 'APPROVE');
});
