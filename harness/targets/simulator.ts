// The simulator as a target. Either starts its own simulator (a fresh data dir, a free port) or
// uses a running one (--sim-url with its admin token). Either way the harness registers a merchant
// of its own with a fresh key pair through the sandbox API, so runs never share a merchant.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { request } from 'undici';
import { createLogger } from '../../simulator/log.js';
import { startSimulator, type RunningSimulator } from '../../simulator/server.js';
import { TEST_CARDS } from '../../simulator/world/test-values.js';
import type { AccpConnection, Company, Person, Photos, SpareCard } from '../integration.js';
import { mobile, newCompany, newPerson, samplePhotos, spareCard } from '../testdata.js';
import type { Target } from './target.js';

export interface SimulatorTargetOptions {
  /** A running simulator; without it one is started for the run. */
  url?: string;
  adminToken?: string;
  /** Where the integration's notification receiver listens */
  notifyHost?: string;
  notifyPort?: number;
}

class Sandbox {
  constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  async call<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> {
    const res = await request(new URL(path, this.url), {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.body.json()) as T & { error?: string };
    if (res.statusCode >= 300) throw new Error(`sandbox ${method} ${path}: HTTP ${res.statusCode} ${json.error ?? ''}`);
    return json;
  }
}

export class SimulatorTarget implements Target {
  readonly kind = 'simulator' as const;
  // flush waits for each delivery's answer, so what was sent has arrived when it returns
  readonly notificationWaitMs = 0;

  /** The simulator's own clockwork waits for the steps: true for the simulator the harness starts, not for --sim-url. */
  readonly clockworkOnDemand: boolean;

  private constructor(
    readonly accp: AccpConnection,
    readonly notify: { host: string; port: number },
    readonly sandbox: Sandbox,
    private readonly owned: { sim: RunningSimulator; dir: string } | null,
  ) {
    this.clockworkOnDemand = owned !== null;
  }

  static async create(opts: SimulatorTargetOptions = {}): Promise<SimulatorTarget> {
    let owned: { sim: RunningSimulator; dir: string } | null = null;
    let url = opts.url;
    let token = opts.adminToken ?? process.env.ACCP_ADMIN_TOKEN;
    if (!url) {
      const dir = mkdtempSync(join(tmpdir(), 'accp-harness-'));
      const sim = await startSimulator({
        dataDir: dir,
        port: 0,
        adminToken: token ?? randomBytes(24).toString('hex'),
        logger: createLogger(process.env.ACCP_LOG_LEVEL ?? 'warn'),
        // the clockwork (and the retry of deliveries) runs only when a step lets it (settle, a clock
        // advance, a flush), so a state in flight stays in flight until the scenario moves on
        notifications: { timeoutMs: 3_000, tickMs: 3_600_000 },
        clockworkTickMs: 3_600_000,
        platformKeyBits: 2048,
      });
      owned = { sim, dir };
      url = sim.url;
      token = sim.adminToken;
    }
    if (!token) throw new Error('a running simulator needs its admin token (--admin-token or ACCP_ADMIN_TOKEN)');
    const sandbox = new Sandbox(url, token);
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'der' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const oidPartner = `9${String(Date.now()).slice(-11)}${String(process.pid % 1_000_000).padStart(6, '0')}`;
    const merchant = await sandbox.call<{ platform_public_key: string }>('POST', '/sandbox/merchants', {
      oid_partner: oidPartner,
      name: 'accp-harness 商户',
      public_key: publicKey.toString('base64'),
    });
    return new SimulatorTarget(
      { baseUrl: url, oidPartner, merchantPrivateKeyPem: privateKey, platformPublicKey: merchant.platform_public_key },
      { host: opts.notifyHost ?? '127.0.0.1', port: opts.notifyPort ?? 0 },
      sandbox,
      owned,
    );
  }

  async newPerson(): Promise<Person> {
    return newPerson();
  }

  async newCard(_person: Person, type: 'DEBIT' | 'CREDIT'): Promise<SpareCard> {
    // the simulated banks accept any Luhn-valid card of a known BIN for any person
    return spareCard(type);
  }

  async newPhone(): Promise<string> {
    return mobile();
  }

  async newCompany(): Promise<Company> {
    return newCompany();
  }

  async photos(): Promise<Photos> {
    return samplePhotos();
  }

  async reviewEnterprise(userId: string, decision: 'APPROVE' | 'REJECT', reason?: string): Promise<void> {
    await this.sandbox.call('POST', '/sandbox/review', { oid_partner: this.accp.oidPartner, user_id: userId, decision, ...(reason ? { reason } : {}) });
  }

  async topUp(userId: string | null, yuan: string): Promise<{ accp_txno: string }> {
    return this.sandbox.call('POST', '/sandbox/offline-topup', { oid_partner: this.accp.oidPartner, ...(userId ? { user_id: userId } : {}), amount: yuan });
  }

  private async gatewayForm(url: string, action: 'pay' | 'cancel'): Promise<void> {
    const page = await request(url);
    const html = await page.body.text();
    if (page.statusCode !== 200 || !html.includes(`/${action}"`)) throw new Error(`the channel page ${url} is not open (HTTP ${page.statusCode})`);
    const res = await request(`${url}/${action}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`${action} on the channel page failed: HTTP ${res.statusCode} ${text.slice(0, 200)}`);
  }

  async payOnGateway(url: string): Promise<void> {
    await this.gatewayForm(url, 'pay');
  }

  async cancelOnGateway(url: string): Promise<void> {
    await this.gatewayForm(url, 'cancel');
  }

  async decideWithdrawal(accpTxno: string, result: 'SUCCESS' | 'FAILURE'): Promise<void> {
    await this.sandbox.call('POST', `/sandbox/bank/withdrawals/${accpTxno}`, { result });
  }

  async settle(): Promise<void> {
    await this.sandbox.call('POST', '/sandbox/jobs/run');
  }

  async registerRechargeUrl(url: string): Promise<void> {
    await this.sandbox.call('PATCH', `/sandbox/merchants/${this.accp.oidPartner}`, { recharge_url: url });
  }

  private async messages(phone: string): Promise<{ code: string; purpose: string; sent_at: string }[]> {
    return (await this.sandbox.call<{ messages: { code: string; purpose: string; sent_at: string }[] }>('GET', `/sandbox/sms?phone=${encodeURIComponent(phone)}`)).messages;
  }

  async smsCode(phone: string): Promise<string> {
    const [newest] = await this.messages(phone);
    if (!newest) throw new Error(`no SMS was sent to ${phone}`);
    return newest.code;
  }

  async smsCount(phone: string): Promise<number> {
    return (await this.messages(phone)).length;
  }

  async settleNotifications(): Promise<void> {
    // only this run's merchant: another merchant's retries on a shared simulator keep their schedule
    await this.sandbox.call('POST', '/sandbox/notifications/flush', { oid_partner: this.accp.oidPartner });
  }

  async now(): Promise<string> {
    return (await this.sandbox.call<{ now: string }>('GET', '/sandbox/clock')).now;
  }

  async advanceClock(seconds: number): Promise<void> {
    await this.sandbox.call('POST', '/sandbox/clock', { advance_seconds: seconds });
  }

  failingCard(code: string): string {
    const card = TEST_CARDS.find((c) => c.code === code);
    if (!card) throw new Error(`no sandbox test card for ${code}`);
    return card.card_no;
  }

  async stop(): Promise<void> {
    if (!this.owned) return;
    await this.owned.sim.close();
    rmSync(this.owned.dir, { recursive: true, force: true });
  }
}
