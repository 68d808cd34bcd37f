// acctmgr v1.4 §3.11 change-password (重置密码): the old payment password, then the new one
// (rules/payment-password.json). One random_key salts both fields of the request when it is sent
// (the password control encrypts both with it); without it both carry the bare password.
// (merchant-requirements.txt 一.1 支付密码修改)
import type { Context } from '../domain/context.js';
import { transact } from '../domain/context.js';
import { AccpError } from '../domain/errors.js';
import { activeUser } from '../domain/users.js';
import type { PasswordFields } from '../domain/applications.js';
import { checkNewPassword, checkPaymentPassword, decryptRequestPassword, hashLater, proveRequestPassword, setPassword } from './payment-password.js';

export interface ChangePassword extends PasswordFields {
  oid_partner: string;
  user_id: string;
  risk_item?: string;
  password_new: string;
}

/** §3.11 重置密码 */
export async function changePassword(ctx: Context, req: ChangePassword) {
  const proof = await proveRequestPassword(ctx, req);
  const fresh = decryptRequestPassword(ctx, { ...req, password: req.password_new }, 'password_new');
  if (req.random_key && fresh.password === fresh.plaintext) throw new AccpError('1013', undefined, 'password_new is not salted with the random_key');
  const hash = hashLater(fresh.password);
  await transact(ctx, async (tx) => {
    const user = await activeUser(ctx, tx, req.oid_partner, req.user_id);
    const refused = await checkPaymentPassword(ctx, tx, user, proof);
    if (refused) return refused;
    await checkNewPassword(ctx, fresh.password);
    setPassword(tx, user, await hash);
    return undefined;
  });
  return { oid_partner: req.oid_partner, user_id: req.user_id };
}
