// Spec §2.5.1 (acctmgr v1.4) / §2.6.1 (txn v2.3): Signature-Data = Base64(MD5withRSA(MD5(body))),
// where MD5(body) is the lowercase hex digest of the exact body bytes. LianLian's Go SDK demo
// instead signs MD5withRSA over the body bytes themselves; requests in either form verify.
import { createHash, createPrivateKey, sign, verify, type KeyObject } from 'node:crypto';

export type SignatureForm = 'md5-hex' | 'raw-body';

function md5Hex(body: Buffer | string): Buffer {
  return Buffer.from(createHash('md5').update(body).digest('hex'), 'latin1');
}

/** The spec's form: what the simulator puts on responses and notifications. */
export function signBody(body: Buffer | string, privateKey: KeyObject): string {
  return sign('md5', md5Hex(body), privateKey).toString('base64');
}

/** Which form the signature verifies in, or null when it verifies in neither. */
export function verifyBody(body: Buffer, signatureB64: string, publicKey: KeyObject): SignatureForm | null {
  if (!/^[A-Za-z0-9+/=\s]+$/.test(signatureB64)) return null;
  const sig = Buffer.from(signatureB64, 'base64');
  if (sig.length === 0) return null;
  if (verify('md5', md5Hex(body), publicKey, sig)) return 'md5-hex';
  if (verify('md5', body, publicKey, sig)) return 'raw-body';
  return null;
}

export function loadPrivateKey(pem: string): KeyObject {
  return createPrivateKey(pem);
}
