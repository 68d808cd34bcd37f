// acctmgr v1.4 §3.16 query-acctinfo: a user's accounts, or the merchant's own when no user_id
// is sent, with balances in yuan (资金余额, 可用余额, 冻结金额 and yesterday's figures).
import type { Context } from '../domain/context.js';
import type { Account } from '../domain/model.js';
import { AccpError, badField } from '../domain/errors.js';
import { keys } from '../domain/state.js';
import { accountsOf, lastDayFigures, userOwner } from '../ledger/accounts.js';
import { fenToYuan } from '../protocol/money.js';

export interface QueryAcctInfo {
  oid_partner: string;
  user_id?: string;
  user_type: 'INNERMERCHANT' | 'INNERUSER' | 'INNERCOMPANY';
}

export async function queryAcctInfo(ctx: Context, req: QueryAcctInfo) {
  const today = ctx.clock.day();
  const found = await ctx.state.read((v) => {
    if (req.user_id === undefined) {
      if (req.user_type !== 'INNERMERCHANT') return { missingUserId: true as const };
      return { accounts: accountsOf(v, 'MERCHANT', req.oid_partner) };
    }
    const user = v.get('users', keys.user(req.oid_partner, req.user_id));
    if (!user) return { noUser: true as const };
    if (req.user_type !== user.user_type) return { wrongType: true as const };
    return { user, accounts: accountsOf(v, 'USER', userOwner(req.oid_partner, req.user_id)) };
  });
  if ('missingUserId' in found) throw badField('user_id', '不能为空（user_type 不是 INNERMERCHANT）');
  if ('noUser' in found) throw new AccpError('2003', undefined, 'no such user for this merchant');
  if ('wrongType' in found) throw new AccpError('2014', undefined, `user is not ${req.user_type}`);
  return {
    oid_partner: req.oid_partner,
    ...(req.user_id !== undefined ? { user_id: req.user_id } : {}),
    ...('user' in found && found.user ? { oid_userno: found.user.oid_userno } : {}),
    acctinfo_list: found.accounts.map((a) => acctInfo(a, today)),
  };
}

function acctInfo(a: Readonly<Account>, today: string) {
  const last = lastDayFigures(a, today);
  return {
    oid_acctno: a.oid_acctno,
    acct_state: a.acct_state,
    acct_type: a.acct_type,
    amt_balcur: fenToYuan(a.balance),
    amt_balaval: fenToYuan(a.balance - a.frozen),
    amt_balfrz: fenToYuan(a.frozen),
    amt_lastbal: fenToYuan(last.balance),
    amt_lastaval: fenToYuan(last.balance - last.frozen),
    amt_lastfrz: fenToYuan(last.frozen),
  };
}
