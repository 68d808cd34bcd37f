// acctmgr v1.4 §3.7 个人用户解绑银行卡: with the payment password; a person's only card cannot be
// unbound (merchant-requirements.txt 一.1, rules/cards.json). The notification of 3.7.2 says SUCCESS.
import type { Context } from '../domain/context.js';
import { refuseIf, transact } from '../domain/context.js';
import { assertTxnSeqnoFree, claimTxnSeqno, setTxnStatus } from '../domain/txns.js';
import { activeUser } from '../domain/users.js';
import { enqueueNotification } from '../notifications/outbox.js';
import { checkPaymentPassword, provePassword } from '../passwords/payment-password.js';
import { boundCards, unbindCard } from './binding.js';

export interface UnbindCard {
  oid_partner: string;
  user_id: string;
  txn_seqno: string;
  txn_time: string;
  notify_url: string;
  linked_acctno: string;
  password: string;
  random_key?: string;
}

/** §3.7.1 解绑, and the §3.7.2 notification */
export async function unbindIndividualCard(ctx: Context, req: UnbindCard) {
  const proof = await provePassword(ctx, { oid_partner: req.oid_partner, user_id: req.user_id, field: 'password', ciphertext: req.password, ...(req.random_key ? { random_key: req.random_key } : {}) });
  const accpTxno = await transact(ctx, async (tx) => {
    assertTxnSeqnoFree(tx, req.oid_partner, req.txn_seqno);
    const user = await activeUser(ctx, tx, req.oid_partner, req.user_id, 'INNERUSER');
    const refused = await checkPaymentPassword(ctx, tx, user, proof);
    if (refused) return refused;
    const cards = boundCards(tx, req.oid_partner, req.user_id);
    const card = cards.find((c) => c.linked_acctno === req.linked_acctno);
    await refuseIf(ctx, 'unbind-card', { card_bound: card !== undefined, bound_cards: cards.length });
    const txn = claimTxnSeqno(tx, ctx.clock, { oid_partner: req.oid_partner, txn_seqno: req.txn_seqno, busi_type: 'UntieCard', user_id: req.user_id });
    unbindCard(ctx, tx, card!);
    setTxnStatus(tx, ctx.clock, req.oid_partner, req.txn_seqno, 'SUCCESS');
    enqueueNotification(ctx, tx, {
      schema: 'acctmgr/unlinkedacct-ind-apply',
      oid_partner: req.oid_partner,
      txn_seqno: req.txn_seqno,
      url: req.notify_url,
      schedule: 'acctmgr',
      payload: { oid_partner: req.oid_partner, user_id: req.user_id, txn_seqno: req.txn_seqno, accp_txno: txn.accp_txno, action: 'UNLINKEDACCT_IND', result: 'SUCCESS' },
    });
    return txn.accp_txno;
  });
  ctx.notifier.wake();
  return { oid_partner: req.oid_partner, user_id: req.user_id, txn_seqno: req.txn_seqno, accp_txno: accpTxno };
}
