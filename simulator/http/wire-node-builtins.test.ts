// The wire, proven without the project's own code: this client uses only Node built-ins
// (node:http, node:crypto, node:fs, node:child_process). It starts `accp serve` as a separate
// process, opens a personal account exactly as the spec describes, checks the signature of
// every answer and of the notification, then kills the simulator with SIGKILL while the
// notification is still pending and proves a restart delivers it.
import { spawn, type ChildProcess } from 'node:child_process';
import { constants, createHash, createPublicKey, publicEncrypt, sign, verify, createPrivateKey, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ADMIN = 'wire-test-admin-token';
const dataDir = mkdtempSync(join(tmpdir(), 'accp-wire-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

interface Served {
  child: ChildProcess;
  url: string;
  demoOid: string;
  demoKeyFile: string;
  platformKeyFile: string;
}

function serve(): Promise<Served> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'simulator/cli/main.ts', 'serve', '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, ACCP_ADMIN_TOKEN: ADMIN, ACCP_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`accp serve exited (${code}): ${err}`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (!out.includes('admin token:')) return;
      const field = (label: string) => new RegExp(`${label}:\\s+(\\S+)`).exec(out)![1]!;
      resolve({
        child,
        url: field('url'),
        demoOid: field('demo oid_partner'),
        demoKeyFile: field('demo merchant key'),
        platformKeyFile: /base64 DER: (\S+)\)\n\s+admin/.exec(out)![1]!,
      });
    });
  });
}

function httpPost(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; raw: Buffer; headers: IncomingMessage['headers'] }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, raw: Buffer.concat(chunks), headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function httpGet(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { authorization: `Bearer ${ADMIN}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    })
      .on('error', reject)
      .end();
  });
}

const md5hex = (b: Buffer | string) => createHash('md5').update(b).digest('hex');

/** yyyyMMddHHmmss in China Standard Time */
function stamp(ms = Date.now()): string {
  return new Date(ms + 8 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14);
}

class Merchant {
  readonly key: KeyObject;
  readonly platform: KeyObject;
  constructor(
    readonly s: Served,
  ) {
    this.key = createPrivateKey(readFileSync(s.demoKeyFile, 'utf8'));
    this.platform = createPublicKey({ key: Buffer.from(readFileSync(s.platformKeyFile, 'utf8').trim(), 'base64'), format: 'der', type: 'spki' });
  }

  async call(name: string, fields: Record<string, unknown>): Promise<Record<string, string>> {
    const body = JSON.stringify({ timestamp: stamp(), oid_partner: this.s.demoOid, ...fields });
    const signature = sign('md5', Buffer.from(md5hex(body)), this.key).toString('base64');
    const res = await httpPost(`${this.s.url}/v1/acctmgr/${name}`, body, { 'content-type': 'application/json;charset=utf-8', 'signature-type': 'RSA', 'signature-data': signature });
    expect(res.status).toBe(200);
    expect(res.headers['signature-type']).toBe('RSA');
    expect(verify('md5', Buffer.from(md5hex(res.raw)), this.platform, Buffer.from(String(res.headers['signature-data']), 'base64'))).toBe(true);
    expect(res.raw.includes(0x0a)).toBe(false);
    return JSON.parse(res.raw.toString('utf8')) as Record<string, string>;
  }

  encrypt(plain: string): string {
    return publicEncrypt({ key: this.platform, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(plain, 'utf8')).toString('base64');
  }

  async sms(phone: string): Promise<string> {
    const inbox = (await httpGet(`${this.s.url}/sandbox/sms?phone=${phone}`)) as { messages: { code: string }[] };
    return inbox.messages[0]!.code;
  }
}

/** GB 11643-1999 identity number: 北京东城, born 1990-05-17 */
function idNo(seq: string): string {
  const first17 = `11010119900517${seq}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11];
}

/** A Luhn-valid ICBC debit card (BIN 622202) */
function cardNo(middle: string): string {
  const partial = `622202${middle}`.padEnd(18, '7');
  let sum = 0;
  for (let i = 0; i < partial.length; i++) {
    let d = Number(partial[partial.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return partial + String((10 - (sum % 10)) % 10);
}

function receiver(port = 0): Promise<{ server: Server; port: number; got: { body: Buffer; signature: string }[] }> {
  const got: { body: Buffer; signature: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ body: Buffer.concat(chunks), signature: String(req.headers['signature-data']) });
      res.end('Success');
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port, got })));
}

describe('the wire, with a client of Node built-ins only', () => {
  it('opens a personal account, every answer and the notification signed; a SIGKILL loses nothing answered and the pending notification is delivered after the restart', async () => {
    const first = await serve();
    const m = new Merchant(first);
    const user = `wire${Date.now()}`;
    const phone = `139${String(Date.now()).slice(-8)}`;

    // 3.1 / 3.2
    expect(await m.call('regphone-verifycode-apply', { user_id: user, reg_phone: phone })).toMatchObject({ ret_code: '0000', ret_msg: '交易成功', reg_phone: phone });
    expect((await m.call('regphone-verifycode-verify', { user_id: user, reg_phone: phone, verify_code: await m.sms(phone) })).ret_code).toBe('0000');

    // the notification receiver is down for now: reserve a port, then close it
    const down = await receiver();
    const notifyPort = down.port;
    await new Promise((r) => down.server.close(r));

    // 3.3.1
    const txnSeqno = `WIRE${Date.now()}`;
    const applied = await m.call('openacct-apply-individual', {
      user_id: user,
      txn_seqno: txnSeqno,
      txn_time: stamp(),
      notify_url: `http://127.0.0.1:${notifyPort}/accp/notify`,
      basicInfo: { reg_phone: phone, user_name: '王小明', id_type: 'ID_CARD', id_no: idNo(String(Date.now()).slice(-3)), id_exp: '99991231', occupation: '10', address: '北京市东城区' },
      linkedAcctInfo: { linked_acctno: cardNo(String(Date.now()).slice(-9)), linked_phone: phone },
    });
    expect(applied).toMatchObject({ ret_code: '0000', user_id: user, txn_seqno: txnSeqno });

    // 3.13, then 3.3.2 with random_value + password encrypted by the platform key
    const random = await m.call('get-random', { user_id: user, flag_chnl: 'PC' });
    expect(random.ret_code).toBe('0000');
    expect(random.rsa_public_content).toBe(readFileSync(first.platformKeyFile, 'utf8').trim());
    const verified = await m.call('openacct-verify-individual', {
      user_id: user,
      txn_seqno: txnSeqno,
      token: applied.token,
      verify_code: await m.sms(phone),
      password: m.encrypt(random.random_value + 'Wire2026'),
      random_key: random.random_key,
    });
    expect(verified).toMatchObject({ ret_code: '0000', user_status: 'NORMAL', accp_txno: applied.accp_txno });

    // the first delivery attempt fails (connection refused) and is scheduled again
    let notes: { notifications: { status: string; attempts: number }[] } = { notifications: [] };
    for (let i = 0; i < 100; i++) {
      notes = (await httpGet(`${first.url}/sandbox/notifications?txn_seqno=${txnSeqno}`)) as typeof notes;
      if (notes.notifications[0]?.attempts === 1) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(notes.notifications).toMatchObject([{ status: 'PENDING', attempts: 1 }]);

    // kill -9: nothing that was answered may be lost
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const up = await receiver(notifyPort);
    const second = await serve();
    const m2 = new Merchant(second);
    expect(await m2.call('query-userinfo', { user_id: user })).toMatchObject({ ret_code: '0000', user_status: 'NORMAL', oid_userno: verified.oid_userno });
    const acct = await m2.call('query-acctinfo', { user_id: user, user_type: 'INNERUSER' });
    expect(acct.ret_code).toBe('0000');

    // the retry is due two minutes later on the simulator clock (acctmgr §2.6)
    const moved = await new Promise<{ now: string }>((resolve, reject) => {
      const body = JSON.stringify({ advance_seconds: 120 });
      request(`${second.url}/sandbox/clock`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      })
        .on('error', reject)
        .end(body);
    });
    expect(moved.now).toMatch(/^\d{14}$/);
    for (let i = 0; i < 100 && up.got.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(up.got).toHaveLength(1);
    const note = up.got[0]!;
    expect(verify('md5', Buffer.from(md5hex(note.body)), m2.platform, Buffer.from(note.signature, 'base64'))).toBe(true);
    expect(JSON.parse(note.body.toString('utf8'))).toMatchObject({ oid_partner: second.demoOid, user_id: user, txn_seqno: txnSeqno, accp_txno: applied.accp_txno, oid_userno: verified.oid_userno, user_status: 'NORMAL' });
    for (let i = 0; i < 100; i++) {
      notes = (await httpGet(`${second.url}/sandbox/notifications?txn_seqno=${txnSeqno}`)) as typeof notes;
      if (notes.notifications[0]?.status === 'DELIVERED') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(notes.notifications).toMatchObject([{ status: 'DELIVERED', attempts: 2 }]);
    up.server.close();
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
  });
});
