#!/usr/bin/env node
// accp-harness: runs the Gherkin features against a target through a merchant integration.
//   accp-harness [--integration ./my-integration.js] [--target simulator|accp] [--config accp.json]
//                [--sim-url URL --admin-token T] [--tags EXPR] [--name REGEXP] [--report-dir reports] [features...]
// Writes <report-dir>/junit.xml (for CI) and <report-dir>/cucumber.html.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import { loadConfiguration, runCucumber } from '@cucumber/cucumber/api';
import { featuresDir } from '../simulator/paths.js';
import { configureHarness, type HarnessConfig } from './session.js';

const here = dirname(fileURLToPath(import.meta.url));
// Compiled (dist/harness/*.js) or run from source with tsx (harness/*.ts): load the same kind.
const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';

const program = new Command()
  .name('accp-harness')
  .description('run the ACCP conformance features through a merchant integration')
  .addOption(new Option('--target <target>', 'what the integration talks to').choices(['simulator', 'accp']).default('simulator'))
  .option('--integration <module>', 'module whose default export is (env) => MerchantIntegration (default: the reference integration)')
  .option('--config <file>', 'ACCP target configuration (JSON; see harness/targets/accp.ts)')
  .option('--sim-url <url>', 'use a running simulator instead of starting one')
  .option('--admin-token <token>', "the running simulator's admin token (or ACCP_ADMIN_TOKEN)")
  .option('--tags <expression>', 'only scenarios matching this tag expression')
  .option('--name <regexp>', 'only scenarios whose name matches')
  .option('--report-dir <dir>', 'where junit.xml and cucumber.html go', 'reports')
  .argument('[features...]', 'feature files or folders', [featuresDir]);

program.parse();
const opts = program.opts<{ target: HarnessConfig['target']; integration?: string; config?: string; simUrl?: string; adminToken?: string; tags?: string; name?: string; reportDir: string }>();
const features = program.args.length > 0 ? program.args.map((p) => resolve(p)) : [featuresDir];

configureHarness({
  target: opts.target,
  ...(opts.integration ? { integration: opts.integration } : {}),
  ...(opts.config ? { accpConfig: opts.config } : {}),
  ...(opts.simUrl ? { simUrl: opts.simUrl } : {}),
  ...(opts.adminToken ? { adminToken: opts.adminToken } : {}),
});

const tags = [opts.tags, opts.target === 'accp' ? 'not @simulator-only' : undefined].filter(Boolean).map((t) => `(${t})`).join(' and ');
const reportDir = resolve(opts.reportDir);
mkdirSync(reportDir, { recursive: true });

const { runConfiguration } = await loadConfiguration({
  provided: {
    paths: features,
    import: [join(here, 'support', `*.${ext}`), join(here, 'steps', `*.${ext}`)],
    format: ['progress', `junit:${join(reportDir, 'junit.xml')}`, `html:${join(reportDir, 'cucumber.html')}`],
    formatOptions: { junit: { suiteName: `accp-harness (${opts.target})` } },
    ...(tags ? { tags } : {}),
    ...(opts.name ? { name: [opts.name] } : {}),
    strict: true,
  },
});
const { success } = await runCucumber(runConfiguration);
process.exitCode = success ? 0 : 1;
