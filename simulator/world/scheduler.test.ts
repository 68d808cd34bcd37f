import { describe, expect, it, vi } from 'vitest';
import type { Context } from '../domain/context.js';
import { eachInOwnTransaction, Scheduler } from './scheduler.js';

/** Just what eachInOwnTransaction uses of a context: transactions and the log. */
function fakeContext() {
  const committed: string[] = [];
  const error = vi.fn();
  const ctx = {
    log: { error },
    state: {
      async transaction<T>(fn: (tx: { put(key: string): void }) => T | Promise<T>): Promise<T> {
        const writes: string[] = [];
        const result = await fn({ put: (key) => writes.push(key) });
        committed.push(...writes); // a throw above means nothing of this item is committed
        return result;
      },
    },
  } as unknown as Context;
  return { ctx, committed, error };
}

describe('scheduler: each due item in a transaction of its own', () => {
  it('goes on past an item that fails, logging it; that item commits nothing', async () => {
    const { ctx, committed, error } = fakeContext();
    const done = await eachInOwnTransaction(ctx, 'bank answers withdrawals', ['W1', 'BROKEN', 'W3'], (tx, key) => {
      (tx as unknown as { put(k: string): void }).put(key);
      if (key === 'BROKEN') throw new Error('posting line amount must be a non-zero integer of fen: 0');
    });
    expect(done).toBe(2);
    expect(committed).toEqual(['W1', 'W3']);
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0]![0]).toMatchObject({ job: 'bank answers withdrawals', item: 'BROKEN' });
  });

  it('counts only the items it did something to', async () => {
    const { ctx } = fakeContext();
    expect(await eachInOwnTransaction(ctx, 'expired orders', ['A', 'B', 'C'], (_tx, key) => key !== 'B')).toBe(2);
  });
});

describe('scheduler: the clockwork on its own', () => {
  it('runs every job at start and on every tick of real time, until stopped', async () => {
    const { ctx } = fakeContext();
    let runs = 0;
    const scheduler = new Scheduler(ctx, [{ name: 'count', run: async () => ++runs }], 10);
    scheduler.start();
    await vi.waitFor(() => expect(runs).toBeGreaterThanOrEqual(3));
    await scheduler.stop();
    const stoppedAt = runs;
    await new Promise((res) => setTimeout(res, 50));
    expect(runs).toBe(stoppedAt);
  });
});
