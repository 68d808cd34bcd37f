// The outbox: a notification is a row written in the same transaction as the change it
// reports, so it exists exactly when the change does. The worker (worker.ts) delivers it.
import type { Notification, NotifySchedule } from '../domain/model.js';
import type { Context } from '../domain/context.js';
import type { Tx } from '../domain/state.js';
import { ids } from '../domain/ids.js';

export interface NotificationInput {
  /** The schema file whose $defs.notification the body must satisfy, e.g. acctmgr/openacct-verify-individual */
  schema: string;
  oid_partner: string;
  txn_seqno: string;
  url: string;
  payload: Record<string, unknown>;
  schedule: NotifySchedule;
}

export function enqueueNotification(ctx: Context, tx: Tx, input: NotificationInput): Notification {
  const invalid = ctx.schemas.checkNotification(input.schema, input.payload);
  if (invalid) throw new Error(`notification for ${input.schema} breaks its schema: ${invalid.field} ${invalid.reason}`);
  const now = ctx.clock.now();
  const notification: Notification = {
    id: ids.notificationId(tx),
    oid_partner: input.oid_partner,
    txn_seqno: input.txn_seqno,
    url: input.url,
    body: JSON.stringify(input.payload),
    schedule: input.schedule,
    status: 'PENDING',
    attempts: 0,
    next_attempt_at: now,
    created_at: now,
  };
  tx.put('notifications', notification.id, notification);
  return notification;
}
