// Account-management operations under a merchant's txn_seqno, and the two-step ones among them
// (apply → verify): the apply texts a code, registers the txn_seqno and keeps an application under
// a token; the verify takes the token (rules/credentials.json, ruleset token) and the code, and the
// operation succeeds: its txn_seqno reads SUCCESS (query-txn) and its notification is queued.
import type { Application, ApplicationBase, ApplicationKind, BusiType, SmsPurpose, User, UserType } from './model.js';
import { refuseIf, type Context, type Refused } from './context.js';
import type { Tx, View } from './state.js';
import { ids } from './ids.js';
import { claimTxnSeqno, setTxnStatus } from './txns.js';
import { activeUser } from './users.js';
import { enqueueNotification } from '../notifications/outbox.js';
import { checkCode, sendCode } from '../world/sms.js';

export function newToken(): string {
  return ids.secret(16);
}

/** What every account-management request under a txn_seqno carries (§3.x 请求参数; risk_item is kept, not judged). */
export interface OperationRequest {
  oid_partner: string;
  user_id: string;
  txn_seqno: string;
  txn_time: string;
  notify_url: string;
  risk_item?: string;
}

/** What a verify step's request carries besides its code: the apply's txn_seqno and token. */
export interface VerifyRequest {
  oid_partner: string;
  user_id: string;
  txn_seqno: string;
  token: string;
}

/** A payment password as the password control sends it (random_key optional, docs/decisions.md). */
export interface PasswordFields {
  password: string;
  random_key?: string;
}

/** An account-management operation under a txn_seqno: what its answer and its notification start with. */
export interface Operation {
  oid_partner: string;
  user_id: string;
  txn_seqno: string;
  accp_txno: string;
  notify_url: string;
}

/** The fields an operation's answer starts with (§3.x 响应参数). */
export function answerOf(op: Operation) {
  return { oid_partner: op.oid_partner, user_id: op.user_id, txn_seqno: op.txn_seqno, accp_txno: op.accp_txno };
}

/** Queues the operation's notification (acctmgr schedule) to its notify_url: the fields every acctmgr notification starts with, then `payload`. */
export function notifyOperation(ctx: Context, tx: Tx, op: Operation, schema: string, payload: Record<string, unknown>): void {
  enqueueNotification(ctx, tx, { schema, oid_partner: op.oid_partner, txn_seqno: op.txn_seqno, url: op.notify_url, schedule: 'acctmgr', payload: { ...answerOf(op), ...payload } });
}

/** The operation is done: its txn_seqno reads SUCCESS, and its notification is queued. */
export function operationSucceeded(ctx: Context, tx: Tx, op: Operation, schema: string, payload: Record<string, unknown>): void {
  setTxnStatus(tx, ctx.clock, op.oid_partner, op.txn_seqno, 'SUCCESS');
  notifyOperation(ctx, tx, op, schema, payload);
}

/** Registers the operation's txn_seqno (1010 when used before) under its busi_type. */
export function claimOperation(ctx: Context, tx: Tx, req: { oid_partner: string; user_id: string; txn_seqno: string; notify_url: string }, busiType: BusiType): Operation {
  const txn = claimTxnSeqno(tx, ctx.clock, { oid_partner: req.oid_partner, txn_seqno: req.txn_seqno, busi_type: busiType, user_id: req.user_id });
  return { oid_partner: req.oid_partner, user_id: req.user_id, txn_seqno: req.txn_seqno, accp_txno: txn.accp_txno, notify_url: req.notify_url };
}

/** What each kind of application texts its code for, and its txn_seqno's busi_type (§4.5; none: find-password takes no txn_seqno). */
const KINDS: Record<ApplicationKind, { purpose: SmsPurpose; busi_type?: BusiType }> = {
  OPEN_INDIVIDUAL: { purpose: 'OPEN_ACCOUNT', busi_type: 'OpenNormelUser' },
  BIND_CARD: { purpose: 'BIND_CARD', busi_type: 'TideCard' },
  CHANGE_LINKED_PHONE: { purpose: 'CHANGE_LINKED_PHONE', busi_type: 'ChangePhone' },
  CHANGE_REG_PHONE: { purpose: 'CHANGE_REG_PHONE', busi_type: 'ChangePhone' },
  FIND_PASSWORD: { purpose: 'FIND_PASSWORD' },
};

type Of<K extends ApplicationKind> = Extract<Application, { kind: K }>;
type Details<K extends ApplicationKind> = Omit<Of<K>, keyof ApplicationBase | 'kind'>;

/**
 * The apply step, once its checks have passed: texts a code to `phone` (1020, 1021 from the SMS
 * gateway), registers the txn_seqno when the kind has one, and keeps the application under a new token.
 */
export async function startApplication<K extends ApplicationKind>(
  ctx: Context,
  tx: Tx,
  kind: K,
  req: { oid_partner: string; user_id: string; txn_seqno?: string; notify_url?: string },
  phone: string,
  details: Details<K>,
): Promise<Readonly<Of<K>>> {
  const { purpose, busi_type } = KINDS[kind];
  const sms = await sendCode(ctx, tx, { phone, purpose, oid_partner: req.oid_partner, user_id: req.user_id });
  let op = {};
  if (busi_type) {
    if (!req.txn_seqno || !req.notify_url) throw new Error(`${kind} needs a txn_seqno and a notify_url`);
    const { txn_seqno, accp_txno, notify_url } = claimOperation(ctx, tx, { ...req, txn_seqno: req.txn_seqno, notify_url: req.notify_url }, busi_type);
    op = { txn_seqno, accp_txno, notify_url };
  }
  const app = { kind, token: newToken(), oid_partner: req.oid_partner, user_id: req.user_id, ...op, ...details, sms_id: sms.id, status: 'PENDING', created_at: ctx.clock.now() } as Of<K>;
  tx.put('applications', app.token, app);
  return app;
}

/** The apply's answer: the operation's fields and the token for the verify step. */
export function appliedAnswer(app: Readonly<Application>) {
  return { ...answerOf(operationOf(app)), token: app.token };
}

/** The operation an application with a txn_seqno stands for. */
export function operationOf(app: Readonly<Application>): Operation {
  if (app.txn_seqno === undefined || app.accp_txno === undefined || app.notify_url === undefined) throw new Error(`application ${app.kind} has no txn_seqno`);
  return { oid_partner: app.oid_partner, user_id: app.user_id, txn_seqno: app.txn_seqno, accp_txno: app.accp_txno, notify_url: app.notify_url };
}

export interface TokenPresented {
  token: string;
  oid_partner: string;
  user_id: string;
  /** compared only for applications that have one: an extra txn_seqno on a verify whose apply took none (find-password-verify) is an unknown field, accepted */
  txn_seqno?: string;
}

/** The pending application a token stands for, of the expected kind; 1000 otherwise. */
export async function takeApplication<K extends ApplicationKind>(ctx: Context, tx: Tx, kind: K, req: TokenPresented): Promise<Readonly<Of<K>>> {
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
  return app as Readonly<Of<K>>;
}

/**
 * The verify step's checks, in order: the token (1000), the user still there and NORMAL (2003,
 * 2014, 2001), the SMS code (1017, 1018, 1019). The application and its user, or the Refused of a
 * wrong code (counted) for the caller to return.
 */
export async function takeVerified<K extends ApplicationKind>(
  ctx: Context,
  tx: Tx,
  kind: K,
  req: TokenPresented,
  code: string,
  type?: UserType,
): Promise<{ app: Readonly<Of<K>>; user: Readonly<User> } | Refused> {
  const app = await takeApplication(ctx, tx, kind, req);
  const user = await activeUser(ctx, tx, req.oid_partner, req.user_id, type);
  return (await checkCode(ctx, tx, tx.get('sms', app.sms_id), code)) ?? { app, user };
}

export function completeApplication(tx: Tx, app: Readonly<Application>): void {
  tx.put('applications', app.token, { ...app, status: 'DONE' } as Application);
}

/** The verify step succeeded: the application is used up, and its operation succeeded (SUCCESS, the notification). */
export function finishApplication(ctx: Context, tx: Tx, app: Readonly<Application>, schema: string, payload: Record<string, unknown>): void {
  completeApplication(tx, app);
  operationSucceeded(ctx, tx, operationOf(app), schema, payload);
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
