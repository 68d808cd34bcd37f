// The merchant's notification endpoint: records every POST, checks its signature, and answers
// `Success` (acctmgr v1.4 §2.6). Uses node:http only; nothing about it is ACCP-specific but the
// answer text.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReceivedNotification } from './integration.js';

export class NotifyReceiver {
  private server: Server | null = null;
  private readonly received: ReceivedNotification[] = [];
  private waiters: (() => void)[] = [];
  port = 0;

  constructor(
    private readonly verify: (raw: Buffer, signature: string | undefined) => boolean,
    private readonly listen: { host: string; port: number },
  ) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= 1024 * 1024) chunks.push(c);
      });
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
        } catch {
          res.writeHead(400).end('not JSON');
          return;
        }
        const sig = req.headers['signature-data'];
        this.received.push({
          path: req.url ?? '/',
          body,
          signatureValid: this.verify(raw, typeof sig === 'string' ? sig : undefined),
          receivedAt: new Date(),
        });
        for (const w of this.waiters.splice(0)) w();
        res.writeHead(200, { 'content-type': 'text/plain' }).end('Success');
      });
    });
    await new Promise<void>((res) => this.server!.listen(this.listen.port, this.listen.host, () => res()));
    this.port = (this.server.address() as AddressInfo).port;
  }

  all(): readonly ReceivedNotification[] {
    return this.received;
  }

  /** Resolves on the next notification, or after ms. */
  next(ms: number): Promise<void> {
    return new Promise((res) => {
      const t = setTimeout(res, ms);
      this.waiters.push(() => {
        clearTimeout(t);
        res();
      });
    });
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((res) => this.server!.close(() => res()));
    this.server = null;
  }
}
