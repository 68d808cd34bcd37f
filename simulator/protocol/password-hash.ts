// Payment passwords are stored only as salted scrypt hashes (never plaintext, never reversible).
import { createHmac, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const PARAMS = { N: 16384, r: 8, p: 1 } as const;
const KEYLEN = 32;

function scryptAsync(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** "scrypt$N$r$p$<salt b64>$<hash b64>" */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, KEYLEN, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/**
 * Verdicts of recent checks, so that a user paying again and again does not cost a scrypt each
 * time (50 ms of CPU with these parameters: it would cap balance payments at a few dozen a
 * second). Keyed by an HMAC, under a key that lives only in this process, of the stored hash and
 * the typed password: the cache holds no password and nothing a dump could check a guess against
 * offline. Bounded; the oldest verdicts go first.
 */
const VERDICTS = new Map<string, boolean>();
const VERDICT_KEY = randomBytes(32);
const MAX_VERDICTS = 50_000;

function verdictKey(password: string, stored: string): string {
  return createHmac('sha256', VERDICT_KEY).update(stored).update('\u0000').update(password).digest('base64');
}

/** True only for the password the stored hash was made from; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const key = verdictKey(password, stored);
  const known = VERDICTS.get(key);
  if (known !== undefined) return known;
  const verdict = await verifyWithScrypt(password, stored);
  if (VERDICTS.size >= MAX_VERDICTS) VERDICTS.delete(VERDICTS.keys().next().value!);
  VERDICTS.set(key, verdict);
  return verdict;
}

async function verifyWithScrypt(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltB64, hashB64, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || rest.length > 0 || !n || !r || !p || !saltB64 || !hashB64) return false;
  const N = Number(n);
  const R = Number(r);
  const P = Number(p);
  // Hashes made with other (older, newer) parameters still verify, within bounds that keep a
  // malformed hash from asking scrypt for something it refuses or for gigabytes of memory.
  const powerOfTwo = Number.isInteger(N) && N >= 1024 && N <= 131072 && (N & (N - 1)) === 0;
  if (!powerOfTwo || !Number.isInteger(R) || R < 1 || R > 16 || !Number.isInteger(P) || P < 1 || P > 4) return false;
  const expected = Buffer.from(hashB64, 'base64');
  if (expected.length !== KEYLEN || expected.toString('base64') !== hashB64) return false;
  const actual = await scryptAsync(password, Buffer.from(saltB64, 'base64'), KEYLEN, { N, r: R, p: P });
  return timingSafeEqual(actual, expected);
}
