// Spec §2.1.3 and the password fields of acctmgr v1.4: a password travels as
// Base64(RSA PKCS#1 v1.5 encrypt with the platform public key). Node 20's crypto refuses
// PKCS#1 v1.5 private decryption (CVE-2023-46809 hardening), so decryption goes through
// node-forge, a maintained implementation, rather than re-enabling it with --security-revert.
import forge from 'node-forge';

export class PasswordCipher {
  private readonly key: forge.pki.rsa.PrivateKey;

  constructor(platformPrivateKeyPem: string) {
    this.key = forge.pki.privateKeyFromPem(platformPrivateKeyPem) as forge.pki.rsa.PrivateKey;
  }

  /** The plaintext, or null when the field is not a ciphertext for the platform key. */
  decrypt(base64: string): string | null {
    try {
      const bytes = forge.util.decode64(base64.replace(/\s+/g, ''));
      const byteLength = Math.ceil(this.key.n.bitLength() / 8);
      if (bytes.length !== byteLength) return null;
      const plain = this.key.decrypt(bytes, 'RSAES-PKCS1-V1_5');
      return forge.util.decodeUtf8(plain);
    } catch {
      return null;
    }
  }
}

/** What a merchant does (and what tests use): encrypt with the platform public key. */
export function encryptPassword(plaintext: string, platformPublicKeyPem: string): string {
  const key = forge.pki.publicKeyFromPem(platformPublicKeyPem) as forge.pki.rsa.PublicKey;
  return forge.util.encode64(key.encrypt(forge.util.encodeUtf8(plaintext), 'RSAES-PKCS1-V1_5'));
}
