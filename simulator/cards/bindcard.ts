// acctmgr v1.4 §3.5 个人用户新增绑卡: individual-bindcard-apply (3.5.1) checks the payment password
// and the card with the bank (four elements: the user's name and ID number, the card, its
// reserved phone) and texts a code to that phone; individual-bindcard-verify (3.5.2) binds the
// card, with a linked_agrtno of its own, and the notification of 3.5.3 says so.
// Credit cards may be bound for payment; withdrawals take debit cards only (merchant-requirements 一.1).
import type { Context } from '../domain/context.js';
import { refuseIf, transact } from '../domain/context.js';
import type { BindCardApplication } from '../domain/model.js';
import { AccpError } from '../domain/errors.js';
import { completeApplication, newToken, takeApplication } from '../domain/applications.js';
import { assertTxnSeqnoFree, claimTxnSeqno, setTxnStatus } from '../domain/txns.js';
import { activeUser } from '../domain/users.js';
import { mask } from '../log.js';
import { enqueueNotification } from '../notifications/outbox.js';
import { checkPaymentPassword, provePassword } from '../passwords/payment-password.js';
import { verifyFourElements } from '../world/banks.js';
import { checkCode, sendCode } from '../world/sms.js';
import { bindCard, boundCards } from './binding.js';

export interface BindCardApply {
  oid_partner: string;
  user_id: string;
  txn_seqno: string;
  txn_time: string;
  notify_url: string;
  risk_item?: string;
  linked_acctno: string;
  linked_phone: string;
  password: string;
  random_key?: string;
}

export interface BindCardVerify {
  oid_partner: string;
  user_id: string;
  txn_seqno: string;
  token: string;
  verify_code: string;
}

/** §3.5.1 绑卡申请 */
export async function applyBindCard(ctx: Context, req: BindCardApply) {
  const proof = await provePassword(ctx, { oid_partner: req.oid_partner, user_id: req.user_id, field: 'password', ciphertext: req.password, ...(req.random_key ? { random_key: req.random_key } : {}) });
  const app = await transact(ctx, async (tx) => {
    assertTxnSeqnoFree(tx, req.oid_partner, req.txn_seqno);
    const user = await activeUser(ctx, tx, req.oid_partner, req.user_id, 'INNERUSER');
    const refused = await checkPaymentPassword(ctx, tx, user, proof);
    if (refused) return refused;
    await refuseIf(ctx, 'bind-card', { card_already_bound: boundCards(tx, req.oid_partner, req.user_id).some((c) => c.linked_acctno === req.linked_acctno) });
    const card = verifyFourElements(tx, { name: user.user_name, id_no: user.id_no, card_no: req.linked_acctno, phone: req.linked_phone });
    if (!card.ok) {
      ctx.log.info({ card: mask.card(req.linked_acctno), ret_code: card.ret_code, why: card.why }, 'bank refused the card');
      throw new AccpError(card.ret_code, undefined, `world/banks: ${card.why}`);
    }
    const sms = await sendCode(ctx, tx, { phone: req.linked_phone, purpose: 'BIND_CARD', oid_partner: req.oid_partner, user_id: req.user_id });
    const txn = claimTxnSeqno(tx, ctx.clock, { oid_partner: req.oid_partner, txn_seqno: req.txn_seqno, busi_type: 'TideCard', user_id: req.user_id });
    const application: BindCardApplication = {
      kind: 'BIND_CARD',
      token: newToken(),
      oid_partner: req.oid_partner,
      user_id: req.user_id,
      txn_seqno: req.txn_seqno,
      accp_txno: txn.accp_txno,
      notify_url: req.notify_url,
      linked_acctno: req.linked_acctno,
      linked_phone: req.linked_phone,
      bank_code: card.bank_code,
      card_type: card.card_type,
      sms_id: sms.id,
      status: 'PENDING',
      created_at: ctx.clock.now(),
    };
    tx.put('applications', application.token, application);
    return application;
  });
  return { oid_partner: req.oid_partner, user_id: req.user_id, txn_seqno: req.txn_seqno, accp_txno: app.accp_txno, token: app.token };
}

/** §3.5.2 绑卡验证, and the §3.5.3 notification */
export async function verifyBindCard(ctx: Context, req: BindCardVerify) {
  const done = await transact(ctx, async (tx) => {
    const app = await takeApplication(ctx, tx, 'BIND_CARD', req);
    const user = await activeUser(ctx, tx, req.oid_partner, req.user_id, 'INNERUSER');
    const refused = await checkCode(ctx, tx, tx.get('sms', app.sms_id), req.verify_code);
    if (refused) return refused;
    // bound meanwhile by another application of the same user
    await refuseIf(ctx, 'bind-card', { card_already_bound: boundCards(tx, req.oid_partner, req.user_id).some((c) => c.linked_acctno === app.linked_acctno) });
    const card = bindCard(ctx, tx, {
      oid_partner: app.oid_partner,
      user_id: app.user_id,
      linked_acctno: app.linked_acctno,
      linked_phone: app.linked_phone,
      bank_code: app.bank_code,
      card_type: app.card_type,
      holder: { name: user.user_name, id_no: user.id_no },
    });
    completeApplication(tx, app);
    setTxnStatus(tx, ctx.clock, app.oid_partner, app.txn_seqno!, 'SUCCESS');
    enqueueNotification(ctx, tx, {
      schema: 'acctmgr/individual-bindcard-verify',
      oid_partner: app.oid_partner,
      txn_seqno: app.txn_seqno!,
      url: app.notify_url!,
      schedule: 'acctmgr',
      payload: { oid_partner: app.oid_partner, user_id: app.user_id, txn_seqno: app.txn_seqno, accp_txno: app.accp_txno, action: 'LINKEDACCT_IND', result: 'SUCCESS', linked_agrtno: card.linked_agrtno },
    });
    return { accp_txno: app.accp_txno!, linked_agrtno: card.linked_agrtno };
  });
  ctx.notifier.wake();
  return { oid_partner: req.oid_partner, user_id: req.user_id, txn_seqno: req.txn_seqno, accp_txno: done.accp_txno, linked_agrtno: done.linked_agrtno };
}
