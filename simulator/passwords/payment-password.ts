// Payment passwords as they arrive: RSA-encrypted (protocol/password-crypto.ts), optionally
// salted with a get-random random_value, checked against rules/payment-password.json when set,
// and kept only as an scrypt hash (protocol/password-hash.ts).
import type { Context } from '../domain/context.js';
import { Refused, refuseIf } from '../domain/context.js';
import type { User, UserType } from '../domain/model.js';
import { keys, type Tx } from '../domain/state.js';
import { AccpError, badField } from '../domain/errors.js';
import { activeUser, findUser } from '../domain/users.js';
import { assertTxnSeqnoFree } from '../domain/txns.js';
import { hashPassword, verifyPassword } from '../protocol/password-hash.js';

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

/** A typed payment password checked against the user's hash before the transaction (scrypt is slow). */
export interface PasswordProof {
  password: DecryptedPassword;
  /** the hash it was checked against */
  hash: string | null;
  matches: boolean;
}

/** Decrypts and checks a typed payment password outside any transaction. */
export async function provePassword(ctx: Context, input: EncryptedPassword): Promise<PasswordProof> {
  const password = decryptPassword(ctx, input);
  const hash = ctx.state.peek((v) => findUser(v, input.oid_partner, input.user_id)?.password_hash) ?? null;
  const matches = hash !== null && (await verifyPassword(password.password, hash));
  return { password, hash, matches };
}

type RequestPassword = { oid_partner: string; user_id: string; password: string; random_key?: string };

function fromRequest(req: RequestPassword, field: string): EncryptedPassword {
  return { oid_partner: req.oid_partner, user_id: req.user_id, field, ciphertext: req.password, ...(req.random_key ? { random_key: req.random_key } : {}) };
}

/** The `password` field of an account-management request (with its random_key when sent), decrypted outside the transaction; `field` names it in a 1005. */
export function decryptRequestPassword(ctx: Context, req: RequestPassword, field = 'password'): DecryptedPassword {
  return decryptPassword(ctx, fromRequest(req, field));
}

/** The `password` field of an account-management request (with its random_key when sent), checked outside the transaction. */
export function proveRequestPassword(ctx: Context, req: RequestPassword): Promise<PasswordProof> {
  return provePassword(ctx, fromRequest(req, 'password'));
}

/**
 * Inside the transaction of an operation the payment password authorises, in the order of
 * docs/decisions.md: its txn_seqno unused (1010), the user (2003, 2014, 2001), the password (1014,
 * 1013, 1015). The user, or the Refused of a wrong password (counted) for the caller to return.
 */
export async function authorise(ctx: Context, tx: Tx, req: { oid_partner: string; user_id: string; txn_seqno: string }, type: UserType | undefined, proof: PasswordProof): Promise<Readonly<User> | Refused> {
  assertTxnSeqnoFree(tx, req.oid_partner, req.txn_seqno);
  const user = await activeUser(ctx, tx, req.oid_partner, req.user_id, type);
  return (await checkPaymentPassword(ctx, tx, user, proof)) ?? user;
}

/**
 * Inside the transaction: the lock (rules payment-password-lock), the random_key, then the
 * password itself (payment-password-check). A wrong password is counted, and the count kept,
 * even though the request fails: a Refused for the caller to return. A right one clears the count.
 */
export async function checkPaymentPassword(ctx: Context, tx: Tx, user: Readonly<User>, proof: PasswordProof): Promise<Refused | null> {
  const now = ctx.clock.now();
  const lock = await ctx.rules.check('payment-password-lock', user.password_locked_at === undefined ? {} : { seconds_since_lock: Math.floor((now - user.password_locked_at) / 1000) });
  if (lock) return new Refused(new AccpError(lock.ret_code, undefined, lock.rule));
  await consumeRandomKey(ctx, tx, user, proof.password);
  // A lock that has run out starts the count again.
  const errors = user.password_locked_at === undefined ? user.password_errors : 0;
  if (proof.hash !== user.password_hash) {
    // The password changed between the check and this transaction: the check says nothing now.
    return new Refused(new AccpError('1015', undefined, 'password changed meanwhile'));
  }
  const wrong = proof.matches ? 0 : errors + 1;
  const refusal = await ctx.rules.check('payment-password-check', { password_matches: proof.matches, wrong_in_a_row: wrong });
  const key = keys.user(user.oid_partner, user.user_id);
  const latest = tx.get('users', key)!;
  const { password_locked_at: _, ...unlocked } = latest;
  if (refusal) {
    tx.put('users', key, { ...unlocked, password_errors: wrong, ...(refusal.ret_code === '1014' ? { password_locked_at: now } : {}) });
    return new Refused(new AccpError(refusal.ret_code, undefined, refusal.rule));
  }
  if (latest.password_errors !== 0 || latest.password_locked_at !== undefined) tx.put('users', key, { ...unlocked, password_errors: 0 });
  return null;
}

/** Sets a new payment password (already checked against rules/payment-password.json), clearing any lock. */
export function setPassword(tx: Tx, user: Readonly<User>, hash: string): void {
  const key = keys.user(user.oid_partner, user.user_id);
  const latest = tx.get('users', key)!;
  const { password_locked_at: _, ...rest } = latest;
  tx.put('users', key, { ...rest, password_hash: hash, password_errors: 0 });
}
