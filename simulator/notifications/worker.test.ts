// The outbox worker: delivery, acknowledgement by `Success` only, the spec's retry schedule on
// the simulator clock, giving up after the last retry, survival across a restart.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPerson, userId } from '../../harness/testdata.js';
import { applyOpening, startTestSimulator, verifyOpening, type TestSimulator } from '../testkit/simulator.js';
import { parseStamp } from '../world/clock.js';
import { maxAttempts, SCHEDULES } from './schedule.js';

let t: TestSimulator;
let server: Server;
let port = 0;
/** What the merchant's endpoint answers next; recorded bodies */
let answer: () => { status: number; text: string } = () => ({ status: 200, text: 'Success' });
const received: string[] = [];

beforeAll(async () => {
  t = await startTestSimulator();
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(body);
      const a = answer();
      if (a.status === 0) return; // never answers: a timeout
      res.writeHead(a.status).end(a.text);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await t.dispose();
});

type Note = { status: string; attempts: number; next_attempt_at: string; last_result?: string; body: string };

async function notes(txnSeqno: string): Promise<Note[]> {
  return (await t.sandbox<{ notifications: Note[] }>('GET', `/sandbox/notifications?txn_seqno=${txnSeqno}`)).body.notifications;
}

async function until(txnSeqno: string, pred: (n: Note) => boolean): Promise<Note> {
  for (let i = 0; i < 200; i++) {
    const [n] = await notes(txnSeqno);
    if (n && pred(n)) return n;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`notification of ${txnSeqno} never got there: ${JSON.stringify(await notes(txnSeqno))}`);
}

async function openWithNotify(path: string): Promise<string> {
  const p = { userId: userId(), ...newPerson(), notifyUrl: `http://127.0.0.1:${port}${path}` };
  const applied = await applyOpening(t.client, p);
  expect((await verifyOpening(t, p, applied)).ret_code).toBe('0000');
  return applied.txnSeqno;
}

describe('notification delivery', () => {
  it('follows the spec schedules: account management 2 min × 30, transactions 5 min × 12', () => {
    expect(SCHEDULES.acctmgr).toEqual({ intervalSeconds: 120, retries: 30 });
    expect(SCHEDULES.txn).toEqual({ intervalSeconds: 300, retries: 12 });
    expect(maxAttempts('acctmgr')).toBe(31);
    expect(maxAttempts('txn')).toBe(13);
  });

  it('delivers at once and stops when the merchant answers Success', async () => {
    answer = () => ({ status: 200, text: 'Success' });
    const seq = await openWithNotify('/ok');
    const n = await until(seq, (x) => x.status === 'DELIVERED');
    expect(n.attempts).toBe(1);
    expect(received.some((b) => JSON.parse(b).txn_seqno === seq)).toBe(true);
  });

  it('retries anything but Success every 2 minutes of simulator time, and only then', async () => {
    answer = () => ({ status: 200, text: 'OK' });
    const seq = await openWithNotify('/not-success');
    const first = await until(seq, (x) => x.attempts === 1);
    expect(first).toMatchObject({ status: 'PENDING', last_result: 'HTTP 200 "OK"' });
    const clock = (await t.sandbox<{ now: string }>('GET', '/sandbox/clock')).body.now;
    const due = parseStamp(first.next_attempt_at)! - parseStamp(clock)!;
    expect(due).toBeGreaterThanOrEqual(119_000);
    expect(due).toBeLessThanOrEqual(120_000);
    // 119 s later nothing is due
    await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 119 });
    await new Promise((r) => setTimeout(r, 200));
    expect((await notes(seq))[0]!.attempts).toBe(1);
    // at 120 s the second attempt goes; an HTTP 500 with the word Success is still a failure
    answer = () => ({ status: 500, text: 'Success' });
    await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 1 });
    expect(await until(seq, (x) => x.attempts === 2)).toMatchObject({ status: 'PENDING', last_result: 'HTTP 500 "Success"' });
    answer = () => ({ status: 200, text: 'Success' });
    await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 120 });
    expect(await until(seq, (x) => x.status === 'DELIVERED')).toMatchObject({ attempts: 3 });
  });

  it('gives up after the first attempt and 30 retries', async () => {
    answer = () => ({ status: 503, text: 'busy' });
    const seq = await openWithNotify('/always-failing');
    await until(seq, (x) => x.attempts === 1);
    for (let i = 2; i <= 31; i++) {
      await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 120 });
      await until(seq, (x) => x.attempts === i);
    }
    expect((await notes(seq))[0]).toMatchObject({ status: 'FAILED', attempts: 31 });
    await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 3600 });
    await new Promise((r) => setTimeout(r, 200));
    expect((await notes(seq))[0]!.attempts).toBe(31);
  }, 60_000);

  it('counts a merchant that never answers as a failed attempt (timeout)', async () => {
    answer = () => ({ status: 0, text: '' });
    const seq = await openWithNotify('/silent');
    expect(await until(seq, (x) => x.attempts === 1)).toMatchObject({ status: 'PENDING', last_result: 'timeout' });
  }, 20_000);

  it('flush tries every pending notification now, whatever its schedule', async () => {
    answer = () => ({ status: 200, text: 'nope' });
    const seq = await openWithNotify('/flush');
    await until(seq, (x) => x.attempts === 1);
    answer = () => ({ status: 200, text: 'Success' });
    const flushed = await t.sandbox<{ attempts: { status: string }[] }>('POST', '/sandbox/notifications/flush');
    expect(flushed.status).toBe(200);
    expect(await until(seq, (x) => x.status === 'DELIVERED')).toMatchObject({ attempts: 2 });
  });

  it('flush with {"oid_partner"} or {"txn_seqno"} tries only those', async () => {
    answer = () => ({ status: 200, text: 'nope' });
    const a = await openWithNotify('/flush-a');
    const b = await openWithNotify('/flush-b');
    await until(a, (x) => x.attempts === 1);
    await until(b, (x) => x.attempts === 1);
    type Flushed = { attempts: { id: string }[] };
    const other = await t.sandbox<Flushed>('POST', '/sandbox/notifications/flush', { oid_partner: '999999999999999999' });
    expect(other).toEqual({ status: 200, body: { attempts: [] } });
    const onlyA = await t.sandbox<Flushed>('POST', '/sandbox/notifications/flush', { txn_seqno: a });
    expect(onlyA.body.attempts).toHaveLength(1);
    expect((await notes(a))[0]!.attempts).toBe(2);
    expect((await notes(b))[0]!.attempts).toBe(1);
    const onlyB = await t.sandbox<Flushed>('POST', '/sandbox/notifications/flush', { oid_partner: t.sim.demoOidPartner, txn_seqno: b });
    expect(onlyB.body.attempts).toHaveLength(1);
    expect((await notes(a))[0]!.attempts).toBe(2);
    expect((await notes(b))[0]!.attempts).toBe(2);
    expect((await t.sandbox('POST', '/sandbox/notifications/flush', { txn_seqno: 7 })).status).toBe(400);
    expect((await notes(a))[0]!.attempts).toBe(2);
  });
});
