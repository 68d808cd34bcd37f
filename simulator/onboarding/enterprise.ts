// acctmgr v1.4 §3.4 企业用户开户: openacct-apply-enterprise (3.4.1) opens the enterprise at once
// in CHECK_PENDING with its corporate account bound; its licence photos come by upload-photos
// (3.20); a review decision (POST /sandbox/review, standing for LianLian's reviewers) makes it
// NORMAL or refuses it with a reason, and the notification of 3.4.2 says which.
// Requirements (merchant-requirements.txt 一.1 标准开户): USERID, company name, unified social
// credit code, bound phone, basic account, bound bank account, bank code, CNAPS code; photos reviewed.
import type { Context } from '../domain/context.js';
import { refuseIf, transact } from '../domain/context.js';
import type { EnterpriseDetails, Merchant, User } from '../domain/model.js';
import { AccpError, badField, InputError } from '../domain/errors.js';
import { ids } from '../domain/ids.js';
import { keys, type Tx } from '../domain/state.js';
import { assertTxnSeqnoFree, setTxnStatus } from '../domain/txns.js';
import { answerOf, claimOperation, notifyOperation, type OperationRequest } from '../domain/applications.js';
import { findUser } from '../domain/users.js';
import { accountsOf, openUserAccounts, userOwner } from '../ledger/accounts.js';
import { checkNewPassword, consumeRandomKey, decryptPassword, hashLater } from '../passwords/payment-password.js';
import { bindCard, boundCards, unbindCard } from '../cards/binding.js';
import { checkCorporateAccount } from '../world/banks.js';
import { bankOf } from '../world/bins.js';
import { assertRegPhoneVerified } from './regphone.js';

export interface OpenEnterpriseApply extends OperationRequest {
  password?: string;
  random_key?: string;
  basicInfo: {
    reg_phone: string;
    user_name: string;
    id_type: 'UNIFIED_SOCIAL_CREDIT_CODE';
    id_no: string;
    id_exp: string;
    address: string;
    reg_email: string;
    password?: string;
    random_key?: string;
  };
  linkedAcctInfo: { linked_acctno: string; linked_bankcode: string; linked_brbankname?: string; linked_brbankno: string; linked_acctname: string };
  legalreptInfo: { legalrept_name: string; legalrept_phone: string; legalrept_idno: string; legalrept_idexp: string };
  contactsInfo: { contacts_name: string; contacts_phone: string };
  businessInfo?: { scale?: string; industry_code?: string; registered_capital?: string; business_scope?: string };
  basicAcctInfo: { basicacct_bankcode: string; basicacct_no: string };
}

/** §3.4.1 开户申请 */
export async function applyEnterprise(ctx: Context, merchant: Readonly<Merchant>, req: OpenEnterpriseApply) {
  const basic = req.basicInfo;
  // The table lists password and random_key among basicInfo's rows; some clients send them at the top.
  const ciphertext = basic.password ?? req.password;
  if (!ciphertext) throw badField('basicInfo.password', '不能为空');
  const randomKey = basic.random_key ?? req.random_key;
  const pw = decryptPassword(ctx, { oid_partner: req.oid_partner, user_id: req.user_id, field: 'basicInfo.password', ciphertext, ...(randomKey ? { random_key: randomKey } : {}) });
  const hash = hashLater(pw.password);
  const idNo = basic.id_no.toUpperCase();

  const opened = await transact(ctx, async (tx) => {
    assertTxnSeqnoFree(tx, req.oid_partner, req.txn_seqno);
    const existing = findUser(tx, req.oid_partner, req.user_id);
    // A refused enterprise (not closed since) may apply again under the same user_id; anything else exists already.
    if (existing && !isRejectedEnterprise(existing)) throw new AccpError('2006', undefined, 'user_id already opened');
    assertRegPhoneVerified(tx, merchant, req, basic.reg_phone);
    await refuseIf(ctx, 'enterprise-identity', { id_type: basic.id_type, id_no: idNo, legalrept_idno: req.legalreptInfo.legalrept_idno.toUpperCase() });
    // A refused enterprise holds no account: its credit code is free for another user_id.
    const sameId = tx.find('users', 'byIdNo', `${req.oid_partner}/${basic.id_type}/${idNo}`).filter((u) => u.user_status !== 'CANCEL' && !isRejectedEnterprise(u) && u.user_id !== req.user_id);
    await refuseIf(ctx, 'accounts-per-id', { open_accounts_with_id_no: sameId.length });
    const linked = req.linkedAcctInfo;
    const account = checkCorporateAccount(linked.linked_bankcode, linked.linked_brbankno, 'linkedAcctInfo.linked_brbankno');
    if (!account.ok) throw new AccpError(account.ret_code, account.ret_code === '1005' ? account.why : undefined, `world/banks: ${account.why}`);
    if (!bankOf(req.basicAcctInfo.basicacct_bankcode)) throw new AccpError('1029', undefined, 'world/banks: basic account bank unknown');
    await consumeRandomKey(ctx, tx, req, pw);
    await checkNewPassword(ctx, pw.password);

    const op = claimOperation(ctx, tx, req, 'OpenNormelUser');
    const details: EnterpriseDetails = {
      reg_email: basic.reg_email,
      ...req.legalreptInfo,
      legalrept_idno: req.legalreptInfo.legalrept_idno.toUpperCase(),
      ...req.contactsInfo,
      ...(req.businessInfo ?? {}),
      ...req.basicAcctInfo,
    };
    const user: User = {
      oid_partner: req.oid_partner,
      user_id: req.user_id,
      oid_userno: existing?.oid_userno ?? ids.oidUserno(tx, ctx.clock),
      user_type: 'INNERCOMPANY',
      user_status: 'CHECK_PENDING',
      user_name: basic.user_name,
      id_type: basic.id_type,
      id_no: idNo,
      id_exp: basic.id_exp,
      address: basic.address,
      reg_phone: basic.reg_phone,
      password_hash: await hash,
      password_errors: 0,
      open_txn_seqno: req.txn_seqno,
      open_notify_url: req.notify_url,
      enterprise: details,
      review: 'PENDING',
      created_at: existing?.created_at ?? ctx.clock.now(),
    };
    tx.put('users', keys.user(user.oid_partner, user.user_id), user);
    if (accountsOf(tx, 'USER', userOwner(user.oid_partner, user.user_id)).length === 0) openUserAccounts(tx, ctx.clock, user.oid_partner, user.user_id);
    for (const old of boundCards(tx, user.oid_partner, user.user_id)) unbindCard(ctx, tx, old);
    const card = bindCard(ctx, tx, {
      oid_partner: user.oid_partner,
      user_id: user.user_id,
      linked_acctno: linked.linked_acctno,
      bank_code: linked.linked_bankcode,
      card_type: 'CORPORATE',
      linked_brbankno: linked.linked_brbankno,
      linked_acctname: linked.linked_acctname,
      ...(linked.linked_brbankname ? { linked_brbankname: linked.linked_brbankname } : {}),
    });
    notifyOpening(ctx, tx, user, op.accp_txno, card.linked_agrtno);
    return { ...answerOf(op), oid_userno: user.oid_userno, user_status: user.user_status };
  });
  ctx.notifier.wake();
  return opened;
}

/** An enterprise whose review refused it (it stays CHECK_PENDING with the reason, docs/decisions.md) and that has not been closed since. */
export function isRejectedEnterprise(user: Readonly<User>): boolean {
  return user.user_type === 'INNERCOMPANY' && user.user_status === 'CHECK_PENDING' && user.review === 'REJECTED';
}

/** §3.4.2: the enterprise's status (and, when refused, why) to the opening request's notify_url. */
function notifyOpening(ctx: Context, tx: Tx, user: Readonly<User>, accpTxno: string, linkedAgrtno: string | undefined): void {
  const op = { oid_partner: user.oid_partner, user_id: user.user_id, txn_seqno: user.open_txn_seqno, accp_txno: accpTxno, notify_url: user.open_notify_url };
  notifyOperation(ctx, tx, op, 'acctmgr/openacct-apply-enterprise', {
    oid_userno: user.oid_userno,
    user_status: user.user_status,
    ...(linkedAgrtno ? { linked_agrtno: linkedAgrtno } : {}),
    ...(user.remark ? { remark: user.remark } : {}),
  });
}

export interface ReviewDecision {
  oid_partner: string;
  user_id: string;
  decision: 'APPROVE' | 'REJECT';
  reason?: string;
}

/** POST /sandbox/review: LianLian's reviewers approve (NORMAL) or refuse (with a reason) an enterprise. */
export async function reviewEnterprise(ctx: Context, input: Partial<ReviewDecision>) {
  if (typeof input.oid_partner !== 'string' || typeof input.user_id !== 'string') throw new InputError('oid_partner and user_id are required');
  if (input.decision !== 'APPROVE' && input.decision !== 'REJECT') throw new InputError('decision must be APPROVE or REJECT');
  if (input.decision === 'REJECT' && (typeof input.reason !== 'string' || input.reason.trim() === '')) throw new InputError('a rejection needs a reason (it becomes the remark)');
  const decided = await ctx.state.transaction((tx) => {
    const user = findUser(tx, input.oid_partner!, input.user_id!);
    if (!user) throw new InputError(`no user ${input.user_id} of merchant ${input.oid_partner}`, 404);
    if (user.user_type !== 'INNERCOMPANY') throw new InputError('only enterprises are reviewed', 409);
    if (user.user_status !== 'CHECK_PENDING' || user.review !== 'PENDING') throw new InputError(`the enterprise is ${user.user_status} (review ${user.review ?? 'none'}), not waiting for a review`, 409);
    const photos = tx.get('photos', keys.user(user.oid_partner, user.user_id));
    if (input.decision === 'APPROVE' && !photos?.files.some((f) => f.kind === 'unified_code')) {
      throw new InputError('the licence photo has not been uploaded (upload-photos, unified_code)', 409);
    }
    const { remark: _, ...rest } = user;
    const next: User =
      input.decision === 'APPROVE' ? { ...rest, user_status: 'NORMAL', review: 'APPROVED' } : { ...rest, review: 'REJECTED', remark: input.reason!.trim() };
    tx.put('users', keys.user(user.oid_partner, user.user_id), next);
    const txn = tx.get('txns', keys.txn(user.oid_partner, user.open_txn_seqno))!;
    if (input.decision === 'APPROVE') setTxnStatus(tx, ctx.clock, user.oid_partner, user.open_txn_seqno, 'SUCCESS');
    notifyOpening(ctx, tx, next, txn.accp_txno, boundCards(tx, user.oid_partner, user.user_id)[0]?.linked_agrtno);
    return next;
  });
  ctx.notifier.wake();
  return { oid_partner: decided.oid_partner, user_id: decided.user_id, user_status: decided.user_status, ...(decided.remark ? { remark: decided.remark } : {}) };
}
