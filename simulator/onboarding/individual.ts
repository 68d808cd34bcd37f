// acctmgr v1.4 §3.3 个人用户开户: openacct-apply-individual (3.3.1) checks the person and the
// card, and sends an SMS code to the card's reserved phone; openacct-verify-individual (3.3.2)
// takes that code and the payment password and opens the user, whose status the notification
// of 3.3.3 reports. A person whose card passes the bank's four-element check is NORMAL at once
// ("开户成功并完成实名认证", merchant-requirements.txt 一.1).
import type { Context } from '../domain/context.js';
import { refuseIf, transact } from '../domain/context.js';
import type { BasicInfoIndividual, Merchant, OpenIndividualApplication, User } from '../domain/model.js';
import { keys, type Tx } from '../domain/state.js';
import { AccpError, badField } from '../domain/errors.js';
import { ids } from '../domain/ids.js';
import { assertTxnSeqnoFree } from '../domain/txns.js';
import { openUserAccounts } from '../ledger/accounts.js';
import { checkNewPassword, consumeRandomKey, decryptRequestPassword, hashLater } from '../passwords/payment-password.js';
import { bankAcceptsCard, bindCard } from '../cards/binding.js';
import { appliedAnswer, finishApplication, startApplication, takeApplication, type OperationRequest, type PasswordFields, type VerifyRequest } from '../domain/applications.js';
import { checkCode } from '../world/sms.js';
import { assertRegPhoneVerified } from './regphone.js';

export interface OpenIndividualApply extends OperationRequest {
  open_sms_flag?: 'Y' | 'N';
  basicInfo: BasicInfoIndividual;
  linkedAcctInfo: { linked_acctno: string; linked_phone: string };
}

export interface OpenIndividualVerify extends VerifyRequest, PasswordFields {
  verify_code?: string;
}

function assertNewUser(tx: Tx, oidPartner: string, userId: string): void {
  if (tx.get('users', keys.user(oidPartner, userId))) throw new AccpError('2006', undefined, 'user_id already opened');
}

async function checkIdentity(ctx: Context, tx: Tx, oidPartner: string, basic: BasicInfoIndividual): Promise<void> {
  await refuseIf(ctx, 'individual-identity', { id_type: basic.id_type, id_no: basic.id_no });
  const sameId = tx.find('users', 'byIdNo', `${oidPartner}/${basic.id_type}/${basic.id_no}`).filter((u) => u.user_status !== 'CANCEL');
  await refuseIf(ctx, 'accounts-per-id', { open_accounts_with_id_no: sameId.length });
}

/** §3.3.1 开户申请 */
export async function applyIndividual(ctx: Context, merchant: Readonly<Merchant>, req: OpenIndividualApply) {
  const linked = req.linkedAcctInfo;
  // A lower-case x typed as the check character is the same identity number.
  const basic: BasicInfoIndividual = { ...req.basicInfo, id_no: req.basicInfo.id_no.toUpperCase() };
  const application = await transact(ctx, async (tx) => {
    assertTxnSeqnoFree(tx, req.oid_partner, req.txn_seqno);
    assertNewUser(tx, req.oid_partner, req.user_id);
    assertRegPhoneVerified(tx, merchant, req, basic.reg_phone);
    await checkIdentity(ctx, tx, req.oid_partner, basic);
    const card = bankAcceptsCard(ctx, tx, { name: basic.user_name, id_no: basic.id_no, card_no: linked.linked_acctno, phone: linked.linked_phone });
    return startApplication(ctx, tx, 'OPEN_INDIVIDUAL', req, linked.linked_phone, { basic, linked_acctno: linked.linked_acctno, linked_phone: linked.linked_phone, ...card });
  });
  return appliedAnswer(application);
}

/** §3.3.2 开户验证, and the §3.3.3 notification */
export async function verifyIndividual(ctx: Context, merchant: Readonly<Merchant>, req: OpenIndividualVerify) {
  const pw = decryptRequestPassword(ctx, req);
  const hash = hashLater(pw.password);
  const user = await transact(ctx, async (tx) => {
    const application = await takeApplication(ctx, tx, 'OPEN_INDIVIDUAL', req);
    assertNewUser(tx, req.oid_partner, req.user_id);
    await checkIdentity(ctx, tx, req.oid_partner, application.basic);
    if (merchant.settings.verify_linked_phone) {
      if (!req.verify_code) throw badField('verify_code', '不能为空（商户配置需验证银行预留手机）');
      const refused = await checkCode(ctx, tx, tx.get('sms', application.sms_id), req.verify_code);
      if (refused) return refused;
    }
    await consumeRandomKey(ctx, tx, req, pw);
    await checkNewPassword(ctx, pw.password);
    return openUser(ctx, tx, application, await hash);
  });
  ctx.notifier.wake();
  return {
    oid_partner: req.oid_partner,
    user_id: req.user_id,
    txn_seqno: req.txn_seqno,
    accp_txno: user.accp_txno,
    oid_userno: user.oid_userno,
    user_status: user.user_status,
  };
}

function openUser(ctx: Context, tx: Tx, app: Readonly<OpenIndividualApplication>, passwordHash: string) {
  const now = ctx.clock.now();
  const basic = app.basic;
  const user: User = {
    oid_partner: app.oid_partner,
    user_id: app.user_id,
    oid_userno: ids.oidUserno(tx, ctx.clock),
    user_type: 'INNERUSER',
    user_status: 'NORMAL',
    user_name: basic.user_name,
    id_type: basic.id_type,
    id_no: basic.id_no,
    id_exp: basic.id_exp,
    ...(basic.id_authority ? { id_authority: basic.id_authority } : {}),
    ...(basic.address ? { address: basic.address } : {}),
    occupation: basic.occupation,
    reg_phone: basic.reg_phone,
    password_hash: passwordHash,
    password_errors: 0,
    open_txn_seqno: app.txn_seqno!,
    open_notify_url: app.notify_url!,
    created_at: now,
  };
  tx.put('users', keys.user(user.oid_partner, user.user_id), user);
  openUserAccounts(tx, ctx.clock, user.oid_partner, user.user_id);
  const card = bindCard(ctx, tx, {
    oid_partner: user.oid_partner,
    user_id: user.user_id,
    linked_acctno: app.linked_acctno,
    linked_phone: app.linked_phone,
    bank_code: app.bank_code,
    card_type: app.card_type,
    holder: { name: basic.user_name, id_no: basic.id_no },
  });
  finishApplication(ctx, tx, app, 'acctmgr/openacct-verify-individual', { oid_userno: user.oid_userno, user_status: user.user_status, linked_agrtno: card.linked_agrtno });
  return { accp_txno: app.accp_txno, oid_userno: user.oid_userno, user_status: user.user_status };
}
