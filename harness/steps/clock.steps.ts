// The sandbox clock (simulator only).
import assert from 'node:assert/strict';
import { Given } from '@cucumber/cucumber';
import type { AccpWorld } from '../support/world.js';

Given('过了 {int} 小时', async function (this: AccpWorld, hours: number) {
  assert.ok(this.target.advanceClock, 'moving the clock needs the simulator');
  await this.target.advanceClock(hours * 3600);
});

Given('过了 {int} 分钟', async function (this: AccpWorld, minutes: number) {
  assert.ok(this.target.advanceClock, 'moving the clock needs the simulator');
  await this.target.advanceClock(minutes * 60);
});
