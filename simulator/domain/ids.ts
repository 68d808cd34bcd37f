// Identifiers the simulator hands out. Numbers come from counters in the state, so they are
// unique across restarts and repeat exactly after a snapshot is restored.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../world/clock.js';
import type { Tx } from './state.js';

export function nextNumber(tx: Tx, counter: string): number {
  const n = (tx.get('counters', counter)?.n ?? 0) + 1;
  tx.put('counters', counter, { n });
  return n;
}

function dayNumbered(tx: Tx, clock: Clock, counter: string, digits: number): string {
  return clock.day() + String(nextNumber(tx, counter)).padStart(digits, '0');
}

export const ids = {
  /** ACCP 系统交易单号, String(32) */
  accpTxno: (tx: Tx, clock: Clock) => dayNumbered(tx, clock, 'accp_txno', 10),
  /** ACCP 系统用户编号, String(32) */
  oidUserno: (tx: Tx, clock: Clock) => dayNumbered(tx, clock, 'oid_userno', 8),
  /** 绑卡协议号, String(32) */
  linkedAgrtno: (tx: Tx, clock: Clock) => `${dayNumbered(tx, clock, 'linked_agrtno', 10)}`,
  /** 账户号, String(32) */
  oidAcctno: (tx: Tx) => `A${String(nextNumber(tx, 'oid_acctno')).padStart(15, '0')}`,
  /** 资金流水号, String(20) */
  jnoAcct: (tx: Tx, clock: Clock) => dayNumbered(tx, clock, 'jno_acct', 12),
  postingId: (tx: Tx) => `P${nextNumber(tx, 'posting')}`,
  notificationId: (tx: Tx) => `N${nextNumber(tx, 'notification')}`,
  smsId: (tx: Tx) => `S${nextNumber(tx, 'sms')}`,
  /** Opaque, unguessable: tokens and random keys. */
  secret: (bytes = 16) => randomBytes(bytes).toString('hex'),
};
