// acctmgr v1.4 §3.14 query-linkedacct: a user's bound cards (a person) or bound account (an enterprise).
import type { Context } from '../domain/context.js';
import { userOfType } from '../domain/users.js';
import { boundCards } from './binding.js';

export interface QueryLinkedAcct {
  oid_partner: string;
  user_id: string;
}

export async function queryLinkedAcct(ctx: Context, req: QueryLinkedAcct) {
  const cards = await ctx.state.read((v) => {
    userOfType(v, req.oid_partner, req.user_id);
    return boundCards(v, req.oid_partner, req.user_id);
  });
  return {
    oid_partner: req.oid_partner,
    user_id: req.user_id,
    linked_acctlist: cards.map((c) => ({
      linked_acctno: c.linked_acctno,
      linked_bankcode: c.bank_code,
      ...(c.linked_brbankno ? { linked_brbankno: c.linked_brbankno } : {}),
      ...(c.linked_brbankname ? { linked_brbankname: c.linked_brbankname } : {}),
      ...(c.linked_phone ? { linked_phone: c.linked_phone } : {}),
      linked_agrtno: c.linked_agrtno,
    })),
  };
}
