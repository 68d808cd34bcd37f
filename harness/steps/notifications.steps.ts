// What the merchant's notification endpoint received (acctmgr v1.4 §2.6, txn v2.3 §2.7).
import assert from 'node:assert/strict';
import { Then } from '@cucumber/cucumber';
import type { ReceivedNotification } from '../integration.js';
import type { AccpWorld } from '../support/world.js';

type Body = Record<string, unknown>;

/** How a notification's body tells what it is about. */
const KINDS: Record<string, (b: Body) => boolean> = {
  开户: (b) => b.user_status !== undefined,
  绑卡: (b) => b.action === 'LINKEDACCT_IND',
  解绑: (b) => b.action === 'UNLINKEDACCT_IND',
  更换绑定账号: (b) => b.action === 'LINKEDACCT_CHANGE_ENPR',
  线下加款: (b) => b.chnl_txno !== undefined,
};

/**
 * §3.8.3, §3.9.3 and §3.10.2 carry the same fields (txn_seqno, accp_txno, result): such a
 * notification is told by the txn_seqno of the apply the scenario made.
 */
const BY_APPLY = ['修改预留手机号', '修改绑定手机号', '销户'];

/** Lets pending notifications arrive, then returns those about the user that match. */
export async function noticesAbout(world: AccpWorld, userId: string, match: (b: Body) => boolean, expectSome: boolean): Promise<ReceivedNotification[]> {
  await world.target.settleNotifications();
  const deadline = Date.now() + world.target.notificationWaitMs;
  for (;;) {
    const found = (await world.integration.notificationsAbout(userId)).filter((n) => match(n.body));
    if ((expectSome && found.length > 0) || Date.now() >= deadline) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function kind(world: AccpWorld, name: string): (b: Body) => boolean {
  if (BY_APPLY.includes(name)) {
    const ref = world.applied.get(name);
    assert.ok(ref, `this scenario made no ${name} apply whose txn_seqno the integration reported (AppliedOutcome.ref)`);
    return (b) => b.txn_seqno === ref;
  }
  const k = KINDS[name];
  if (!k) throw new Error(`no notification kind "${name}" (known: ${[...Object.keys(KINDS), ...BY_APPLY].join(', ')})`);
  return k;
}

Then('商户收到{string}的开户通知，用户状态为{string}，签名有效', async function (this: AccpWorld, alias: string, status: string) {
  const id = this.actor(alias).userId;
  const notices = await noticesAbout(this, id, (b) => b.user_status === status, true);
  assert.ok(notices.length > 0, `the merchant received no account-opening notification with user_status ${status}`);
  const n = notices.at(-1)!;
  assert.equal(n.signatureValid, true, 'the notification signature verifies with the platform public key');
  const state = await this.integration.userState(id);
  assert.equal(n.body.oid_userno, state.oidUserno, 'the notification names the user ACCP opened');
  assert.equal(n.body.user_id, id);
});

Then('商户收到{string}的开户通知，备注为{string}', async function (this: AccpWorld, alias: string, remark: string) {
  const notices = await noticesAbout(this, this.actor(alias).userId, (b) => b.remark !== undefined, true);
  assert.ok(notices.length > 0, 'the merchant received no notification with a remark');
  assert.equal(notices.at(-1)!.body.remark, remark);
  assert.equal(notices.at(-1)!.signatureValid, true);
});

Then('商户只收到{string}的 {int} 条开户通知，用户状态为{string}', async function (this: AccpWorld, alias: string, n: number, status: string) {
  // waits the whole notification wait: a later second notification must not be missed
  const notices = await noticesAbout(this, this.actor(alias).userId, kind(this, '开户'), false);
  assert.deepEqual(
    notices.map((x) => x.body.user_status),
    Array.from({ length: n }, () => status),
    `account-opening notifications: ${JSON.stringify(notices.map((x) => x.body))}`,
  );
});

Then('商户没有收到{string}的开户通知', async function (this: AccpWorld, alias: string) {
  const notices = await noticesAbout(this, this.actor(alias).userId, kind(this, '开户'), false);
  assert.equal(notices.length, 0, `unexpected notification: ${JSON.stringify(notices[0]?.body)}`);
});

Then('商户收到{string}的{string}通知，结果为{string}，签名有效', async function (this: AccpWorld, alias: string, name: string, result: string) {
  const notices = await noticesAbout(this, this.actor(alias).userId, kind(this, name), true);
  assert.ok(notices.length > 0, `the merchant received no ${name} notification`);
  const n = notices.at(-1)!;
  assert.equal(n.body.result, result);
  assert.equal(n.signatureValid, true, 'the notification signature verifies with the platform public key');
  assert.equal(n.body.user_id, this.actor(alias).userId);
});

Then('商户没有收到{string}的{string}通知', async function (this: AccpWorld, alias: string, name: string) {
  const notices = await noticesAbout(this, this.actor(alias).userId, kind(this, name), false);
  assert.equal(notices.length, 0, `unexpected notification: ${JSON.stringify(notices[0]?.body)}`);
});
