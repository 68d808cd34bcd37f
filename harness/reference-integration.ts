// The reference merchant integration: a merchant system reduced to its ACCP calls. It is what
// the features run when no --integration is given, and an example for integrators writing
// their own adapter (see README "Plug in your own integration").
import { AccpClient, type AccpAnswer } from './accp-client.js';
import type {
  AppliedOutcome,
  Balances,
  Cards,
  ClosingDetails,
  CorporateAccount,
  EnterpriseApplication,
  IntegrationEnv,
  MerchantIntegration,
  Outcome,
  PasswordEntry,
  PersonalAccountApplication,
  Photos,
  ReceivedNotification,
  CardRef,
  OrderRequest,
  PartyRef,
  PayeeRef,
  TxnOutcome,
  Statement,
  StatementLine,
  StatementLineDetail,
  StatementQuery,
  TypedPassword,
  UserState,
} from './integration.js';
import { NotifyReceiver } from './notify-receiver.js';
import { yuan, yuanLess } from './amounts.js';

const outcome = (a: AccpAnswer): Outcome => ({ retCode: a.ret_code, retMsg: a.ret_msg });

export class ReferenceIntegration implements MerchantIntegration {
  readonly name = 'reference (ACCP over HTTP, undici)';
  private readonly client: AccpClient;
  private readonly receiver: NotifyReceiver;
  /** A user's account-opening in progress: the apply's txn_seqno and token. */
  private readonly openings = new Map<string, { txnSeqno: string; token: string }>();
  /** Other two-step operations in progress, by "<operation>/<user_id>". */
  private readonly pending = new Map<string, { txnSeqno?: string; token: string }>();
  /** The merchant system knows which of its users are enterprises. */
  private readonly enterprises = new Set<string>();

  constructor(private readonly env: IntegrationEnv) {
    this.client = new AccpClient(env.accp);
    this.receiver = new NotifyReceiver((raw, sig) => this.client.verifyNotification(raw, sig), { host: env.notify.host, port: env.notify.port });
  }

  async start(): Promise<void> {
    await this.receiver.start();
  }

  async stop(): Promise<void> {
    await this.receiver.stop();
    await this.client.close();
  }

  private notifyUrl(kind: string): string {
    const base = this.env.notify.publicBaseUrl ?? `http://${this.env.notify.host}:${this.receiver.port}`;
    return `${base.replace(/\/$/, '')}/notify/${kind}`;
  }

  async sendRegPhoneCode(userId: string, phone: string): Promise<Outcome> {
    return outcome(await this.client.call('acctmgr/regphone-verifycode-apply', { user_id: userId, reg_phone: phone }));
  }

  async verifyRegPhoneCode(userId: string, phone: string, code: string): Promise<Outcome> {
    return outcome(await this.client.call('acctmgr/regphone-verifycode-verify', { user_id: userId, reg_phone: phone, verify_code: code }));
  }

  async applyPersonalAccount(a: PersonalAccountApplication): Promise<Outcome> {
    const txnSeqno = this.client.newSeqno('OPEN');
    const answer = await this.client.call('acctmgr/openacct-apply-individual', {
      user_id: a.userId,
      txn_seqno: txnSeqno,
      txn_time: this.client.timestamp(),
      notify_url: this.notifyUrl('openacct'),
      basicInfo: {
        reg_phone: a.phone,
        user_name: a.name,
        id_type: 'ID_CARD',
        id_no: a.idNo,
        id_exp: a.idExp,
        address: a.address,
        occupation: a.occupation,
      },
      linkedAcctInfo: { linked_acctno: a.cardNo, linked_phone: a.cardPhone },
    });
    if (answer.ret_code === '0000') this.openings.set(a.userId, { txnSeqno, token: String(answer.token) });
    return outcome(answer);
  }

  async confirmPersonalAccount(userId: string, entry: PasswordEntry): Promise<UserState> {
    const opening = this.openings.get(userId);
    if (!opening) throw new Error(`no account opening in progress for ${userId}`);
    let password: Record<string, string>;
    if (entry.passwordControl) {
      const random = await this.client.call('acctmgr/get-random', { user_id: userId, flag_chnl: 'H5', pkg_name: 'openaccp.test', app_name: 'openaccp' });
      if (random.ret_code !== '0000') return outcome(random);
      password = { password: this.client.encryptPassword(entry.password, String(random.random_value)), random_key: String(random.random_key) };
    } else {
      password = { password: this.client.encryptPassword(entry.password) };
    }
    const answer = await this.client.call('acctmgr/openacct-verify-individual', {
      user_id: userId,
      txn_seqno: opening.txnSeqno,
      token: opening.token,
      verify_code: entry.smsCode,
      ...password,
    });
    return { ...outcome(answer), ...(answer.user_status ? { userStatus: String(answer.user_status) } : {}), ...(answer.oid_userno ? { oidUserno: String(answer.oid_userno) } : {}) };
  }

  async userState(userId: string): Promise<UserState> {
    const a = await this.client.call('acctmgr/query-userinfo', { user_id: userId });
    return { ...outcome(a), ...(a.user_status ? { userStatus: String(a.user_status) } : {}), ...(a.oid_userno ? { oidUserno: String(a.oid_userno) } : {}) };
  }

  private userType(userId: string | null): 'INNERMERCHANT' | 'INNERUSER' | 'INNERCOMPANY' {
    if (userId === null) return 'INNERMERCHANT';
    return this.enterprises.has(userId) ? 'INNERCOMPANY' : 'INNERUSER';
  }

  /** The password fields of a request: through the password control (get-random) or bare. */
  private async passwordFields(userId: string, typed: TypedPassword, field = 'password'): Promise<Record<string, string> | Outcome> {
    if (!typed.passwordControl) return { [field]: this.client.encryptPassword(typed.password) };
    const random = await this.client.call('acctmgr/get-random', { user_id: userId, flag_chnl: 'H5', pkg_name: 'openaccp.test', app_name: 'openaccp' });
    if (random.ret_code !== '0000') return outcome(random);
    return { [field]: this.client.encryptPassword(typed.password, String(random.random_value)), random_key: String(random.random_key) };
  }

  async balances(userId: string | null): Promise<Balances> {
    const a = await this.client.call('acctmgr/query-acctinfo', userId === null ? { user_type: 'INNERMERCHANT' } : { user_id: userId, user_type: this.userType(userId) });
    const list = Array.isArray(a.acctinfo_list) ? (a.acctinfo_list as Record<string, string>[]) : undefined;
    return {
      ...outcome(a),
      ...(list ? { accounts: list.map((x) => ({ acctType: x.acct_type!, total: x.amt_balcur!, available: x.amt_balaval!, frozen: x.amt_balfrz! })) } : {}),
    };
  }

  // ---- 标准开户: enterprises -------------------------------------------------------------------

  async applyEnterpriseAccount(a: EnterpriseApplication): Promise<UserState> {
    const pw = await this.passwordFields(a.userId, a);
    if ('retCode' in pw) return pw as UserState;
    const answer = await this.client.call('acctmgr/openacct-apply-enterprise', {
      user_id: a.userId,
      txn_seqno: this.client.newSeqno('OPENE'),
      txn_time: this.client.timestamp(),
      notify_url: this.notifyUrl('openacct'),
      basicInfo: {
        reg_phone: a.phone,
        user_name: a.name,
        id_type: 'UNIFIED_SOCIAL_CREDIT_CODE',
        id_no: a.creditCode,
        id_exp: a.idExp,
        address: a.address,
        reg_email: a.email,
        ...(pw as Record<string, string>),
      },
      linkedAcctInfo: { linked_acctno: a.account.acctNo, linked_bankcode: a.account.bankCode, linked_brbankno: a.account.branchNo, linked_acctname: a.account.acctName, ...(a.account.branchName ? { linked_brbankname: a.account.branchName } : {}) },
      legalreptInfo: { legalrept_name: a.legalRep.name, legalrept_phone: a.legalRep.phone, legalrept_idno: a.legalRep.idNo, legalrept_idexp: a.legalRep.idExp },
      contactsInfo: { contacts_name: a.contact.name, contacts_phone: a.contact.phone },
      basicAcctInfo: { basicacct_bankcode: a.basicAccount.bankCode, basicacct_no: a.basicAccount.acctNo },
    });
    if (answer.ret_code === '0000') this.enterprises.add(a.userId);
    return { ...outcome(answer), ...(answer.user_status ? { userStatus: String(answer.user_status) } : {}), ...(answer.oid_userno ? { oidUserno: String(answer.oid_userno) } : {}) };
  }

  async uploadPhotos(userId: string, photos: Photos): Promise<Outcome> {
    // LianLian's upload demo sends Base64 with a line break every 76 characters.
    const b64 = (b: Buffer) => b.toString('base64').replace(/(.{76})/g, '$1\n');
    return outcome(
      await this.client.call('acctmgr/upload-photos', {
        user_id: userId,
        id_emblem: b64(photos.idEmblem.bytes),
        id_portrait: b64(photos.idPortrait.bytes),
        id_filetype: photos.idEmblem.type,
        ...(photos.licence ? { unified_code: b64(photos.licence.bytes), unified_code_filetype: photos.licence.type } : {}),
      }),
    );
  }

  // ---- cards --------------------------------------------------------------------------------

  async applyBindCard(userId: string, card: { cardNo: string; phone: string }, password: TypedPassword): Promise<Outcome> {
    const pw = await this.passwordFields(userId, password);
    if ('retCode' in pw) return pw as Outcome;
    const txnSeqno = this.client.newSeqno('BIND');
    const a = await this.client.call('acctmgr/individual-bindcard-apply', {
      user_id: userId,
      txn_seqno: txnSeqno,
      txn_time: this.client.timestamp(),
      notify_url: this.notifyUrl('bindcard'),
      linked_acctno: card.cardNo,
      linked_phone: card.phone,
      ...(pw as Record<string, string>),
    });
    if (a.ret_code === '0000') this.pending.set(`bindcard/${userId}`, { txnSeqno, token: String(a.token) });
    return outcome(a);
  }

  async confirmBindCard(userId: string, smsCode: string): Promise<Outcome & { agreementNo?: string }> {
    const p = this.pendingOf('bindcard', userId);
    const a = await this.client.call('acctmgr/individual-bindcard-verify', { user_id: userId, txn_seqno: p.txnSeqno, token: p.token, verify_code: smsCode });
    return { ...outcome(a), ...(a.linked_agrtno ? { agreementNo: String(a.linked_agrtno) } : {}) };
  }

  async cards(userId: string): Promise<Cards> {
    const a = await this.client.call('acctmgr/query-linkedacct', { user_id: userId });
    const list = Array.isArray(a.linked_acctlist) ? (a.linked_acctlist as Record<string, string>[]) : undefined;
    return {
      ...outcome(a),
      ...(list
        ? { cards: list.map((c) => ({ cardNo: c.linked_acctno!, bankCode: c.linked_bankcode!, agreementNo: c.linked_agrtno!, ...(c.linked_phone ? { phone: c.linked_phone } : {}), ...(c.linked_brbankno ? { branchNo: c.linked_brbankno } : {}) })) }
        : {}),
    };
  }

  async unbindCard(userId: string, cardNo: string, password: TypedPassword): Promise<Outcome> {
    const pw = await this.passwordFields(userId, password);
    if ('retCode' in pw) return pw as Outcome;
    return outcome(
      await this.client.call('acctmgr/unlinkedacct-ind-apply', {
        user_id: userId,
        txn_seqno: this.client.newSeqno('UNBIND'),
        txn_time: this.client.timestamp(),
        notify_url: this.notifyUrl('unbind'),
        linked_acctno: cardNo,
        ...(pw as Record<string, string>),
      }),
    );
  }

  async changeEnterpriseAccount(userId: string, account: CorporateAccount, password: TypedPassword): Promise<Outcome & { agreementNo?: string }> {
    const pw = await this.passwordFields(userId, password);
    if ('retCode' in pw) return pw as Outcome;
    const a = await this.client.call('acctmgr/enterprise-changecard-apply', {
      user_id: userId,
      txn_seqno: this.client.newSeqno('CHGCARD'),
      txn_time: this.client.timestamp(),
      notify_url: this.notifyUrl('changecard'),
      linked_acctno: account.acctNo,
      linked_bankcode: account.bankCode,
      linked_brbankno: account.branchNo,
      linked_acctname: account.acctName,
      ...(account.branchName ? { linked_brbankname: account.branchName } : {}),
      ...(pw as Record<string, string>),
    });
    return { ...outcome(a), ...(a.linked_agrtno ? { agreementNo: String(a.linked_agrtno) } : {}) };
  }

  async applyChangeCardPhone(userId: string, cardNo: string, newPhone: string): Promise<AppliedOutcome> {
    const txnSeqno = this.client.newSeqno('CHGLP');
    const a = await this.client.call('acctmgr/change-linkedphone-apply', {
      user_id: userId,
      txn_seqno: txnSeqno,
      txn_time: this.client.timestamp(),
      notify_url: this.notifyUrl('linkedphone'),
      linked_acctno: cardNo,
      new_linked_phone: newPhone,
    });
    if (a.ret_code === '0000') this.pending.set(`linkedphone/${userId}`, { txnSeqno, token: String(a.token) });
    return { ...outcome(a), ref: txnSeqno };
  }

  async confirmChangeCardPhone(userId: string, smsCode: string): Promise<Outcome> {
    const p = this.pendingOf('linkedphone', userId);
    return outcome(await this.client.call('acctmgr/change-linkedphone-verify', { user_id: userId, txn_seqno: p.txnSeqno, token: p.token, verify_code_new: smsCode }));
  }

  // ---- phone, closing, passwords --------------------------------------------------------------

  async applyChangeRegPhone(userId: string, oldPhone: string, newPhone: string, password: TypedPassword): Promise<AppliedOutcome> {
    const pw = await this.passwordFields(userId, password);
    if ('retCode' in pw) return pw as Outcome;
    const txnSeqno = this.client.newSeqno('CHGRP');
    const a = await this.client.call('acctmgr/change-regphone-apply', {
      user_id: userId,
      txn_seqno: txnSeqno,
      txn_time: this.client.timestamp(),
      notify_url: this.notifyUrl('regphone'),
      reg_phone: oldPhone,
      reg_phone_new: newPhone,
      ...(pw as Record<string, string>),
    });
    if (a.ret_code === '0000') this.pending.set(`regphone/${userId}`, { txnSeqno, token: String(a.token) });
    return { ...outcome(a), ref: txnSeqno };
  }

  async confirmChangeRegPhone(userId: string, smsCode: string): Promise<Outcome> {
    const p = this.pendingOf('regphone', userId);
    return outcome(await this.client.call('acctmgr/change-regphone-verify', { user_id: userId, txn_seqno: p.txnSeqno, token: p.token, verify_code_new: smsCode }));
  }

  async closeAccount(userId: string, d: ClosingDetails, password: TypedPassword): Promise<AppliedOutcome> {
    const pw = await this.passwordFields(userId, password);
    if ('retCode' in pw) return pw as Outcome;
    const txnSeqno = this.client.newSeqno('CANCEL');
    const a = await this.client.call('acctmgr/cancel-apply', {
      user_id: userId,
      txn_seqno: txnSeqno,
      txn_time: this.client.timestamp(),
      notify_url: this.notifyUrl('cancel'),
      user_name: d.name,
      id_type: d.idType,
      id_no: d.idNo,
      reg_phone: d.phone,
      ...(pw as Record<string, string>),
    });
    return { ...outcome(a), ref: txnSeqno };
  }

  async changePassword(userId: string, oldPassword: TypedPassword, newPassword: string): Promise<Outcome> {
    if (!oldPassword.passwordControl) {
      return outcome(await this.client.call('acctmgr/change-password', { user_id: userId, password: this.client.encryptPassword(oldPassword.password), password_new: this.client.encryptPassword(newPassword) }));
    }
    // one random factor salts both fields, as the password control encrypts both with it
    const random = await this.client.call('acctmgr/get-random', { user_id: userId, flag_chnl: 'H5', pkg_name: 'openaccp.test', app_name: 'openaccp' });
    if (random.ret_code !== '0000') return outcome(random);
    const rv = String(random.random_value);
    return outcome(
      await this.client.call('acctmgr/change-password', {
        user_id: userId,
        password: this.client.encryptPassword(oldPassword.password, rv),
        password_new: this.client.encryptPassword(newPassword, rv),
        random_key: String(random.random_key),
      }),
    );
  }

  async applyFindPassword(userId: string, cardNo: string | null): Promise<Outcome & { maskedPhone?: string }> {
    const a = await this.client.call('acctmgr/find-password-apply', { user_id: userId, ...(cardNo ? { linked_acctno: cardNo } : {}) });
    if (a.ret_code === '0000') this.pending.set(`findpassword/${userId}`, { token: String(a.token) });
    return { ...outcome(a), ...(a.reg_phone ? { maskedPhone: String(a.reg_phone) } : {}) };
  }

  async confirmFindPassword(userId: string, smsCode: string, newPassword: TypedPassword): Promise<Outcome> {
    const p = this.pendingOf('findpassword', userId);
    const pw = await this.passwordFields(userId, newPassword);
    if ('retCode' in pw) return pw as Outcome;
    return outcome(await this.client.call('acctmgr/find-password-verify', { user_id: userId, token: p.token, verify_code: smsCode, ...(pw as Record<string, string>) }));
  }

  async validatePassword(userId: string, password: TypedPassword): Promise<Outcome> {
    const pw = await this.passwordFields(userId, password);
    if ('retCode' in pw) return pw as Outcome;
    return outcome(await this.client.call('acctmgr/validate-password', { user_id: userId, ...(pw as Record<string, string>) }));
  }

  // ---- 明细查询 -------------------------------------------------------------------------------

  async statement(userId: string | null, q: StatementQuery): Promise<Statement> {
    const a = await this.client.call('acctmgr/query-acctserial', {
      ...(userId !== null ? { user_id: userId } : {}),
      user_type: this.userType(userId),
      acct_type: q.acctType,
      date_start: q.from,
      date_end: q.to,
      ...(q.flagDc ? { flag_dc: q.flagDc } : {}),
      page_no: q.page,
      page_size: q.pageSize,
      ...(q.order ? { sort_type: q.order } : {}),
    });
    const list = Array.isArray(a.acctbal_list) ? (a.acctbal_list as Record<string, string>[]) : undefined;
    return {
      ...outcome(a),
      ...(a.ret_code === '0000'
        ? { totalIn: String(a.total_in_amt), totalOut: String(a.total_out_amt), totalNum: Number(a.total_num), totalPage: Number(a.total_page), lines: (list ?? []).map(statementLine) }
        : {}),
    };
  }

  async statementLine(userId: string | null, jno: string): Promise<StatementLineDetail> {
    const a = await this.client.call('acctmgr/query-acctserialdetail', { ...(userId !== null ? { user_id: userId } : {}), user_type: this.userType(userId), jno_acct: jno });
    if (a.ret_code !== '0000') return outcome(a);
    const raw = a as unknown as Record<string, string>;
    return {
      ...outcome(a),
      line: { ...statementLine(raw), ...(raw.txn_seqno ? { txnSeqno: raw.txn_seqno } : {}), ...(raw.other_acct ? { otherAcct: raw.other_acct } : {}), ...(raw.other_acct_name ? { otherName: raw.other_acct_name } : {}) },
    };
  }

  // ---- transactions -----------------------------------------------------------------------------

  /** Orders this merchant created: what a payment or refund must repeat (total, payer). */
  private readonly orders = new Map<string, { total: string; payer?: string; kind: OrderRequest['kind'] }>();
  /** The last payment, withdrawal or transfer of a user that waits for an SMS code. */
  private readonly smsWaiting = new Map<string, { ref: string; token: string; total: string; payerType: 'USER' | 'MERCHANT' }>();

  private party(p: PartyRef): { type: 'USER' | 'MERCHANT'; id: string; accttype?: string } {
    if ('user' in p) return { type: 'USER', id: p.user };
    return { type: 'MERCHANT', id: this.env.accp.oidPartner, ...(p.merchant ? { accttype: p.merchant } : {}) };
  }

  private txnOutcome(a: AccpAnswer, ref?: string): TxnOutcome {
    return {
      ...outcome(a),
      ...(ref ? { ref } : {}),
      ...(a.accp_txno ? { accpTxno: String(a.accp_txno) } : {}),
      ...(a.gateway_url ? { gatewayUrl: String(a.gateway_url) } : {}),
      ...(a.txn_status ? { status: String(a.txn_status) } : {}),
      ...(a.failure_reason ? { failureReason: String(a.failure_reason) } : {}),
    };
  }

  private async passwordOrNone(userId: string, typed: TypedPassword | null): Promise<Record<string, string> | Outcome> {
    return typed ? this.passwordFields(userId, typed) : {};
  }

  async createOrder(o: OrderRequest): Promise<TxnOutcome> {
    const ref = o.ref ?? this.client.newSeqno('ORD');
    const a = await this.client.call('txn/tradecreate', {
      txn_type: o.kind,
      ...(o.payer ? { user_id: o.payer } : {}),
      ...(o.anonymous ? { user_type: 'ANONYMOUS' } : {}),
      notify_url: this.notifyUrl('payment'),
      ...(o.expireMinutes ? { pay_expire: o.expireMinutes } : {}),
      orderInfo: { txn_seqno: ref, txn_time: this.client.timestamp(), total_amount: o.amount, ...(o.goods ? { goods_name: o.goods } : {}) },
      ...(o.payees?.length
        ? {
            payeeInfo: o.payees.map((p) => {
              const party = this.party(p.party);
              return { payee_id: party.id, payee_type: party.type, ...(party.accttype ? { payee_accttype: party.accttype } : {}), payee_amount: p.amount };
            }),
          }
        : {}),
    });
    // a refused repeat leaves the order that was created as it was
    if (a.ret_code === '0000') this.orders.set(ref, { total: o.amount, ...(o.payer ? { payer: o.payer } : {}), kind: o.kind });
    return this.txnOutcome(a, ref);
  }

  private order(ref: string) {
    const o = this.orders.get(ref);
    if (!o) throw new Error(`no order ${ref} created through this integration`);
    return o;
  }

  async payWithBalance(ref: string, payer: string, password: TypedPassword, couponAmount?: string): Promise<TxnOutcome> {
    const pw = await this.passwordFields(payer, password);
    if ('retCode' in pw) return pw as TxnOutcome;
    const a = await this.client.call('txn/payment-balance', {
      txn_seqno: ref,
      total_amount: this.order(ref).total,
      ...(couponAmount ? { coupon_amount: couponAmount } : {}),
      payerInfo: { user_id: payer, ...(pw as Record<string, string>) },
    });
    return this.txnOutcome(a, ref);
  }

  async payWithCard(ref: string, payer: string, card: CardRef, password: TypedPassword | null, parts: { balance?: string; coupon?: string } = {}): Promise<TxnOutcome> {
    const pw = await this.passwordOrNone(payer, password);
    if ('retCode' in pw) return pw as TxnOutcome;
    const total = this.order(ref).total;
    const cardAmount = yuanLess(total, parts.balance, parts.coupon);
    const which = card.agreementNo
      ? { linked_agrtno: card.agreementNo }
      : card.cardNo
        ? { linked_acctno: card.cardNo }
        : { linked_acctno: card.newCard!.cardNo, linked_acctname: card.newCard!.name, id_type: 'ID_CARD', id_no: card.newCard!.idNo, linked_phone: card.newCard!.phone };
    // §3.2.3: cvv2 and valid_thru "信用卡支付时必填", for a bound credit card as for a new one
    const credit = card.type === 'CREDIT' ? { ...(card.cvv2 ? { cvv2: card.cvv2 } : {}), ...(card.validThru ? { valid_thru: card.validThru } : {}) } : {};
    const a = await this.client.call('txn/payment-bankcard', {
      txn_seqno: ref,
      total_amount: total,
      payerInfo: { user_id: payer, ...(pw as Record<string, string>) },
      bankCardInfo: { ...which, ...credit },
      payMethods: [
        { method: card.type === 'CREDIT' ? 'AGRT_CREDIT_CARD' : 'AGRT_DEBIT_CARD', amount: cardAmount },
        ...(parts.balance ? [{ method: 'BALANCE', amount: parts.balance }] : []),
        ...(parts.coupon ? [{ method: 'COUPON', amount: parts.coupon }] : []),
      ],
    });
    if (a.ret_code === '8888') this.smsWaiting.set(payer, { ref, token: String(a.token), total, payerType: 'USER' });
    return this.txnOutcome(a, ref);
  }

  async payWithGateway(ref: string, payer: PartyRef, method: string, password: TypedPassword | null): Promise<TxnOutcome> {
    const p = this.party(payer);
    const pw = p.type === 'USER' ? await this.passwordOrNone(p.id, password) : {};
    if ('retCode' in pw) return pw as TxnOutcome;
    const total = this.order(ref).total;
    const a = await this.client.call('txn/payment-gw', {
      txn_seqno: ref,
      total_amount: total,
      client_ip: '127.0.0.1',
      payerInfo: { payer_type: p.type, payer_id: p.id, ...(pw as Record<string, string>) },
      payMethods: [{ method, amount: total }],
    });
    return this.txnOutcome(a, ref);
  }

  async confirmSms(user: string, smsCode: string): Promise<TxnOutcome> {
    const w = this.smsWaiting.get(user);
    if (!w) throw new Error(`nothing of ${user} waits for an SMS code`);
    const a = await this.client.call('txn/validation-sms', { payer_type: w.payerType, payer_id: user, txn_seqno: w.ref, total_amount: w.total, token: w.token, verify_code: smsCode });
    if (a.ret_code === '0000' || a.ret_code === '8889') this.smsWaiting.delete(user);
    return this.txnOutcome(a, w.ref);
  }

  async paymentStatus(ref: string): Promise<TxnOutcome> {
    return this.txnOutcome(await this.client.call('txn/query-payment', { txn_seqno: ref }), ref);
  }

  async closeOrder(ref: string): Promise<TxnOutcome> {
    return this.txnOutcome(await this.client.call('txn/close-payment', { txn_seqno: ref }), ref);
  }

  async confirmSecured(orderRef: string, payer: string, mode: 'ALL' | 'PART', amount: string, payees?: PayeeRef[]): Promise<TxnOutcome> {
    const ref = this.client.newSeqno('CFM');
    const a = await this.client.call('txn/secured-confirm', {
      user_id: payer,
      confirm_mode: mode,
      originalOrderInfo: { txn_seqno: orderRef, total_amount: this.order(orderRef).total },
      confirmOrderInfo: { confirm_seqno: ref, confirm_time: this.client.timestamp(), confirm_amount: amount },
      ...(payees?.length
        ? { payeeInfo: payees.map((p) => { const party = this.party(p.party); return { payee_id: party.id, payee_type: party.type, ...(party.accttype ? { payee_accttype: party.accttype } : {}), payee_amount: p.amount }; }) }
        : {}),
    });
    return this.txnOutcome(a, ref);
  }

  async securedStatus(orderRef: string) {
    const a = await this.client.call('txn/secured-query', { txn_seqno: orderRef });
    const order = a.orderInfo as Record<string, unknown> | undefined;
    const payees = Array.isArray(a.payeeInfo) ? (a.payeeInfo as Record<string, unknown>[]) : [];
    return {
      ...this.txnOutcome(a, orderRef),
      ...(order?.secure_status ? { status: String(order.secure_status) } : {}),
      payees: payees.map((p) => ({
        party: (p.payee_type === 'USER' ? { user: String(p.payee_id) } : { merchant: 'MCHOWN' }) as PartyRef,
        amount: yuan(p.amount),
        confirmed: yuan(p.accept_amount),
        refunded: yuan(p.refund_amount),
      })),
    };
  }

  async withdraw(user: string, w: Parameters<MerchantIntegration['withdraw']>[1]): Promise<TxnOutcome> {
    const pw = await this.passwordFields(user, w.password);
    if ('retCode' in pw) return pw as TxnOutcome;
    const ref = this.client.newSeqno('WD');
    const a = await this.client.call('txn/withdrawal', {
      notify_url: this.notifyUrl('withdrawal'),
      ...(w.cardNo ? { linked_acctno: w.cardNo } : {}),
      ...(w.agreementNo ? { linked_agrtno: w.agreementNo } : {}),
      ...(w.check ? { check_flag: 'Y' } : {}),
      ...(w.payTimeType ? { pay_time_type: w.payTimeType } : {}),
      orderInfo: { txn_seqno: ref, txn_time: this.client.timestamp(), total_amount: w.amount, ...(w.fee ? { fee_amount: w.fee } : {}) },
      payerInfo: { payer_type: 'USER', payer_id: user, ...(pw as Record<string, string>) },
    });
    if (a.ret_code === '8888') this.smsWaiting.set(user, { ref, token: String(a.token), total: w.amount, payerType: 'USER' });
    if (a.ret_code === '0000' || a.ret_code === '8888' || a.ret_code === '8889') this.withdrawals.set(ref, w.amount);
    return this.txnOutcome(a, ref);
  }

  private readonly withdrawals = new Map<string, string>();

  async checkWithdrawal(ref: string, accept: boolean, reason?: string): Promise<TxnOutcome> {
    const total = this.withdrawals.get(ref);
    if (!total) throw new Error(`no withdrawal ${ref} made through this integration`);
    return this.txnOutcome(
      await this.client.call('txn/withdrawal-check', { orderInfo: { txn_seqno: ref, total_amount: total }, checkInfo: { check_result: accept ? 'ACCEPT' : 'CANCEL', ...(reason ? { check_reason: reason } : {}), check_user: 'harness' } }),
      ref,
    );
  }

  async withdrawalStatus(ref: string): Promise<TxnOutcome> {
    return this.txnOutcome(await this.client.call('txn/query-withdrawal', { txn_seqno: ref }), ref);
  }

  async transfer(t: { from: PartyRef; to: PartyRef; amount: string; purpose: string; password: TypedPassword | null }): Promise<TxnOutcome> {
    const from = this.party(t.from);
    const to = this.party(t.to);
    const pw = from.type === 'USER' ? await this.passwordOrNone(from.id, t.password) : {};
    if ('retCode' in pw) return pw as TxnOutcome;
    const ref = this.client.newSeqno('TR');
    const a = await this.client.call('txn/transfer', {
      notify_url: this.notifyUrl('transfer'),
      orderInfo: { txn_seqno: ref, txn_time: this.client.timestamp(), total_amount: t.amount, txn_purpose: t.purpose },
      payerInfo: { payer_type: from.type, payer_id: from.id, ...(from.accttype ? { payer_accttype: from.accttype } : {}), ...(pw as Record<string, string>) },
      payeeInfo: { payee_type: to.type, payee_id: to.id, ...(to.accttype ? { payee_accttype: to.accttype } : {}) },
    });
    if (a.ret_code === '8888' && from.type === 'USER') this.smsWaiting.set(from.id, { ref, token: String(a.token), total: t.amount, payerType: 'USER' });
    return this.txnOutcome(a, ref);
  }

  async refund(orderRef: string, payer: string, r: { payee: PartyRef; amount: string; methods: { method: string; amount: string }[] }): Promise<TxnOutcome> {
    const ref = this.client.newSeqno('RF');
    const payee = this.party(r.payee);
    const a = await this.client.call('txn/asyn-refund', {
      user_id: payer,
      notify_url: this.notifyUrl('refund'),
      originalOrderInfo: { txn_seqno: orderRef, total_amount: this.order(orderRef).total },
      refundOrderInfo: { refund_seqno: ref, refund_time: this.client.timestamp(), payee_id: payee.id, payee_type: payee.type, ...(payee.accttype ? { payee_accttype: payee.accttype } : {}), refund_amount: r.amount },
      refundMethods: r.methods,
    });
    return this.txnOutcome(a, ref);
  }

  async refundStatus(ref: string): Promise<TxnOutcome> {
    return this.txnOutcome(await this.client.call('txn/query-refund', { refund_seqno: ref }), ref);
  }

  async notificationsOf(ref: string): Promise<ReceivedNotification[]> {
    return this.receiver.all().filter((n) => {
      const b = n.body;
      const order = b.orderInfo as Record<string, unknown> | undefined;
      return b.txn_seqno === ref || b.refund_seqno === ref || order?.txn_seqno === ref;
    });
  }

  private pendingOf(kind: string, userId: string): { txnSeqno?: string; token: string } {
    const p = this.pending.get(`${kind}/${userId}`);
    if (!p) throw new Error(`no ${kind} in progress for ${userId}`);
    return p;
  }

  async notificationsAbout(userId: string): Promise<ReceivedNotification[]> {
    return this.receiver.all().filter((n) => n.body.user_id === userId || n.body.payee_id === userId);
  }

  rechargeUrl(): string {
    return this.notifyUrl('recharge');
  }
}

function statementLine(x: Record<string, string>): StatementLine {
  return { jno: x.jno_acct!, txnType: x.txn_type!, flagDc: x.flag_dc as 'DEBIT' | 'CREDIT', amount: x.amt!, balance: x.amt_bal!, accpTxno: x.accp_txno!, txnTime: x.txn_time! };
}

export default function createReferenceIntegration(env: IntegrationEnv): MerchantIntegration {
  return new ReferenceIntegration(env);
}
