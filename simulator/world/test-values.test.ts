// README's "Sandbox test values" table must say what the simulator does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../paths.js';
import { TEST_CARDS, TEST_PHONES } from './test-values.js';

const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');

describe('README sandbox test values', () => {
  it.each(TEST_CARDS.map((c) => [c.card_no, c.ret_code] as const))('lists card %s with answer %s', (card, code) => {
    expect(readme).toMatch(new RegExp(`\\| card \`${card}\` \\| ${code} \\|`));
  });

  it.each(TEST_PHONES.map((p) => [p.phone, p.ret_code] as const))('lists phone %s with answer %s', (phone, code) => {
    expect(readme).toMatch(new RegExp(`\\| phone \`${phone}\` \\| ${code} \\|`));
  });
});
