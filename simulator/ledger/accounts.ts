// The accounts of acctmgr v1.4 §4.2: two per user, ten per merchant, and one clearing account
// per way money enters or leaves the simulator (banks, channels, offline transfers).
import type { Account, AcctType, OwnerKind } from '../domain/model.js';
import type { Tx, View } from '../domain/state.js';
import { ids } from '../domain/ids.js';
import type { Clock } from '../world/clock.js';

export const USER_ACCT_TYPES: readonly AcctType[] = ['USEROWN_AVAILABLE', 'USEROWN_PSETTLE'];

export const MERCHANT_ACCT_TYPES: readonly AcctType[] = [
  'MCHOWN_AVAILABLE',
  'MCHOWN_PSETTLE',
  'MCHASSURE_AVAILABLE',
  'MCHASSURE_PSETTLE',
  'MCHCOUPON_AVAILABLE',
  'MCHCOUPON_PSETTLE',
  'MCHFEE_AVAILABLE',
  'MCHFEE_PSETTLE',
];

/** The outside world's side of every movement across the simulator's edge. */
export type ClearingChannel = 'BANK' | 'WECHAT' | 'ALIPAY' | 'EBANK' | 'OFFLINE';

function ownerKey(kind: OwnerKind, owner: string): string {
  return `${kind}:${owner}`;
}

function openAccount(tx: Tx, clock: Clock, kind: OwnerKind, owner: string, acctType: AcctType): Account {
  const account: Account = {
    oid_acctno: ids.oidAcctno(tx),
    owner_kind: kind,
    owner,
    acct_type: acctType,
    acct_state: 'NORMAL',
    balance: 0,
    frozen: 0,
    day: clock.day(),
    day_open_balance: 0,
    day_open_frozen: 0,
    created_at: clock.now(),
  };
  tx.put('accounts', account.oid_acctno, account);
  return account;
}

export function userOwner(oidPartner: string, userId: string): string {
  return `${oidPartner}/${userId}`;
}

export function openUserAccounts(tx: Tx, clock: Clock, oidPartner: string, userId: string): Account[] {
  return USER_ACCT_TYPES.map((t) => openAccount(tx, clock, 'USER', userOwner(oidPartner, userId), t));
}

export function openMerchantAccounts(tx: Tx, clock: Clock, oidPartner: string): Account[] {
  const existing = accountsOf(tx, 'MERCHANT', oidPartner);
  return MERCHANT_ACCT_TYPES.map((t) => existing.find((a) => a.acct_type === t) ?? openAccount(tx, clock, 'MERCHANT', oidPartner, t));
}

export function accountsOf(view: View, kind: OwnerKind, owner: string): Readonly<Account>[] {
  return view.find('accounts', 'byOwner', ownerKey(kind, owner));
}

export function accountOf(view: View, kind: OwnerKind, owner: string, acctType: AcctType): Readonly<Account> | undefined {
  return accountsOf(view, kind, owner).find((a) => a.acct_type === acctType);
}

/** The clearing account of a channel, opened on first use. */
export function clearingAccount(tx: Tx, clock: Clock, channel: ClearingChannel): Readonly<Account> {
  return accountOf(tx, 'CLEARING', channel, 'CLEARING') ?? openAccount(tx, clock, 'CLEARING', channel, 'CLEARING');
}

/** Figures as of the end of the previous accounting day (amt_last*). */
export function lastDayFigures(account: Readonly<Account>, today: string): { balance: number; frozen: number } {
  if (account.day === today) return { balance: account.day_open_balance, frozen: account.day_open_frozen };
  return { balance: account.balance, frozen: account.frozen };
}
