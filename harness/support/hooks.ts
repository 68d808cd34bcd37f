import { AfterAll, Before, BeforeAll, setDefaultTimeout } from '@cucumber/cucumber';
import { closeSession, openSession } from '../session.js';
import type { AccpWorld } from './world.js';

// Against ACCP a step may wait for a person to type an SMS code.
setDefaultTimeout(Number(process.env.ACCP_STEP_TIMEOUT_MS ?? 120_000));

BeforeAll(async function () {
  await openSession();
});

Before(async function (this: AccpWorld) {
  const s = await openSession();
  this.target = s.target;
  this.integration = s.integration;
});

Before({ tags: '@simulator-only' }, function (this: AccpWorld) {
  if (this.target.kind !== 'simulator') return 'skipped';
  return undefined;
});

// A scenario that looks at a state in flight (a refund the channel has not answered yet) needs a
// clockwork that waits for the steps; a running simulator (--sim-url) ticks on its own.
Before({ tags: '@clockwork-on-demand' }, function (this: AccpWorld) {
  if (!this.target.clockworkOnDemand) return 'skipped';
  return undefined;
});

AfterAll(async function () {
  await closeSession();
});
