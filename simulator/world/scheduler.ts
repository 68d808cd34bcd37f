// The simulator's own clockwork: what happens because time passes on the simulator clock —
// pending settlement becoming available, unpaid orders and unconfirmed withdrawals expiring, the
// bank answering withdrawals, the channels answering refunds. Runs every tick, and at once after
// the sandbox moves the clock (so a test sees the consequences when its clock call returns).
import type { Context } from '../domain/context.js';
import type { Tx } from '../domain/state.js';

export interface Job {
  name: string;
  run(ctx: Context): Promise<number>;
}

/**
 * Does a job's work on each due item in a transaction of its own. An item that fails is rolled
 * back and logged, and the job goes on with the next: one bad record must never stop the bank
 * from answering every withdrawal queued behind it. Counts the items for which `fn` did something
 * (returned anything but false).
 */
export async function eachInOwnTransaction(ctx: Context, job: string, keys: readonly string[], fn: (tx: Tx, key: string) => unknown): Promise<number> {
  let done = 0;
  for (const key of keys) {
    try {
      const result = await ctx.state.transaction((tx) => fn(tx, key));
      if (result !== false) done++;
    } catch (err) {
      ctx.log.error({ job, item: key, err: (err as Error).message, stack: (err as Error).stack }, 'scheduled job failed on one item; the others go on');
    }
  }
  return done;
}

export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly ctx: Context,
    private readonly jobs: readonly Job[],
    private readonly tickMs = 1_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.runDue(), this.tickMs);
    this.timer.unref();
    void this.runDue();
  }

  /** Runs every job once (or once more after the run in progress); resolves when done. */
  async runDue(): Promise<void> {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        for (const job of this.jobs) {
          try {
            await job.run(this.ctx);
          } catch (err) {
            this.ctx.log.error({ job: job.name, err: (err as Error).message }, 'scheduled job failed');
          }
        }
      } while (this.again && !this.stopped);
    })().finally(() => (this.running = null));
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
