import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rulesDir } from '../paths.js';
import { RuleBook } from './rulebook.js';

const book = RuleBook.load(rulesDir);

describe('RuleBook.load(rules/)', () => {
  it('loads every ruleset of every rule file', () => {
    const expected: string[] = [];
    for (const file of readdirSync(rulesDir).filter((f) => f.endsWith('.json'))) {
      const parsed = JSON.parse(readFileSync(join(rulesDir, file), 'utf8')) as { rulesets: Record<string, unknown> };
      expected.push(...Object.keys(parsed.rulesets));
    }
    expect(expected.length).toBeGreaterThan(0);
    expect(book.rulesets().sort()).toEqual(expected.sort());
    expect(book.has('payment-password')).toBe(true);
    expect(book.has('no-such-ruleset')).toBe(false);
  });

  it('throws when asked about a ruleset it does not have', async () => {
    await expect(book.check('no-such-ruleset', {})).rejects.toThrow('no ruleset no-such-ruleset');
  });
});

describe('ruleset payment-password', () => {
  it.each([
    ['123456', 'no-run-of-consecutive-digits'],
    ['654321', 'no-run-of-consecutive-digits'],
    ['111111', 'no-repeated-digit'],
    ['abc12', 'six-to-twelve-letters-or-digits'],
    ['abcdefghijklm', 'six-to-twelve-letters-or-digits'],
    ['abc_1234', 'six-to-twelve-letters-or-digits'],
    ['密码密码密码', 'six-to-twelve-letters-or-digits'],
  ])('refuses %s with 1016 (%s)', async (password, rule) => {
    const r = await book.check('payment-password', { password });
    expect(r).not.toBeNull();
    expect(r!.ret_code).toBe('1016');
    expect(r!.rule).toBe(`payment-password/${rule}`);
    expect(r!.reason).not.toBe('');
    expect(r!.source).toContain('merchant-requirements.txt');
  });

  it('refuses a missing password (notMatches treats absent as not matching)', async () => {
    expect((await book.check('payment-password', {}))?.rule).toBe('payment-password/six-to-twelve-letters-or-digits');
  });

  it.each(['Wang2024', 'qwer7788', 'a1b2c3', '123457', 'abcdefghijkl'])('accepts %s', async (password) => {
    expect(await book.check('payment-password', { password })).toBeNull();
  });
});

describe('rulesets individual-identity and accounts-per-id', () => {
  it('refuses an identity card number with a bad check character with 1026', async () => {
    const r = await book.check('individual-identity', { id_type: 'ID_CARD', id_no: '110105194912310021' });
    expect(r?.ret_code).toBe('1026');
    expect(r?.rule).toBe('individual-identity/id-card-number-checksum');
  });

  it('accepts a valid identity card number, and does not apply the check to other id types', async () => {
    expect(await book.check('individual-identity', { id_type: 'ID_CARD', id_no: '11010519491231002X' })).toBeNull();
    expect(await book.check('individual-identity', { id_type: 'PASSPORT', id_no: '110105194912310021' })).toBeNull();
  });

  it('refuses a second open account for one id number with 2007', async () => {
    const r = await book.check('accounts-per-id', { open_accounts_with_id_no: 1 });
    expect(r?.ret_code).toBe('2007');
    expect(r?.rule).toBe('accounts-per-id/one-open-account-per-id-number');
    expect((await book.check('accounts-per-id', { open_accounts_with_id_no: 3 }))?.ret_code).toBe('2007');
    expect(await book.check('accounts-per-id', { open_accounts_with_id_no: 0 })).toBeNull();
  });
});

describe('ruleset sms-send', () => {
  it('refuses a second code within 60 seconds with 1021', async () => {
    const r = await book.check('sms-send', { seconds_since_last_sms: 10 });
    expect(r?.ret_code).toBe('1021');
    expect(r?.rule).toBe('sms-send/one-code-per-phone-and-purpose-per-minute');
    expect((await book.check('sms-send', { seconds_since_last_sms: 59 }))?.ret_code).toBe('1021');
  });

  it('accepts after 60 seconds and when no code was sent', async () => {
    expect(await book.check('sms-send', { seconds_since_last_sms: 60 })).toBeNull();
    expect(await book.check('sms-send', {})).toBeNull();
  });
});

describe('ruleset sms-verify', () => {
  const fresh = { code_matches: true, wrong_attempts: 0, age_seconds: 0, code_status: 'ACTIVE' };

  it('gives 1019 after five wrong attempts, even when this code matches', async () => {
    const r = await book.check('sms-verify', { ...fresh, wrong_attempts: 5 });
    expect(r?.ret_code).toBe('1019');
    expect(r?.rule).toBe('sms-verify/five-wrong-codes-kill-the-code');
    // five wrong and this one wrong too: both 1019 and 1017 fire, the higher priority wins
    expect((await book.check('sms-verify', { ...fresh, wrong_attempts: 5, code_matches: false }))?.ret_code).toBe('1019');
    expect((await book.check('sms-verify', { ...fresh, code_status: 'DEAD' }))?.ret_code).toBe('1019');
  });

  it('gives 1018 for a code ten minutes old or already used', async () => {
    const old = await book.check('sms-verify', { ...fresh, age_seconds: 600 });
    expect(old?.ret_code).toBe('1018');
    expect(old?.rule).toBe('sms-verify/code-valid-ten-minutes');
    const used = await book.check('sms-verify', { ...fresh, code_status: 'USED' });
    expect(used?.ret_code).toBe('1018');
    expect(used?.rule).toBe('sms-verify/code-already-used');
    expect(await book.check('sms-verify', { ...fresh, age_seconds: 599 })).toBeNull();
  });

  it('gives 1017 for a wrong code', async () => {
    const r = await book.check('sms-verify', { code_matches: false, wrong_attempts: 1, age_seconds: 0, code_status: 'ACTIVE' });
    expect(r?.ret_code).toBe('1017');
    expect(r?.rule).toBe('sms-verify/code-must-match');
    // an expired wrong code: expiry (priority 20) wins over the mismatch (priority 10)
    expect((await book.check('sms-verify', { code_matches: false, wrong_attempts: 1, age_seconds: 700, code_status: 'ACTIVE' }))?.ret_code).toBe('1018');
  });

  it('accepts a matching fresh code', async () => {
    expect(await book.check('sms-verify', fresh)).toBeNull();
    expect(await book.check('sms-verify', { ...fresh, wrong_attempts: 4 })).toBeNull();
  });
});

describe('rulesets token and random-key (rules/credentials.json)', () => {
  const goodToken = { token_found: true, token_matches_request: true, token_used: false, age_seconds: 0 };
  it.each([
    [{ token_found: false }, 'token-must-exist'],
    [{ token_matches_request: false }, 'token-belongs-to-its-transaction'],
    [{ token_used: true }, 'token-single-use'],
    [{ age_seconds: 1801 }, 'token-valid-thirty-minutes'],
  ])('token: %o is refused with 1000 by %s', async (change, rule) => {
    const r = await book.check('token', { ...goodToken, ...change });
    expect(r?.ret_code).toBe('1000');
    expect(r?.rule).toBe(`token/${rule}`);
  });

  it('token: accepts a good token up to 1800 seconds old; a missing token outranks a used one', async () => {
    expect(await book.check('token', goodToken)).toBeNull();
    expect(await book.check('token', { ...goodToken, age_seconds: 1800 })).toBeNull();
    expect((await book.check('token', { ...goodToken, token_found: false, token_used: true, age_seconds: 5000 }))?.rule).toBe('token/token-must-exist');
  });

  const goodKey = { key_found: true, key_matches_user: true, key_used: false, age_seconds: 0, prefix_matches: true };
  it.each([
    [{ key_found: false }, 'random-key-must-exist'],
    [{ key_matches_user: false }, 'random-key-must-exist'],
    [{ key_used: true }, 'random-key-single-use'],
    [{ age_seconds: 601 }, 'random-key-valid-ten-minutes'],
    [{ prefix_matches: false }, 'password-salted-with-the-random-value'],
  ])('random-key: %o is refused with 1013 by %s', async (change, rule) => {
    const r = await book.check('random-key', { ...goodKey, ...change });
    expect(r?.ret_code).toBe('1013');
    expect(r?.rule).toBe(`random-key/${rule}`);
  });

  it('random-key: accepts a good key up to 600 seconds old', async () => {
    expect(await book.check('random-key', goodKey)).toBeNull();
    expect(await book.check('random-key', { ...goodKey, age_seconds: 600 })).toBeNull();
    expect((await book.check('random-key', { ...goodKey, key_used: true, prefix_matches: false }))?.rule).toBe('random-key/random-key-single-use');
  });
});

describe('ruleset request', () => {
  it('refuses a timestamp more than 30 minutes off with 1037, accepts 30 minutes', async () => {
    const r = await book.check('request', { timestamp_skew_seconds: 1801 });
    expect(r?.ret_code).toBe('1037');
    expect(r?.rule).toBe('request/timestamp-within-thirty-minutes');
    expect(await book.check('request', { timestamp_skew_seconds: 1800 })).toBeNull();
    expect(await book.check('request', { timestamp_skew_seconds: 0 })).toBeNull();
  });
});

// ---- rule books built from temporary directories ----

type Rule = Record<string, unknown>;

function rule(name: string | undefined, params: Record<string, unknown>, priority?: number, type = 'refuse', value = 'x'): Rule {
  const r: Rule = {
    conditions: { all: [{ fact: 'f', operator: 'equal', value }] },
    event: { type, params },
  };
  if (name !== undefined) r.name = name;
  if (priority !== undefined) r.priority = priority;
  return r;
}
const okParams = (ret_code = '1016', reason = 'why') => ({ ret_code, reason, source: 'a test' });

const dirs: string[] = [];
function ruleDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rulebook-test-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(content));
  return dir;
}
const oneSet = (rules: Rule[], name = 'set') => ({ rulesets: { [name]: { rules } } });

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('RuleBook.load refuses bad rule files', () => {
  it('loads a good file (the baseline the refusals below differ from)', async () => {
    const b = RuleBook.load(ruleDir({ 'a.json': oneSet([rule('r', okParams())]), 'notes.txt': 'ignored' }));
    expect(b.rulesets()).toEqual(['set']);
    expect(await b.check('set', { f: 'x' })).toEqual({ ret_code: '1016', rule: 'set/r', reason: 'why', source: 'a test' });
    expect(await b.check('set', { f: 'y' })).toBeNull();
  });

  it('a ret_code not in return-codes.tsv', () => {
    expect(() => RuleBook.load(ruleDir({ 'a.json': oneSet([rule('r', okParams('9999'))]) }))).not.toThrow(); // 9999 is in the table
    expect(() => RuleBook.load(ruleDir({ 'a.json': oneSet([rule('r', okParams('7777'))]) }))).toThrow('ret_code 7777 is not in return-codes.tsv');
    expect(() => RuleBook.load(ruleDir({ 'a.json': oneSet([rule('r', { reason: 'why', source: 's' })]) }))).toThrow('is not in return-codes.tsv');
  });

  it('a rule without a source', () => {
    expect(() => RuleBook.load(ruleDir({ 'a.json': oneSet([rule('r', { ret_code: '1016', reason: 'why' })]) }))).toThrow(/needs a source/);
    expect(() => RuleBook.load(ruleDir({ 'a.json': oneSet([rule('r', { ret_code: '1016', reason: 'why', source: '' })]) }))).toThrow(/needs a source/);
  });

  it('a rule without a reason', () => {
    expect(() => RuleBook.load(ruleDir({ 'a.json': oneSet([rule('r', { ret_code: '1016', source: 's' })]) }))).toThrow(/needs a reason/);
  });

  it('a rule without a name, or with a repeated name', () => {
    expect(() => RuleBook.load(ruleDir({ 'a.json': oneSet([rule(undefined, okParams())]) }))).toThrow('every rule needs a name');
    expect(() => RuleBook.load(ruleDir({ 'a.json': oneSet([rule('', okParams())]) }))).toThrow('every rule needs a name');
    expect(() => RuleBook.load(ruleDir({ 'a.json': oneSet([rule('r', okParams()), rule('r', okParams())]) }))).toThrow('rule name r repeats');
  });

  it('an event type other than "refuse"', () => {
    expect(() => RuleBook.load(ruleDir({ 'a.json': oneSet([rule('r', okParams(), 1, 'allow')]) }))).toThrow('event.type must be "refuse"');
  });

  it('a ruleset name defined twice across files', () => {
    expect(() => RuleBook.load(ruleDir({ 'a.json': oneSet([rule('r', okParams())], 'dup'), 'b.json': oneSet([rule('s', okParams())], 'dup') }))).toThrow(
      'b.json: ruleset dup is defined twice',
    );
  });

  it('a file without rulesets, or a ruleset without rules', () => {
    expect(() => RuleBook.load(ruleDir({ 'a.json': { description: 'x' } }))).toThrow('a.json: no "rulesets"');
    expect(() => RuleBook.load(ruleDir({ 'a.json': oneSet([]) }))).toThrow('ruleset set has no rules');
  });
});

describe('RuleBook.check: which refusal wins', () => {
  it('the higher priority wins whatever the order in the file', async () => {
    const low = rule('low', okParams('1016', 'low'), 5);
    const high = rule('high', okParams('1017', 'high'), 50);
    for (const rules of [[low, high], [high, low]]) {
      const b = RuleBook.load(ruleDir({ 'a.json': oneSet(rules) }));
      const r = await b.check('set', { f: 'x' });
      expect(r).toEqual({ ret_code: '1017', rule: 'set/high', reason: 'high', source: 'a test' });
    }
  });

  it('at equal priority the first rule in the file wins; rules that do not fire do not count', async () => {
    const b = RuleBook.load(
      ruleDir({
        'a.json': oneSet([rule('silent', okParams('1019'), 99, 'refuse', 'never'), rule('first', okParams('1017'), 3), rule('second', okParams('1018'), 3)]),
      }),
    );
    expect((await b.check('set', { f: 'x' }))?.rule).toBe('set/first');
    expect(await b.check('set', { f: 'never' })).toMatchObject({ rule: 'set/silent', ret_code: '1019' });
  });

  it('a rule without a priority counts as priority 1', async () => {
    const b = RuleBook.load(ruleDir({ 'a.json': oneSet([rule('default', okParams('1017')), rule('two', okParams('1018'), 2)]) }));
    expect((await b.check('set', { f: 'x' }))?.rule).toBe('set/two');
  });
});
