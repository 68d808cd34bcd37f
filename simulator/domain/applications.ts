// Two-step operations (apply → verify): the token an apply hands out and the checks of
// rules/credentials.json (ruleset token) when a verify comes back with it.
import type { Application, ApplicationKind } from './model.js';
import { refuseIf, type Context } from './context.js';
import type { Tx, View } from './state.js';
import { ids } from './ids.js';

export function newToken(): string {
  return ids.secret(16);
}

export interface TokenPresented {
  token: string;
  oid_partner: string;
  user_id: string;
  /** compared only for applications that have one: an extra txn_seqno on a verify whose apply took none (find-password-verify) is an unknown field, accepted */
  txn_seqno?: string;
}

/** The pending application a token stands for, of the expected kind; 1000 otherwise. */
export async function takeApplication<K extends ApplicationKind>(ctx: Context, tx: Tx, kind: K, req: TokenPresented): Promise<Readonly<Extract<Application, { kind: K }>>> {
  const app = tx.get('applications', req.token);
  const matches =
    app !== undefined &&
    app.kind === kind &&
    app.oid_partner === req.oid_partner &&
    app.user_id === req.user_id &&
    (app.txn_seqno === undefined || req.txn_seqno === undefined || app.txn_seqno === req.txn_seqno);
  await refuseIf(ctx, 'token', {
    token_found: app !== undefined,
    token_matches_request: matches,
    token_used: app?.status === 'DONE',
    age_seconds: app ? Math.floor((ctx.clock.now() - app.created_at) / 1000) : 0,
  });
  return app as Readonly<Extract<Application, { kind: K }>>;
}

export function completeApplication(tx: Tx, app: Readonly<Application>): void {
  tx.put('applications', app.token, { ...app, status: 'DONE' } as Application);
}

/**
 * A transaction waiting for its SMS code (validation-sms, txn §3.6) lapses when the code can no
 * longer complete it: its token's time is up (rules/credentials.json, token) or the code died of
 * wrong tries (1019). What it holds (frozen money, the order) is then given back.
 */
export async function smsStepLapsed(ctx: Context, view: View, step: { created_at: number; sms_id?: string }): Promise<boolean> {
  if (step.sms_id && view.get('sms', step.sms_id)?.status === 'DEAD') return true;
  const expired = await ctx.rules.check('token', { token_found: true, token_matches_request: true, token_used: false, age_seconds: Math.floor((ctx.clock.now() - step.created_at) / 1000) });
  return expired !== null;
}
