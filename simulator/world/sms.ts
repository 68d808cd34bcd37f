// The simulated SMS gateway: six-digit codes in an outbox the sandbox can read
// (GET /sandbox/sms). Codes are derived from a seed kept in the state and the message's number,
// so a restored snapshot sends the same codes again. When a code may be sent and when a typed
// code is refused are rules (rules/sms.json).
import { createHmac, randomBytes } from 'node:crypto';
import type { SmsMessage, SmsPurpose } from '../domain/model.js';
import type { Tx } from '../domain/state.js';
import { Refused, refuseIf, type Context } from '../domain/context.js';
import { AccpError } from '../domain/errors.js';
import { ids } from '../domain/ids.js';
import { mask } from '../log.js';
import { TEST_PHONES } from './test-values.js';

const SEED = 'sms_seed';

function seed(tx: Tx): string {
  const existing = tx.get('settings', SEED);
  if (existing) return String(existing.value);
  const value = randomBytes(16).toString('hex');
  tx.put('settings', SEED, { value });
  return value;
}

function codeFor(seedValue: string, id: string): string {
  const n = createHmac('sha256', seedValue).update(id).digest().readUInt32BE(0) % 1_000_000;
  return String(n).padStart(6, '0');
}

export interface SmsRequest {
  phone: string;
  purpose: SmsPurpose;
  oid_partner: string;
  user_id: string;
}

/** Sends a code (superseding earlier live codes of the same purpose for that phone and user). */
export async function sendCode(ctx: Context, tx: Tx, req: SmsRequest): Promise<SmsMessage> {
  const testPhone = TEST_PHONES.find((p) => p.phone === req.phone);
  if (testPhone) throw new AccpError(testPhone.ret_code, undefined, 'world/sms test phone');
  const now = ctx.clock.now();
  const previous = tx.find('sms', 'byPhone', req.phone);
  const last = previous.filter((m) => m.purpose === req.purpose).reduce<number | undefined>((max, m) => (max === undefined || m.sent_at > max ? m.sent_at : max), undefined);
  await refuseIf(ctx, 'sms-send', last === undefined ? {} : { seconds_since_last_sms: Math.floor((now - last) / 1000) });
  for (const m of previous) {
    if (m.status === 'ACTIVE' && m.purpose === req.purpose && m.user_id === req.user_id && m.oid_partner === req.oid_partner) {
      tx.put('sms', m.id, { ...m, status: 'DEAD' });
    }
  }
  const id = ids.smsId(tx);
  const message: SmsMessage = {
    id,
    phone: req.phone,
    code: codeFor(seed(tx), id),
    purpose: req.purpose,
    oid_partner: req.oid_partner,
    user_id: req.user_id,
    sent_at: now,
    wrong_attempts: 0,
    status: 'ACTIVE',
  };
  tx.put('sms', id, message);
  ctx.log.info({ sms: id, phone: mask.phone(req.phone), purpose: req.purpose }, 'sms sent');
  return message;
}

/**
 * Checks a typed code against a sent message. A wrong code is counted (and the count is
 * committed) even though the request fails: returns a Refused for the caller's transaction.
 * On success the message is marked USED.
 */
export async function checkCode(ctx: Context, tx: Tx, message: Readonly<SmsMessage> | undefined, typed: string): Promise<Refused | null> {
  if (!message) return new Refused(new AccpError('1018', undefined, 'world/sms no code sent'));
  const matches = message.code === typed;
  const wrong = message.wrong_attempts + (matches || message.status !== 'ACTIVE' ? 0 : 1);
  const refusal = await ctx.rules.check('sms-verify', {
    code_matches: matches,
    wrong_attempts: wrong,
    age_seconds: Math.floor((ctx.clock.now() - message.sent_at) / 1000),
    code_status: message.status,
  });
  if (refusal) {
    if (wrong !== message.wrong_attempts) {
      tx.put('sms', message.id, { ...message, wrong_attempts: wrong, status: refusal.ret_code === '1019' ? 'DEAD' : message.status });
    }
    return new Refused(new AccpError(refusal.ret_code, undefined, refusal.rule));
  }
  tx.put('sms', message.id, { ...message, status: 'USED' });
  return null;
}

/** The newest message of a purpose sent to a phone for a merchant's user. */
export function latestCode(tx: Tx, phone: string, purpose: SmsPurpose, oidPartner: string, userId: string): Readonly<SmsMessage> | undefined {
  let latest: Readonly<SmsMessage> | undefined;
  for (const m of tx.find('sms', 'byPhone', phone)) {
    if (m.purpose === purpose && m.oid_partner === oidPartner && m.user_id === userId && (!latest || m.sent_at >= latest.sent_at)) latest = m;
  }
  return latest;
}
