// acctmgr v1.4 §3.12 找回密码: find-password-apply (3.12.1) sends a code to the reserved phone of a
// card the user has bound (a person names the card: "用户输入已经绑定的银行卡系统直接下发验证码到预留
// 手机号", merchant-requirements.txt 一.1 支付密码找回) or, for an enterprise, to its bound phone,
// and answers which phone, masked; find-password-verify (3.12.2) takes the code and sets the new
// password, which also lifts a lock of five wrong passwords.
import type { Context } from '../domain/context.js';
import { Refused, transact } from '../domain/context.js';
import { AccpError, badField } from '../domain/errors.js';
import { completeApplication, startApplication, takeVerified, type PasswordFields } from '../domain/applications.js';
import { activeUser } from '../domain/users.js';
import { mask } from '../log.js';
import { boundCards } from '../cards/binding.js';
import { checkNewPassword, consumeRandomKey, decryptRequestPassword, hashLater, setPassword } from './payment-password.js';

export interface FindPasswordApply {
  oid_partner: string;
  user_id: string;
  linked_acctno?: string;
  risk_item?: string;
}

export interface FindPasswordVerify extends PasswordFields {
  oid_partner: string;
  user_id: string;
  token: string;
  verify_code: string;
}

/** §3.12.1 申请 */
export async function applyFindPassword(ctx: Context, req: FindPasswordApply) {
  const found = await transact(ctx, async (tx) => {
    const user = await activeUser(ctx, tx, req.oid_partner, req.user_id);
    let phone = user.reg_phone;
    if (user.user_type === 'INNERUSER') {
      if (!req.linked_acctno) throw badField('linked_acctno', '不能为空（个人用户必填）');
      const card = boundCards(tx, req.oid_partner, req.user_id).find((c) => c.linked_acctno === req.linked_acctno);
      if (!card?.linked_phone) throw new AccpError('2013', undefined, 'the card is not bound to this user');
      phone = card.linked_phone;
    }
    const app = await startApplication(ctx, tx, 'FIND_PASSWORD', req, phone, {});
    return { token: app.token, phone };
  });
  return { oid_partner: req.oid_partner, user_id: req.user_id, token: found.token, reg_phone: mask.phone(found.phone) };
}

/** §3.12.2 验证 */
export async function verifyFindPassword(ctx: Context, req: FindPasswordVerify) {
  const pw = decryptRequestPassword(ctx, req);
  const hash = hashLater(pw.password);
  await transact(ctx, async (tx) => {
    const verified = await takeVerified(ctx, tx, 'FIND_PASSWORD', req, req.verify_code);
    if (verified instanceof Refused) return verified;
    const { app, user } = verified;
    await consumeRandomKey(ctx, tx, user, pw);
    await checkNewPassword(ctx, pw.password);
    setPassword(tx, user, await hash);
    completeApplication(tx, app);
    return undefined;
  });
  return { oid_partner: req.oid_partner, user_id: req.user_id };
}
