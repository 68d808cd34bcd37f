// Delivers the outbox: POSTs each notification's JSON, signed like a response (Signature-Type,
// Signature-Data), with undici. A body of `Success` acknowledges it; anything else, an error or
// a timeout schedules the next attempt on the simulator clock (schedule.ts). Every attempt's
// outcome is committed, so pending deliveries survive a restart; one that was in flight when the
// process died is sent again (the spec tells merchants to expect repeats).
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

export class NotificationWorker {
  private readonly agent: Agent;
  private readonly inFlight = new Map<string, Promise<DeliveryResult | null>>();
  private readonly signatures = new Map<string, string>();
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
      const now = this.ctx.clock.now();
      const due = this.ctx.state.peek((v) => v.find('notifications', 'byStatus', 'PENDING')).filter((n) => n.next_attempt_at <= now && !this.inFlight.has(n.id));
      await Promise.all(due.map((n) => this.deliver(n.id)));
    } catch (err) {
      // A failed store refuses reads; the worker waits for the restart that reloads it.
      this.ctx.log.error({ err: (err as Error).message }, 'notification worker could not read the outbox');
    }
  }

  /** POST /sandbox/notifications/flush: one attempt now for every pending notification, whatever its schedule. */
  async flush(): Promise<DeliveryResult[]> {
    const pending = this.ctx.state.peek((v) => v.find('notifications', 'byStatus', 'PENDING'));
    const results = await Promise.all(pending.map((n) => this.deliver(n.id)));
    return results.filter((r): r is DeliveryResult => r !== null);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.inFlight.values()]);
    await this.agent.close();
  }

  private deliver(id: string): Promise<DeliveryResult | null> {
    const running = this.inFlight.get(id);
    if (running) return running;
    const p = this.attempt(id).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, p);
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

  private async attempt(id: string): Promise<DeliveryResult | null> {
    const release = await this.slot();
    try {
      const n = this.ctx.state.peek((v) => v.get('notifications', id));
      if (!n || n.status !== 'PENDING' || this.stopped) return null;
      const outcome = await this.post(n);
      return await this.ctx.state.transaction((tx) => {
        const current = tx.get('notifications', id);
        if (!current || current.status !== 'PENDING') return null;
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
        if (status !== 'PENDING') this.signatures.delete(id);
        return { id, url: current.url, status, attempts, last_result: outcome.result };
      });
    } catch (err) {
      this.ctx.log.error({ notification: id, err: (err as Error).message }, 'notification attempt could not be recorded');
      return null;
    } finally {
      release();
    }
  }

  private signatureOf(n: Readonly<Notification>): string {
    let sig = this.signatures.get(n.id);
    if (!sig) {
      sig = signBody(n.body, this.ctx.keys.privateKey);
      this.signatures.set(n.id, sig);
    }
    return sig;
  }

  private async post(n: Readonly<Notification>): Promise<{ ok: boolean; result: string }> {
    try {
      const res = await request(n.url, {
        method: 'POST',
        dispatcher: this.agent,
        headers: {
          'content-type': 'application/json;charset=utf-8',
          'signature-type': 'RSA',
          'signature-data': this.signatureOf(n),
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
