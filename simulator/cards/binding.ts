// Binding a card or account to a user: the Card record with its linked_agrtno, and what the
// simulated bank learns about a person's card.
import type { Card, CardType } from '../domain/model.js';
import type { Context } from '../domain/context.js';
import type { Tx, View } from '../domain/state.js';
import { ids } from '../domain/ids.js';
import { keys } from '../domain/state.js';
import { AccpError } from '../domain/errors.js';
import { mask } from '../log.js';
import { learnCardholder, verifyFourElements, type FourElements } from '../world/banks.js';

/** A card to bind: the Card record less what binding gives it, and (a person's card) the holder the bank now knows it by. */
export type NewCard = Omit<Card, 'linked_agrtno' | 'status' | 'bound_at' | 'unbound_at'> & { holder?: { name: string; id_no: string } };

/** The bank's four-element check of a person's card (1023, 1024, 1025, 1028, 1029, 3203 when it says no): the card's bank and type. */
export function bankAcceptsCard(ctx: Context, view: View, el: FourElements): { bank_code: string; card_type: CardType } {
  const card = verifyFourElements(view, el);
  if (!card.ok) {
    ctx.log.info({ card: mask.card(el.card_no), ret_code: card.ret_code, why: card.why }, 'bank refused the card');
    throw new AccpError(card.ret_code, undefined, `world/banks: ${card.why}`);
  }
  return { bank_code: card.bank_code, card_type: card.card_type };
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
