// What the worker sends follows the outbox row itself: notification ids start again after
// POST /sandbox/reset and a snapshot restore (N1 may then be another notification), and a row
// goes out only once its commit is durable.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPerson, userId } from '../../harness/testdata.js';
import { parsePublicKey } from '../protocol/keys.js';
import { verifyBody } from '../protocol/signature.js';
import { applyOpening, smsCode, startTestSimulator, verifyOpening, type TestSimulator } from '../testkit/simulator.js';

interface Received {
  path: string;
  body: string;
  signature: string;
}

let t: TestSimulator;
let server: Server;
let port = 0;
const received: Received[] = [];
/** Answers by path; a path in `held` answers only when the test releases it. */
const answers = new Map<string, string>();
const held = new Map<string, (text: string) => void>();

beforeAll(async () => {
  t = await startTestSimulator();
  server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const path = req.url ?? '';
      received.push({ path, body, signature: String(req.headers['signature-data'] ?? '') });
      if (path.startsWith('/held')) held.set(path, (text) => res.headersSent || res.writeHead(200).end(text));
      else res.writeHead(200).end(answers.get(path) ?? 'fail');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const release of held.values()) release('fail');
  server.closeAllConnections();
  server.close();
  await t.dispose();
});

type Note = { id: string; status: string; attempts: number; last_result?: string; body: string; url: string };

async function notes(txnSeqno: string): Promise<Note[]> {
  return (await t.sandbox<{ notifications: Note[] }>('GET', `/sandbox/notifications?txn_seqno=${txnSeqno}`)).body.notifications;
}

async function eventually<T>(what: string, get: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await get();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`never happened: ${what}`);
}

async function openWithNotify(path: string): Promise<string> {
  const p = { userId: userId(), ...newPerson(), notifyUrl: `http://127.0.0.1:${port}${path}` };
  const applied = await applyOpening(t.client, p);
  expect((await verifyOpening(t, p, applied)).ret_code).toBe('0000');
  return applied.txnSeqno;
}

function arrivedAt(path: string): Received | undefined {
  return received.find((r) => r.path === path);
}

function verifies(r: Received): boolean {
  return verifyBody(Buffer.from(r.body), r.signature, parsePublicKey(t.sim.ctx.keys.publicKeyB64)) === 'md5-hex';
}

describe('notifications after a reset or a restore', () => {
  it('signs a new notification that reuses a pending one’s id with its own body (reset)', async () => {
    const first = await openWithNotify('/first');
    const old = await eventually('first attempt', async () => (await notes(first)).find((n) => n.attempts === 1));
    expect(old).toMatchObject({ status: 'PENDING', last_result: 'HTTP 200 "fail"' });
    expect(verifies(arrivedAt('/first')!)).toBe(true);

    expect((await t.sandbox('POST', '/sandbox/reset')).status).toBe(200);
    answers.set('/second', 'Success');
    const second = await openWithNotify('/second');
    const now = await eventually('second delivered', async () => (await notes(second)).find((n) => n.status === 'DELIVERED'));
    expect(now.id).toBe(old.id); // the id really was used again
    const got = arrivedAt('/second')!;
    expect(JSON.parse(got.body).txn_seqno).toBe(second);
    expect(verifies(got)).toBe(true);
  });

  it('signs a new notification that reuses a pending one’s id with its own body (snapshot restore)', async () => {
    const saved = (await t.sandbox('GET', '/sandbox/snapshot')).body;
    const before = await openWithNotify('/third');
    const old = await eventually('third attempted', async () => (await notes(before)).find((n) => n.attempts === 1));
    expect(old.status).toBe('PENDING');

    expect((await t.sandbox('POST', '/sandbox/snapshot', saved)).status).toBe(200);
    answers.set('/fourth', 'Success');
    const after = await openWithNotify('/fourth');
    const now = await eventually('fourth delivered', async () => (await notes(after)).find((n) => n.status === 'DELIVERED'));
    expect(now.id).toBe(old.id);
    expect(verifies(arrivedAt('/fourth')!)).toBe(true);
  });

  it('does not record an attempt in flight across a reset on the notification that took its id', async () => {
    expect((await t.sandbox('POST', '/sandbox/reset')).status).toBe(200);
    const first = await openWithNotify('/held-1');
    // the attempt is in flight: the merchant holds its answer
    await eventually('held request arrives', () => (held.has('/held-1') ? true : undefined));
    const oldId = (await notes(first))[0]!.id;
    expect((await t.sandbox('POST', '/sandbox/reset')).status).toBe(200);

    answers.set('/other', 'not yet');
    const second = await openWithNotify('/other');
    expect((await notes(second))[0]!.id).toBe(oldId);
    // the old attempt now succeeds: that is no answer to the new notification
    held.get('/held-1')!('Success');

    const n = await eventually('the new notification is attempted itself', async () => (await notes(second)).find((x) => x.attempts === 1));
    expect(n).toMatchObject({ status: 'PENDING', last_result: 'HTTP 200 "not yet"', url: `http://127.0.0.1:${port}/other` });
    expect(arrivedAt('/other')).toBeDefined();
    expect(verifies(arrivedAt('/other')!)).toBe(true);
  });
});

describe('notifications and durability', () => {
  it('sends nothing for a change before the change is on disk', async () => {
    const p = { userId: userId(), ...newPerson(), notifyUrl: `http://127.0.0.1:${port}/durable` };
    answers.set('/durable', 'Success');
    const applied = await applyOpening(t.client, p);
    const r = await t.client.call('acctmgr/get-random', { user_id: p.userId, flag_chnl: 'PC' });
    const code = await smsCode(t, p.cardPhone);
    // Hold the journal's next append: the verify's commit is applied in memory, not yet durable.
    const journal = (t.sim.ctx.state as unknown as { journal: { write: (data: string) => Promise<unknown> } }).journal;
    const write = journal.write.bind(journal);
    let durable = false;
    let open!: () => void;
    const gate = new Promise<void>((res) => (open = res));
    journal.write = async (data: string) => {
      await gate;
      const done = await write(data);
      durable = true;
      return done;
    };
    let arrivedDurable: boolean | undefined;
    const arrival = eventually('the notification arrives', () => {
      if (arrivedAt('/durable') && arrivedDurable === undefined) arrivedDurable = durable;
      return arrivedDurable;
    });
    try {
      const verifying = t.client.call('acctmgr/openacct-verify-individual', {
        user_id: p.userId,
        txn_seqno: applied.txnSeqno,
        token: String(applied.answer.token),
        verify_code: code,
        password: t.client.encryptPassword('Wang2024', String(r.random_value)),
        random_key: String(r.random_key),
      });
      // a few of the worker's ticks (50 ms) pass while the commit waits for the disk
      await new Promise((res) => setTimeout(res, 400));
      open();
      expect((await verifying).ret_code).toBe('0000');
      expect(await arrival).toBe(true);
    } finally {
      open();
      journal.write = write;
    }
  });
});
