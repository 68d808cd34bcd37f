// The records the simulator keeps, one type per store collection. Money is integer fen.
// Times are epoch milliseconds on the simulator clock unless the name ends in `_stamp`
// (yyyyMMddHHmmss, China Standard Time, as ACCP puts them on the wire).

export type UserType = 'INNERUSER' | 'INNERCOMPANY';
/** acctmgr v1.4 §4.3 */
export type UserStatus = 'ACTIVATE_PENDING' | 'CHECK_PENDING' | 'REMITTANCE_VALID_PENDING' | 'NORMAL' | 'CANCEL';
/** acctmgr v1.4 §4.4 */
export type AcctState = 'NORMAL' | 'CANCEL' | 'LOCK' | 'LOSS' | 'ACTIVATE_PENDING';

export interface MerchantSettings {
  /** Payments (bank card) and withdrawals or transfers above this many fen need an SMS code (8888). */
  sms_verify_above_fen: number;
  /** openacct-verify-individual needs the SMS code sent to the card's reserved phone ("商户配置无验预留手机号，则非必填"). */
  verify_linked_phone: boolean;
  /** openacct-apply-* needs reg_phone verified first through regphone-verifycode-verify (3.1/3.2). */
  regphone_verify_required: boolean;
}

export interface Merchant {
  oid_partner: string;
  name: string;
  /** Where offline top-up notices go (txn v2.3 §3.8.1: "recharge_url 需要在接入时报备"). */
  recharge_url?: string;
  /** The public key as registered (base64 DER SPKI or PEM). */
  public_key: string;
  status: 'NORMAL' | 'DISABLED';
  settings: MerchantSettings;
  created_at: number;
}

export interface User {
  oid_partner: string;
  user_id: string;
  oid_userno: string;
  user_type: UserType;
  user_status: UserStatus;
  user_name: string;
  id_type: string;
  id_no: string;
  id_exp: string;
  id_authority?: string;
  address?: string;
  occupation?: string;
  reg_phone: string;
  /** scrypt hash; see protocol/password-hash.ts */
  password_hash: string;
  /** Wrong payment passwords in a row (rules/payment-password.json). */
  password_errors: number;
  /** When five wrong passwords in a row locked the password; absent when not locked. */
  password_locked_at?: number;
  remark?: string;
  bank_account?: string;
  open_txn_seqno: string;
  /** notify_url of the opening request, where a review decision is notified (enterprises). */
  open_notify_url: string;
  /** An enterprise's details as applied (acctmgr §3.4.1). */
  enterprise?: EnterpriseDetails;
  /** The last review decision of an enterprise. */
  review?: 'PENDING' | 'APPROVED' | 'REJECTED';
  created_at: number;
  cancelled_at?: number;
}

export interface EnterpriseDetails {
  reg_email: string;
  legalrept_name: string;
  legalrept_phone: string;
  legalrept_idno: string;
  legalrept_idexp: string;
  contacts_name: string;
  contacts_phone: string;
  scale?: string;
  industry_code?: string;
  registered_capital?: string;
  business_scope?: string;
  basicacct_bankcode: string;
  basicacct_no: string;
}

/** A person's debit or credit card, or an enterprise's corporate account (对公账户). */
export type CardType = 'DEBIT' | 'CREDIT' | 'CORPORATE';

export interface Card {
  linked_agrtno: string;
  oid_partner: string;
  user_id: string;
  linked_acctno: string;
  /** The bank's reserved phone (persons) */
  linked_phone?: string;
  bank_code: string;
  card_type: CardType;
  /** Corporate accounts: branch CNAPS number, branch name, account name */
  linked_brbankno?: string;
  linked_brbankname?: string;
  linked_acctname?: string;
  status: 'BOUND' | 'UNBOUND';
  bound_at: number;
  unbound_at?: number;
}

export interface BasicInfoIndividual {
  reg_phone: string;
  user_name: string;
  id_type: string;
  id_no: string;
  id_exp: string;
  id_authority?: string;
  address?: string;
  occupation: string;
}

/**
 * A two-step operation between its apply and its verify: the apply checks, sends an SMS code and
 * hands out a token; the verify takes token and code and does it.
 */
export interface ApplicationBase {
  token: string;
  oid_partner: string;
  user_id: string;
  txn_seqno?: string;
  accp_txno?: string;
  notify_url?: string;
  sms_id: string;
  status: 'PENDING' | 'DONE';
  created_at: number;
}

/** acctmgr §3.3.1 → §3.3.2 */
export interface OpenIndividualApplication extends ApplicationBase {
  kind: 'OPEN_INDIVIDUAL';
  basic: BasicInfoIndividual;
  linked_acctno: string;
  linked_phone: string;
  bank_code: string;
  card_type: CardType;
}

/** acctmgr §3.5.1 → §3.5.2 */
export interface BindCardApplication extends ApplicationBase {
  kind: 'BIND_CARD';
  linked_acctno: string;
  linked_phone: string;
  bank_code: string;
  card_type: CardType;
}

/** acctmgr §3.8.1 → §3.8.2 */
export interface ChangeLinkedPhoneApplication extends ApplicationBase {
  kind: 'CHANGE_LINKED_PHONE';
  linked_agrtno: string;
  new_phone: string;
}

/** acctmgr §3.9.1 → §3.9.2 */
export interface ChangeRegPhoneApplication extends ApplicationBase {
  kind: 'CHANGE_REG_PHONE';
  new_phone: string;
}

/** acctmgr §3.12.1 → §3.12.2 */
export interface FindPasswordApplication extends ApplicationBase {
  kind: 'FIND_PASSWORD';
}

export type Application = OpenIndividualApplication | BindCardApplication | ChangeLinkedPhoneApplication | ChangeRegPhoneApplication | FindPasswordApplication;
export type ApplicationKind = Application['kind'];

/** Busi types of acctmgr v1.4 §4.5, and the transaction types of txn v2.3. */
export type BusiType =
  | 'OpenNormelUser'
  | 'ChangePhone'
  | 'ChangeBankAcct'
  | 'TideCard'
  | 'UntieCard'
  | 'CancelUser'
  | TradeType
  | 'ACCT_CASH_OUT'
  | 'OUTER_FUND_EXCHANGE'
  | 'REFUND';

/** One merchant transaction (txn_seqno), for 1010 and query-txn (3.18). */
export interface Txn {
  oid_partner: string;
  txn_seqno: string;
  accp_txno: string;
  busi_type: BusiType;
  status: 'CREATE' | 'SUCCESS' | 'FAILURE';
  user_id?: string;
  created_at: number;
  updated_at: number;
}

export interface RandomKey {
  random_key: string;
  oid_partner: string;
  user_id: string;
  random_value: string;
  issued_at: number;
  used: boolean;
}

export type SmsPurpose = 'REG_PHONE' | 'OPEN_ACCOUNT' | 'BIND_CARD' | 'CHANGE_LINKED_PHONE' | 'CHANGE_REG_PHONE' | 'FIND_PASSWORD' | 'PAYMENT' | 'WITHDRAWAL' | 'TRANSFER';

export interface SmsMessage {
  id: string;
  phone: string;
  code: string;
  purpose: SmsPurpose;
  oid_partner: string;
  user_id: string;
  sent_at: number;
  wrong_attempts: number;
  status: 'ACTIVE' | 'USED' | 'DEAD';
}

/** A reg_phone proven by regphone-verifycode-verify (3.2). */
export interface PhoneVerification {
  oid_partner: string;
  user_id: string;
  phone: string;
  verified_at: number;
}

export type OwnerKind = 'USER' | 'MERCHANT' | 'CLEARING';

/** acctmgr v1.4 §4.2 account types, plus the simulator's clearing accounts for the outside world. */
export type AcctType =
  | 'USEROWN_PSETTLE'
  | 'USEROWN_AVAILABLE'
  | 'MCHOWN_PSETTLE'
  | 'MCHOWN_AVAILABLE'
  | 'MCHASSURE_PSETTLE'
  | 'MCHASSURE_AVAILABLE'
  | 'MCHCOUPON_PSETTLE'
  | 'MCHCOUPON_AVAILABLE'
  | 'MCHFEE_PSETTLE'
  | 'MCHFEE_AVAILABLE'
  | 'CLEARING';

export interface Account {
  oid_acctno: string;
  owner_kind: OwnerKind;
  /** "<oid_partner>/<user_id>" for users, "<oid_partner>" for merchants, the channel for clearing. */
  owner: string;
  acct_type: AcctType;
  acct_state: AcctState;
  /** Total balance in fen (amt_balcur). Clearing accounts go negative: money that came in from outside. */
  balance: number;
  /** Frozen part of the balance in fen (amt_balfrz); available = balance - frozen. */
  frozen: number;
  /** The accounting day (yyyyMMdd) the opening figures below belong to. */
  day: string;
  /** Balance and frozen at the start of `day` (for amt_lastbal / amt_lastfrz). */
  day_open_balance: number;
  day_open_frozen: number;
  created_at: number;
}

export type FlagDc = 'DEBIT' | 'CREDIT';

/**
 * What one posting did to one account: one line of its statement (query-acctserial). A posting's
 * lines on the same account are one entry; a pure freeze or release (balance unchanged) is an
 * entry with amt 0, which statements leave out.
 */
export interface Entry {
  jno_acct: string;
  posting_id: string;
  oid_acctno: string;
  /** Change of the balance in fen, credit-positive (0 for a pure freeze or release). */
  amt: number;
  flag_dc: FlagDc;
  /** The account's total balance after this posting. */
  amt_bal: number;
  /** Change of the frozen part in fen. */
  frozen_delta: number;
  /** The other side: the account that moved the most money the opposite way in this posting. */
  other_acctno?: string;
  accp_txno: string;
  /** the merchant's txn_seqno; '' when the money came without one (an offline top-up) */
  txn_seqno: string;
  txn_type: string;
  product_code?: string;
  txn_time: number;
  date_acct: string;
  memo?: string;
}

export type NotifySchedule = 'acctmgr' | 'txn';

export interface Notification {
  id: string;
  oid_partner: string;
  txn_seqno: string;
  url: string;
  /** The exact JSON text sent (its signature is deterministic: PKCS#1 v1.5 over its MD5). */
  body: string;
  schedule: NotifySchedule;
  status: 'PENDING' | 'DELIVERED' | 'FAILED';
  attempts: number;
  next_attempt_at: number;
  created_at: number;
  delivered_at?: number;
  last_result?: string;
}

/** What the simulated bank knows of a card once it has been verified: its holder. */
export interface Cardholder {
  card_no: string;
  name: string;
  id_no: string;
  phone: string;
}

/** Photos sent by upload-photos (acctmgr §3.20), kept as files beside the state. */
export interface PhotoSet {
  oid_partner: string;
  user_id: string;
  files: PhotoFile[];
  uploaded_at: number;
}

export type PhotoKind = 'id_emblem' | 'id_portrait' | 'unified_code';

export interface PhotoFile {
  kind: PhotoKind;
  filetype: string;
  bytes: number;
  sha256: string;
  /** relative to the data dir */
  path: string;
}

// ---- transactions (txn-api-v2.3) -----------------------------------------------------------

/** txn v2.3 §3.2.1 txn_type, and the trades query-payment also answers for (§3.2.8). */
export type TradeType = 'USER_TOPUP' | 'MCH_TOPUP' | 'GENERAL_CONSUME' | 'SECURED_CONSUME' | 'INNER_FUND_EXCHANGE' | 'SECURED_CONFIRM';

export type PartyType = 'USER' | 'MERCHANT';

export interface Party {
  type: PartyType;
  /** user_id, or oid_partner for the merchant */
  id: string;
  /** a merchant's account (MCHOWN, MCHASSURE, MCHCOUPON, MCHFEE); users have USEROWN */
  accttype?: string;
}

export interface PayeeShare extends Party {
  /** fen */
  amount: number;
  memo?: string;
}

export interface MethodAmount {
  /** txn v2.3 §4.2 付款方式 */
  method: string;
  /** fen */
  amount: number;
}

/**
 * A trade query-payment answers for: a payment order (tradecreate), an internal transfer
 * (§3.4.1 to an ACCP account) or a secured confirmation (§3.5.1).
 */
export interface Trade {
  accp_txno: string;
  oid_partner: string;
  txn_seqno: string;
  txn_type: TradeType;
  txn_time: string;
  /** fen */
  total: number;
  /** the user the order is for (payer of a consumption or top-up); absent for MCH_TOPUP */
  user_id?: string;
  user_type: 'REGISTERED' | 'ANONYMOUS';
  notify_url?: string;
  return_url?: string;
  order_info?: string;
  goods_name?: string;
  goods_url?: string;
  /** fixed at creation (GENERAL_CONSUME, MCH_TOPUP, transfers); may be empty for SECURED_CONSUME */
  payees: PayeeShare[];
  status: 'WAIT_PAY' | 'SUCCESS' | 'CLOSED' | 'CANCEL';
  expire_at: number;
  created_at: number;
  payer?: Party;
  methods?: MethodAmount[];
  finished_at?: number;
  accounting_date?: string;
  chnl_txno?: string;
  bankcode?: string;
  linked_agrtno?: string;
  /** a payment waiting for its SMS code or its channel page */
  pending?: PendingPayment;
  /** refunded so far per method, in fen */
  refunded_by_method?: Record<string, number>;
  /** refunded so far from each payee's own account (party key), in fen */
  refunded_by_payee?: Record<string, number>;
  /** a secured order: refunded from MCHASSURE before confirmation, per payee (party key) */
  refunded_assure_by_payee?: Record<string, number>;
  /** a secured order: confirmed so far per payee (party key), the confirmations and refunds */
  confirmed_by_payee?: Record<string, number>;
  confirmations?: string[];
  refunds?: string[];
  /** a secured confirmation: the secured order it confirms */
  original_accp_txno?: string;
}

export interface PendingPayment {
  token: string;
  kind: 'SMS' | 'GATEWAY';
  payer: Party;
  methods: MethodAmount[];
  sms_id?: string;
  /** the card paid with (bank-card payments) */
  card?: { linked_agrtno?: string; linked_acctno: string; bank_code: string; card_type: CardType; new_card: boolean; holder?: { name: string; id_no: string; phone: string } };
  /** the parts frozen while a channel page is open (balance, coupon) */
  frozen?: { oid_acctno: string; amount: number }[];
  /** the paying bank of an EBANK gateway payment (payment-gw bankcode, §3.2.6 bankcode) */
  bankcode?: string;
  created_at: number;
}

/** A withdrawal (§3.3) or an external transfer to a bank account (§3.4.1). */
export interface Withdrawal {
  accp_txno: string;
  oid_partner: string;
  txn_seqno: string;
  txn_time: string;
  kind: 'ACCT_CASH_OUT' | 'OUTER_FUND_EXCHANGE';
  payer: Party;
  /** the account the money leaves */
  oid_acctno: string;
  /** fen: what leaves the account; the bank gets total - fee, the merchant's own account the fee */
  total: number;
  fee: number;
  order_info?: string;
  postscript?: string;
  txn_purpose?: string;
  notify_url?: string;
  bank: { acctno: string; bank_code: string; acctname?: string; linked_agrtno?: string; cnaps_code?: string };
  pay_time_type: 'TRANS_THIS_TIME' | 'TRANS_NORMAL' | 'TRANS_NEXT_TIME';
  check_flag: boolean;
  funds_flag: boolean;
  status: 'WAIT_SMS' | 'WAIT_CHECK' | 'PROCESSING' | 'SUCCESS' | 'FAILURE' | 'CANCEL' | 'CLOSED';
  token?: string;
  sms_id?: string;
  /** when the bank answers a PROCESSING withdrawal */
  bank_due_at?: number;
  failure_reason?: string;
  chnl_txno?: string;
  finished_at?: number;
  accounting_date?: string;
  check?: { result: 'ACCEPT' | 'CANCEL'; reason?: string; user?: string };
  expire_at: number;
  created_at: number;
}

/** A refund (§3.7.1): one original payee, money frozen until the channel answers. */
export interface Refund {
  accp_txno: string;
  oid_partner: string;
  refund_seqno: string;
  refund_time: string;
  user_id: string;
  original_accp_txno: string;
  original_txn_seqno: string;
  payee: Party;
  /** fen */
  amount: number;
  methods: MethodAmount[];
  reason?: string;
  notify_url?: string;
  /** where the money waits frozen: account and amount (secured money before confirmation was frozen already) */
  frozen: { oid_acctno: string; amount: number; secured?: boolean }[];
  status: 'PROCESSING' | 'SUCCESS' | 'FAILURE';
  chnl_txno?: string;
  accounting_date?: string;
  finished_at?: number;
  created_at: number;
}

export interface Counter {
  n: number;
}

/** Sandbox-wide values that live in the state (so snapshots and resets carry them). */
export interface Setting {
  value: string | number;
}

export interface Model {
  merchants: Merchant;
  users: User;
  cards: Card;
  applications: Application;
  txns: Txn;
  random_keys: RandomKey;
  sms: SmsMessage;
  phone_verifications: PhoneVerification;
  accounts: Account;
  entries: Entry;
  notifications: Notification;
  cardholders: Cardholder;
  photos: PhotoSet;
  trades: Trade;
  withdrawals: Withdrawal;
  refunds: Refund;
  counters: Counter;
  settings: Setting;
}
