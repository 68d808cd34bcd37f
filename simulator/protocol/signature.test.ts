import { createHash, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadPrivateKey, signBody, verifyBody } from './signature.js';

function keyPair(bits: number): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('rsa', { modulusLength: bits });
}

/** The spec's form, computed independently: Base64(RSA-MD5 over the ASCII lowercase hex MD5 of the body). */
function specSignature(body: Buffer, privateKey: KeyObject): string {
  const hex = createHash('md5').update(body).digest('hex');
  return sign('md5', Buffer.from(hex), privateKey).toString('base64');
}

/** LianLian's Go SDK form: RSA-MD5 over the body bytes themselves. */
function goSdkSignature(body: Buffer, privateKey: KeyObject): string {
  return sign('md5', body, privateKey).toString('base64');
}

const BODY = Buffer.from(JSON.stringify({ oid_partner: '402103190000001', user_id: '用户-1', txn_seqno: 'S1', amount: '10.00' }), 'utf8');

describe.each([1024, 2048])('signature with %i-bit keys', (bits) => {
  const { privateKey, publicKey } = keyPair(bits);
  const other = keyPair(bits);

  it('signBody produces exactly the spec form, and the signature has the key length', () => {
    const sig = signBody(BODY, privateKey);
    // PKCS#1 v1.5 signatures are deterministic, so the two computations must agree byte for byte
    expect(sig).toBe(specSignature(BODY, privateKey));
    expect(Buffer.from(sig, 'base64').length).toBe(bits / 8);
    // the string form signs the UTF-8 bytes
    expect(signBody(BODY.toString('utf8'), privateKey)).toBe(sig);
    // and node:crypto verifies it over the hex digest, not over the body
    const hex = createHash('md5').update(BODY).digest('hex');
    expect(verify('md5', Buffer.from(hex), publicKey, Buffer.from(sig, 'base64'))).toBe(true);
    expect(verify('md5', BODY, publicKey, Buffer.from(sig, 'base64'))).toBe(false);
  });

  it("verifyBody recognises the spec's md5-hex form", () => {
    expect(verifyBody(BODY, specSignature(BODY, privateKey), publicKey)).toBe('md5-hex');
    expect(verifyBody(BODY, signBody(BODY, privateKey), publicKey)).toBe('md5-hex');
  });

  it("verifyBody recognises the Go SDK's raw-body form", () => {
    expect(verifyBody(BODY, goSdkSignature(BODY, privateKey), publicKey)).toBe('raw-body');
  });

  it('verifyBody tolerates line breaks in the base64 signature', () => {
    const wrapped = specSignature(BODY, privateKey).replace(/(.{64})/g, '$1\n');
    expect(wrapped).toContain('\n');
    expect(verifyBody(BODY, wrapped, publicKey)).toBe('md5-hex');
  });

  it('verifyBody refuses a tampered body in either form', () => {
    const tampered = Buffer.from(BODY.toString('utf8').replace('10.00', '10.01'), 'utf8');
    expect(tampered.equals(BODY)).toBe(false);
    expect(verifyBody(tampered, specSignature(BODY, privateKey), publicKey)).toBeNull();
    expect(verifyBody(tampered, goSdkSignature(BODY, privateKey), publicKey)).toBeNull();
    // one extra byte of whitespace is tampering too
    expect(verifyBody(Buffer.concat([BODY, Buffer.from(' ')]), specSignature(BODY, privateKey), publicKey)).toBeNull();
  });

  it('verifyBody refuses a signature made with another key', () => {
    expect(verifyBody(BODY, specSignature(BODY, other.privateKey), publicKey)).toBeNull();
    expect(verifyBody(BODY, goSdkSignature(BODY, other.privateKey), publicKey)).toBeNull();
    expect(verifyBody(BODY, specSignature(BODY, privateKey), other.publicKey)).toBeNull();
  });

  it('verifyBody refuses empty, non-base64 and truncated signatures', () => {
    const good = specSignature(BODY, privateKey);
    expect(verifyBody(BODY, '', publicKey)).toBeNull();
    expect(verifyBody(BODY, '   ', publicKey)).toBeNull();
    expect(verifyBody(BODY, '!!!not base64!!!', publicKey)).toBeNull();
    expect(verifyBody(BODY, good.replace(/.$/, '*'), publicKey)).toBeNull();
    expect(verifyBody(BODY, good.slice(0, 40), publicKey)).toBeNull();
    expect(verifyBody(BODY, 'AAAA', publicKey)).toBeNull();
  });

  it('verifyBody refuses a signature of the wrong digest algorithm', () => {
    const hex = createHash('md5').update(BODY).digest('hex');
    const sha = sign('sha256', Buffer.from(hex), privateKey).toString('base64');
    expect(verifyBody(BODY, sha, publicKey)).toBeNull();
  });
});

describe('loadPrivateKey', () => {
  it('loads a PKCS#8 PEM private key that signs like the original', () => {
    const { privateKey, publicKey } = keyPair(1024);
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const loaded = loadPrivateKey(pem);
    expect(loaded.type).toBe('private');
    expect(loaded.asymmetricKeyType).toBe('rsa');
    expect(signBody(BODY, loaded)).toBe(signBody(BODY, privateKey));
    expect(verifyBody(BODY, signBody(BODY, loaded), publicKey)).toBe('md5-hex');
  });

  it('throws on text that is not a key', () => {
    expect(() => loadPrivateKey('not a key')).toThrow();
  });
});
