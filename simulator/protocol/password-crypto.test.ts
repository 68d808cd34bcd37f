import { constants, generateKeyPairSync, publicEncrypt, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { PasswordCipher, decodeEme, encryptPassword } from './password-crypto.js';

/**
 * node-forge's EME-PKCS1-v1_5 decoding of a raw block. Forge decodes only inside its private
 * decryption; a key with e = d = dP = dQ = 1 (and the real n, p, q, qInv) makes that decryption,
 * blinding included, the identity, so what comes out is forge's decoding of `em` alone.
 */
function forgeDecode(em: Buffer, key: forge.pki.rsa.PrivateKey): Buffer {
  const one = new forge.jsbn.BigInteger('1');
  const identity = forge.pki.setRsaPrivateKey(key.n, one, one, key.p, key.q, one, one, key.qInv);
  return Buffer.from((identity as forge.pki.rsa.PrivateKey).decrypt(em.toString('binary'), 'RSAES-PKCS1-V1_5'), 'binary');
}

function pemPair(bits: number): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

describe.each([1024, 2048])('password-crypto with %i-bit keys', (bits) => {
  const platform = pemPair(bits);
  const other = pemPair(bits);
  const cipher = new PasswordCipher(platform.privateKeyPem);

  it('round-trips ASCII and Chinese passwords through encryptPassword', () => {
    for (const plain of ['Wang2024', 'a', 'random-value-1234567890:qwer7788', '支付密码', '张三Wang2024！']) {
      const ct = encryptPassword(plain, platform.publicKeyPem);
      expect(Buffer.from(ct, 'base64').length).toBe(bits / 8);
      expect(cipher.decrypt(ct)).toBe(plain);
    }
  });

  it('encrypts with random padding: two ciphertexts of one password differ, both decrypt', () => {
    const a = encryptPassword('Wang2024', platform.publicKeyPem);
    const b = encryptPassword('Wang2024', platform.publicKeyPem);
    expect(a).not.toBe(b);
    expect(cipher.decrypt(a)).toBe('Wang2024');
    expect(cipher.decrypt(b)).toBe('Wang2024');
  });

  it("decrypts a ciphertext made independently by node's publicEncrypt with PKCS#1 v1.5 padding", () => {
    for (const plain of ['qwer7788', '密码123']) {
      const ct = publicEncrypt({ key: platform.publicKeyPem, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(plain, 'utf8')).toString('base64');
      expect(cipher.decrypt(ct)).toBe(plain);
    }
  });

  it('accepts a ciphertext wrapped over several lines', () => {
    const ct = encryptPassword('a1b2c3', platform.publicKeyPem).replace(/(.{60})/g, '$1\n');
    expect(ct).toContain('\n');
    expect(cipher.decrypt(ct)).toBe('a1b2c3');
  });

  it('returns null for what is visibly not a ciphertext: junk, wrong lengths', () => {
    expect(cipher.decrypt('')).toBeNull();
    expect(cipher.decrypt('!!!!')).toBeNull();
    expect(cipher.decrypt('not base64 at all')).toBeNull();
    expect(cipher.decrypt(Buffer.alloc(bits / 8 - 1, 7).toString('base64'))).toBeNull();
    expect(cipher.decrypt(Buffer.alloc(bits / 8 + 1, 7).toString('base64'))).toBeNull();
    const full = Buffer.from(encryptPassword('Wang2024', platform.publicKeyPem), 'base64');
    expect(cipher.decrypt(full.subarray(1).toString('base64'))).toBeNull();
    // a number not below the modulus
    expect(cipher.decrypt(Buffer.alloc(bits / 8, 0xff).toString('base64'))).toBeNull();
  });

  it('rejects a bad padding implicitly: a deterministic pseudo-random message, never an error', () => {
    // right length, below the modulus (leading zero byte), but not a PKCS#1 v1.5 block
    const junk = Buffer.concat([Buffer.from([0, 7]), Buffer.alloc(bits / 8 - 2, 7)]).toString('base64');
    const a = cipher.decrypt(junk);
    expect(a).not.toBeNull();
    expect(cipher.decrypt(junk)).toBe(a);
    const other = Buffer.concat([Buffer.from([0]), randomBytes(bits / 8 - 1)]).toString('base64');
    const b = cipher.decrypt(other);
    expect(b).not.toBeNull();
    expect(cipher.decrypt(other)).toBe(b);
    expect(b).not.toBe(a);
  });

  it('decodes every block exactly as node-forge does, and rejects what forge rejects', () => {
    const key = forge.pki.privateKeyFromPem(platform.privateKeyPem) as forge.pki.rsa.PrivateKey;
    const k = bits / 8;
    const blocks: Buffer[] = [];
    for (let i = 0; i < 40; i++) {
      const m = randomBytes(1 + (i % 20));
      const ps = randomBytes(k - 3 - m.length).map((x) => x || 1);
      blocks.push(Buffer.concat([Buffer.from([0, 2]), ps, Buffer.from([0]), m]));
    }
    // malformed: wrong leading byte, wrong block type, no separator, padding shorter than 8 bytes
    const good = blocks[0]!;
    blocks.push(Buffer.concat([Buffer.from([1]), good.subarray(1)]));
    blocks.push(Buffer.concat([Buffer.from([0, 1]), good.subarray(2)]));
    blocks.push(Buffer.concat([Buffer.from([0, 2]), Buffer.alloc(k - 2, 9)]));
    blocks.push(Buffer.concat([Buffer.from([0, 2]), Buffer.alloc(7, 9), Buffer.from([0]), Buffer.alloc(k - 10, 5)]));
    const rejected = Buffer.from('rejected');
    let refusedByForge = 0;
    for (const em of blocks) {
      let expected: Buffer;
      try {
        expected = forgeDecode(em, key);
      } catch {
        expected = rejected;
        refusedByForge++;
      }
      expect(decodeEme(em, () => rejected)).toEqual(expected);
    }
    expect(refusedByForge).toBe(4);
  });

  it('returns null for a ciphertext sized for a key of the other length', () => {
    const otherSize = pemPair(bits === 1024 ? 2048 : 1024);
    expect(cipher.decrypt(encryptPassword('Wang2024', otherSize.publicKeyPem))).toBeNull();
  });
});
