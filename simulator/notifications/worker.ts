// Delivers the outbox: POSTs each notification's JSON, signed like a response (Signature-Type,
// Signature-Data), with undici. A body of `Success` acknowledges it; anything else, an error or
// a timeout schedules the next attempt on the simulator clock (schedule.ts). Every attempt's
// outcome is committed, so pending deliveries survive a restart; one that was in flight when the
// process died is sent again (the spec tells merchants to expect repeats).
//
// The worker keeps nothing about a notification but the attempt in flight, and that by the row
// itself, not its id: ids start again after a reset or a snapshot restore (N1 may be another
// notification then). Records are immutable (store.ts), so an attempt's outcome is recorded only
// when the row is still the very object it attempted; otherwise the row was replaced under it
// and the outcome is dropped. The signature is computed from the row's body at each attempt.
// Rows are read only once durable, so nothing goes out for a change a crash could still lose.
import { Agent, request } from 'undici';
import type { Notification } from '../domain/model.js';
import type { Context } from '../domain/context.js';
import { signBody } from '../protocol/signature.js';
import { maxAttempts, SCHEDULES } from './schedule.js';

export interface WorkerOptions {
  /** Per-attempt timeout (connect + answer). */
  timeoutMs?: number;
  concurrency?: number;
  /** How often the worker looks for due deliveries, in real milliseconds. */
  tickMs?: number;
}

export interface DeliveryResult {
  id: string;
  url: string;
  status: Notification['status'];
  attempts: number;
  last_result: string;
}

/** Which pending notifications POST /sandbox/notifications/flush tries; none given: all. */
export interface FlushFilter {
  oid_partner?: string;
  txn_seqno?: string;
}

type Row = Readonly<Notification>;

export class NotificationWorker {
  private readonly agent: Agent;
  /** The attempts in flight, by the row they attempt. */
  private readonly inFlight = new Map<Row, Promise<DeliveryResult | null>>();
  private timer: NodeJS.Timeout | null = null;
  private woken = false;
  private stopped = false;
  private readonly timeoutMs: number;
  private readonly concurrency: number;
  private readonly tickMs: number;
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly ctx: Context, opts: WorkerOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.concurrency = opts.concurrency ?? 8;
    this.tickMs = opts.tickMs ?? 1_000;
    this.agent = new Agent({ connect: { timeout: this.timeoutMs }, headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs, keepAliveTimeout: 4_000 });
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.tickMs);
    this.timer.unref();
    this.wake();
  }

  /** New deliveries may be due (a commit, a clock move): look soon. */
  wake(): void {
    if (this.woken || this.stopped) return;
    this.woken = true;
    setImmediate(() => {
      this.woken = false;
      void this.tick();
    });
  }

  /** Delivers every due notification not already in flight. */
  async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      const pending = await this.pending();
      const now = this.ctx.clock.now();
      const due = pending.filter((n) => n.next_attempt_at <= now && !this.inFlight.has(n));
      await Promise.all(due.map((n) => this.deliver(n)));
    } catch (err) {
      // A failed store refuses reads; the worker waits for the restart that reloads it.
      this.ctx.log.error({ err: (err as Error).message }, 'notification worker could not read the outbox');
    }
  }

  /**
   * POST /sandbox/notifications/flush: one attempt now for every pending notification (of one
   * merchant, or of one txn_seqno, when the filter says so), whatever its schedule.
   */
  async flush(filter: FlushFilter = {}): Promise<DeliveryResult[]> {
    const pending = (await this.pending()).filter(
      (n) => (filter.oid_partner === undefined || n.oid_partner === filter.oid_partner) && (filter.txn_seqno === undefined || n.txn_seqno === filter.txn_seqno),
    );
    const results = await Promise.all(pending.map((n) => this.deliver(n)));
    return results.filter((r): r is DeliveryResult => r !== null);
  }

  /** The pending rows, once durable. */
  private pending(): Promise<Row[]> {
    return this.ctx.state.read((v) => v.find('notifications', 'byStatus', 'PENDING'));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.inFlight.values()]);
    await this.agent.close();
  }

  private deliver(n: Row): Promise<DeliveryResult | null> {
    const running = this.inFlight.get(n);
    if (running) return running;
    const p = this.attempt(n).finally(() => this.inFlight.delete(n));
    this.inFlight.set(n, p);
    return p;
  }

  private async slot(): Promise<() => void> {
    if (this.active >= this.concurrency) await new Promise<void>((res) => this.waiting.push(res));
    this.active += 1;
    return () => {
      this.active -= 1;
      this.waiting.shift()?.();
    };
  }

  private async attempt(n: Row): Promise<DeliveryResult | null> {
    const id = n.id;
    const release = await this.slot();
    try {
      // Still the row that was due? (An attempt may have been recorded meanwhile, or a reset or a
      // restore may have put another notification under this id.)
      const row = await this.ctx.state.read((v) => v.get('notifications', id));
      if (row !== n || n.status !== 'PENDING' || this.stopped) return null;
      const outcome = await this.post(n);
      return await this.ctx.state.transaction((tx) => {
        const current = tx.get('notifications', id);
        if (current !== n) {
          this.ctx.log.info({ notification: id, result: outcome.result }, 'notification replaced during its attempt (reset or restore): outcome dropped');
          return null;
        }
        const attempts = current.attempts + 1;
        const now = this.ctx.clock.now();
        const status: Notification['status'] = outcome.ok ? 'DELIVERED' : attempts >= maxAttempts(current.schedule) ? 'FAILED' : 'PENDING';
        tx.put('notifications', id, {
          ...current,
          attempts,
          status,
          last_result: outcome.result,
          next_attempt_at: status === 'PENDING' ? now + SCHEDULES[current.schedule].intervalSeconds * 1000 : current.next_attempt_at,
          ...(outcome.ok ? { delivered_at: now } : {}),
        });
        this.ctx.log.info({ notification: id, txn_seqno: current.txn_seqno, attempts, status, result: outcome.result }, 'notification attempt');
        return { id, url: current.url, status, attempts, last_result: outcome.result };
      });
    } catch (err) {
      this.ctx.log.error({ notification: id, err: (err as Error).message }, 'notification attempt could not be recorded');
      return null;
    } finally {
      release();
    }
  }

  private async post(n: Readonly<Notification>): Promise<{ ok: boolean; result: string }> {
    try {
      const res = await request(n.url, {
        method: 'POST',
        dispatcher: this.agent,
        headers: {
          'content-type': 'application/json;charset=utf-8',
          'signature-type': 'RSA',
          'signature-data': signBody(n.body, this.ctx.keys.privateKey),
        },
        body: n.body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = (await res.body.text()).slice(0, 200);
      const ok = res.statusCode >= 200 && res.statusCode < 300 && text.trim() === 'Success';
      return { ok, result: `HTTP ${res.statusCode} ${JSON.stringify(text.trim().slice(0, 60))}` };
    } catch (err) {
      const e = err as Error & { code?: string };
      return { ok: false, result: e.name === 'TimeoutError' || e.name === 'AbortError' ? 'timeout' : (e.code ?? e.message) };
    }
  }
}
