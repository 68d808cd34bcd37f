// acctmgr v1.4 §3.9 修改绑定手机: change-regphone-apply (3.9.1) takes the payment password and the
// old bound phone (2011 when it is not the user's, 2012 when the new one is the same) and texts a
// code to the new phone; change-regphone-verify (3.9.2) takes it, the user's bound phone changes,
// and the notification of 3.9.3 says SUCCESS. (merchant-requirements.txt 一.1 用户绑定手机号码修改)
import type { Context } from '../domain/context.js';
import { refuseIf, transact } from '../domain/context.js';
import type { ChangeRegPhoneApplication } from '../domain/model.js';
import { completeApplication, newToken, takeApplication } from '../domain/applications.js';
import { keys } from '../domain/state.js';
import { assertTxnSeqnoFree, claimTxnSeqno, setTxnStatus } from '../domain/txns.js';
import { activeUser } from '../domain/users.js';
import { enqueueNotification } from '../notifications/outbox.js';
import { checkPaymentPassword, provePassword } from '../passwords/payment-password.js';
import { checkCode, sendCode } from '../world/sms.js';

export interface ChangeRegPhoneApply {
  oid_partner: string;
  user_id: string;
  txn_seqno: string;
  txn_time: string;
  notify_url: string;
  risk_item?: string;
  reg_phone: string;
  reg_phone_new: string;
  password: string;
  random_key?: string;
}

export interface ChangeRegPhoneVerify {
  oid_partner: string;
  user_id: string;
  txn_seqno: string;
  token: string;
  verify_code_new: string;
}

/** §3.9.1 申请 */
export async function applyChangeRegPhone(ctx: Context, req: ChangeRegPhoneApply) {
  const proof = await provePassword(ctx, { oid_partner: req.oid_partner, user_id: req.user_id, field: 'password', ciphertext: req.password, ...(req.random_key ? { random_key: req.random_key } : {}) });
  const app = await transact(ctx, async (tx) => {
    assertTxnSeqnoFree(tx, req.oid_partner, req.txn_seqno);
    const user = await activeUser(ctx, tx, req.oid_partner, req.user_id);
    const refused = await checkPaymentPassword(ctx, tx, user, proof);
    if (refused) return refused;
    await refuseIf(ctx, 'change-reg-phone', { old_phone_matches: user.reg_phone === req.reg_phone, new_phone_same: req.reg_phone_new === user.reg_phone });
    const sms = await sendCode(ctx, tx, { phone: req.reg_phone_new, purpose: 'CHANGE_REG_PHONE', oid_partner: req.oid_partner, user_id: req.user_id });
    const txn = claimTxnSeqno(tx, ctx.clock, { oid_partner: req.oid_partner, txn_seqno: req.txn_seqno, busi_type: 'ChangePhone', user_id: req.user_id });
    const application: ChangeRegPhoneApplication = {
      kind: 'CHANGE_REG_PHONE',
      token: newToken(),
      oid_partner: req.oid_partner,
      user_id: req.user_id,
      txn_seqno: req.txn_seqno,
      accp_txno: txn.accp_txno,
      notify_url: req.notify_url,
      new_phone: req.reg_phone_new,
      sms_id: sms.id,
      status: 'PENDING',
      created_at: ctx.clock.now(),
    };
    tx.put('applications', application.token, application);
    return application;
  });
  return { oid_partner: req.oid_partner, user_id: req.user_id, txn_seqno: req.txn_seqno, accp_txno: app.accp_txno, token: app.token };
}

/** §3.9.2 验证, and the §3.9.3 notification */
export async function verifyChangeRegPhone(ctx: Context, req: ChangeRegPhoneVerify) {
  const accpTxno = await transact(ctx, async (tx) => {
    const app = await takeApplication(ctx, tx, 'CHANGE_REG_PHONE', req);
    const user = await activeUser(ctx, tx, req.oid_partner, req.user_id);
    const refused = await checkCode(ctx, tx, tx.get('sms', app.sms_id), req.verify_code_new);
    if (refused) return refused;
    tx.put('users', keys.user(user.oid_partner, user.user_id), { ...user, reg_phone: app.new_phone });
    completeApplication(tx, app);
    setTxnStatus(tx, ctx.clock, app.oid_partner, app.txn_seqno!, 'SUCCESS');
    enqueueNotification(ctx, tx, {
      schema: 'acctmgr/change-regphone-verify',
      oid_partner: app.oid_partner,
      txn_seqno: app.txn_seqno!,
      url: app.notify_url!,
      schedule: 'acctmgr',
      payload: { oid_partner: app.oid_partner, user_id: app.user_id, txn_seqno: app.txn_seqno, accp_txno: app.accp_txno, result: 'SUCCESS' },
    });
    return app.accp_txno!;
  });
  ctx.notifier.wake();
  return { oid_partner: req.oid_partner, user_id: req.user_id, txn_seqno: req.txn_seqno, accp_txno: accpTxno };
}
