// Bench fixtures: a data dir with payers that have money, and optionally a history of paid
// orders, built in-process through the domain code (not over HTTP: a fixture of 100,000
// transactions must take seconds, not the minutes the API would). Users are written with one
// shared password hash; their accounts and money go through the ledger as usual.
import { closeExpiredTrades } from '../payments/trades.js';
import type { Context } from '../domain/context.js';
import type { User } from '../domain/model.js';
import { keys } from '../domain/state.js';
import { openUserAccounts } from '../ledger/accounts.js';
import { createMerchant } from '../merchants/merchants.js';
import { offlineTopUp } from '../payments/offline-topup.js';
import { completePayment, createTrade } from '../payments/trades.js';
import { hashPassword } from '../protocol/password-hash.js';
import { DEMO_OID_PARTNER, DEMO_MERCHANT_NAME, openContext } from '../server.js';
import { readFileSync } from 'node:fs';
import { formatStamp } from '../world/clock.js';

export const BENCH_PASSWORD = 'Bench2026';

export interface Fixture {
  payers: string[];
  payees: string[];
}

async function addUser(ctx: Context, userId: string, hash: string, n: number): Promise<void> {
  await ctx.state.transaction((tx) => {
    const id = `11010119900101${String(n % 1000).padStart(3, '0')}`;
    const user: User = {
      oid_partner: DEMO_OID_PARTNER,
      user_id: userId,
      oid_userno: `B${String(n).padStart(15, '0')}`,
      user_type: 'INNERUSER',
      user_status: 'NORMAL',
      user_name: `压测用户${n}`,
      id_type: 'ID_CARD',
      id_no: `${id}X`,
      id_exp: '99991231',
      occupation: '10',
      reg_phone: `139${String(n).padStart(8, '0')}`,
      password_hash: hash,
      password_errors: 0,
      open_txn_seqno: `BENCH-OPEN-${n}`,
      open_notify_url: 'http://127.0.0.1:9/n',
      created_at: ctx.clock.now(),
    };
    tx.put('users', keys.user(DEMO_OID_PARTNER, userId), user);
    openUserAccounts(tx, ctx.clock, DEMO_OID_PARTNER, userId);
  });
}

/** Builds the fixture in `dir` (a fresh data dir) and closes it, ready for `accp serve`. */
export async function buildFixture(dir: string, opts: { payers: number; history: number; onProgress?: (done: number) => void }): Promise<Fixture> {
  const opened = await openContext(dir, { fsync: false });
  const { ctx } = opened;
  await createMerchant(ctx, { oid_partner: DEMO_OID_PARTNER, name: DEMO_MERCHANT_NAME, public_key: readFileSync(opened.files.demoMerchantPublicKeyB64, 'utf8') });
  const hash = await hashPassword(BENCH_PASSWORD);
  const payers = Array.from({ length: opts.payers }, (_, i) => `bench-payer-${i}`);
  const payees = Array.from({ length: opts.payers }, (_, i) => `bench-payee-${i}`);
  let n = 0;
  for (const u of [...payers, ...payees]) await addUser(ctx, u, hash, n++);
  // ten transfers of the most one request may carry (Number(8,2)) give each payer about 10 million yuan
  for (const p of payers) for (let i = 0; i < 10; i++) await offlineTopUp(ctx, { oid_partner: DEMO_OID_PARTNER, user_id: p, amount: '999999.99' });

  // history: paid general-consumption orders, written in parallel batches (group commit)
  const stamp = formatStamp(Date.now());
  for (let done = 0; done < opts.history; ) {
    const batch = Math.min(500, opts.history - done);
    await Promise.all(
      Array.from({ length: batch }, async (_, i) => {
        const k = done + i;
        const payer = payers[k % payers.length]!;
        const payee = payees[(k * 7) % payees.length]!;
        const seq = `HIST-${k}`;
        const created = await createTrade(ctx, {
          oid_partner: DEMO_OID_PARTNER,
          txn_type: 'GENERAL_CONSUME',
          user_id: payer,
          orderInfo: { txn_seqno: seq, txn_time: stamp, total_amount: '1.00', goods_name: '历史订单' },
          payeeInfo: [{ payee_id: payee, payee_type: 'USER', payee_amount: '1.00' }],
        });
        await ctx.state.transaction((tx) => {
          const trade = tx.get('trades', created.accp_txno)!;
          completePayment(ctx, tx, trade, { type: 'USER', id: payer }, [{ method: 'BALANCE', amount: 100 }]);
        });
      }),
    );
    done += batch;
    opts.onProgress?.(done);
  }
  await closeExpiredTrades(ctx);
  await opened.close(); // closes the state and releases the data dir's LOCK for `accp serve`
  return { payers, payees };
}
