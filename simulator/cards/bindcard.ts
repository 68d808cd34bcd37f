// acctmgr v1.4 §3.5 个人用户新增绑卡: individual-bindcard-apply (3.5.1) checks the payment password
// and the card with the bank (four elements: the user's name and ID number, the card, its
// reserved phone) and texts a code to that phone; individual-bindcard-verify (3.5.2) binds the
// card, with a linked_agrtno of its own, and the notification of 3.5.3 says so.
// Credit cards may be bound for payment; withdrawals take debit cards only (merchant-requirements 一.1).
import type { Context } from '../domain/context.js';
import { Refused, refuseIf, transact } from '../domain/context.js';
import { answerOf, appliedAnswer, finishApplication, operationOf, startApplication, takeVerified, type OperationRequest, type PasswordFields, type VerifyRequest } from '../domain/applications.js';
import { authorise, proveRequestPassword } from '../passwords/payment-password.js';
import { bankAcceptsCard, bindCard, boundCards } from './binding.js';

export interface BindCardApply extends OperationRequest, PasswordFields {
  linked_acctno: string;
  linked_phone: string;
}

export interface BindCardVerify extends VerifyRequest {
  verify_code: string;
}

/** §3.5.1 绑卡申请 */
export async function applyBindCard(ctx: Context, req: BindCardApply) {
  const proof = await proveRequestPassword(ctx, req);
  const app = await transact(ctx, async (tx) => {
    const user = await authorise(ctx, tx, req, 'INNERUSER', proof);
    if (user instanceof Refused) return user;
    await refuseIf(ctx, 'bind-card', { card_already_bound: boundCards(tx, req.oid_partner, req.user_id).some((c) => c.linked_acctno === req.linked_acctno) });
    const card = bankAcceptsCard(ctx, tx, { name: user.user_name, id_no: user.id_no, card_no: req.linked_acctno, phone: req.linked_phone });
    return startApplication(ctx, tx, 'BIND_CARD', req, req.linked_phone, { linked_acctno: req.linked_acctno, linked_phone: req.linked_phone, ...card });
  });
  return appliedAnswer(app);
}

/** §3.5.2 绑卡验证, and the §3.5.3 notification */
export async function verifyBindCard(ctx: Context, req: BindCardVerify) {
  const done = await transact(ctx, async (tx) => {
    const verified = await takeVerified(ctx, tx, 'BIND_CARD', req, req.verify_code, 'INNERUSER');
    if (verified instanceof Refused) return verified;
    const { app, user } = verified;
    // bound meanwhile by another application of the same user
    await refuseIf(ctx, 'bind-card', { card_already_bound: boundCards(tx, req.oid_partner, req.user_id).some((c) => c.linked_acctno === app.linked_acctno) });
    const card = bindCard(ctx, tx, {
      oid_partner: app.oid_partner,
      user_id: app.user_id,
      linked_acctno: app.linked_acctno,
      linked_phone: app.linked_phone,
      bank_code: app.bank_code,
      card_type: app.card_type,
      holder: { name: user.user_name, id_no: user.id_no },
    });
    finishApplication(ctx, tx, app, 'acctmgr/individual-bindcard-verify', { action: 'LINKEDACCT_IND', result: 'SUCCESS', linked_agrtno: card.linked_agrtno });
    return { ...answerOf(operationOf(app)), linked_agrtno: card.linked_agrtno };
  });
  ctx.notifier.wake();
  return done;
}
