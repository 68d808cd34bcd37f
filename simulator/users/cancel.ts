// acctmgr v1.4 §3.10 销户: cancel-apply closes a user that proves who it is (name, identity number,
// bound phone, payment password) and has no money left and nothing in flight
// (rules/account-closing.json). The user and its accounts become CANCEL, its cards are unbound,
// and the notification of 3.10.2 says SUCCESS.
import type { Context } from '../domain/context.js';
import { refuseIf, transact } from '../domain/context.js';
import type { Party } from '../domain/model.js';
import { keys, type View } from '../domain/state.js';
import { assertTxnSeqnoFree } from '../domain/txns.js';
import { answerOf, claimOperation, operationSucceeded, type OperationRequest, type PasswordFields } from '../domain/applications.js';
import { userOfType } from '../domain/users.js';
import { accountsOf, userOwner } from '../ledger/accounts.js';
import { checkPaymentPassword, proveRequestPassword } from '../passwords/payment-password.js';
import { boundCards, unbindCard } from '../cards/binding.js';
import { unconfirmed } from '../secured/confirm.js';

export interface CancelApply extends OperationRequest, PasswordFields {
  user_name: string;
  id_type: 'ID_CARD' | 'UNIFIED_SOCIAL_CREDIT_CODE';
  id_no: string;
  reg_phone: string;
}

/**
 * Money of the user that is not final yet: a withdrawal or transfer not answered; a payment or an
 * internal transfer waiting for its SMS code or its channel page (8888) that the user pays or is
 * named a payee of (a card payment freezes nothing until the code comes, so no balance shows it);
 * a refund to or from the user in flight; a secured order the user paid or is named in that is not
 * fully confirmed or refunded. (Frozen money is counted by the balance facts too.)
 */
export function moneyInFlight(view: View, oidPartner: string, userId: string): boolean {
  const isUser = (p: Readonly<Party> | undefined) => p?.type === 'USER' && p.id === userId;
  for (const status of ['WAIT_SMS', 'WAIT_CHECK', 'PROCESSING'] as const) {
    if (view.find('withdrawals', 'byStatus', status).some((w) => w.oid_partner === oidPartner && isUser(w.payer))) return true;
  }
  for (const t of view.find('trades', 'byStatus', 'WAIT_PAY')) {
    if (t.oid_partner === oidPartner && t.pending && (isUser(t.pending.payer) || t.payees.some(isUser))) return true;
  }
  for (const r of view.find('refunds', 'byStatus', 'PROCESSING')) {
    if (r.oid_partner === oidPartner && (r.user_id === userId || isUser(r.payee))) return true;
  }
  for (const t of view.find('trades', 'byStatus', 'SUCCESS')) {
    if (t.oid_partner !== oidPartner || t.txn_type !== 'SECURED_CONSUME') continue;
    if (t.user_id !== userId && !t.payees.some(isUser)) continue;
    if (unconfirmed(t) > 0) return true;
  }
  return false;
}
/** §3.10.1 销户申请, and the §3.10.2 notification */
export async function cancelUser(ctx: Context, req: CancelApply) {
  const proof = await proveRequestPassword(ctx, req);
  const done = await transact(ctx, async (tx) => {
    assertTxnSeqnoFree(tx, req.oid_partner, req.txn_seqno);
    // A NORMAL user, or an enterprise whose review refused it (it holds nothing and can do nothing else)
    const user = userOfType(tx, req.oid_partner, req.user_id);
    await refuseIf(ctx, 'closing-user-status', { user_status: user.user_status, review: user.review ?? 'NONE' });
    const refused = await checkPaymentPassword(ctx, tx, user, proof);
    if (refused) return refused;
    const accounts = accountsOf(tx, 'USER', userOwner(req.oid_partner, req.user_id));
    await refuseIf(ctx, 'cancel-account', {
      name_matches: req.user_name === user.user_name,
      id_matches: req.id_type === user.id_type && req.id_no.toUpperCase() === user.id_no,
      phone_matches: req.reg_phone === user.reg_phone,
      balance_fen: accounts.reduce((s, a) => s + a.balance, 0),
      frozen_fen: accounts.reduce((s, a) => s + a.frozen, 0),
      money_in_flight: moneyInFlight(tx, req.oid_partner, req.user_id),
    });
    const op = claimOperation(ctx, tx, req, 'CancelUser');
    const key = keys.user(user.oid_partner, user.user_id);
    tx.put('users', key, { ...tx.get('users', key)!, user_status: 'CANCEL', cancelled_at: ctx.clock.now() });
    for (const a of accounts) tx.put('accounts', a.oid_acctno, { ...a, acct_state: 'CANCEL' });
    for (const c of boundCards(tx, req.oid_partner, req.user_id)) unbindCard(ctx, tx, c);
    operationSucceeded(ctx, tx, op, 'acctmgr/cancel-apply', { result: 'SUCCESS' });
    return answerOf(op);
  });
  ctx.notifier.wake();
  return done;
}
