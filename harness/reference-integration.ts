// The reference merchant integration: a merchant system reduced to its ACCP calls. It is what
// the features run when no --integration is given, and an example for integrators writing
// their own adapter (see README "Plug in your own integration").
import { AccpClient, type AccpAnswer } from './accp-client.js';
import type {
  Balances,
  IntegrationEnv,
  MerchantIntegration,
  Outcome,
  PasswordEntry,
  PersonalAccountApplication,
  ReceivedNotification,
  UserState,
} from './integration.js';
import { NotifyReceiver } from './notify-receiver.js';

const outcome = (a: AccpAnswer): Outcome => ({ retCode: a.ret_code, retMsg: a.ret_msg });

export class ReferenceIntegration implements MerchantIntegration {
  readonly name = 'reference (ACCP over HTTP, undici)';
  private readonly client: AccpClient;
  private readonly receiver: NotifyReceiver;
  /** A user's account-opening in progress: the apply's txn_seqno and token. */
  private readonly openings = new Map<string, { txnSeqno: string; token: string }>();

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

  async balances(userId: string | null): Promise<Balances> {
    const a = await this.client.call('acctmgr/query-acctinfo', userId === null ? { user_type: 'INNERMERCHANT' } : { user_id: userId, user_type: 'INNERUSER' });
    const list = Array.isArray(a.acctinfo_list) ? (a.acctinfo_list as Record<string, string>[]) : undefined;
    return {
      ...outcome(a),
      ...(list ? { accounts: list.map((x) => ({ acctType: x.acct_type!, total: x.amt_balcur!, available: x.amt_balaval!, frozen: x.amt_balfrz! })) } : {}),
    };
  }

  async notificationsAbout(userId: string): Promise<ReceivedNotification[]> {
    return this.receiver.all().filter((n) => n.body.user_id === userId);
  }
}

export default function createReferenceIntegration(env: IntegrationEnv): MerchantIntegration {
  return new ReferenceIntegration(env);
}
