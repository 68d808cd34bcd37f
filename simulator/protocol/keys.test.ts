import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateRsaKeyPair, parsePublicKey, PRIVATE_KEY_GIVEN, publicKeyBase64Der } from './keys.js';

const { publicKey: rsa2048 } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const { publicKey: rsa1024 } = generateKeyPairSync('rsa', { modulusLength: 1024 });

const spkiDer = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
const pkcs1Der = (k: KeyObject) => k.export({ type: 'pkcs1', format: 'der' });
const wrap76 = (s: string) => s.match(/.{1,76}/g)!.join('\n');

describe('keys: parsePublicKey', () => {
  describe.each([
    ['1024', rsa1024, 1024],
    ['2048', rsa2048, 2048],
  ] as const)('a %s-bit RSA key', (_label, key, bits) => {
    const forms: [string, string][] = [
      ['PEM SPKI', key.export({ type: 'spki', format: 'pem' }) as string],
      ['PEM PKCS#1', key.export({ type: 'pkcs1', format: 'pem' }) as string],
      ['base64 DER SPKI, one line', spkiDer(key).toString('base64')],
      ['base64 DER SPKI, 76-char lines', wrap76(spkiDer(key).toString('base64'))],
      ['base64 DER SPKI, CRLF lines and surrounding blanks', `\n  ${wrap76(spkiDer(key).toString('base64')).replace(/\n/g, '\r\n')}  \n`],
      ['base64 DER PKCS#1', pkcs1Der(key).toString('base64')],
      ['base64 DER PKCS#1, 76-char lines', wrap76(pkcs1Der(key).toString('base64'))],
    ];

    it.each(forms)('accepts %s as the same key', (_form, text) => {
      const parsed = parsePublicKey(text);
      expect(parsed.type).toBe('public');
      expect(parsed.asymmetricKeyType).toBe('rsa');
      expect(parsed.asymmetricKeyDetails?.modulusLength).toBe(bits);
      expect(parsed.equals(key)).toBe(true);
    });

    it('checks that the PEM forms really are the armours they claim', () => {
      expect(forms[0]![1]).toContain('-----BEGIN PUBLIC KEY-----');
      expect(forms[1]![1]).toContain('-----BEGIN RSA PUBLIC KEY-----');
      expect(forms[3]![1].split('\n').every((l) => l.length <= 76)).toBe(true);
      expect(forms[3]![1].split('\n').length).toBeGreaterThan(1);
    });
  });

  it('refuses garbage with a readable error', () => {
    for (const bad of ['', 'hello world', 'AAAA', '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----', Buffer.from('not a key at all').toString('base64')]) {
      expect(() => parsePublicKey(bad), JSON.stringify(bad)).toThrow('public key is neither PEM nor base64 DER (SPKI or PKCS#1)');
    }
  });

  it('refuses an EC key, PEM or base64 DER, saying it is not RSA', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    expect(() => parsePublicKey(publicKey.export({ type: 'spki', format: 'pem' }) as string)).toThrow('public key is ec, not RSA');
    expect(() => parsePublicKey(spkiDer(publicKey).toString('base64'))).toThrow('public key is ec, not RSA');
  });

  it('refuses a private key in every form, although Node would derive the public key from most of them', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const forms = [
      privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
      privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
      privateKey.export({ type: 'pkcs1', format: 'der' }).toString('base64'),
      wrap76(privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64')),
      privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'x' }) as string,
    ];
    for (const text of forms) {
      expect(() => parsePublicKey(text)).toThrow(PRIVATE_KEY_GIVEN);
    }
  });

  it('refuses a 512-bit RSA key as too short', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 512 });
    expect(publicKey.asymmetricKeyDetails?.modulusLength).toBe(512);
    expect(() => parsePublicKey(publicKey.export({ type: 'spki', format: 'pem' }) as string)).toThrow('RSA key of 512 bits is too short (1024 or more)');
    expect(() => parsePublicKey(spkiDer(publicKey).toString('base64'))).toThrow(/512 bits is too short/);
  });
});

describe('keys: publicKeyBase64Der', () => {
  it("is one line of base64 of the DER SPKI, and round-trips through parsePublicKey", () => {
    for (const key of [rsa1024, rsa2048]) {
      const text = publicKeyBase64Der(key);
      expect(text).toMatch(/^[A-Za-z0-9+/]+=*$/);
      expect(Buffer.from(text, 'base64').equals(spkiDer(key))).toBe(true);
      const back = parsePublicKey(text);
      expect(back.equals(key)).toBe(true);
      expect(publicKeyBase64Der(back)).toBe(text);
    }
  });

  it('gives different text for different keys', () => {
    expect(publicKeyBase64Der(rsa1024)).not.toBe(publicKeyBase64Der(rsa2048));
  });
});

describe('keys: generateRsaKeyPair', () => {
  it('makes a matching 1024-bit pair, PKCS#8 private and SPKI public', () => {
    const pair = generateRsaKeyPair(1024);
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(pair.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    const pub = createPublicKey(pair.publicKeyPem);
    const priv = createPrivateKey(pair.privateKeyPem);
    expect(pub.asymmetricKeyDetails?.modulusLength).toBe(1024);
    expect(priv.asymmetricKeyDetails?.modulusLength).toBe(1024);
    expect(createPublicKey(priv).equals(pub)).toBe(true);
    const sig = sign('sha256', Buffer.from('x'), priv);
    expect(verify('sha256', Buffer.from('x'), pub, sig)).toBe(true);
    expect(parsePublicKey(pair.publicKeyPem).equals(pub)).toBe(true);
  });

  it('defaults to 2048 bits and makes a fresh pair each time', () => {
    const a = generateRsaKeyPair();
    const b = generateRsaKeyPair();
    expect(createPublicKey(a.publicKeyPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(a.publicKeyPem).not.toBe(b.publicKeyPem);
  });
});
