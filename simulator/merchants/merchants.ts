// Platform merchants: registered by the CLI (`accp merchant create`) or the sandbox API
// (POST /sandbox/merchants), each with the RSA public key its requests are verified against
// and its own ledger accounts (MCHOWN, MCHASSURE, MCHCOUPON, MCHFEE).
import type { KeyObject } from 'node:crypto';
import type { Merchant, MerchantSettings } from '../domain/model.js';
import type { Context } from '../domain/context.js';
import type { View } from '../domain/state.js';
import { InputError } from '../domain/errors.js';
import { parsePublicKey, publicKeyBase64Der } from '../protocol/keys.js';
import { openMerchantAccounts } from '../ledger/accounts.js';

export const DEFAULT_SETTINGS: MerchantSettings = {
  sms_verify_above_fen: 100_000,
  verify_linked_phone: true,
  regphone_verify_required: false,
};

export interface MerchantInput {
  oid_partner: string;
  name: string;
  public_key: string;
  settings?: Partial<MerchantSettings>;
  /** where offline top-up notices go (txn v2.3 §3.8.1) */
  recharge_url?: string;
}

function checkUrl(url: unknown): string | undefined {
  if (url === undefined) return undefined;
  if (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url) || url.length > 512) throw new InputError('recharge_url must be an http(s) URL of at most 512 characters');
  return url;
}

function checkSettings(raw: unknown): Partial<MerchantSettings> {
  const settings: Partial<MerchantSettings> = {};
  for (const [k, v] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    const known = DEFAULT_SETTINGS[k as keyof MerchantSettings];
    if (known === undefined || typeof v !== typeof known || (typeof v === 'number' && (!Number.isSafeInteger(v) || v < 0))) {
      throw new InputError(`settings.${k} is not a known setting of that type`);
    }
    (settings as Record<string, unknown>)[k] = v;
  }
  return settings;
}

export function checkMerchantInput(input: Partial<MerchantInput>): MerchantInput {
  if (typeof input.oid_partner !== 'string' || !/^\d{1,18}$/.test(input.oid_partner)) throw new InputError('oid_partner must be 1 to 18 digits');
  if (typeof input.name !== 'string' || input.name.trim() === '' || input.name.length > 85) throw new InputError('name must be 1 to 85 characters');
  if (typeof input.public_key !== 'string') throw new InputError('public_key is required (base64 DER SPKI or PEM)');
  const publicKey = checkPublicKey(input.public_key);
  const rechargeUrl = checkUrl(input.recharge_url);
  return { oid_partner: input.oid_partner, name: input.name.trim(), public_key: publicKey, settings: checkSettings(input.settings), ...(rechargeUrl ? { recharge_url: rechargeUrl } : {}) };
}

/**
 * The key as stored: LianLian's published form (one line of base64 DER SPKI), whatever form it
 * was given in, so nothing but the public key itself ever reaches the state. A private key, or
 * anything that is no RSA public key, is refused (400).
 */
function checkPublicKey(text: unknown): string {
  if (typeof text !== 'string') throw new InputError('public_key must be a string (base64 DER SPKI or PEM)');
  try {
    return publicKeyBase64Der(parsePublicKey(text));
  } catch (err) {
    throw new InputError(`public_key: ${(err as Error).message}`);
  }
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
      ...(input.recharge_url ? { recharge_url: input.recharge_url } : {}),
      created_at: ctx.clock.now(),
    };
    tx.put('merchants', merchant.oid_partner, merchant);
    openMerchantAccounts(tx, ctx.clock, merchant.oid_partner);
    return merchant;
  });
}

/** Changes a merchant's settings or recharge_url (PATCH /sandbox/merchants/:oid_partner). */
export async function updateMerchant(ctx: Context, oidPartner: string, raw: { settings?: unknown; recharge_url?: unknown; public_key?: unknown }): Promise<Merchant> {
  const settings = checkSettings(raw.settings);
  const rechargeUrl = checkUrl(raw.recharge_url);
  const publicKey = raw.public_key === undefined ? undefined : checkPublicKey(raw.public_key);
  return ctx.state.transaction((tx) => {
    const m = tx.get('merchants', oidPartner);
    if (!m) throw new InputError(`no merchant ${oidPartner}`, 404);
    const next: Merchant = {
      ...m,
      settings: { ...m.settings, ...settings },
      ...(rechargeUrl ? { recharge_url: rechargeUrl } : {}),
      ...(publicKey ? { public_key: publicKey } : {}),
    };
    tx.put('merchants', oidPartner, next);
    return next;
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
