// Platform merchants: registered by the CLI (`accp merchant create`) or the sandbox API
// (POST /sandbox/merchants), each with the RSA public key its requests are verified against
// and its own ledger accounts (MCHOWN, MCHASSURE, MCHCOUPON, MCHFEE).
import type { KeyObject } from 'node:crypto';
import type { Merchant, MerchantSettings } from '../domain/model.js';
import type { Context } from '../domain/context.js';
import type { View } from '../domain/state.js';
import { InputError } from '../domain/errors.js';
import { parsePublicKey } from '../protocol/keys.js';
import { openMerchantAccounts } from '../ledger/accounts.js';

export const DEFAULT_SETTINGS: MerchantSettings = {
  verify_linked_phone: true,
  regphone_verify_required: false,
};

export interface MerchantInput {
  oid_partner: string;
  name: string;
  public_key: string;
  settings?: Partial<MerchantSettings>;
}

export function checkMerchantInput(input: Partial<MerchantInput>): MerchantInput {
  if (typeof input.oid_partner !== 'string' || !/^\d{1,18}$/.test(input.oid_partner)) throw new InputError('oid_partner must be 1 to 18 digits');
  if (typeof input.name !== 'string' || input.name.trim() === '' || input.name.length > 85) throw new InputError('name must be 1 to 85 characters');
  if (typeof input.public_key !== 'string') throw new InputError('public_key is required (base64 DER SPKI or PEM)');
  try {
    parsePublicKey(input.public_key);
  } catch (err) {
    throw new InputError(`public_key: ${(err as Error).message}`);
  }
  const settings: Partial<MerchantSettings> = {};
  for (const [k, v] of Object.entries(input.settings ?? {})) {
    if (!(k in DEFAULT_SETTINGS) || typeof v !== 'boolean') throw new InputError(`settings.${k} is not a known boolean setting`);
    settings[k as keyof MerchantSettings] = v;
  }
  return { oid_partner: input.oid_partner, name: input.name.trim(), public_key: input.public_key.trim(), settings };
}

/** Registers a merchant and opens its accounts; a known oid_partner is refused (409). */
export async function createMerchant(ctx: Context, raw: Partial<MerchantInput>): Promise<Merchant> {
  const input = checkMerchantInput(raw);
  return ctx.state.transaction((tx) => {
    if (tx.get('merchants', input.oid_partner)) throw new InputError(`merchant ${input.oid_partner} already exists`, 409);
    const merchant: Merchant = {
      oid_partner: input.oid_partner,
      name: input.name,
      public_key: input.public_key,
      status: 'NORMAL',
      settings: { ...DEFAULT_SETTINGS, ...input.settings },
      created_at: ctx.clock.now(),
    };
    tx.put('merchants', merchant.oid_partner, merchant);
    openMerchantAccounts(tx, ctx.clock, merchant.oid_partner);
    return merchant;
  });
}

/** Parsed public keys, parsed once per key text. */
export class MerchantKeys {
  private readonly cache = new Map<string, { text: string; key: KeyObject }>();

  keyOf(merchant: Readonly<Merchant>): KeyObject {
    const hit = this.cache.get(merchant.oid_partner);
    if (hit && hit.text === merchant.public_key) return hit.key;
    const key = parsePublicKey(merchant.public_key);
    this.cache.set(merchant.oid_partner, { text: merchant.public_key, key });
    return key;
  }
}

export function findMerchant(view: View, oidPartner: string): Readonly<Merchant> | undefined {
  return view.get('merchants', oidPartner);
}
