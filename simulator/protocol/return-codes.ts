// ret_code → ret_msg, read once from the spec's return-codes.tsv (copied verbatim next to this file).
// Every answer's ret_msg comes from here; the two texts with "%s" take a detail.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../paths.js';

const table = new Map<string, string>();
for (const line of readFileSync(join(packageRoot, 'simulator/protocol/return-codes.tsv'), 'utf8').split('\n')) {
  const [code, msg] = line.split('\t');
  if (code && msg && /^\d{4}$/.test(code)) table.set(code, msg.trim());
}

export function isKnownRetCode(code: string): boolean {
  return table.has(code);
}

/** The spec's text for a ret_code, with its %s filled by `detail` when it has one. */
export function retMsg(code: string, detail?: string): string {
  const text = table.get(code);
  if (text === undefined) throw new Error(`ret_code ${code} is not in return-codes.tsv`);
  if (!text.includes('%s')) return text;
  return text.replace('%s', detail ?? '');
}
