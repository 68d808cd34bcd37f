// acctmgr v1.4 §3.6 企业用户更换绑定账号: an enterprise has exactly one bound corporate account, so
// it can only be replaced, never added to (merchant-requirements.txt 一.1). The new account is bound
// at once (the simulator does not model the remittance check, REMITTANCE_VALID_PENDING) and the
// notification of 3.6.2 says SUCCESS.
import type { Context } from '../domain/context.js';
import { Refused, refuseIf, transact } from '../domain/context.js';
import { AccpError } from '../domain/errors.js';
import { answerOf, claimOperation, operationSucceeded, type OperationRequest, type PasswordFields } from '../domain/applications.js';
import { authorise, proveRequestPassword } from '../passwords/payment-password.js';
import { checkCorporateAccount } from '../world/banks.js';
import { bindCard, boundCards, unbindCard } from './binding.js';

export interface ChangeCardApply extends OperationRequest, PasswordFields {
  linked_acctno: string;
  linked_bankcode: string;
  linked_brbankno: string;
  linked_acctname: string;
  linked_brbankname?: string;
}

/** §3.6.1 更换申请, and the §3.6.2 notification */
export async function changeEnterpriseCard(ctx: Context, req: ChangeCardApply) {
  const proof = await proveRequestPassword(ctx, req);
  const done = await transact(ctx, async (tx) => {
    const user = await authorise(ctx, tx, req, 'INNERCOMPANY', proof);
    if (user instanceof Refused) return user;
    const current = boundCards(tx, req.oid_partner, req.user_id);
    await refuseIf(ctx, 'change-card', { same_account: current.some((c) => c.linked_acctno === req.linked_acctno) });
    const account = checkCorporateAccount(req.linked_bankcode, req.linked_brbankno, 'linked_brbankno');
    if (!account.ok) throw new AccpError(account.ret_code, account.ret_code === '1005' ? account.why : undefined, `world/banks: ${account.why}`);
    const op = claimOperation(ctx, tx, req, 'ChangeBankAcct');
    for (const old of current) unbindCard(ctx, tx, old);
    const card = bindCard(ctx, tx, {
      oid_partner: req.oid_partner,
      user_id: req.user_id,
      linked_acctno: req.linked_acctno,
      bank_code: req.linked_bankcode,
      card_type: 'CORPORATE',
      linked_brbankno: req.linked_brbankno,
      linked_acctname: req.linked_acctname,
      ...(req.linked_brbankname ? { linked_brbankname: req.linked_brbankname } : {}),
    });
    operationSucceeded(ctx, tx, op, 'acctmgr/enterprise-changecard-apply', { action: 'LINKEDACCT_CHANGE_ENPR', result: 'SUCCESS', linked_agrtno: card.linked_agrtno });
    return { ...answerOf(op), linked_agrtno: card.linked_agrtno };
  });
  ctx.notifier.wake();
  return done;
}
