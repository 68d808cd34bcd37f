// acctmgr v1.4 §3.15 query-userinfo: a merchant's user, as ACCP knows it.
import type { Context } from '../domain/context.js';
import { AccpError } from '../domain/errors.js';
import { keys } from '../domain/state.js';

export interface QueryUserInfo {
  oid_partner: string;
  user_id: string;
}

export async function queryUserInfo(ctx: Context, req: QueryUserInfo) {
  const user = await ctx.state.read((v) => v.get('users', keys.user(req.oid_partner, req.user_id)));
  if (!user) throw new AccpError('2003', undefined, 'no such user for this merchant');
  return {
    oid_partner: req.oid_partner,
    user_id: req.user_id,
    oid_userno: user.oid_userno,
    user_status: user.user_status,
    ...(user.remark ? { remark: user.remark } : {}),
    ...(user.bank_account ? { bank_account: user.bank_account } : {}),
  };
}
