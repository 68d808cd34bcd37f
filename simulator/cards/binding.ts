// Binding a card or account to a user: the Card record with its linked_agrtno, and what the
// simulated bank learns about a person's card.
import type { Card, CardType } from '../domain/model.js';
import type { Context } from '../domain/context.js';
import type { Tx, View } from '../domain/state.js';
import { ids } from '../domain/ids.js';
import { keys } from '../domain/state.js';
import { learnCardholder } from '../world/banks.js';

export interface NewCard {
  oid_partner: string;
  user_id: string;
  linked_acctno: string;
  linked_phone?: string;
  bank_code: string;
  card_type: CardType;
  linked_brbankno?: string;
  linked_brbankname?: string;
  linked_acctname?: string;
  /** a person's card: the holder the bank now knows it by */
  holder?: { name: string; id_no: string };
}

export function bindCard(ctx: Context, tx: Tx, input: NewCard): Card {
  const { holder, ...fields } = input;
  const card: Card = { ...fields, linked_agrtno: ids.linkedAgrtno(tx, ctx.clock), status: 'BOUND', bound_at: ctx.clock.now() };
  tx.put('cards', card.linked_agrtno, card);
  if (holder && input.linked_phone) learnCardholder(tx, { name: holder.name, id_no: holder.id_no, card_no: input.linked_acctno, phone: input.linked_phone });
  return card;
}

export function unbindCard(ctx: Context, tx: Tx, card: Readonly<Card>): void {
  tx.put('cards', card.linked_agrtno, { ...card, status: 'UNBOUND', unbound_at: ctx.clock.now() });
}

/** The user's bound cards, oldest first. */
export function boundCards(view: View, oidPartner: string, userId: string): Readonly<Card>[] {
  return view
    .find('cards', 'byUser', keys.user(oidPartner, userId))
    .filter((c) => c.status === 'BOUND')
    .sort((a, b) => a.bound_at - b.bound_at);
}
