// acctmgr v1.4 §3.1 regphone-verifycode-apply and §3.2 regphone-verifycode-verify: proving the
// phone a user will register with. A merchant may require it before opening an account
// (merchant setting regphone_verify_required, docs/decisions.md).
import type { Context } from '../domain/context.js';
import { transact } from '../domain/context.js';
import type { Merchant, PhoneVerification } from '../domain/model.js';
import { badField } from '../domain/errors.js';
import { keys, type View } from '../domain/state.js';
import { checkCode, latestCode, sendCode } from '../world/sms.js';

export interface RegPhoneApply {
  oid_partner: string;
  user_id: string;
  reg_phone: string;
}

export interface RegPhoneVerify extends RegPhoneApply {
  verify_code: string;
}

/** §3.1: sends a code to reg_phone. */
export async function applyRegPhoneCode(ctx: Context, req: RegPhoneApply): Promise<RegPhoneApply> {
  await transact(ctx, async (tx) => {
    await sendCode(ctx, tx, { phone: req.reg_phone, purpose: 'REG_PHONE', oid_partner: req.oid_partner, user_id: req.user_id });
  });
  return { oid_partner: req.oid_partner, user_id: req.user_id, reg_phone: req.reg_phone };
}

/** §3.2: checks the code; the phone then counts as verified for this user. */
export async function verifyRegPhoneCode(ctx: Context, req: RegPhoneVerify): Promise<RegPhoneApply> {
  await transact(ctx, async (tx) => {
    const refused = await checkCode(ctx, tx, latestCode(tx, req.reg_phone, 'REG_PHONE', req.oid_partner, req.user_id), req.verify_code);
    if (refused) return refused;
    const proof: PhoneVerification = { oid_partner: req.oid_partner, user_id: req.user_id, phone: req.reg_phone, verified_at: ctx.clock.now() };
    tx.put('phone_verifications', keys.phoneVerification(req.oid_partner, req.user_id, req.reg_phone), proof);
    return undefined;
  });
  return { oid_partner: req.oid_partner, user_id: req.user_id, reg_phone: req.reg_phone };
}

/**
 * openacct-apply-individual and -enterprise: with the merchant setting regphone_verify_required,
 * the registration phone must have been proven by §3.2 first (1005 naming basicInfo.reg_phone).
 */
export function assertRegPhoneVerified(view: View, merchant: Readonly<Merchant>, who: { oid_partner: string; user_id: string }, regPhone: string): void {
  if (!merchant.settings.regphone_verify_required) return;
  if (!view.get('phone_verifications', keys.phoneVerification(who.oid_partner, who.user_id, regPhone))) throw badField('basicInfo.reg_phone', '未通过绑定手机验证码验证（3.1/3.2）');
}
