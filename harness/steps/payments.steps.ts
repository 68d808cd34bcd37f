// Steps of 充值, 普通消费, 担保消费 and 担保确认 (merchant-requirements.txt 二.2; txn-api-v2.3 §3.2
// 充值/消费, §3.5 担保, §3.6 交易二次短信验证), the notifications of a transaction (§3.2.6), and
// the merchant's own accounts (acctmgr-api-v1.4 §3.16 with user_type INNERMERCHANT).
// The helpers at the top are shared with withdrawals.steps.ts and transfers-refunds.steps.ts.
import assert from 'node:assert/strict';
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import type { CardRef, OrderRequest, PartyRef, PayeeRef, ReceivedNotification, TxnOutcome } from '../integration.js';
import type { AccpWorld } from '../support/world.js';
import { fenToYuan, yuanToFen } from '../../simulator/protocol/money.js';
import { yuan } from '../amounts.js';

type Body = Record<string, unknown>;

// ---- shared helpers ----------------------------------------------------------------------------

/** The merchant's accounts as the features name them. */
const MERCHANT_ACCOUNTS: Record<string, PartyRef> = {
  商户自有账户: { merchant: 'MCHOWN' },
  商户担保账户: { merchant: 'MCHASSURE' },
  商户优惠券账户: { merchant: 'MCHCOUPON' },
  商户手续费账户: { merchant: 'MCHFEE' },
};

/** A payer or payee as a feature names it: one of the merchant's accounts, or a user of the scenario. */
export function party(world: AccpWorld, name: string): PartyRef {
  return MERCHANT_ACCOUNTS[name] ?? { user: world.actor(name).userId };
}

/** How a notification or a query names a party, back in the features' words. */
function partyName(world: AccpWorld, type: unknown, id: unknown): string {
  if (type === 'MERCHANT') {
    assert.equal(id, world.target.accp.oidPartner, 'a MERCHANT party is this merchant');
    return '商户';
  }
  for (const a of world.actors.values()) if (a.userId === id) return a.alias;
  return String(id);
}

/** Rows of | 收款方 | 金额 |. */
function payeesOf(world: AccpWorld, table: DataTable): PayeeRef[] {
  return table.rows().map(([name, amount]) => ({ party: party(world, name!), amount: amount! }));
}

export { yuan };

function wrongCode(right: string): string {
  return String((Number(right) + 1) % 1_000_000).padStart(6, '0');
}

/** Records a transaction answer; an answer about the same reference adds to what is known of it. */
export function recordTxn(world: AccpWorld, o: TxnOutcome): TxnOutcome {
  world.record(o);
  const prev = world.lastTxn;
  world.lastTxn = prev && o.ref && prev.ref === o.ref ? { ...prev, ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) } : o;
  return o;
}

export function lastTxn(world: AccpWorld): TxnOutcome & { ref: string } {
  const t = world.lastTxn;
  assert.ok(t?.ref, 'no transaction has been made in this scenario');
  return t as TxnOutcome & { ref: string };
}

function orderRef(world: AccpWorld): string {
  assert.ok(world.orderRef, 'no order has been created in this scenario');
  return world.orderRef;
}

/** Lets pending notifications arrive, then the ones about a reference that match. */
export async function noticesOf(world: AccpWorld, ref: string, match: (b: Body) => boolean, expectSome: boolean): Promise<ReceivedNotification[]> {
  await world.target.settleNotifications();
  const deadline = Date.now() + world.target.notificationWaitMs;
  for (;;) {
    const found = (await world.integration.notificationsOf(ref)).filter((n) => match(n.body));
    if ((expectSome && found.length > 0) || Date.now() >= deadline) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Waits until the outside world (a bank, a channel) has answered: the simulator target runs its
 * clockwork at once; against ACCP, `status()` is polled until it is final or a minute has passed.
 */
export async function untilAnswered(world: AccpWorld, status: () => Promise<string | undefined>, final: readonly string[]): Promise<void> {
  if (world.target.settle) {
    await world.target.settle();
    return;
  }
  const deadline = Date.now() + Math.max(world.target.notificationWaitMs, 60_000);
  for (;;) {
    const s = await status();
    if ((s && final.includes(s)) || Date.now() >= deadline) return;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** The newest notification about the last transaction with this status, its signature checked. */
export async function lastNotice(world: AccpWorld, status: string, kind: (b: Body) => boolean, what: string): Promise<Body> {
  const t = lastTxn(world);
  const found = await noticesOf(world, t.ref, (b) => kind(b) && b.txn_status === status, true);
  assert.ok(found.length > 0, `the merchant received no ${what} notification with txn_status ${status} for ${t.ref}`);
  const n = found.at(-1)!;
  assert.equal(n.signatureValid, true, 'the notification signature verifies with the platform public key');
  return n.body;
}

const isPaymentNotice = (b: Body) => b.txn_type !== undefined && b.orderInfo !== undefined && b.payerInfo !== undefined;

/** A payment answered 8888: the code comes to a phone, the payment goes on with it. */
async function finishWithSms(world: AccpWorld, alias: string, o: TxnOutcome, phone: string): Promise<TxnOutcome> {
  if (o.retCode !== '8888') return o;
  return recordTxn(world, await world.integration.confirmSms(world.actor(alias).userId, await world.target.smsCode(phone)));
}

async function createOrder(world: AccpWorld, order: OrderRequest): Promise<TxnOutcome> {
  const o = recordTxn(world, await world.integration.createOrder(order));
  if (o.retCode === '0000') world.orderRef = o.ref;
  return o;
}

function bankCard(world: AccpWorld, alias: string, which: 'opening' | 'this' | 'this-new'): CardRef {
  const a = world.actor(alias);
  if (which === 'opening') return { cardNo: a.person.cardNo };
  assert.ok(a.card, `"${alias}" has no other card in this scenario`);
  // the card's type, and a credit card's cvv2 and expiry, as the person types them at payment
  const d = a.cardDetails?.cardNo === a.card ? a.cardDetails : undefined;
  const details: Partial<CardRef> = d ? { type: d.type, ...(d.cvv2 ? { cvv2: d.cvv2 } : {}), ...(d.validThru ? { validThru: d.validThru } : {}) } : {};
  if (which === 'this') return { cardNo: a.card, ...details };
  return { newCard: { cardNo: a.card, name: a.person.name, idNo: a.person.idNo, phone: a.person.cardPhone }, ...details };
}

// ---- the merchant's own accounts -----------------------------------------------------------------

Given('记下商户的账户', async function (this: AccpWorld) {
  const b = await this.integration.balances(null);
  assert.equal(b.retCode, '0000', `query-acctinfo (merchant) ${b.retCode} ${b.retMsg}`);
  this.merchantNoted = b.accounts ?? [];
});

function signed(fen: number): string {
  return fen > 0 ? `+${fenToYuan(fen)}` : fen < 0 ? `-${fenToYuan(-fen)}` : '0.00';
}

// The merchant serves every scenario of a run, so its accounts are checked as changes since they were noted.
Then('商户的账户较记下时变动如下:', async function (this: AccpWorld, table: DataTable) {
  const before = this.merchantNoted;
  assert.ok(before, 'the merchant accounts were not noted (记下商户的账户)');
  const b = await this.integration.balances(null);
  assert.equal(b.retCode, '0000', `query-acctinfo (merchant) ${b.retCode} ${b.retMsg}`);
  const now = b.accounts ?? [];
  const actual = table.rows().map(([acctType]) => {
    const x = now.find((a) => a.acctType === acctType);
    const y = before.find((a) => a.acctType === acctType);
    assert.ok(x && y, `the merchant has no ${acctType} account (has ${now.map((a) => a.acctType).join(', ')})`);
    return [acctType!, signed(yuanToFen(x.total) - yuanToFen(y.total)), signed(yuanToFen(x.available) - yuanToFen(y.available)), signed(yuanToFen(x.frozen) - yuanToFen(y.frozen))];
  });
  assert.deepEqual(actual, table.rows());
});

// ---- 充值 (§3.2.1 USER_TOPUP / MCH_TOPUP, §3.2.3, §3.2.4, §3.6) ------------------------------------

/** A top-up with the card bound at opening, through the SMS code when ACCP asks for it. */
Given('{string}已用开户时绑定的借记卡充值 {string} 元', async function (this: AccpWorld, alias: string, amount: string) {
  const a = this.actor(alias);
  const order = await createOrder(this, { kind: 'USER_TOPUP', payer: a.userId, amount, goods: '账户充值' });
  assert.equal(order.retCode, '0000', `创单 ${order.retCode} ${order.retMsg}`);
  const paid = await finishWithSms(this, alias, recordTxn(this, await this.integration.payWithCard(order.ref!, a.userId, bankCard(this, alias, 'opening'), this.typed(alias))), a.person.cardPhone);
  assert.equal(paid.retCode, '0000', `充值 ${paid.retCode} ${paid.retMsg}`);
});

async function topUpByCard(world: AccpWorld, alias: string, amount: string, card: CardRef) {
  const a = world.actor(alias);
  const order = await createOrder(world, { kind: 'USER_TOPUP', payer: a.userId, amount, goods: '账户充值' });
  assert.equal(order.retCode, '0000', `创单 ${order.retCode} ${order.retMsg}`);
  recordTxn(world, await world.integration.payWithCard(order.ref!, a.userId, card, world.typed(alias)));
}

When('{string}充值 {string} 元，用开户时绑定的借记卡支付，输入支付密码', async function (this: AccpWorld, alias: string, amount: string) {
  await topUpByCard(this, alias, amount, bankCard(this, alias, 'opening'));
});

When('{string}充值 {string} 元，用已绑定的这张卡支付，输入支付密码', async function (this: AccpWorld, alias: string, amount: string) {
  await topUpByCard(this, alias, amount, bankCard(this, alias, 'this'));
});

When('{string}充值 {string} 元，用这张未绑定的卡支付，输入支付密码', async function (this: AccpWorld, alias: string, amount: string) {
  await topUpByCard(this, alias, amount, bankCard(this, alias, 'this-new'));
});

When('{string}充值 {string} 元，选择{string}支付', async function (this: AccpWorld, alias: string, amount: string, method: string) {
  const a = this.actor(alias);
  const order = await createOrder(this, { kind: 'USER_TOPUP', payer: a.userId, amount, goods: '账户充值' });
  assert.equal(order.retCode, '0000', `创单 ${order.retCode} ${order.retMsg}`);
  recordTxn(this, await this.integration.payWithGateway(order.ref!, { user: a.userId }, method, null));
});

When('商户给自有账户充值 {string} 元，选择{string}支付', async function (this: AccpWorld, amount: string, method: string) {
  const order = await createOrder(this, { kind: 'MCH_TOPUP', amount, payees: [{ party: { merchant: 'MCHOWN' }, amount }], goods: '商户充值' });
  assert.equal(order.retCode, '0000', `创单 ${order.retCode} ${order.retMsg}`);
  recordTxn(this, await this.integration.payWithGateway(order.ref!, { merchant: 'MCHOWN' }, method, null));
});

When('商户下单给自有账户充值 {string} 元，不指定收款账户类型', async function (this: AccpWorld, amount: string) {
  await createOrder(this, { kind: 'MCH_TOPUP', amount, payees: [{ party: { merchant: null }, amount }], goods: '商户充值' });
});

When('{string}下单充值 {string} 元，并指定收款方{string}', async function (this: AccpWorld, alias: string, amount: string, payee: string) {
  await createOrder(this, { kind: 'USER_TOPUP', payer: this.actor(alias).userId, amount, payees: [{ party: party(this, payee), amount }] });
});

Then('得到渠道支付页面', function (this: AccpWorld) {
  const t = lastTxn(this);
  assert.equal(t.retCode, '0000', `expected success, got ${t.retCode} ${t.retMsg}`);
  assert.match(t.gatewayUrl ?? '', /^https?:\/\//, 'the answer carries the gateway_url of the channel page');
});

When('在渠道支付页面完成支付', async function (this: AccpWorld) {
  assert.ok(this.target.payOnGateway, 'paying on a channel page needs the simulator');
  await this.target.payOnGateway(lastTxn(this).gatewayUrl!);
});

When('在渠道支付页面取消支付', async function (this: AccpWorld) {
  assert.ok(this.target.cancelOnGateway, 'cancelling on a channel page needs the simulator');
  await this.target.cancelOnGateway(lastTxn(this).gatewayUrl!);
});

Then('需要输入短信验证码', function (this: AccpWorld) {
  assert.equal(this.last.retCode, '8888', `expected 8888 (the SMS code is asked for), got ${this.last.retCode} ${this.last.retMsg}`);
  assert.ok(lastTxn(this).accpTxno, 'the 8888 answer names the ACCP transaction');
});

When('{string}输入银行预留手机收到的交易验证码', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  recordTxn(this, await this.integration.confirmSms(a.userId, await this.target.smsCode(a.person.cardPhone)));
});

When('{string}输入绑定手机收到的交易验证码', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  recordTxn(this, await this.integration.confirmSms(a.userId, await this.target.smsCode(a.person.phone)));
});

When('{string}输入错误的交易验证码', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  recordTxn(this, await this.integration.confirmSms(a.userId, wrongCode(await this.target.smsCode(a.person.cardPhone))));
});

// ---- 普通消费, 担保消费 (§3.2.1 GENERAL_CONSUME / SECURED_CONSUME, §3.2.2, §3.2.3) ---------------------

Given('匿名用户{string}持有本人的借记卡', async function (this: AccpWorld, alias: string) {
  await this.newActor(alias);
});

When('{string}下单消费 {string} 元，收款方为:', async function (this: AccpWorld, alias: string, amount: string, table: DataTable) {
  await createOrder(this, { kind: 'GENERAL_CONSUME', payer: this.actor(alias).userId, amount, payees: payeesOf(this, table), goods: '商品' });
});

When('{string}下单消费 {string} 元，不指定收款方', async function (this: AccpWorld, alias: string, amount: string) {
  await createOrder(this, { kind: 'GENERAL_CONSUME', payer: this.actor(alias).userId, amount, goods: '商品' });
});

/** The same txn_seqno again, with other payees: GENERAL_CONSUME's payees cannot be changed. */
When('{string}用同一订单号再次下单消费 {string} 元，收款方改为:', async function (this: AccpWorld, alias: string, amount: string, table: DataTable) {
  await createOrder(this, { kind: 'GENERAL_CONSUME', payer: this.actor(alias).userId, amount, payees: payeesOf(this, table), goods: '商品', ref: orderRef(this) });
});

When('匿名用户{string}下单消费 {string} 元，收款方为:', async function (this: AccpWorld, alias: string, amount: string, table: DataTable) {
  await createOrder(this, { kind: 'GENERAL_CONSUME', payer: this.actor(alias).userId, anonymous: true, amount, payees: payeesOf(this, table), goods: '商品' });
});

When('{string}下单担保消费 {string} 元，收款方为:', async function (this: AccpWorld, alias: string, amount: string, table: DataTable) {
  await createOrder(this, { kind: 'SECURED_CONSUME', payer: this.actor(alias).userId, amount, payees: payeesOf(this, table), goods: '担保商品' });
});

When('匿名用户{string}下单担保消费 {string} 元，收款方为:', async function (this: AccpWorld, alias: string, amount: string, table: DataTable) {
  await createOrder(this, { kind: 'SECURED_CONSUME', payer: this.actor(alias).userId, anonymous: true, amount, payees: payeesOf(this, table), goods: '担保商品' });
});

When('{string}下单担保消费 {string} 元，不指定收款方', async function (this: AccpWorld, alias: string, amount: string) {
  await createOrder(this, { kind: 'SECURED_CONSUME', payer: this.actor(alias).userId, amount, goods: '担保商品' });
});

Then('下单成功', function (this: AccpWorld) {
  const t = lastTxn(this);
  assert.equal(t.retCode, '0000', `tradecreate ${t.retCode} ${t.retMsg}`);
  assert.equal(this.orderRef, t.ref);
  assert.ok(t.accpTxno, 'the answer carries accp_txno');
});

When('{string}输入支付密码，用余额支付', async function (this: AccpWorld, alias: string) {
  recordTxn(this, await this.integration.payWithBalance(orderRef(this), this.actor(alias).userId, this.typed(alias)));
});

When('{string}输入错误的支付密码{string}，用余额支付', async function (this: AccpWorld, alias: string, wrong: string) {
  recordTxn(this, await this.integration.payWithBalance(orderRef(this), this.actor(alias).userId, this.typed(alias, wrong)));
});

When('{string}输入支付密码，用开户时绑定的借记卡支付', async function (this: AccpWorld, alias: string) {
  recordTxn(this, await this.integration.payWithCard(orderRef(this), this.actor(alias).userId, bankCard(this, alias, 'opening'), this.typed(alias)));
});

When('{string}输入支付密码，用已绑定的这张信用卡支付', async function (this: AccpWorld, alias: string) {
  const card = bankCard(this, alias, 'this');
  assert.equal(card.type, 'CREDIT', `"${alias}"'s card in this scenario is not a credit card`);
  recordTxn(this, await this.integration.payWithCard(orderRef(this), this.actor(alias).userId, card, this.typed(alias)));
});

/** An anonymous payer has no ACCP account and no payment password: the card's four elements and the SMS code. */
When('{string}用本人的借记卡支付，填写银行卡四要素', async function (this: AccpWorld, alias: string) {
  const a = this.actor(alias);
  a.card = a.person.cardNo;
  recordTxn(this, await this.integration.payWithCard(orderRef(this), a.userId, bankCard(this, alias, 'this-new'), null));
});

/** A combined payment: part by the card bound at opening, part from the balance (through the SMS code when asked). */
Given('{string}已输入支付密码支付这笔订单：开户时绑定的借记卡 {string} 元，余额 {string} 元', async function (this: AccpWorld, alias: string, card: string, balance: string) {
  const a = this.actor(alias);
  const o = recordTxn(this, await this.integration.payWithCard(orderRef(this), a.userId, bankCard(this, alias, 'opening'), this.typed(alias), { balance }));
  const paid = await finishWithSms(this, alias, o, a.person.cardPhone);
  assert.equal(paid.retCode, '0000', `支付 ${paid.retCode} ${paid.retMsg}`);
  const notice = await lastNotice(this, 'TRADE_SUCCESS', isPaymentNotice, 'payment');
  const methods = ([] as Body[]).concat(notice.payerInfo as Body | Body[]);
  assert.deepEqual(
    methods.map((m) => [m.method, yuan(m.amount)]).sort(),
    [['AGRT_DEBIT_CARD', yuan(card)], ['BALANCE', yuan(balance)]].sort(),
  );
});

When('{string}输入支付密码支付这笔订单：余额 {string} 元，其余用这张未绑定的卡', async function (this: AccpWorld, alias: string, balance: string) {
  recordTxn(this, await this.integration.payWithCard(orderRef(this), this.actor(alias).userId, bankCard(this, alias, 'this-new'), this.typed(alias), { balance }));
});

/** A channel payment (WeChat, Alipay, online banking) of the order: the answer carries the channel page. */
When('{string}选择{string}支付这笔订单', async function (this: AccpWorld, alias: string, method: string) {
  recordTxn(this, await this.integration.payWithGateway(orderRef(this), { user: this.actor(alias).userId }, method, null));
});

When('商户关闭这笔订单', async function (this: AccpWorld) {
  recordTxn(this, await this.integration.closeOrder(orderRef(this)));
});

/** A refused tradecreate left no order behind: query-payment does not know its txn_seqno (1011). */
Then('没有创建这笔订单', async function (this: AccpWorld) {
  const t = lastTxn(this);
  assert.notEqual(t.ref, this.orderRef, 'the last order was created');
  const s = await this.integration.paymentStatus(t.ref);
  assert.equal(s.retCode, '1011', `query-payment should not find ${t.ref}, got ${s.retCode} ${s.status ?? ''}`);
});

Then('支付单状态为{string}', async function (this: AccpWorld, status: string) {
  const s = await this.integration.paymentStatus(orderRef(this));
  assert.equal(s.retCode, '0000', `query-payment ${s.retCode} ${s.retMsg}`);
  assert.equal(s.status, status);
});

// ---- 担保确认 (§3.5.1, §3.5.2, §3.5.3) ------------------------------------------------------------

When('{string}确认收货，全部确认 {string} 元', async function (this: AccpWorld, alias: string, amount: string) {
  recordTxn(this, await this.integration.confirmSecured(orderRef(this), this.actor(alias).userId, 'ALL', amount));
});

When('{string}确认收货，全部确认 {string} 元，并指定收款方:', async function (this: AccpWorld, alias: string, amount: string, table: DataTable) {
  recordTxn(this, await this.integration.confirmSecured(orderRef(this), this.actor(alias).userId, 'ALL', amount, payeesOf(this, table)));
});

When('{string}确认收货，部分确认 {string} 元，收款方为:', async function (this: AccpWorld, alias: string, amount: string, table: DataTable) {
  recordTxn(this, await this.integration.confirmSecured(orderRef(this), this.actor(alias).userId, 'PART', amount, payeesOf(this, table)));
});

Then('担保交易状态为{string}', async function (this: AccpWorld, status: string) {
  const s = await this.integration.securedStatus(orderRef(this));
  assert.equal(s.retCode, '0000', `secured-query ${s.retCode} ${s.retMsg}`);
  assert.equal(s.status, status);
});

Then('担保交易的收款方如下:', async function (this: AccpWorld, table: DataTable) {
  const s = await this.integration.securedStatus(orderRef(this));
  assert.equal(s.retCode, '0000', `secured-query ${s.retCode} ${s.retMsg}`);
  const actual = (s.payees ?? []).map((p) => ['user' in p.party ? partyName(this, 'USER', p.party.user) : '商户', p.amount, p.confirmed, p.refunded]).sort();
  assert.deepEqual(actual, table.rows().map((r) => [...r]).sort());
});

Then('担保交易没有收款方', async function (this: AccpWorld) {
  const s = await this.integration.securedStatus(orderRef(this));
  assert.equal(s.retCode, '0000', `secured-query ${s.retCode} ${s.retMsg}`);
  assert.deepEqual(s.payees, []);
});

Then('这次担保确认查询为{string}', async function (this: AccpWorld, status: string) {
  const t = lastTxn(this);
  assert.notEqual(t.ref, this.orderRef, 'the last transaction is a confirmation, not the order');
  const s = await this.integration.paymentStatus(t.ref);
  assert.equal(s.retCode, '0000', `query-payment (secured confirmation) ${s.retCode} ${s.retMsg}`);
  assert.equal(s.status, status);
});

// ---- notifications of the last transaction (§3.2.6; internal transfers §3.4.3) -----------------------

Then('商户收到这笔交易的支付通知，状态为{string}，签名有效', async function (this: AccpWorld, status: string) {
  const t = lastTxn(this);
  const b = await lastNotice(this, status, isPaymentNotice, 'payment');
  assert.equal(b.oid_partner, this.target.accp.oidPartner);
  assert.equal((b.orderInfo as Body).txn_seqno, t.ref);
  if (t.accpTxno) assert.equal(b.accp_txno, t.accpTxno, 'the notification names the ACCP transaction the answers named');
  assert.match(String(b.accounting_date), /^\d{8}$/);
  assert.match(String(b.finish_time), /^\d{14}$/);
});

Then('商户没有收到这笔交易的通知', async function (this: AccpWorld) {
  const t = lastTxn(this);
  const found = await noticesOf(this, t.ref, () => true, false);
  assert.equal(found.length, 0, `unexpected notification: ${JSON.stringify(found[0]?.body)}`);
});

async function paymentNotice(world: AccpWorld): Promise<Body> {
  const t = lastTxn(world);
  const found = await noticesOf(world, t.ref, isPaymentNotice, true);
  assert.ok(found.length > 0, `the merchant received no payment notification for ${t.ref}`);
  return found.at(-1)!.body;
}

Then('通知中的交易类型为{string}，金额为 {string} 元', async function (this: AccpWorld, txnType: string, amount: string) {
  const b = await paymentNotice(this);
  assert.equal(b.txn_type, txnType);
  assert.equal(yuan((b.orderInfo as Body).total_amount), amount);
});

Then('通知中的付款方为:', async function (this: AccpWorld, table: DataTable) {
  const b = await paymentNotice(this);
  const payers = ([] as Body[]).concat(b.payerInfo as Body | Body[]);
  const actual = payers.map((p) => [partyName(this, p.payer_type, p.payer_id), String(p.method), yuan(p.amount)]).sort();
  assert.deepEqual(actual, table.rows().map((r) => [...r]).sort());
});

Then('通知中的收款方为:', async function (this: AccpWorld, table: DataTable) {
  const b = await paymentNotice(this);
  const payees = (b.payeeInfo as Body[] | undefined) ?? [];
  const actual = payees.map((p) => [partyName(this, p.payee_type, p.payee_id), yuan(p.amount)]).sort();
  assert.deepEqual(actual, table.rows().map((r) => [...r]).sort());
});
