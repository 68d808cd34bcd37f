// acctmgr v1.4 §3.12 找回密码: find-password-apply (3.12.1) sends a code to the reserved phone of a
// card the user has bound (a person names the card: "用户输入已经绑定的银行卡系统直接下发验证码到预留
// 手机号", merchant-requirements.txt 一.1 支付密码找回) or, for an enterprise, to its bound phone,
// and answers which phone, masked; find-password-verify (3.12.2) takes the code and sets the new
// password, which also lifts a lock of five wrong passwords.
import type { Context } from '../domain/context.js';
import { transact } from '../domain/context.js';
import type { FindPasswordApplication } from '../domain/model.js';
import { AccpError, badField } from '../domain/errors.js';
import { completeApplication, newToken, takeApplication } from '../domain/applications.js';
import { activeUser } from '../domain/users.js';
import { mask } from '../log.js';
import { boundCards } from '../cards/binding.js';
import { checkCode, sendCode } from '../world/sms.js';
import { checkNewPassword, consumeRandomKey, decryptPassword, hashLater, setPassword } from './payment-password.js';

export interface FindPasswordApply {
  oid_partner: string;
  user_id: string;
  linked_acctno?: string;
  risk_item?: string;
}

export interface FindPasswordVerify {
  oid_partner: string;
  user_id: string;
  token: string;
  verify_code: string;
  password: string;
  random_key?: string;
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
    const sms = await sendCode(ctx, tx, { phone, purpose: 'FIND_PASSWORD', oid_partner: req.oid_partner, user_id: req.user_id });
    const application: FindPasswordApplication = {
      kind: 'FIND_PASSWORD',
      token: newToken(),
      oid_partner: req.oid_partner,
      user_id: req.user_id,
      sms_id: sms.id,
      status: 'PENDING',
      created_at: ctx.clock.now(),
    };
    tx.put('applications', application.token, application);
    return { token: application.token, phone };
  });
  return { oid_partner: req.oid_partner, user_id: req.user_id, token: found.token, reg_phone: mask.phone(found.phone) };
}

/** §3.12.2 验证 */
export async function verifyFindPassword(ctx: Context, req: FindPasswordVerify) {
  const pw = decryptPassword(ctx, { oid_partner: req.oid_partner, user_id: req.user_id, field: 'password', ciphertext: req.password, ...(req.random_key ? { random_key: req.random_key } : {}) });
  const hash = hashLater(pw.password);
  await transact(ctx, async (tx) => {
    const app = await takeApplication(ctx, tx, 'FIND_PASSWORD', req);
    const user = await activeUser(ctx, tx, req.oid_partner, req.user_id);
    const refused = await checkCode(ctx, tx, tx.get('sms', app.sms_id), req.verify_code);
    if (refused) return refused;
    await consumeRandomKey(ctx, tx, user, pw);
    await checkNewPassword(ctx, pw.password);
    setPassword(tx, user, await hash);
    completeApplication(tx, app);
    return undefined;
  });
  return { oid_partner: req.oid_partner, user_id: req.user_id };
}
