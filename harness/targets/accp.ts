// A real ACCP environment (LianLian's sandbox) as the target. Configured by a JSON file:
//   {
//     "base_url": "https://accptest.lianlianpay-inc.com",
//     "oid_partner": "2020...",
//     "merchant_private_key_file": "./keys/merchant_private_key.pem",
//     "platform_public_key": "MIIBIjANBgkqh...",          (base64 DER or PEM, or "platform_public_key_file")
//     "notify_listen": { "host": "0.0.0.0", "port": 8090 },
//     "notify_public_base_url": "https://my-public-host.example.com",
//     "notify_wait_seconds": 30,
//     "persons": [ { "name": "...", "idNo": "...", "idExp": "99991231", "phone": "...", "occupation": "10",
//                    "address": "...", "cardNo": "...", "cardPhone": "...",
//                    "extra_cards": [ { "cardNo": "...", "type": "DEBIT" },
//                                     { "cardNo": "...", "type": "CREDIT", "cvv2": "123", "validThru": "MM/YY" } ] } ],
//     "spare_phones": [ "...", "..." ],
//     "companies": [ { see Company in harness/integration.ts } ],
//     "photos": { "id_emblem": "./id-back.jpg", "id_portrait": "./id-front.jpg", "licence": "./licence.png" }
//   }
// Real people and cards are needed: LianLian checks them with the banks. SMS codes reach real
// phones: they are read from ACCP_SMS_CODE (one code per run) or typed at the terminal.
// A person's extra_cards are further cards of theirs with the same reserved phone (cardPhone),
// used by the scenarios that bind, pay with or withdraw to another card; spare_phones are phones
// the tester can read, used by the scenarios that change a reserved or registration phone. Each
// is used once per run, like the persons; and as ACCP opens one account per ID number and
// merchant (2007), a second run against the same merchant needs persons not opened before.
// Scenarios tagged @simulator-only do not run against this target.
import { openSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { ReadStream, WriteStream } from 'node:tty';
import type { AccpConnection, Company, Person, Photos, SpareCard } from '../integration.js';
import type { Target } from './target.js';
import { formatStamp } from '../../simulator/world/clock.js';

interface AccpConfig {
  base_url: string;
  oid_partner: string;
  merchant_private_key_file: string;
  platform_public_key?: string;
  platform_public_key_file?: string;
  notify_listen?: { host?: string; port?: number };
  notify_public_base_url?: string;
  notify_wait_seconds?: number;
  persons?: (Person & { extra_cards?: SpareCard[] })[];
  spare_phones?: string[];
  companies?: Company[];
  /** image files: { "id_emblem": "…jpg", "id_portrait": "…jpg", "licence": "…png" } */
  photos?: { id_emblem: string; id_portrait: string; licence?: string };
}

export class AccpTarget implements Target {
  readonly kind = 'accp' as const;
  readonly accp: AccpConnection;
  readonly notify: { host: string; port: number; publicBaseUrl?: string };
  private readonly persons: (Person & { extra_cards?: SpareCard[] })[];
  /** The extra cards of the persons handed out, by ID number. */
  private readonly extraCards = new Map<string, SpareCard[]>();
  private readonly phones: string[];
  private readonly companies: Company[];
  private readonly photoFiles: AccpConfig['photos'];
  private readonly rel: (p: string) => string;
  readonly notificationWaitMs: number;

  constructor(configFile: string) {
    const cfg = JSON.parse(readFileSync(configFile, 'utf8')) as AccpConfig;
    const rel = (p: string) => resolve(dirname(configFile), p);
    for (const k of ['base_url', 'oid_partner', 'merchant_private_key_file'] as const) {
      if (!cfg[k]) throw new Error(`${configFile}: "${k}" is required`);
    }
    const platformKey = cfg.platform_public_key ?? (cfg.platform_public_key_file ? readFileSync(rel(cfg.platform_public_key_file), 'utf8') : undefined);
    if (!platformKey) throw new Error(`${configFile}: "platform_public_key" or "platform_public_key_file" is required`);
    this.accp = {
      baseUrl: cfg.base_url,
      oidPartner: cfg.oid_partner,
      merchantPrivateKeyPem: readFileSync(rel(cfg.merchant_private_key_file), 'utf8'),
      platformPublicKey: platformKey,
    };
    this.notify = {
      host: cfg.notify_listen?.host ?? '0.0.0.0',
      port: cfg.notify_listen?.port ?? 8090,
      ...(cfg.notify_public_base_url ? { publicBaseUrl: cfg.notify_public_base_url } : {}),
    };
    this.persons = [...(cfg.persons ?? [])];
    this.phones = [...(cfg.spare_phones ?? [])];
    this.companies = [...(cfg.companies ?? [])];
    this.photoFiles = cfg.photos;
    this.rel = rel;
    this.notificationWaitMs = (cfg.notify_wait_seconds ?? 30) * 1000;
  }

  async newPerson(): Promise<Person> {
    const entry = this.persons.shift();
    if (!entry) throw new Error('the ACCP target config has no more "persons" (each scenario that opens an account needs one real person and card)');
    const { extra_cards, ...person } = entry;
    this.extraCards.set(person.idNo, [...(extra_cards ?? [])]);
    return person;
  }

  async newCard(person: Person, type: 'DEBIT' | 'CREDIT'): Promise<SpareCard> {
    const cards = this.extraCards.get(person.idNo) ?? [];
    const i = cards.findIndex((c) => c.type === type);
    if (i < 0) throw new Error(`the ACCP target config's person ${person.name} has no more "extra_cards" of type ${type} (a scenario binds, pays with or withdraws to another card of theirs)`);
    const [card] = cards.splice(i, 1);
    return card!;
  }

  async newPhone(): Promise<string> {
    const phone = this.phones.shift();
    if (!phone) throw new Error('the ACCP target config has no more "spare_phones" (each scenario that changes a phone needs one whose SMS the tester can read)');
    return phone;
  }

  async newCompany(): Promise<Company> {
    const c = this.companies.shift();
    if (!c) throw new Error('the ACCP target config has no more "companies" (each enterprise scenario needs one real enterprise and account)');
    return c;
  }

  async photos(): Promise<Photos> {
    if (!this.photoFiles) throw new Error('the ACCP target config has no "photos"');
    const file = (p: string) => ({ bytes: readFileSync(this.rel(p)), type: p.split('.').pop()!.toLowerCase() });
    return {
      idEmblem: file(this.photoFiles.id_emblem),
      idPortrait: file(this.photoFiles.id_portrait),
      ...(this.photoFiles.licence ? { licence: file(this.photoFiles.licence) } : {}),
    };
  }

  async now(): Promise<string> {
    return formatStamp(Date.now());
  }

  async smsCode(phone: string): Promise<string> {
    if (process.env.ACCP_SMS_CODE) return process.env.ACCP_SMS_CODE;
    // The terminal through tty streams, destroyed after each question: a file stream on /dev/tty
    // would leave a blocking read in libuv's thread pool, and after four codes nothing would run.
    const input = new ReadStream(openSync('/dev/tty', 'r'));
    const output = new WriteStream(openSync('/dev/tty', 'w'));
    const tty = createInterface({ input, output });
    try {
      return (await tty.question(`SMS code sent to ${phone.slice(0, 3)}****${phone.slice(7)}: `)).trim();
    } finally {
      tty.close();
      input.destroy();
      output.destroy();
    }
  }

  async settleNotifications(): Promise<void> {
    // ACCP delivers on its own schedule; steps wait up to notificationWaitMs.
  }

  async stop(): Promise<void> {}
}
