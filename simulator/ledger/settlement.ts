// When pending-settlement money becomes available: at the start of each accounting day (China
// Standard Time, on the simulator clock), everything a PSETTLE account held before that day moves
// to its AVAILABLE account (日终结转, product DAILY_SETTLEMENT). Money that arrives on a day waits
// for the next one (T+1). docs/ledger.md.
import type { Context } from '../domain/context.js';
import type { AcctType } from '../domain/model.js';
import type { View } from '../domain/state.js';
import { ids } from '../domain/ids.js';
import { accountOf } from './accounts.js';
import { post } from './ledger.js';

const SETTLED_DAY = 'settled_day';

/** Whether money that reached a PSETTLE account on accounting day `day` (yyyyMMdd) has settled into AVAILABLE. */
export function hasSettled(view: View, day: string): boolean {
  const last = view.get('settings', SETTLED_DAY)?.value;
  return typeof last === 'string' && day < last;
}

export async function settlePending(ctx: Context): Promise<number> {
  const today = ctx.clock.day();
  const last = ctx.state.peek((v) => v.get('settings', SETTLED_DAY)?.value);
  if (last === today) return 0;
  return ctx.state.transaction((tx) => {
    let moved = 0;
    const accpTxno = ids.accpTxno(tx, ctx.clock);
    for (const a of tx.scan('accounts')) {
      if (!a.acct_type.endsWith('_PSETTLE') || a.acct_state !== 'NORMAL') continue;
      // what it held at the start of today (all of it, if nothing moved today), less what is frozen
      const held = a.day === today ? a.day_open_balance - a.day_open_frozen : a.balance - a.frozen;
      const amount = Math.min(held, a.balance - a.frozen);
      if (amount <= 0) continue;
      const target = accountOf(tx, a.owner_kind, a.owner, a.acct_type.replace('_PSETTLE', '_AVAILABLE') as AcctType);
      if (!target || target.acct_state !== 'NORMAL') continue;
      post(tx, ctx.clock, {
        accp_txno: accpTxno,
        txn_seqno: `SETTLE${today}`,
        txn_type: 'GENERAL_CONSUME',
        product_code: 'DAILY_SETTLEMENT',
        memo: '日终结转',
        lines: [
          { oid_acctno: a.oid_acctno, amount: -amount },
          { oid_acctno: target.oid_acctno, amount },
        ],
      });
      moved += 1;
    }
    tx.put('settings', SETTLED_DAY, { value: today });
    return moved;
  });
}
