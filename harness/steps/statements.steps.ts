// Steps of 明细查询 (merchant-requirements.txt 一.1; acctmgr-api-v1.4 §3.17), and the money that
// gives statements something to show: bank transfers into accounts (txn-api-v2.3 §3.8 线下加款).
import assert from 'node:assert/strict';
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import type { Statement, StatementQuery } from '../integration.js';
import type { AccpWorld } from '../support/world.js';
import { noticesAbout } from './notifications.steps.js';
import { yuan as toYuan } from '../amounts.js';
import { formatStamp, parseStamp } from '../../simulator/world/clock.js';

interface StatementWorld extends AccpWorld {
  statementOwner?: string | null;
  statementQuery?: StatementQuery;
  lastStatement?: Statement;
  lastTopUp?: string;
}

Given('{string}的账户通过银行转账收到 {string} 元', async function (this: StatementWorld, alias: string, yuan: string) {
  assert.ok(this.target.topUp, 'a bank transfer into the account needs the simulator');
  this.lastTopUp = (await this.target.topUp(this.actor(alias).userId, yuan)).accp_txno;
});

Given('商户自有账户通过银行转账收到 {string} 元', async function (this: StatementWorld, yuan: string) {
  assert.ok(this.target.topUp, 'a bank transfer into the account needs the simulator');
  this.lastTopUp = (await this.target.topUp(null, yuan)).accp_txno;
});

/** The last `days` × 24 hours on the target's clock. */
async function lastDays(world: AccpWorld, days: number): Promise<{ from: string; to: string }> {
  const now = await world.target.now();
  return { from: formatStamp(parseStamp(now)! - days * 86_400_000), to: now };
}

async function query(world: StatementWorld, owner: string | null, q: Partial<StatementQuery> & { acctType: string }, days = 1) {
  const range = await lastDays(world, days);
  world.statementOwner = owner;
  world.statementQuery = { ...range, page: 1, pageSize: 10, ...q };
  world.lastStatement = world.record(await world.integration.statement(owner, world.statementQuery));
}

When('{string}查看最近一天{string}账户的收支明细', async function (this: StatementWorld, alias: string, acctType: string) {
  await query(this, this.actor(alias).userId, { acctType });
});

// after the clock has moved a day on, what happened before the move is more than a day old
When('{string}查看最近 {int} 天{string}账户的收支明细', async function (this: StatementWorld, alias: string, days: number, acctType: string) {
  await query(this, this.actor(alias).userId, { acctType }, days);
});

When('{string}按每页 {int} 条查看{string}账户收支明细的第 {int} 页', async function (this: StatementWorld, alias: string, size: number, acctType: string, page: number) {
  await query(this, this.actor(alias).userId, { acctType, pageSize: size, page });
});

When('{string}只查看{string}账户的出账明细', async function (this: StatementWorld, alias: string, acctType: string) {
  await query(this, this.actor(alias).userId, { acctType, flagDc: 'DEBIT' });
});

When('{string}按时间正序查看{string}账户的收支明细', async function (this: StatementWorld, alias: string, acctType: string) {
  await query(this, this.actor(alias).userId, { acctType, order: 'ASC' });
});

When('商户查看最近一天{string}账户的收支明细', async function (this: StatementWorld, acctType: string) {
  await query(this, null, { acctType });
});

When('{string}查看{string}账户收支明细，开始时间晚于现在', async function (this: StatementWorld, alias: string, acctType: string) {
  const now = parseStamp(await this.target.now())!;
  this.lastStatement = this.record(
    await this.integration.statement(this.actor(alias).userId, { acctType, from: formatStamp(now + 3_600_000), to: formatStamp(now + 7_200_000), page: 1, pageSize: 10 }),
  );
});

function statement(world: StatementWorld): Statement {
  const s = world.lastStatement;
  assert.ok(s, 'no statement was asked for');
  assert.equal(s.retCode, '0000', `query-acctserial ${s.retCode} ${s.retMsg}`);
  return s;
}

Then('明细共 {int} 条，入账合计 {string} 元，出账合计 {string} 元', function (this: StatementWorld, n: number, totalIn: string, totalOut: string) {
  const s = statement(this);
  assert.equal(s.totalNum, n);
  assert.equal(s.totalIn, totalIn);
  assert.equal(s.totalOut, totalOut);
});

Then('这一页有 {int} 条明细，共 {int} 页', function (this: StatementWorld, n: number, pages: number) {
  const s = statement(this);
  assert.equal(s.lines?.length, n);
  assert.equal(s.totalPage, pages);
});

Then('明细依次为:', function (this: StatementWorld, table: DataTable) {
  const s = statement(this);
  const actual = (s.lines ?? []).map((l) => [l.flagDc, l.amount, l.balance, l.txnType]);
  assert.deepEqual(actual, table.rows());
});

Then('最新一条明细是这笔转账：入账 {string} 元', function (this: StatementWorld, yuan: string) {
  const s = statement(this);
  const newest = s.lines?.[0];
  assert.ok(newest, 'the statement is empty');
  assert.equal(newest.accpTxno, this.lastTopUp);
  assert.equal(newest.flagDc, 'CREDIT');
  assert.equal(newest.amount, yuan);
});

Then('最新一条明细的详情与列表一致，对方是{string}', async function (this: StatementWorld, otherName: string) {
  const s = statement(this);
  const newest = s.lines![0]!;
  const d = await this.integration.statementLine(this.statementOwner ?? null, newest.jno);
  assert.equal(d.retCode, '0000', `query-acctserialdetail ${d.retCode} ${d.retMsg}`);
  assert.deepEqual({ ...d.line, txnSeqno: undefined, otherAcct: undefined, otherName: undefined }, { ...newest, txnSeqno: undefined, otherAcct: undefined, otherName: undefined });
  assert.equal(d.line?.otherName, otherName);
  assert.ok(d.line?.otherAcct, 'the detail names the other account');
});

Then('商户收到{string}的线下加款通知，金额为 {string} 元，签名有效', async function (this: StatementWorld, alias: string, yuan: string) {
  const notices = await noticesAbout(this, this.actor(alias).userId, (b) => b.accp_txno === this.lastTopUp, true);
  assert.ok(notices.length > 0, 'the merchant received no offline top-up notice');
  const n = notices.at(-1)!;
  assert.equal(n.signatureValid, true);
  assert.equal(toYuan(n.body.amount), yuan);
  assert.equal(n.body.payee_accttype, 'USEROWN');
});
