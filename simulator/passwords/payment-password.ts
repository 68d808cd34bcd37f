// Payment passwords as they arrive: RSA-encrypted (protocol/password-crypto.ts), optionally
// salted with a get-random random_value, checked against rules/payment-password.json when set,
// and kept only as an scrypt hash (protocol/password-hash.ts).
import type { Context } from '../domain/context.js';
import { refuseIf } from '../domain/context.js';
import type { Tx } from '../domain/state.js';
import { badField } from '../domain/errors.js';
import { hashPassword } from '../protocol/password-hash.js';

export interface EncryptedPassword {
  oid_partner: string;
  user_id: string;
  /** field name on the wire, for 1005 */
  field: string;
  ciphertext: string;
  random_key?: string;
}

export interface DecryptedPassword {
  /** What the decrypted text holds after the random_value (the password itself, unchecked) */
  password: string;
  /** The full decrypted text, kept to check the random_value prefix inside the transaction */
  plaintext: string;
  random_key?: string;
}

/**
 * Decrypts outside any transaction (RSA is the slow part). The random_key is looked at but not
 * trusted here: `consumeRandomKey` checks it inside the transaction that uses the password.
 */
export function decryptPassword(ctx: Context, input: EncryptedPassword): DecryptedPassword {
  const plaintext = ctx.keys.cipher.decrypt(input.ciphertext);
  if (plaintext === null) throw badField(input.field, '无法用平台公钥对应的私钥解密');
  if (!input.random_key) return { password: plaintext, plaintext };
  const key = ctx.state.peek((v) => v.get('random_keys', input.random_key!));
  const password = key && plaintext.startsWith(key.random_value) ? plaintext.slice(key.random_value.length) : plaintext;
  return { password, plaintext, random_key: input.random_key };
}

/** Inside the transaction: the random_key rules (rules/credentials.json), then marks it used. */
export async function consumeRandomKey(ctx: Context, tx: Tx, who: { oid_partner: string; user_id: string }, pw: DecryptedPassword): Promise<void> {
  if (!pw.random_key) return;
  const key = tx.get('random_keys', pw.random_key);
  await refuseIf(ctx, 'random-key', {
    key_found: key !== undefined,
    key_matches_user: key !== undefined && key.oid_partner === who.oid_partner && key.user_id === who.user_id,
    key_used: key?.used === true,
    age_seconds: key ? Math.floor((ctx.clock.now() - key.issued_at) / 1000) : 0,
    prefix_matches: key !== undefined && pw.plaintext.startsWith(key.random_value),
  });
  tx.put('random_keys', key!.random_key, { ...key!, used: true });
}

/** rules/payment-password.json: what a new payment password may not be. */
export async function checkNewPassword(ctx: Context, password: string): Promise<void> {
  await refuseIf(ctx, 'payment-password', { password });
}

/** Starts the scrypt hash early (it runs on libuv's thread pool); await it when committing. */
export function hashLater(password: string): Promise<string> {
  const p = hashPassword(password);
  p.catch(() => undefined);
  return p;
}
