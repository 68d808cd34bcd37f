// Steps about what the merchant system was answered.
import assert from 'node:assert/strict';
import { Then } from '@cucumber/cucumber';
import type { AccpWorld } from '../support/world.js';

Then('操作成功', function (this: AccpWorld) {
  assert.equal(this.last.retCode, '0000', `expected success, got ${this.last.retCode} ${this.last.retMsg}`);
});

Then('被拒绝，返回码为{string}', function (this: AccpWorld, code: string) {
  assert.equal(this.last.retCode, code, `expected ret_code ${code}, got ${this.last.retCode} ${this.last.retMsg}`);
});

Then('每次都被拒绝，返回码为{string}', function (this: AccpWorld, code: string) {
  const recent = this.outcomes.slice(-this.batchSize);
  assert.equal(recent.length, this.batchSize);
  for (const o of recent) assert.equal(o.retCode, code, `expected every answer to be ${code}, got ${o.retCode} ${o.retMsg}`);
});
