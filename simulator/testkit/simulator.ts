// For tests only: a simulator of their own (fresh data dir, free port), a signed client for its
// demo merchant, and the sandbox desk.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { AccpClient } from '../../harness/accp-client.js';
import { createLogger } from '../log.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../server.js';

export interface TestSimulator {
  sim: RunningSimulator;
  dir: string;
  /** The demo merchant's client (signs with its key, checks every answer's signature) */
  client: AccpClient;
  sandbox<T = Record<string, unknown>>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** Stops the simulator, keeping its data dir (for restarts) */
  stop(): Promise<void>;
  /** Stops it and deletes its data dir */
  dispose(): Promise<void>;
}

export const TEST_ADMIN_TOKEN = 'test-admin-token';

export async function startTestSimulator(options: Partial<SimulatorOptions> = {}): Promise<TestSimulator> {
  const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'accp-test-'));
  const sim = await startSimulator({
    port: 0,
    adminToken: TEST_ADMIN_TOKEN,
    logger: createLogger(process.env.ACCP_LOG_LEVEL ?? 'silent'),
    fsync: false,
    notifications: { timeoutMs: 2_000, tickMs: 50 },
    // the clockwork runs when a test asks (POST /sandbox/jobs/run, a clock advance), never between a
    // test's two snapshots of the state
    clockworkTickMs: 3_600_000,
    platformKeyBits: 1024,
    ...options,
    dataDir: dir,
  });
  const client = new AccpClient({
    baseUrl: sim.url,
    oidPartner: sim.demoOidPartner,
    merchantPrivateKeyPem: readFileSync(sim.keyFiles.demoMerchantPrivateKey, 'utf8'),
    platformPublicKey: sim.ctx.keys.publicKeyB64,
  });
  const sandbox = async <T>(method: 'GET' | 'POST', path: string, body?: unknown) => {
    const res = await request(new URL(path, sim.url), {
      method,
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.statusCode, body: (await res.body.json()) as T };
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await client.close();
    await sim.close();
  };
  return {
    sim,
    dir,
    client,
    sandbox,
    stop,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The newest SMS code sent to a phone. */
export async function smsCode(t: TestSimulator, phone: string): Promise<string> {
  const { body } = await t.sandbox<{ messages: { code: string }[] }>('GET', `/sandbox/sms?phone=${phone}`);
  const code = body.messages[0]?.code;
  if (!code) throw new Error(`no SMS to ${phone}`);
  return code;
}

export interface OpeningInput {
  userId: string;
  name: string;
  idNo: string;
  phone: string;
  cardNo: string;
  cardPhone: string;
  notifyUrl?: string;
}

/** openacct-apply-individual with a person's details; returns the answer and the txn_seqno used. */
export async function applyOpening(client: AccpClient, p: OpeningInput, txnSeqno = client.newSeqno('OPEN')) {
  const answer = await client.call('acctmgr/openacct-apply-individual', {
    user_id: p.userId,
    txn_seqno: txnSeqno,
    txn_time: client.timestamp(),
    notify_url: p.notifyUrl ?? 'http://127.0.0.1:9/notify',
    basicInfo: { reg_phone: p.phone, user_name: p.name, id_type: 'ID_CARD', id_no: p.idNo, id_exp: '99991231', occupation: '10' },
    linkedAcctInfo: { linked_acctno: p.cardNo, linked_phone: p.cardPhone },
  });
  return { answer, txnSeqno };
}

/** openacct-verify-individual; with a random_key from get-random unless `bare`. */
export async function verifyOpening(t: TestSimulator, p: OpeningInput, applied: { answer: Record<string, unknown>; txnSeqno: string }, password = 'Wang2024', opts: { bare?: boolean; code?: string } = {}) {
  let pw: Record<string, string>;
  if (opts.bare) {
    pw = { password: t.client.encryptPassword(password) };
  } else {
    const r = await t.client.call('acctmgr/get-random', { user_id: p.userId, flag_chnl: 'PC' });
    pw = { password: t.client.encryptPassword(password, String(r.random_value)), random_key: String(r.random_key) };
  }
  return t.client.call('acctmgr/openacct-verify-individual', {
    user_id: p.userId,
    txn_seqno: applied.txnSeqno,
    token: String(applied.answer.token),
    verify_code: opts.code ?? (await smsCode(t, p.cardPhone)),
    ...pw,
  });
}

/** A merchant's notify endpoint that acknowledges every notification at once (answers Success), so no retry changes the state behind a test's back. */
export async function startAckReceiver(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('Success'));
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`,
    close: () => new Promise<void>((res) => server.close(() => res())),
  };
}
