// acctmgr v1.4 §3.6 企业用户更换绑定账号: an enterprise has exactly one bound corporate account, so
// it can only be replaced, never added to (merchant-requirements.txt 一.1). The new account is bound
// at once (the simulator does not model the remittance check, REMITTANCE_VALID_PENDING) and the
// notification of 3.6.2 says SUCCESS.
import type { Context } from '../domain/context.js';
import { refuseIf, transact } from '../domain/context.js';
import { AccpError } from '../domain/errors.js';
import { assertTxnSeqnoFree, claimTxnSeqno, setTxnStatus } from '../domain/txns.js';
import { activeUser } from '../domain/users.js';
import { enqueueNotification } from '../notifications/outbox.js';
import { checkPaymentPassword, provePassword } from '../passwords/payment-password.js';
import { checkCorporateAccount } from '../world/banks.js';
import { bindCard, boundCards, unbindCard } from './binding.js';

export interface ChangeCardApply {
  oid_partner: string;
  user_id: string;
  txn_seqno: string;
  txn_time: string;
  notify_url: string;
  risk_item?: string;
  linked_acctno: string;
  linked_bankcode: string;
  linked_brbankno: string;
  linked_acctname: string;
  linked_brbankname?: string;
  password: string;
  random_key?: string;
}

/** §3.6.1 更换申请, and the §3.6.2 notification */
export async function changeEnterpriseCard(ctx: Context, req: ChangeCardApply) {
  const proof = await provePassword(ctx, { oid_partner: req.oid_partner, user_id: req.user_id, field: 'password', ciphertext: req.password, ...(req.random_key ? { random_key: req.random_key } : {}) });
  const done = await transact(ctx, async (tx) => {
    assertTxnSeqnoFree(tx, req.oid_partner, req.txn_seqno);
    const user = await activeUser(ctx, tx, req.oid_partner, req.user_id, 'INNERCOMPANY');
    const refused = await checkPaymentPassword(ctx, tx, user, proof);
    if (refused) return refused;
    const current = boundCards(tx, req.oid_partner, req.user_id);
    await refuseIf(ctx, 'change-card', { same_account: current.some((c) => c.linked_acctno === req.linked_acctno) });
    const account = checkCorporateAccount(req.linked_bankcode, req.linked_brbankno, 'linked_brbankno');
    if (!account.ok) throw new AccpError(account.ret_code, account.ret_code === '1005' ? account.why : undefined, `world/banks: ${account.why}`);
    const txn = claimTxnSeqno(tx, ctx.clock, { oid_partner: req.oid_partner, txn_seqno: req.txn_seqno, busi_type: 'ChangeBankAcct', user_id: req.user_id });
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
    setTxnStatus(tx, ctx.clock, req.oid_partner, req.txn_seqno, 'SUCCESS');
    enqueueNotification(ctx, tx, {
      schema: 'acctmgr/enterprise-changecard-apply',
      oid_partner: req.oid_partner,
      txn_seqno: req.txn_seqno,
      url: req.notify_url,
      schedule: 'acctmgr',
      payload: { oid_partner: req.oid_partner, user_id: req.user_id, txn_seqno: req.txn_seqno, accp_txno: txn.accp_txno, action: 'LINKEDACCT_CHANGE_ENPR', result: 'SUCCESS', linked_agrtno: card.linked_agrtno },
    });
    return { accp_txno: txn.accp_txno, linked_agrtno: card.linked_agrtno };
  });
  ctx.notifier.wake();
  return { oid_partner: req.oid_partner, user_id: req.user_id, txn_seqno: req.txn_seqno, accp_txno: done.accp_txno, linked_agrtno: done.linked_agrtno };
}
