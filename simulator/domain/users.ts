// Finding a merchant's user for an operation: 2003 when there is none, 2014 when it is of the
// other type, and rules/users.json (user-status) when its state does not allow it.
import type { User, UserType } from './model.js';
import { refuseIf, type Context } from './context.js';
import { AccpError } from './errors.js';
import { keys, type View } from './state.js';

export function findUser(view: View, oidPartner: string, userId: string): Readonly<User> | undefined {
  return view.get('users', keys.user(oidPartner, userId));
}

export function userOfType(view: View, oidPartner: string, userId: string, type?: UserType): Readonly<User> {
  const user = findUser(view, oidPartner, userId);
  if (!user) throw new AccpError('2003', undefined, 'no such user for this merchant');
  if (type && user.user_type !== type) throw new AccpError('2014', undefined, `user is ${user.user_type}, the operation is for ${type}`);
  return user;
}

/** A user that exists, is of the type the endpoint serves, and is NORMAL. */
export async function activeUser(ctx: Context, view: View, oidPartner: string, userId: string, type?: UserType): Promise<Readonly<User>> {
  const user = userOfType(view, oidPartner, userId, type);
  await refuseIf(ctx, 'user-status', { user_status: user.user_status });
  return user;
}
