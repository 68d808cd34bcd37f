// acctmgr v1.4 §3.7 个人用户解绑银行卡: with the payment password; a person's only card cannot be
// unbound (merchant-requirements.txt 一.1, rules/cards.json). The notification of 3.7.2 says SUCCESS.
import type { Context } from '../domain/context.js';
import { Refused, refuseIf, transact } from '../domain/context.js';
import { answerOf, claimOperation, operationSucceeded, type OperationRequest, type PasswordFields } from '../domain/applications.js';
import { authorise, proveRequestPassword } from '../passwords/payment-password.js';
import { boundCards, unbindCard } from './binding.js';

export interface UnbindCard extends OperationRequest, PasswordFields {
  linked_acctno: string;
}

/** §3.7.1 解绑, and the §3.7.2 notification */
export async function unbindIndividualCard(ctx: Context, req: UnbindCard) {
  const proof = await proveRequestPassword(ctx, req);
  const done = await transact(ctx, async (tx) => {
    const user = await authorise(ctx, tx, req, 'INNERUSER', proof);
    if (user instanceof Refused) return user;
    const cards = boundCards(tx, req.oid_partner, req.user_id);
    const card = cards.find((c) => c.linked_acctno === req.linked_acctno);
    await refuseIf(ctx, 'unbind-card', { card_bound: card !== undefined, bound_cards: cards.length });
    const op = claimOperation(ctx, tx, req, 'UntieCard');
    unbindCard(ctx, tx, card!);
    operationSucceeded(ctx, tx, op, 'acctmgr/unlinkedacct-ind-apply', { action: 'UNLINKEDACCT_IND', result: 'SUCCESS' });
    return answerOf(op);
  });
  ctx.notifier.wake();
  return done;
}
