// acctmgr v1.4 §3.19 query-cnapscode: the CNAPS numbers (大额行号) of a bank's branches in a city
// whose names contain a keyword, from the simulator's table of real ones (world/cnaps.ts); an
// empty list when none matches.
import type { Context } from '../domain/context.js';
import { AccpError } from '../domain/errors.js';
import { CNAPS_BRANCHES } from '../world/cnaps.js';
import { bankOf } from '../world/bins.js';

export interface QueryCnaps {
  oid_partner: string;
  bank_code: string;
  brabank_name: string;
  city_code: string;
}

export async function queryCnapsCode(_ctx: Context, req: QueryCnaps) {
  if (!bankOf(req.bank_code)) throw new AccpError('1029', undefined, 'no such bank in the simulator');
  const list = CNAPS_BRANCHES.filter((b) => b.bank_code === req.bank_code && b.city_code === req.city_code && b.brabank_name.includes(req.brabank_name));
  return { bank_code: req.bank_code, card_list: list.map((b) => ({ cnaps_code: b.cnaps_code, brabank_name: b.brabank_name })) };
}
