// The express application: ACCP endpoints under /v1, the sandbox desk under /sandbox.
// Routes translate HTTP to domain calls and back; the rules live elsewhere.
import { timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Context } from '../domain/context.js';
import { InputError } from '../domain/errors.js';
import { createMerchant, updateMerchant, type MerchantKeys } from '../merchants/merchants.js';
import { offlineTopUp } from '../payments/offline-topup.js';
import type { FlushFilter, NotificationWorker } from '../notifications/worker.js';
import type { Scheduler } from '../world/scheduler.js';
import { decideWithdrawal } from '../withdrawals/withdrawal.js';
import { gatewayRoutes } from './gateway-routes.js';
import { ClockControl, exportSnapshot, notificationsOf, resetState, restoreSnapshot, smsInbox } from '../sandbox/sandbox.js';
import { reviewEnterprise } from '../onboarding/enterprise.js';
import { photoBytes, photosOf } from '../onboarding/photos.js';
import { ENDPOINTS, NOT_SIMULATED, type Endpoint } from './endpoints.js';
import { handleAccpRequest, protocolRefusal, type AccpAnswer } from './pipeline.js';

export interface AppDeps {
  ctx: Context;
  merchantKeys: MerchantKeys;
  worker: NotificationWorker;
  scheduler: Scheduler;
  clock: ClockControl;
  adminToken: string;
}

const DEFAULT_BODY_LIMIT = 256 * 1024;
const SNAPSHOT_LIMIT = '512mb';

/** LianLian's Java demo sends `Content-Encoding: UTF-8`, which is no content coding at all. */
function dropBogusContentEncoding(req: Request, _res: Response, next: NextFunction): void {
  const ce = req.headers['content-encoding'];
  if (typeof ce === 'string' && !/^(gzip|deflate|br|identity)$/i.test(ce.trim())) delete req.headers['content-encoding'];
  next();
}

function sendAnswer(res: Response, answer: AccpAnswer): void {
  res.status(200);
  res.setHeader('Content-Type', 'application/json;charset=utf-8');
  res.setHeader('Signature-Type', 'RSA');
  res.setHeader('Signature-Data', answer.signature);
  if (answer.rule) res.setHeader('X-Accp-Sim-Rule', answer.rule.replace(/[^\x20-\x7e]/g, '?'));
  res.end(answer.body);
}

/** POST /sandbox/notifications/flush's optional {"oid_partner","txn_seqno"}; no body: every pending notification. */
function flushFilter(body: unknown): FlushFilter {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new InputError('the body, when given, is {"oid_partner","txn_seqno"} (both optional)');
  const filter: FlushFilter = {};
  for (const key of ['oid_partner', 'txn_seqno'] as const) {
    const v = (body as Record<string, unknown>)[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v === '') throw new InputError(`${key} must be a non-empty string`);
    filter[key] = v;
  }
  return filter;
}

export function createApp(deps: AppDeps): express.Express {
  const { ctx } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');

  app.get('/health', (_req, res) => {
    res.json({ ok: true, now: ctx.clock.stamp() });
  });

  // ---- ACCP endpoints ----------------------------------------------------------------------
  const notSimulated: Endpoint[] = NOT_SIMULATED.map((n) => ({
    name: n.path,
    spec: n.source,
    notSimulated: true,
    handler: () => Promise.reject(new Error(`${n.path} is not simulated`)),
  }));
  const pathOf = (e: Endpoint) => (e.notSimulated ? e.name : `/v1/${e.name}`);
  const byPath = new Map<string, Endpoint>([...ENDPOINTS, ...notSimulated].map((e) => [pathOf(e), e]));
  for (const endpoint of byPath.values()) {
    const path = pathOf(endpoint);
    const limit = endpoint.bodyLimit ?? DEFAULT_BODY_LIMIT;
    app.post(path, dropBogusContentEncoding, express.raw({ type: () => true, limit }), async (req, res) => {
      const started = process.hrtime.bigint();
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const answer = await handleAccpRequest(deps, endpoint, raw, req.header('signature-data'), req.header('signature-type'));
      sendAnswer(res, answer);
      ctx.log.info(
        { endpoint: endpoint.name, oid_partner: answer.oidPartner, ret_code: answer.retCode, rule: answer.rule, form: answer.form, ms: Number(process.hrtime.bigint() - started) / 1e6 },
        'accp request',
      );
    });
  }

  // ---- sandbox desk ------------------------------------------------------------------------
  const sandbox = express.Router();
  sandbox.use((req, res, next) => {
    // RFC 7235: the scheme is case-insensitive ("bearer" too)
    const given = Buffer.from(/^bearer +(\S+) *$/i.exec(req.header('authorization') ?? '')?.[1] ?? '');
    const expected = Buffer.from(deps.adminToken);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.status(401).json({ error: 'sandbox endpoints need Authorization: Bearer <admin token>' });
      return;
    }
    next();
  });
  // A snapshot may be large; only an authenticated caller gets to send one.
  sandbox.post('/snapshot', express.json({ limit: SNAPSHOT_LIMIT }), async (req, res) => {
    await restoreSnapshot(ctx, deps.clock, req.body);
    res.json({ ok: true, now: ctx.clock.stamp() });
  });
  sandbox.use(express.json({ limit: '1mb' }));

  sandbox.get('/sms', async (req, res) => {
    res.json(await smsInbox(ctx, req.query.phone));
  });
  sandbox.get('/clock', (_req, res) => {
    res.json({ now: ctx.clock.stamp() });
  });
  sandbox.post('/clock', async (req, res) => {
    const now = await deps.clock.advance(ctx, req.body?.advance_seconds);
    // what the passing time causes (settlement, expiries, bank answers) is done when the call returns
    await deps.scheduler.runDue();
    res.json({ now });
  });
  sandbox.post('/jobs/run', async (_req, res) => {
    await deps.scheduler.runDue();
    res.json({ ok: true, now: ctx.clock.stamp() });
  });
  sandbox.post('/bank/withdrawals/:accp_txno', async (req, res) => {
    res.json(await decideWithdrawal(ctx, req.params.accp_txno, req.body ?? {}));
  });
  sandbox.get('/notifications', async (req, res) => {
    res.json(await notificationsOf(ctx, req.query.txn_seqno, req.query.oid_partner));
  });
  sandbox.post('/notifications/flush', async (req, res) => {
    res.json({ attempts: await deps.worker.flush(flushFilter(req.body)) });
  });
  sandbox.get('/platform-key', (_req, res) => {
    res.json({ public_key: ctx.keys.publicKeyB64 });
  });
  sandbox.post('/merchants', async (req, res) => {
    const m = await createMerchant(ctx, req.body ?? {});
    res.status(201).json({ oid_partner: m.oid_partner, name: m.name, settings: m.settings, ...(m.recharge_url ? { recharge_url: m.recharge_url } : {}), platform_public_key: ctx.keys.publicKeyB64 });
  });
  sandbox.patch('/merchants/:oid_partner', async (req, res) => {
    const m = await updateMerchant(ctx, req.params.oid_partner, req.body ?? {});
    res.json({ oid_partner: m.oid_partner, name: m.name, settings: m.settings, ...(m.recharge_url ? { recharge_url: m.recharge_url } : {}) });
  });
  sandbox.post('/offline-topup', async (req, res) => {
    res.json(await offlineTopUp(ctx, req.body ?? {}));
  });
  sandbox.post('/review', async (req, res) => {
    res.json(await reviewEnterprise(ctx, req.body ?? {}));
  });
  sandbox.get('/photos', async (req, res) => {
    const set = await photosOf(ctx, req.query.oid_partner, req.query.user_id);
    res.json({ files: set.files.map(({ kind, filetype, bytes, sha256 }) => ({ kind, filetype, bytes, sha256 })), uploaded_at: ctx.clock.stamp(set.uploaded_at) });
  });
  sandbox.get('/photos/file', async (req, res) => {
    const photo = await photoBytes(ctx, req.query.oid_partner, req.query.user_id, req.query.kind);
    res.setHeader('Content-Type', photo.filetype === 'jpg' ? 'image/jpeg' : `image/${photo.filetype}`);
    res.end(photo.bytes);
  });
  sandbox.post('/reset', async (_req, res) => {
    await resetState(ctx, deps.clock);
    res.json({ ok: true, now: ctx.clock.stamp() });
  });
  sandbox.get('/snapshot', async (_req, res) => {
    const doc = await exportSnapshot(ctx);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(doc));
  });
  app.use('/sandbox', sandbox);

  // ---- the simulated channel pages of payment-gw (no admin token: a person uses them) ----------
  app.use('/gateway', gatewayRoutes(ctx));

  // ---- everything else ---------------------------------------------------------------------
  app.use((req, res) => {
    res.status(404).json({ error: `no endpoint ${req.method} ${req.path}` });
  });

  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  app.use((err: Error & { status?: number; type?: string }, req: Request, res: Response, _next: NextFunction) => {
    if (byPath.has(req.path)) {
      // An ACCP request that never reached its endpoint: still HTTP 200, signed (SDKs throw on anything else).
      const tooLarge = err.type === 'entity.too.large';
      const answer = protocolRefusal(ctx, '1005', tooLarge ? `请求报文超过 ${byPath.get(req.path)!.bodyLimit ?? DEFAULT_BODY_LIMIT} 字节` : '请求报文无法读取');
      ctx.log.warn({ endpoint: req.path, err: err.message }, 'accp request refused before parsing');
      sendAnswer(res, answer);
      return;
    }
    if (err instanceof InputError) {
      res.status(err.status).json({ error: err.message });
      return;
    }
    if (err.type === 'entity.parse.failed') {
      res.status(400).json({ error: 'body is not valid JSON' });
      return;
    }
    if (err.type === 'entity.too.large') {
      res.status(413).json({ error: 'body too large' });
      return;
    }
    ctx.log.error({ path: req.path, err: err.message, stack: err.stack }, 'sandbox request failed');
    res.status(500).json({ error: err.message });
  });
  return app;
}
