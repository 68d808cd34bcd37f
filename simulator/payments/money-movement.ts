// Where each pay method's money comes from and where a trade's money goes: the postings of
// docs/ledger.md, in one place. Every function here runs inside the caller's transaction.
import type { Context } from '../domain/context.js';
import { AccpError } from '../domain/errors.js';
import type { Account, AcctType, MethodAmount, Party, PayeeShare, Trade } from '../domain/model.js';
import type { Tx, View } from '../domain/state.js';
import { accountOf, clearingAccount, userOwner, type ClearingChannel } from '../ledger/accounts.js';
import { LedgerError, post, type PostingLine } from '../ledger/ledger.js';

/** txn v2.3 §4.2: the methods that take money from a channel outside the simulator. */
export const CARD_METHODS = ['AGRT_DEBIT_CARD', 'AGRT_CREDIT_CARD'] as const;

export function channelOfMethod(method: string): ClearingChannel | 'BALANCE' | 'COUPON' {
  if (method === 'BALANCE') return 'BALANCE';
  if (method === 'COUPON') return 'COUPON';
  if (method.startsWith('AGRT_')) return 'BANK';
  if (method.startsWith('WECHAT_')) return 'WECHAT';
  if (method.startsWith('ALIPAY_')) return 'ALIPAY';
  if (method.startsWith('EBANK_')) return 'EBANK';
  return 'BANK';
}

/**
 * txn v2.3 §3.2.4 支持以下主支付方式: the main methods payment-gw takes. Not the other channel
 * methods of §4.2: WECHAT_PAPAY/ALIPAY_PAPAY are §3.2.5 委托代扣, the *_MICROPAY 付款码 methods
 * were removed in revision 2.1.
 */
export const GATEWAY_METHODS: readonly string[] = [
  'EBANK_DEBIT_CARD', 'EBANK_CREDIT_CARD', 'EBANK_B2B',
  'WECHAT_APP', 'WECHAT_JSAPI', 'WECHAT_NATIVE', 'WECHAT_H5', 'WECHAT_WXA',
  'ALIPAY_NATIVE', 'ALIPAY_APP', 'ALIPAY_H5', 'ALIPAY_WEB', 'ALIPAY_WXA',
  'ALIPAY_NATIVE_ICBC', 'WECHAT_NATIVE_ICBC',
];

export function isGatewayMethod(method: string): boolean {
  return GATEWAY_METHODS.includes(method);
}

/** A merchant account type as integrators send it (MCHOWN or MCHOWN_AVAILABLE) → its base (MCHOWN). */
export function baseAcctType(t: string | undefined): string | undefined {
  return t?.replace(/_(AVAILABLE|PSETTLE)$/, '');
}

/** The key a party has in per-payee maps. */
export function partyKey(p: Party): string {
  return p.type === 'USER' ? `USER:${p.id}` : `MERCHANT:${p.id}:${baseAcctType(p.accttype) ?? 'MCHOWN'}`;
}

/** A party's account of the given part (AVAILABLE or PSETTLE); throws when there is none. */
export function partyAccount(view: View, oidPartner: string, party: Party, part: 'AVAILABLE' | 'PSETTLE'): Readonly<Account> {
  const account =
    party.type === 'USER'
      ? accountOf(view, 'USER', userOwner(oidPartner, party.id), `USEROWN_${part}` as AcctType)
      : accountOf(view, 'MERCHANT', oidPartner, `${baseAcctType(party.accttype) ?? 'MCHOWN'}_${part}` as AcctType);
  if (!account) throw new AccpError('2004', undefined, `no ${part} account for ${partyKey(party)}`);
  return account;
}

/** The account a pay method draws on. */
export function sourceAccount(ctx: Context, tx: Tx, oidPartner: string, payer: Party, method: string): Readonly<Account> {
  const channel = channelOfMethod(method);
  if (channel === 'BALANCE') return partyAccount(tx, oidPartner, payer, 'AVAILABLE');
  if (channel === 'COUPON') return partyAccount(tx, oidPartner, { type: 'MERCHANT', id: oidPartner, accttype: 'MCHCOUPON' }, 'AVAILABLE');
  return clearingAccount(tx, ctx.clock, channel);
}

/**
 * Where a paid trade's money lands: a top-up on the payer's (or the named merchant) account,
 * available at once; a general consumption on each payee's pending-settlement account (available
 * at the next accounting day, ledger/settlement.ts); a secured consumption frozen in the
 * merchant's MCHASSURE account until it is confirmed.
 */
export function destinationLines(tx: Tx, trade: Readonly<Trade>): PostingLine[] {
  switch (trade.txn_type) {
    case 'USER_TOPUP':
      return [{ oid_acctno: partyAccount(tx, trade.oid_partner, { type: 'USER', id: trade.user_id! }, 'AVAILABLE').oid_acctno, amount: trade.total }];
    case 'MCH_TOPUP':
      return [{ oid_acctno: partyAccount(tx, trade.oid_partner, trade.payees[0]!, 'AVAILABLE').oid_acctno, amount: trade.total }];
    case 'GENERAL_CONSUME':
      return trade.payees.map((p: PayeeShare) => ({ oid_acctno: partyAccount(tx, trade.oid_partner, p, 'PSETTLE').oid_acctno, amount: p.amount }));
    case 'SECURED_CONSUME':
      return [{ oid_acctno: partyAccount(tx, trade.oid_partner, { type: 'MERCHANT', id: trade.oid_partner, accttype: 'MCHASSURE' }, 'AVAILABLE').oid_acctno, amount: trade.total, frozen: true }];
    default:
      throw new Error(`no destination for ${trade.txn_type}`);
  }
}

/** The lines that take each method's money from its source (frozen parts from their frozen money). */
export function sourceLines(ctx: Context, tx: Tx, trade: Readonly<Trade>, payer: Party, methods: readonly MethodAmount[], frozen: readonly { oid_acctno: string; amount: number }[] = []): PostingLine[] {
  return methods.map((m) => {
    const account = sourceAccount(ctx, tx, trade.oid_partner, payer, m.method);
    const wasFrozen = frozen.some((f) => f.oid_acctno === account.oid_acctno);
    return { oid_acctno: account.oid_acctno, amount: -m.amount, ...(wasFrozen ? { frozen: true } : {}) };
  });
}

/**
 * Posts lines, turning a ledger refusal into the ACCP answer: too little money in a user's
 * account 3005, in a merchant's 3006.
 */
export function postOrRefuse(ctx: Context, tx: Tx, input: Parameters<typeof post>[2]): string {
  try {
    return post(tx, ctx.clock, input);
  } catch (err) {
    if (err instanceof LedgerError) {
      const account = tx.get('accounts', err.oid_acctno);
      if (err.failure === 'INSUFFICIENT_AVAILABLE' || err.failure === 'INSUFFICIENT_FROZEN') {
        throw new AccpError(account?.owner_kind === 'MERCHANT' ? '3006' : '3005', undefined, `ledger: ${err.failure} on ${account?.acct_type ?? err.oid_acctno}`);
      }
      if (err.failure === 'ACCOUNT_NOT_NORMAL') throw new AccpError('2002', undefined, `ledger: account ${account?.acct_type} is ${account?.acct_state}`);
      throw new AccpError('2004', undefined, `ledger: ${err.failure}`);
    }
    throw err;
  }
}

/** Freezes `amount` in an account (available → frozen), refusing with 3005/3006 when it is not there. */
export function freeze(ctx: Context, tx: Tx, oidAcctno: string, amount: number, ref: { accp_txno: string; txn_seqno: string; txn_type: string }): void {
  if (amount === 0) return;
  postOrRefuse(ctx, tx, { ...ref, memo: '冻结', lines: [{ oid_acctno: oidAcctno, amount: -amount }, { oid_acctno: oidAcctno, amount, frozen: true }] });
}

/** Gives frozen money back to the available part. */
export function release(ctx: Context, tx: Tx, oidAcctno: string, amount: number, ref: { accp_txno: string; txn_seqno: string; txn_type: string }): void {
  if (amount === 0) return;
  postOrRefuse(ctx, tx, { ...ref, memo: '解冻', lines: [{ oid_acctno: oidAcctno, amount: -amount, frozen: true }, { oid_acctno: oidAcctno, amount }] });
}
