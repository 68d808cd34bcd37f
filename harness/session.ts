// One harness run: the target and the merchant integration, created before the first scenario
// and stopped after the last. The CLI (harness/cli.ts) configures it; support code reads it.
// Without the CLI (plain cucumber-js), the environment configures it:
//   ACCP_HARNESS_TARGET=simulator|accp, ACCP_HARNESS_INTEGRATION=<module>, ACCP_HARNESS_CONFIG=<file>,
//   ACCP_SIM_URL, ACCP_ADMIN_TOKEN
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OPERATIONS, type IntegrationFactory, type MerchantIntegration } from './integration.js';
import createReferenceIntegration from './reference-integration.js';
import { AccpTarget } from './targets/accp.js';
import { SimulatorTarget } from './targets/simulator.js';
import type { Target } from './targets/target.js';

export interface HarnessConfig {
  target: 'simulator' | 'accp';
  /** Module whose default export is an IntegrationFactory; the reference integration when absent. */
  integration?: string;
  /** JSON config of the ACCP target */
  accpConfig?: string;
  /** A running simulator instead of a fresh one */
  simUrl?: string;
  adminToken?: string;
}

let configured: HarnessConfig | null = null;

export function configureHarness(config: HarnessConfig): void {
  configured = config;
}

function config(): HarnessConfig {
  if (configured) return configured;
  const target = (process.env.ACCP_HARNESS_TARGET ?? 'simulator') as HarnessConfig['target'];
  return {
    target,
    ...(process.env.ACCP_HARNESS_INTEGRATION ? { integration: process.env.ACCP_HARNESS_INTEGRATION } : {}),
    ...(process.env.ACCP_HARNESS_CONFIG ? { accpConfig: process.env.ACCP_HARNESS_CONFIG } : {}),
    ...(process.env.ACCP_SIM_URL ? { simUrl: process.env.ACCP_SIM_URL } : {}),
    ...(process.env.ACCP_ADMIN_TOKEN ? { adminToken: process.env.ACCP_ADMIN_TOKEN } : {}),
  };
}

export interface Session {
  target: Target;
  integration: MerchantIntegration;
}

let session: Session | null = null;

export async function openSession(): Promise<Session> {
  if (session) return session;
  const c = config();
  let target: Target;
  if (c.target === 'accp') {
    if (!c.accpConfig) throw new Error('the accp target needs --config <file> (see harness/targets/accp.ts)');
    target = new AccpTarget(resolve(c.accpConfig));
  } else {
    target = await SimulatorTarget.create({ ...(c.simUrl ? { url: c.simUrl } : {}), ...(c.adminToken ? { adminToken: c.adminToken } : {}) });
  }
  let factory: IntegrationFactory = createReferenceIntegration;
  if (c.integration) {
    const mod = (await import(pathToFileURL(resolve(c.integration)).href)) as { default?: IntegrationFactory };
    if (typeof mod.default !== 'function') throw new Error(`${c.integration} must export a default function (env) => MerchantIntegration`);
    factory = mod.default;
  }
  const integration = guardIntegration(await factory({ accp: target.accp, notify: target.notify }));
  await integration.start();
  if (integration.rechargeUrl && target.registerRechargeUrl) await target.registerRechargeUrl(integration.rechargeUrl());
  session = { target, integration };
  return session;
}

/**
 * The integration as the steps see it: an operation the module does not implement fails the
 * step that needs it with its name, not with "… is not a function"; the others are called on
 * the module's own object (so its private fields work).
 */
export function guardIntegration(integration: MerchantIntegration): MerchantIntegration {
  return new Proxy(integration, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value === 'function') return value.bind(target);
      if (value === undefined && typeof prop === 'string' && Object.hasOwn(OPERATIONS, prop)) {
        const group = OPERATIONS[prop as keyof typeof OPERATIONS];
        return async () => {
          throw new Error(`the integration "${target.name}" does not implement ${prop} (${group}; see README "Plug in your own integration" and harness/integration.ts)`);
        };
      }
      return value;
    },
  });
}

export async function closeSession(): Promise<void> {
  if (!session) return;
  const s = session;
  session = null;
  await s.integration.stop();
  await s.target.stop();
}
