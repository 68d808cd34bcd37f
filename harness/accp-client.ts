// A merchant's ACCP client over undici: signs each request body (spec §2.5.1 form), posts it,
// and verifies the signature of every answer with the platform public key. An answer whose
// signature does not verify is an error here (LianLian's demos only log it; a conformance
// harness must not let it pass).
import { createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import { Agent, request } from 'undici';
import { encryptPassword } from '../simulator/protocol/password-crypto.js';
import { parsePublicKey } from '../simulator/protocol/keys.js';
import { signBody, verifyBody } from '../simulator/protocol/signature.js';
import { formatStamp } from '../simulator/world/clock.js';
import type { AccpConnection } from './integration.js';

export interface AccpAnswer {
  ret_code: string;
  ret_msg: string;
  [field: string]: unknown;
}

export class AccpSignatureError extends Error {}

export class AccpClient {
  private readonly privateKey: KeyObject;
  private readonly platformKey: KeyObject;
  readonly platformPublicKeyPem: string;
  private readonly agent = new Agent({ keepAliveTimeout: 10_000, connections: 64 });

  constructor(readonly conn: AccpConnection) {
    this.privateKey = createPrivateKey(conn.merchantPrivateKeyPem);
    this.platformKey = parsePublicKey(conn.platformPublicKey);
    this.platformPublicKeyPem = this.platformKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  /** yyyyMMddHHmmss, China Standard Time, from this machine's clock */
  timestamp(): string {
    return formatStamp(Date.now());
  }

  newSeqno(prefix = 'T'): string {
    return `${prefix}${Date.now()}${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  }

  /** Base64(RSA PKCS#1 v1.5(platform public key, randomValue + password)) */
  encryptPassword(password: string, randomValue = ''): string {
    return encryptPassword(randomValue + password, this.platformPublicKeyPem);
  }

  /** POSTs to /v1/<path>, adding timestamp and oid_partner. */
  async call(path: string, fields: Record<string, unknown>): Promise<AccpAnswer> {
    const body = JSON.stringify({ timestamp: this.timestamp(), oid_partner: this.conn.oidPartner, ...fields });
    const res = await request(new URL(`/v1/${path}`, this.conn.baseUrl), {
      method: 'POST',
      dispatcher: this.agent,
      headers: {
        'content-type': 'application/json;charset=utf-8',
        'signature-type': 'RSA',
        'signature-data': signBody(body, this.privateKey),
      },
      body,
    });
    const raw = Buffer.from(await res.body.arrayBuffer());
    if (res.statusCode !== 200) throw new Error(`ACCP ${path}: HTTP ${res.statusCode} ${raw.toString('utf8').slice(0, 200)}`);
    const signature = res.headers['signature-data'];
    if (typeof signature !== 'string' || verifyBody(raw, signature, this.platformKey) !== 'md5-hex') {
      throw new AccpSignatureError(`ACCP ${path}: the answer's Signature-Data does not verify with the platform public key`);
    }
    return JSON.parse(raw.toString('utf8')) as AccpAnswer;
  }

  /** Checks a notification's signature (what a merchant's notify endpoint must do). */
  verifyNotification(raw: Buffer, signature: string | undefined): boolean {
    return typeof signature === 'string' && verifyBody(raw, signature, this.platformKey) === 'md5-hex';
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
