// RSA keys as ACCP exchanges them. LianLian publishes public keys as base64 DER
// SubjectPublicKeyInfo without PEM armour; integrators also paste PEM (SPKI or PKCS#1).
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

export interface KeyPairPem {
  privateKeyPem: string;
  publicKeyPem: string;
}

export function generateRsaKeyPair(bits: 1024 | 2048 = 2048): KeyPairPem {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

export const PRIVATE_KEY_GIVEN = 'this is a private key, not a public one: register the public key (base64 DER SPKI or PEM) and keep the private key to yourself';

/** A private key in any form Node reads (PEM of any kind, or base64 DER PKCS#8 / PKCS#1). */
function isPrivateKey(trimmed: string): boolean {
  if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(trimmed)) return true;
  if (trimmed.includes('-----BEGIN')) return false;
  const der = Buffer.from(trimmed.replace(/\s+/g, ''), 'base64');
  for (const type of ['pkcs8', 'pkcs1'] as const) {
    try {
      createPrivateKey({ key: der, format: 'der', type });
      return true;
    } catch {
      // not that form
    }
  }
  return false;
}

/**
 * Parses a public key given as PEM (SPKI "PUBLIC KEY" or PKCS#1 "RSA PUBLIC KEY") or as
 * base64 DER (SPKI, or PKCS#1). Throws a readable Error when it is none of those or not RSA.
 * A private key is refused (Node would derive the public key from it, and whoever registers it
 * would have handed their secret to the simulator's state and snapshots).
 */
export function parsePublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (isPrivateKey(trimmed)) throw new Error(PRIVATE_KEY_GIVEN);
  let key: KeyObject;
  try {
    if (trimmed.includes('-----BEGIN')) {
      key = createPublicKey(trimmed);
    } else {
      const der = Buffer.from(trimmed.replace(/\s+/g, ''), 'base64');
      try {
        key = createPublicKey({ key: der, format: 'der', type: 'spki' });
      } catch {
        key = createPublicKey({ key: der, format: 'der', type: 'pkcs1' });
      }
    }
  } catch {
    throw new Error('public key is neither PEM nor base64 DER (SPKI or PKCS#1)');
  }
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`public key is ${key.asymmetricKeyType}, not RSA`);
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 1024) throw new Error(`RSA key of ${bits} bits is too short (1024 or more)`);
  return key;
}

/** LianLian's published form: base64 of the DER SubjectPublicKeyInfo, one line. */
export function publicKeyBase64Der(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'der' }).toString('base64');
}
