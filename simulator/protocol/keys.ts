// RSA keys as ACCP exchanges them. LianLian publishes public keys as base64 DER
// SubjectPublicKeyInfo without PEM armour; integrators also paste PEM (SPKI or PKCS#1).
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

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

/**
 * Parses a public key given as PEM (SPKI "PUBLIC KEY" or PKCS#1 "RSA PUBLIC KEY") or as
 * base64 DER (SPKI, or PKCS#1). Throws a readable Error when it is none of those or not RSA.
 */
export function parsePublicKey(text: string): KeyObject {
  const trimmed = text.trim();
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
