// The sandbox desk: what a test or QA may do that no merchant can — read the SMS inbox, move the
// clock, look at and flush notifications, save, restore and reset the whole state.
// The HTTP routes (http/sandbox-routes.ts) only translate; the work is here.
import type { Context } from '../domain/context.js';
import { InputError } from '../domain/errors.js';
import type { Model } from '../domain/model.js';
import { openMerchantAccounts } from '../ledger/accounts.js';
import type { StateDocument } from '../store/store.js';
import { formatStamp } from '../world/clock.js';

const OFFSET = 'clock_offset_ms';

/** The clock's offset from real time: kept in the state, cached here for Clock.now(). */
export class ClockControl {
  private offset = 0;

  get offsetMs(): number {
    return this.offset;
  }

  load(ctx: Context): void {
    this.offset = Number(ctx.state.peek((v) => v.get('settings', OFFSET))?.value ?? 0);
  }

  /** Moves the simulator clock forward; it never goes back. */
  async advance(ctx: Context, seconds: unknown): Promise<string> {
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0 || seconds > 10 * 366 * 86400) {
      throw new InputError('advance_seconds must be a whole number of seconds, 0 to ten years');
    }
    const next = this.offset + seconds * 1000;
    await ctx.state.transaction((tx) => tx.put('settings', OFFSET, { value: next }));
    this.offset = next;
    ctx.notifier.wake();
    return ctx.clock.stamp();
  }
}

export async function smsInbox(ctx: Context, phone: unknown) {
  if (typeof phone !== 'string' || !/^\d{11}$/.test(phone)) throw new InputError('phone must be 11 digits');
  const messages = await ctx.state.read((v) => v.find('sms', 'byPhone', phone));
  return {
    messages: [...messages]
      .sort((a, b) => b.sent_at - a.sent_at || Number(b.id.slice(1)) - Number(a.id.slice(1)))
      .map((m) => ({ phone: m.phone, code: m.code, purpose: m.purpose, sent_at: formatStamp(m.sent_at), status: m.status, oid_partner: m.oid_partner, user_id: m.user_id })),
  };
}

export async function notificationsOf(ctx: Context, txnSeqno: unknown, oidPartner: unknown) {
  if (typeof txnSeqno !== 'string' || txnSeqno === '') throw new InputError('txn_seqno is required');
  const list = await ctx.state.read((v) => v.find('notifications', 'byTxnSeqno', txnSeqno));
  return {
    notifications: list
      .filter((n) => oidPartner === undefined || n.oid_partner === oidPartner)
      .map((n) => ({
        id: n.id,
        oid_partner: n.oid_partner,
        txn_seqno: n.txn_seqno,
        url: n.url,
        body: n.body,
        status: n.status,
        attempts: n.attempts,
        next_attempt_at: formatStamp(n.next_attempt_at),
        ...(n.last_result ? { last_result: n.last_result } : {}),
      })),
  };
}

export async function exportSnapshot(ctx: Context): Promise<StateDocument> {
  return ctx.state.exportState();
}

/** Replaces the whole state with a snapshot taken earlier (by this or another simulator). */
export async function restoreSnapshot(ctx: Context, clock: ClockControl, doc: unknown): Promise<void> {
  const d = doc as Partial<StateDocument> | null;
  if (!d || d.format !== 'openaccp-state' || d.version !== 1 || typeof d.collections !== 'object' || d.collections === null) {
    throw new InputError('not an OpenACCP state snapshot (format "openaccp-state", version 1)');
  }
  await ctx.state.replaceState(d as StateDocument);
  await ensureMerchantAccounts(ctx);
  clock.load(ctx);
  ctx.notifier.wake();
}

/** Back to a first start: merchants stay registered (with empty accounts), everything else goes. */
export async function resetState(ctx: Context, clock: ClockControl): Promise<void> {
  const merchants = await ctx.state.read((v) => [...v.scan('merchants')]);
  const collections: Record<string, Record<string, unknown>> = { merchants: Object.fromEntries(merchants.map((m) => [m.oid_partner, m])) };
  await ctx.state.replaceState({ format: 'openaccp-state', version: 1, seq: 0, collections });
  await ensureMerchantAccounts(ctx);
  clock.load(ctx);
}

/** Every merchant has its eight accounts (four types × AVAILABLE, PSETTLE) (after a reset or a restore of a hand-made snapshot). */
export async function ensureMerchantAccounts(ctx: Context): Promise<void> {
  await ctx.state.transaction((tx) => {
    for (const m of tx.scan('merchants')) openMerchantAccounts(tx, ctx.clock, (m as Model['merchants']).oid_partner);
  });
}
