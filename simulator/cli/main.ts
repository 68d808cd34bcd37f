#!/usr/bin/env node
// accp: the simulator's command line.
//   accp serve [--port 8080] [--host 127.0.0.1] [--data-dir ./data]
//   accp merchant create --oid-partner ID --name NAME --public-key FILE [--data-dir D] [--url URL]
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { request } from 'undici';
import { createMerchant } from '../merchants/merchants.js';
import { openContext, readServerInfo, resolveAdminToken, startSimulator } from '../server.js';
import { createLogger } from '../log.js';
import { InputError } from '../domain/errors.js';

const program = new Command();
program.name('accp').description('OpenACCP: a simulator of LianLian Pay ACCP (账户+) merchant API');

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port number, 0 to 65535');
  return n;
}

program
  .command('serve')
  .description('start the simulator (first start creates the platform key, a demo merchant and an admin token)')
  .option('--port <port>', 'port to listen on (0 = any free port)', port, 8080)
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--data-dir <dir>', 'where the state and keys live', './data')
  .action(async (opts: { port: number; host: string; dataDir: string }) => {
    const sim = await startSimulator({ dataDir: opts.dataDir, port: opts.port, host: opts.host });
    const f = sim.keyFiles;
    process.stdout.write(
      [
        `OpenACCP simulator ${sim.keysCreated ? '(first start: keys and demo merchant created)' : sim.firstStart ? '(demo merchant created)' : ''}`.trimEnd(),
        `  url:                  ${sim.url}`,
        `  data dir:             ${sim.dataDir}`,
        `  demo oid_partner:     ${sim.demoOidPartner}`,
        `  demo merchant key:    ${f.demoMerchantPrivateKey}`,
        `                        (public: ${f.demoMerchantPublicKeyPem}, base64 DER: ${f.demoMerchantPublicKeyB64})`,
        `  platform public key:  ${f.platformPublicKeyPem}`,
        `                        (base64 DER: ${f.platformPublicKeyB64})`,
        // an operator's own token stays out of the terminal and the CI log
        `  admin token:          ${process.env.ACCP_ADMIN_TOKEN ? '(from ACCP_ADMIN_TOKEN)' : sim.adminToken}`,
        '',
      ].join('\n'),
    );
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      sim.ctx.log.info({ signal }, 'stopping');
      await sim.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
  });

const merchant = program.command('merchant').description('platform merchants');

merchant
  .command('create')
  .description('register a merchant and its public key; prints one JSON object with platform_public_key')
  .requiredOption('--oid-partner <id>', 'the merchant number (1 to 18 digits)')
  .requiredOption('--name <name>', 'the merchant name')
  .requiredOption('--public-key <file>', "file with the merchant's RSA public key (base64 DER SPKI or PEM)")
  .option('--data-dir <dir>', 'data dir of the simulator', './data')
  .option('--url <url>', 'a running simulator to register with (default: the one serving --data-dir, if any)')
  .action(async (opts: { oidPartner: string; name: string; publicKey: string; dataDir: string; url?: string }) => {
    if (!existsSync(opts.publicKey)) throw new InputError(`no such file: ${opts.publicKey}`);
    const input = { oid_partner: opts.oidPartner, name: opts.name, public_key: readFileSync(opts.publicKey, 'utf8') };
    const dataDir = resolve(opts.dataDir);
    const url = opts.url ?? readServerInfo(dataDir)?.url;
    if (url) {
      // A simulator serves this state: write through it, so none of its writes is lost.
      const token = process.env.ACCP_ADMIN_TOKEN ?? (existsSync(resolve(dataDir, 'admin_token')) ? resolveAdminToken(dataDir) : undefined);
      if (!token) throw new InputError('set ACCP_ADMIN_TOKEN to the admin token of the simulator at --url');
      const res = await request(new URL('/sandbox/merchants', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(input),
      });
      const body = (await res.body.json()) as Record<string, unknown>;
      if (res.statusCode !== 201) throw new InputError(String(body.error ?? `HTTP ${res.statusCode}`));
      process.stdout.write(JSON.stringify({ ...body, via: url }) + '\n');
      return;
    }
    const opened = await openContext(dataDir, { logger: createLogger('warn') });
    try {
      const m = await createMerchant(opened.ctx, input);
      process.stdout.write(JSON.stringify({ oid_partner: m.oid_partner, name: m.name, settings: m.settings, platform_public_key: opened.ctx.keys.publicKeyB64, via: dataDir }) + '\n');
    } finally {
      await opened.close();
    }
  });

program.parseAsync(process.argv).catch((err: Error) => {
  process.stderr.write(`accp: ${err.message}\n`);
  process.exit(err instanceof InputError ? 2 : 1);
});
