// acctmgr v1.4 §3.13 get-random: a random factor for the merchant's password control. The
// password ciphertext that comes back with this random_key holds random_value + password.
// A random_key is single-use and lives 10 minutes (rules/credentials.json, ruleset random-key).
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { RandomKey } from '../domain/model.js';
import type { Context } from '../domain/context.js';
import { ids } from '../domain/ids.js';

export interface GetRandomRequest {
  oid_partner: string;
  user_id: string;
  flag_chnl: 'ANDROID' | 'IOS' | 'H5' | 'PC';
  pkg_name?: string;
  app_name?: string;
}

export interface GetRandomResponse {
  oid_partner: string;
  user_id: string;
  random_key: string;
  random_value: string;
  license?: string;
  map_arr?: string;
  rsa_public_content: string;
}

/** §3.13: issues a random_key / random_value pair for one user. */
export async function getRandom(ctx: Context, req: GetRandomRequest): Promise<GetRandomResponse> {
  const record: RandomKey = {
    random_key: ids.secret(16),
    oid_partner: req.oid_partner,
    user_id: req.user_id,
    random_value: randomBytes(16).toString('hex'),
    issued_at: ctx.clock.now(),
    used: false,
  };
  await ctx.state.transaction((tx) => tx.put('random_keys', record.random_key, record));
  return {
    oid_partner: req.oid_partner,
    user_id: req.user_id,
    random_key: record.random_key,
    random_value: record.random_value,
    // The password control's licence (ANDROID, IOS, H5) and key map (H5) have no meaning here;
    // they are returned in the shapes the controls expect so an integration's code path runs.
    ...(req.flag_chnl !== 'PC' ? { license: sandboxLicense(req) } : {}),
    ...(req.flag_chnl === 'H5' ? { map_arr: keyMap() } : {}),
    rsa_public_content: ctx.keys.publicKeyB64,
  };
}

function sandboxLicense(req: GetRandomRequest): string {
  const subject = req.pkg_name ?? req.app_name ?? req.oid_partner;
  return Buffer.from(`OPENACCP-SANDBOX-LICENSE;${req.flag_chnl};${createHash('sha256').update(subject).digest('hex').slice(0, 32)}`).toString('base64');
}

/** A shuffled digit map, as the H5 password keyboard gets one. */
function keyMap(): string {
  const digits = [...'0123456789'];
  for (let i = digits.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [digits[i], digits[j]] = [digits[j]!, digits[i]!];
  }
  return digits.join(',');
}
