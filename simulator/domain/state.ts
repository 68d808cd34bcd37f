// Binds the domain's collections and indexes to the store. Keys of composite records are
// built here and nowhere else.
import { Store, type IndexSpec, type ReadView, type WriteTx } from '../store/store.js';
import type { Model } from './model.js';

export type State = Store<Model>;
export type View = ReadView<Model>;
export type Tx = WriteTx<Model>;

export const COLLECTIONS: readonly (keyof Model)[] = [
  'merchants',
  'users',
  'cards',
  'applications',
  'txns',
  'random_keys',
  'sms',
  'phone_verifications',
  'accounts',
  'entries',
  'notifications',
  'cardholders',
  'photos',
  'trades',
  'withdrawals',
  'refunds',
  'counters',
  'settings',
];

export const keys = {
  user: (oidPartner: string, userId: string) => `${oidPartner}/${userId}`,
  txn: (oidPartner: string, txnSeqno: string) => `${oidPartner}/${txnSeqno}`,
  phoneVerification: (oidPartner: string, userId: string, phone: string) => `${oidPartner}/${userId}/${phone}`,
  merchantOwner: (oidPartner: string) => oidPartner,
};

const INDEXES: IndexSpec<Model> = {
  users: { byIdNo: (u) => `${u.oid_partner}/${u.id_type}/${u.id_no}` },
  cards: {
    byUser: (c) => keys.user(c.oid_partner, c.user_id),
    byCardNo: (c) => `${c.oid_partner}/${c.linked_acctno}`,
  },
  applications: { byUser: (a) => keys.user(a.oid_partner, a.user_id) },
  sms: { byPhone: (s) => s.phone },
  accounts: { byOwner: (a) => `${a.owner_kind}:${a.owner}` },
  entries: { byAccount: (e) => e.oid_acctno, byPosting: (e) => e.posting_id },
  trades: { byStatus: (t) => t.status, byPendingToken: (t) => t.pending?.token },
  withdrawals: { byStatus: (w) => w.status, byToken: (w) => w.token },
  refunds: { byStatus: (r) => r.status, byOriginal: (r) => r.original_accp_txno },
  notifications: {
    byTxnSeqno: (n) => n.txn_seqno,
    byStatus: (n) => n.status,
  },
};

export function openState(dir: string, options: { fsync?: boolean; checkpointBytes?: number } = {}): Promise<State> {
  return Store.open<Model>({ dir, collections: COLLECTIONS, indexes: INDEXES, ...options });
}
