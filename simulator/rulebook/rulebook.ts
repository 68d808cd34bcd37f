// Loads the business rules of rules/*.json and evaluates them with json-rules-engine.
//
// A rule file holds one or more rulesets; a ruleset is a list of json-rules-engine rules whose
// conditions describe a situation the simulator refuses, and whose event says with which
// ret_code, why, and where the spec or the requirements say so:
//   { "name": "...", "priority": 10,
//     "conditions": { "all": [ { "fact": "password", "operator": "notMatches", "value": "^[A-Za-z0-9]{6,12}$" } ] },
//     "event": { "type": "refuse", "params": { "ret_code": "1016", "reason": "...", "source": "..." } } }
// A domain service asks one ruleset about its facts; the refusal with the highest priority
// (then the first in the file) wins.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine, type RuleProperties } from 'json-rules-engine';
import { isKnownRetCode } from '../protocol/return-codes.js';
import { operators } from './operators.js';

export interface Refusal {
  ret_code: string;
  /** "<ruleset>/<rule name>" */
  rule: string;
  reason: string;
  source: string;
}

interface RuleFile {
  description?: string;
  rulesets: Record<string, { description?: string; rules: RuleProperties[] }>;
}

interface LoadedRuleset {
  engine: Engine;
  order: Map<string, { priority: number; index: number }>;
  file: string;
}

export class RuleBook {
  private readonly sets = new Map<string, LoadedRuleset>();

  private constructor() {}

  static load(dir: string): RuleBook {
    const book = new RuleBook();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      const parsed = JSON.parse(readFileSync(join(dir, file), 'utf8')) as RuleFile;
      if (!parsed.rulesets || typeof parsed.rulesets !== 'object') throw new Error(`${file}: no "rulesets"`);
      for (const [name, set] of Object.entries(parsed.rulesets)) {
        if (book.sets.has(name)) throw new Error(`${file}: ruleset ${name} is defined twice`);
        book.sets.set(name, compile(file, name, set.rules));
      }
    }
    return book;
  }

  has(ruleset: string): boolean {
    return this.sets.has(ruleset);
  }

  rulesets(): string[] {
    return [...this.sets.keys()];
  }

  /** The refusal the ruleset gives for these facts, or null when it refuses nothing. */
  async check(ruleset: string, facts: Record<string, unknown>): Promise<Refusal | null> {
    const set = this.sets.get(ruleset);
    if (!set) throw new Error(`no ruleset ${ruleset} in rules/`);
    const { events } = await set.engine.run(facts);
    let best: { refusal: Refusal; priority: number; index: number } | null = null;
    for (const event of events) {
      const params = event.params as { rule: string; ret_code: string; reason: string; source: string };
      const order = set.order.get(params.rule)!;
      if (!best || order.priority > best.priority || (order.priority === best.priority && order.index < best.index)) {
        best = { refusal: { ret_code: params.ret_code, rule: `${ruleset}/${params.rule}`, reason: params.reason, source: params.source }, ...order };
      }
    }
    return best?.refusal ?? null;
  }
}

function compile(file: string, ruleset: string, rules: RuleProperties[]): LoadedRuleset {
  if (!Array.isArray(rules) || rules.length === 0) throw new Error(`${file}: ruleset ${ruleset} has no rules`);
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const [name, fn] of Object.entries(operators)) engine.addOperator(name, fn);
  const order = new Map<string, { priority: number; index: number }>();
  rules.forEach((rule, index) => {
    const where = `${file}: ${ruleset}[${index}]`;
    const name = rule.name;
    if (typeof name !== 'string' || name === '') throw new Error(`${where}: every rule needs a name`);
    if (order.has(name)) throw new Error(`${where}: rule name ${name} repeats`);
    const event = rule.event as { type?: string; params?: Record<string, unknown> };
    if (event?.type !== 'refuse') throw new Error(`${where} (${name}): event.type must be "refuse"`);
    const p = event.params ?? {};
    if (typeof p.ret_code !== 'string' || !isKnownRetCode(p.ret_code)) throw new Error(`${where} (${name}): ret_code ${String(p.ret_code)} is not in return-codes.tsv`);
    if (typeof p.reason !== 'string' || p.reason === '') throw new Error(`${where} (${name}): needs a reason`);
    if (typeof p.source !== 'string' || p.source === '') throw new Error(`${where} (${name}): needs a source (spec section or requirement line)`);
    const priority = typeof rule.priority === 'number' ? rule.priority : 1;
    order.set(name, { priority, index });
    engine.addRule({ ...rule, priority, event: { type: 'refuse', params: { ...p, rule: name } } });
  });
  return { engine, order, file };
}
