// acctmgr v1.4 §3.21 validate-password: is this the user's payment password? 0000 when it is;
// 1015 (counted) when not; 1014 once five wrong ones in a row have locked it.
import type { Context } from '../domain/context.js';
import { transact } from '../domain/context.js';
import { activeUser } from '../domain/users.js';
import { checkPaymentPassword, proveRequestPassword } from './payment-password.js';
import type { PasswordFields } from '../domain/applications.js';

export interface ValidatePassword extends PasswordFields {
  oid_partner: string;
  user_id: string;
}

export async function validatePassword(ctx: Context, req: ValidatePassword) {
  const proof = await proveRequestPassword(ctx, req);
  await transact(ctx, async (tx) => {
    const user = await activeUser(ctx, tx, req.oid_partner, req.user_id);
    return (await checkPaymentPassword(ctx, tx, user, proof)) ?? undefined;
  });
  return { oid_partner: req.oid_partner, user_id: req.user_id };
}
