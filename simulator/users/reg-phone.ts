// acctmgr v1.4 §3.9 修改绑定手机: change-regphone-apply (3.9.1) takes the payment password and the
// old bound phone (2011 when it is not the user's, 2012 when the new one is the same) and texts a
// code to the new phone; change-regphone-verify (3.9.2) takes it, the user's bound phone changes,
// and the notification of 3.9.3 says SUCCESS. (merchant-requirements.txt 一.1 用户绑定手机号码修改)
import type { Context } from '../domain/context.js';
import { Refused, refuseIf, transact } from '../domain/context.js';
import { answerOf, appliedAnswer, finishApplication, operationOf, startApplication, takeVerified, type OperationRequest, type PasswordFields, type VerifyRequest } from '../domain/applications.js';
import { keys } from '../domain/state.js';
import { authorise, proveRequestPassword } from '../passwords/payment-password.js';

export interface ChangeRegPhoneApply extends OperationRequest, PasswordFields {
  reg_phone: string;
  reg_phone_new: string;
}

export interface ChangeRegPhoneVerify extends VerifyRequest {
  verify_code_new: string;
}

/** §3.9.1 申请 */
export async function applyChangeRegPhone(ctx: Context, req: ChangeRegPhoneApply) {
  const proof = await proveRequestPassword(ctx, req);
  const app = await transact(ctx, async (tx) => {
    const user = await authorise(ctx, tx, req, undefined, proof);
    if (user instanceof Refused) return user;
    await refuseIf(ctx, 'change-reg-phone', { old_phone_matches: user.reg_phone === req.reg_phone, new_phone_same: req.reg_phone_new === user.reg_phone });
    return startApplication(ctx, tx, 'CHANGE_REG_PHONE', req, req.reg_phone_new, { new_phone: req.reg_phone_new });
  });
  return appliedAnswer(app);
}

/** §3.9.2 验证, and the §3.9.3 notification */
export async function verifyChangeRegPhone(ctx: Context, req: ChangeRegPhoneVerify) {
  const done = await transact(ctx, async (tx) => {
    const verified = await takeVerified(ctx, tx, 'CHANGE_REG_PHONE', req, req.verify_code_new);
    if (verified instanceof Refused) return verified;
    const { app, user } = verified;
    tx.put('users', keys.user(user.oid_partner, user.user_id), { ...user, reg_phone: app.new_phone });
    finishApplication(ctx, tx, app, 'acctmgr/change-regphone-verify', { result: 'SUCCESS' });
    return answerOf(operationOf(app));
  });
  ctx.notifier.wake();
  return done;
}
