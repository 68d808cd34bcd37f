// acctmgr v1.4 §3.8 个人用户修改预留手机号: change-linkedphone-apply (3.8.1) names the card (by
// number or agreement number) and the new reserved phone, which gets a code;
// change-linkedphone-verify (3.8.2) takes it, the card and the bank's record take the new phone,
// and the notification of 3.8.3 says SUCCESS.
import type { Context } from '../domain/context.js';
import { refuseIf, transact } from '../domain/context.js';
import type { ChangeLinkedPhoneApplication } from '../domain/model.js';
import { AccpError, badField } from '../domain/errors.js';
import { completeApplication, newToken, takeApplication } from '../domain/applications.js';
import { assertTxnSeqnoFree, claimTxnSeqno, setTxnStatus } from '../domain/txns.js';
import { activeUser } from '../domain/users.js';
import { enqueueNotification } from '../notifications/outbox.js';
import { checkCode, sendCode } from '../world/sms.js';
import { boundCards } from './binding.js';

export interface ChangeLinkedPhoneApply {
  oid_partner: string;
  user_id: string;
  txn_seqno: string;
  txn_time: string;
  notify_url: string;
  linked_acctno?: string;
  linked_agrtno?: string;
  new_linked_phone: string;
}

export interface ChangeLinkedPhoneVerify {
  oid_partner: string;
  user_id: string;
  txn_seqno: string;
  token: string;
  verify_code_new: string;
}

/** §3.8.1 申请 */
export async function applyChangeLinkedPhone(ctx: Context, req: ChangeLinkedPhoneApply) {
  if (!req.linked_acctno && !req.linked_agrtno) throw badField('linked_acctno', '与 linked_agrtno 二选一，不能都为空');
  const app = await transact(ctx, async (tx) => {
    assertTxnSeqnoFree(tx, req.oid_partner, req.txn_seqno);
    await activeUser(ctx, tx, req.oid_partner, req.user_id, 'INNERUSER');
    const cards = boundCards(tx, req.oid_partner, req.user_id);
    const card = cards.find((c) => (req.linked_agrtno ? c.linked_agrtno === req.linked_agrtno : true) && (req.linked_acctno ? c.linked_acctno === req.linked_acctno : true));
    if (!card) throw new AccpError(req.linked_agrtno ? '1030' : '2013', undefined, 'the card is not bound to this user');
    await refuseIf(ctx, 'change-linked-phone', { new_phone_same: card.linked_phone === req.new_linked_phone });
    const sms = await sendCode(ctx, tx, { phone: req.new_linked_phone, purpose: 'CHANGE_LINKED_PHONE', oid_partner: req.oid_partner, user_id: req.user_id });
    const txn = claimTxnSeqno(tx, ctx.clock, { oid_partner: req.oid_partner, txn_seqno: req.txn_seqno, busi_type: 'ChangePhone', user_id: req.user_id });
    const application: ChangeLinkedPhoneApplication = {
      kind: 'CHANGE_LINKED_PHONE',
      token: newToken(),
      oid_partner: req.oid_partner,
      user_id: req.user_id,
      txn_seqno: req.txn_seqno,
      accp_txno: txn.accp_txno,
      notify_url: req.notify_url,
      linked_agrtno: card.linked_agrtno,
      new_phone: req.new_linked_phone,
      sms_id: sms.id,
      status: 'PENDING',
      created_at: ctx.clock.now(),
    };
    tx.put('applications', application.token, application);
    return application;
  });
  return { oid_partner: req.oid_partner, user_id: req.user_id, txn_seqno: req.txn_seqno, accp_txno: app.accp_txno, token: app.token };
}

/** §3.8.2 验证, and the §3.8.3 notification */
export async function verifyChangeLinkedPhone(ctx: Context, req: ChangeLinkedPhoneVerify) {
  const accpTxno = await transact(ctx, async (tx) => {
    const app = await takeApplication(ctx, tx, 'CHANGE_LINKED_PHONE', req);
    await activeUser(ctx, tx, req.oid_partner, req.user_id, 'INNERUSER');
    const refused = await checkCode(ctx, tx, tx.get('sms', app.sms_id), req.verify_code_new);
    if (refused) return refused;
    const card = tx.get('cards', app.linked_agrtno);
    if (!card || card.status !== 'BOUND') throw new AccpError('2013', undefined, 'the card was unbound meanwhile');
    tx.put('cards', card.linked_agrtno, { ...card, linked_phone: app.new_phone });
    const holder = tx.get('cardholders', card.linked_acctno);
    if (holder) tx.put('cardholders', card.linked_acctno, { ...holder, phone: app.new_phone });
    completeApplication(tx, app);
    setTxnStatus(tx, ctx.clock, app.oid_partner, app.txn_seqno!, 'SUCCESS');
    enqueueNotification(ctx, tx, {
      schema: 'acctmgr/change-linkedphone-verify',
      oid_partner: app.oid_partner,
      txn_seqno: app.txn_seqno!,
      url: app.notify_url!,
      schedule: 'acctmgr',
      payload: { oid_partner: app.oid_partner, user_id: app.user_id, txn_seqno: app.txn_seqno, accp_txno: app.accp_txno, result: 'SUCCESS' },
    });
    return app.accp_txno!;
  });
  ctx.notifier.wake();
  return { oid_partner: req.oid_partner, user_id: req.user_id, txn_seqno: req.txn_seqno, accp_txno: accpTxno };
}
