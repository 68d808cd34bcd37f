// The integration plug: an integrator's module that lacks an operation fails the step with the
// operation's name, and README lists every operation there is.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPERATIONS, type MerchantIntegration } from './integration.js';
import { guardIntegration } from './session.js';

class Partial {
  readonly name = 'partial';
  #opened = 0;
  async applyPersonalAccount() {
    this.#opened++;
    return { retCode: '0000', retMsg: `opened ${this.#opened}` };
  }
}

describe('guardIntegration', () => {
  const integration = guardIntegration(new Partial() as unknown as MerchantIntegration);

  it('names the operation a module does not implement, and its group', async () => {
    await expect(integration.applyEnterpriseAccount({} as never)).rejects.toThrow('the integration "partial" does not implement applyEnterpriseAccount (标准开户 (enterprise);');
    await expect(integration.refund('o', 'u', {} as never)).rejects.toThrow(/does not implement refund \(refunds;/);
  });

  it("calls what the module implements on the module's own object (private fields work)", async () => {
    expect(await integration.applyPersonalAccount({} as never)).toEqual({ retCode: '0000', retMsg: 'opened 1' });
    expect(await integration.applyPersonalAccount({} as never)).toEqual({ retCode: '0000', retMsg: 'opened 2' });
  });

  it('leaves the optional rechargeUrl absent', () => {
    expect(integration.rechargeUrl).toBeUndefined();
  });
});

describe('README', () => {
  it('lists every operation of MerchantIntegration in "Plug in your own integration"', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## The harness'), readme.indexOf('## Layout'));
    const missing = [...Object.keys(OPERATIONS), 'rechargeUrl', 'signatureValid'].filter((op) => !section.includes(`\`${op}\``) && !section.includes(`${op}(`));
    expect(missing).toEqual([]);
  });
});
