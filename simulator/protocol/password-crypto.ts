// Spec §2.1.3 and the password fields of acctmgr v1.4 / txn v2.3: a password travels as
// Base64(RSA PKCS#1 v1.5 encrypt with the platform public key).
//
// Why this is written by hand. Node 20 refuses PKCS#1 v1.5 private decryption (the
// CVE-2023-46809 hardening against the Marvin timing attack: its OpenSSL 3.0 lacks implicit
// rejection), and the hardening must stay on (no --security-revert). node-forge decrypts
// correctly but in pure JavaScript: measured on this project's machine, 41 decryptions per
// second with a 2048-bit key, each blocking the event loop for 24 ms, so every password-bearing
// request (account opening, every balance payment) would queue behind it. Here the modular
// exponentiation, the costly and timing-sensitive part, is Node's own (OpenSSL, with blinding:
// 3,900 per second), with RSA_NO_PADDING, which the hardening allows; the EME-PKCS1-v1_5
// decoding of RFC 8017 §7.2.2 is done below with implicit rejection, the remedy the hardening
// asks for: a ciphertext whose padding is wrong decrypts to a deterministic pseudo-random
// message instead of an error, so no answer tells a padding error from a wrong password.
// password-crypto.test.ts checks the decoding against node-forge's on valid and invalid blocks.
import { constants, createHash, createHmac, createPrivateKey, createPublicKey, privateDecrypt, publicEncrypt, type KeyObject } from 'node:crypto';

export class PasswordCipher {
  private readonly key: KeyObject;
  /** modulus length in bytes */
  private readonly k: number;
  /** secret for the synthetic messages of implicit rejection, derived from the private key */
  private readonly rejectionKey: Buffer;

  constructor(platformPrivateKeyPem: string) {
    this.key = createPrivateKey(platformPrivateKeyPem);
    this.k = Math.ceil((this.key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
    this.rejectionKey = createHash('sha256').update(this.key.export({ type: 'pkcs8', format: 'der' })).update('openaccp implicit rejection').digest();
  }

  /**
   * The plaintext; null only when the field is not a ciphertext of the key's size (not base64,
   * wrong length, a number not below the modulus): facts anyone can see without the key.
   */
  decrypt(base64: string): string | null {
    const text = base64.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
    const ct = Buffer.from(text, 'base64');
    if (ct.length !== this.k) return null;
    let em: Buffer;
    try {
      em = privateDecrypt({ key: this.key, padding: constants.RSA_NO_PADDING }, ct);
    } catch {
      return null; // the ciphertext is not below the modulus
    }
    return decodeEme(em, () => this.synthetic(ct)).toString('utf8');
  }

  /** Implicit rejection: a message that depends only on the key and the ciphertext. */
  private synthetic(ct: Buffer): Buffer {
    const stream = createHmac('sha256', this.rejectionKey).update(ct).digest();
    const length = 6 + (stream[0]! % 7); // as long as a payment password: 6 to 12 bytes
    return stream.subarray(1, 1 + length);
  }
}

/**
 * EME-PKCS1-v1_5 decoding (RFC 8017 §7.2.2 step 3): EM = 0x00 || 0x02 || PS || 0x00 || M with
 * at least 8 non-zero bytes of PS. The scan touches every byte and does not branch on where the
 * separator is; a bad block gives `reject()` instead of an error.
 */
export function decodeEme(em: Buffer, reject: () => Buffer): Buffer {
  const k = em.length;
  let found = 0; // becomes 1 at the first zero byte after the block type
  let separator = 0;
  for (let i = 2; i < k; i++) {
    const isZero = ((em[i]! - 1) >>> 31) & 1; // 1 when em[i] === 0
    const first = isZero & (found ^ 1);
    separator |= -first & i;
    found |= isZero;
  }
  const leadingZero = ((em[0]! - 1) >>> 31) & 1; // em[0] === 0
  const blockType2 = (((em[1]! ^ 2) - 1) >>> 31) & 1; // em[1] === 2
  const longEnough = ((9 - separator) >>> 31) & 1; // separator >= 10: 8 or more bytes of PS
  const good = leadingZero & blockType2 & found & longEnough;
  const synthetic = reject();
  return good === 1 ? em.subarray(separator + 1) : synthetic;
}

/** What a merchant does (and what tests use): encrypt with the platform public key. */
export function encryptPassword(plaintext: string, platformPublicKeyPem: string): string {
  return publicEncrypt({ key: createPublicKey(platformPublicKeyPem), padding: constants.RSA_PKCS1_PADDING }, Buffer.from(plaintext, 'utf8')).toString('base64');
}
