import { constants, generateKeyPairSync, publicEncrypt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PasswordCipher, encryptPassword } from './password-crypto.js';

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

  it('returns null for junk, wrong lengths and ciphertexts for another key', () => {
    expect(cipher.decrypt('')).toBeNull();
    expect(cipher.decrypt('!!!!')).toBeNull();
    expect(cipher.decrypt('not base64 at all')).toBeNull();
    expect(cipher.decrypt(Buffer.alloc(bits / 8 - 1, 7).toString('base64'))).toBeNull();
    expect(cipher.decrypt(Buffer.alloc(bits / 8 + 1, 7).toString('base64'))).toBeNull();
    // right length, but not a PKCS#1 v1.5 block for this key
    expect(cipher.decrypt(Buffer.alloc(bits / 8, 7).toString('base64'))).toBeNull();
    const full = Buffer.from(encryptPassword('Wang2024', platform.publicKeyPem), 'base64');
    expect(cipher.decrypt(full.subarray(1).toString('base64'))).toBeNull();
    for (let i = 0; i < 3; i++) {
      expect(cipher.decrypt(encryptPassword('Wang2024', other.publicKeyPem))).toBeNull();
    }
  });

  it('returns null for a ciphertext sized for a key of the other length', () => {
    const otherSize = pemPair(bits === 1024 ? 2048 : 1024);
    expect(cipher.decrypt(encryptPassword('Wang2024', otherSize.publicKeyPem))).toBeNull();
  });
});
