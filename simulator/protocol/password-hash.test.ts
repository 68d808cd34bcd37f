import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password-hash.js';

describe('password-hash: salted scrypt', () => {
  it('stores scrypt$N$r$p$salt$hash and never the password itself', async () => {
    for (const pw of ['Wang2024', 'qwer7788', '支付密码']) {
      const stored = await hashPassword(pw);
      expect(stored).not.toContain(pw);
      expect(stored).not.toContain(Buffer.from(pw).toString('base64').replace(/=+$/, ''));
      expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
      const [, , , , salt, hash] = stored.split('$');
      expect(Buffer.from(salt!, 'base64').length).toBe(16);
      expect(Buffer.from(hash!, 'base64').length).toBe(32);
    }
  });

  it('is the scrypt of the password with the stored salt (checked independently)', async () => {
    const stored = await hashPassword('Wang2024');
    const [, , , , salt, hash] = stored.split('$');
    const expected = scryptSync('Wang2024', Buffer.from(salt!, 'base64'), 32, { N: 16384, r: 8, p: 1 });
    expect(expected.toString('base64')).toBe(hash);
  });

  it('salts: two hashes of the same password differ', async () => {
    const a = await hashPassword('Wang2024');
    const b = await hashPassword('Wang2024');
    expect(a).not.toBe(b);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('Wang2024');
    expect(await verifyPassword('Wang2024', stored)).toBe(true);
    expect(await verifyPassword('wang2024', stored)).toBe(false);
    expect(await verifyPassword('Wang2025', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
    expect(await verifyPassword('Wang2024 ', stored)).toBe(false);
  });

  it('verifies a hash stored with other scrypt parameters', async () => {
    const salt = Buffer.from('0123456789abcdef');
    const hash = scryptSync('qwer7788', salt, 32, { N: 1024, r: 8, p: 1 });
    const stored = `scrypt$1024$8$1$${salt.toString('base64')}$${hash.toString('base64')}`;
    expect(await verifyPassword('qwer7788', stored)).toBe(true);
    expect(await verifyPassword('qwer7789', stored)).toBe(false);
  });

  it('returns false for stored strings of another shape', async () => {
    const stored = await hashPassword('Wang2024');
    const parts = stored.split('$');
    const malformed = [
      '',
      'Wang2024',
      'bcrypt$2b$10$abcdefghijklmnopqrstuv',
      stored.replace(/^scrypt/, 'SCRYPT'),
      parts.slice(0, 5).join('$'), // no hash
      [...parts.slice(0, 4), '', parts[5]].join('$'), // empty salt
      [parts[0], '', ...parts.slice(2)].join('$'), // empty N
    ];
    for (const s of malformed) expect(await verifyPassword('Wang2024', s), s).toBe(false);
  });
});

describe('verifyPassword refuses tampered hashes', () => {
  it('an empty or truncated hash part never matches', async () => {
    expect(await verifyPassword('anything', 'scrypt$16384$8$1$c2FsdA==$=')).toBe(false);
    expect(await verifyPassword('anything', 'scrypt$16384$8$1$c2FsdA==$!!!!')).toBe(false);
    const good = await hashPassword('Wang2024');
    const truncated = good.slice(0, good.lastIndexOf('$') + 3);
    expect(await verifyPassword('Wang2024', truncated)).toBe(false);
  });

  it('parameters other than its own answer false instead of throwing', async () => {
    for (const stored of ['scrypt$abc$8$1$c2FsdA==$aGFzaA==', 'scrypt$3$8$1$c2FsdA==$aGFzaA==', 'scrypt$1048576$8$1$c2FsdA==$aGFzaA==', 'scrypt$16384$8$1$c2FsdA==$aGFzaA==$extra']) {
      await expect(verifyPassword('x', stored)).resolves.toBe(false);
    }
  });
});
