// acctmgr v1.4 §3.8 个人用户修改预留手机号: change-linkedphone-apply (3.8.1) names the card (by
// number or agreement number) and the new reserved phone, which gets a code;
// change-linkedphone-verify (3.8.2) takes it, the card and the bank's record take the new phone,
// and the notification of 3.8.3 says SUCCESS.
import type { Context } from '../domain/context.js';
import { Refused, refuseIf, transact } from '../domain/context.js';
import { AccpError, badField } from '../domain/errors.js';
import { answerOf, appliedAnswer, finishApplication, operationOf, startApplication, takeVerified, type OperationRequest, type VerifyRequest } from '../domain/applications.js';
import { assertTxnSeqnoFree } from '../domain/txns.js';
import { activeUser } from '../domain/users.js';
import { boundCards } from './binding.js';

export interface ChangeLinkedPhoneApply extends OperationRequest {
  linked_acctno?: string;
  linked_agrtno?: string;
  new_linked_phone: string;
}

export interface ChangeLinkedPhoneVerify extends VerifyRequest {
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
    return startApplication(ctx, tx, 'CHANGE_LINKED_PHONE', req, req.new_linked_phone, { linked_agrtno: card.linked_agrtno, new_phone: req.new_linked_phone });
  });
  return appliedAnswer(app);
}

/** §3.8.2 验证, and the §3.8.3 notification */
export async function verifyChangeLinkedPhone(ctx: Context, req: ChangeLinkedPhoneVerify) {
  const done = await transact(ctx, async (tx) => {
    const verified = await takeVerified(ctx, tx, 'CHANGE_LINKED_PHONE', req, req.verify_code_new, 'INNERUSER');
    if (verified instanceof Refused) return verified;
    const { app } = verified;
    const card = tx.get('cards', app.linked_agrtno);
    if (!card || card.status !== 'BOUND') throw new AccpError('2013', undefined, 'the card was unbound meanwhile');
    tx.put('cards', card.linked_agrtno, { ...card, linked_phone: app.new_phone });
    const holder = tx.get('cardholders', card.linked_acctno);
    if (holder) tx.put('cardholders', card.linked_acctno, { ...holder, phone: app.new_phone });
    finishApplication(ctx, tx, app, 'acctmgr/change-linkedphone-verify', { result: 'SUCCESS' });
    return answerOf(operationOf(app));
  });
  ctx.notifier.wake();
  return done;
}
