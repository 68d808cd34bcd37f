// txn v2.3 §3.8 线下加款: money a user or the merchant transfers from a bank counter or online
// banking to its ACCP account. In the sandbox, POST /sandbox/offline-topup stands for the bank
// transfer arriving: the account is credited (clearing OFFLINE → the account, available at once)
// and the notice of §3.8.1 goes to the merchant's registered recharge_url, when it has one.
import { randomBytes } from 'node:crypto';
import type { Context } from '../domain/context.js';
import type { AcctType } from '../domain/model.js';
import { InputError } from '../domain/errors.js';
import { ids } from '../domain/ids.js';
import { keys } from '../domain/state.js';
import { findUser } from '../domain/users.js';
import { accountOf, clearingAccount, userOwner } from '../ledger/accounts.js';
import { post } from '../ledger/ledger.js';
import { enqueueNotification } from '../notifications/outbox.js';
import { fenToYuan, amountProblem, yuanToFen } from '../protocol/money.js';

export interface OfflineTopUp {
  oid_partner?: unknown;
  /** absent: the merchant's own account */
  user_id?: unknown;
  /** the merchant's account type (default MCHOWN_AVAILABLE); users always get USEROWN_AVAILABLE */
  acct_type?: unknown;
  amount?: unknown;
  payer_acctno?: unknown;
  payer_acctname?: unknown;
  postscript?: unknown;
}

const MERCHANT_TYPES = ['MCHOWN_AVAILABLE', 'MCHASSURE_AVAILABLE', 'MCHCOUPON_AVAILABLE', 'MCHFEE_AVAILABLE'];

export async function offlineTopUp(ctx: Context, input: OfflineTopUp) {
  if (typeof input.oid_partner !== 'string') throw new InputError('oid_partner is required');
  const problem = amountProblem(input.amount, 'positive');
  if (problem) throw new InputError(`amount ${problem}: a positive amount in yuan, at most two decimals and 999999.99`);
  const fen = yuanToFen(input.amount);
  const oid = input.oid_partner;
  const userId = typeof input.user_id === 'string' ? input.user_id : undefined;
  const acctType = (userId ? 'USEROWN_AVAILABLE' : (input.acct_type ?? 'MCHOWN_AVAILABLE')) as AcctType;
  if (!userId && !MERCHANT_TYPES.includes(acctType)) throw new InputError(`acct_type must be one of ${MERCHANT_TYPES.join(', ')}`);
  const done = await ctx.state.transaction((tx) => {
    const merchant = tx.get('merchants', oid);
    if (!merchant) throw new InputError(`no merchant ${oid}`, 404);
    let payeeName = merchant.name;
    if (userId) {
      const user = findUser(tx, oid, userId);
      if (!user) throw new InputError(`no user ${userId} of merchant ${oid}`, 404);
      if (user.user_status !== 'NORMAL') throw new InputError(`user ${userId} is ${user.user_status}`, 409);
      payeeName = user.user_name;
    }
    const account = userId ? accountOf(tx, 'USER', userOwner(oid, userId), acctType) : accountOf(tx, 'MERCHANT', oid, acctType);
    if (!account) throw new InputError(`no ${acctType} account`, 404);
    const accpTxno = ids.accpTxno(tx, ctx.clock);
    const chnlTxno = `PAY${ctx.clock.stamp()}${randomBytes(4).toString('hex').toUpperCase()}`;
    const postscript = typeof input.postscript === 'string' ? input.postscript : '线下加款';
    post(tx, ctx.clock, {
      accp_txno: accpTxno,
      // a bank transfer in carries no merchant txn_seqno (§3.17.2 shows none); the channel's number goes in the memo
      txn_seqno: '',
      txn_type: userId ? 'USER_TOPUP' : 'MCH_TOPUP',
      memo: `${postscript} ${chnlTxno}`,
      lines: [
        { oid_acctno: clearingAccount(tx, ctx.clock, 'OFFLINE').oid_acctno, amount: -fen },
        { oid_acctno: account.oid_acctno, amount: fen },
      ],
    });
    if (merchant.recharge_url) {
      enqueueNotification(ctx, tx, {
        schema: 'txn/offline-topup-notice',
        oid_partner: oid,
        txn_seqno: accpTxno,
        url: merchant.recharge_url,
        schedule: 'txn',
        payload: {
          oid_partner: oid,
          accp_txno: accpTxno,
          chnl_txno: chnlTxno,
          chnl_time: ctx.clock.stamp(),
          amount: Number(fenToYuan(fen)),
          payer_acctno: typeof input.payer_acctno === 'string' ? input.payer_acctno : '6228480000000000000',
          payer_acctname: typeof input.payer_acctname === 'string' ? input.payer_acctname : payeeName,
          payee_id: userId ?? oid,
          payee_accttype: acctType.replace(/_AVAILABLE$/, ''),
          payee_acctno: account.oid_acctno,
          payee_acctname: payeeName,
          postscript,
        },
      });
    }
    return { accp_txno: accpTxno, oid_acctno: account.oid_acctno, notified: merchant.recharge_url !== undefined };
  });
  ctx.notifier.wake();
  return { ...done, amount: fenToYuan(fen) };
}

