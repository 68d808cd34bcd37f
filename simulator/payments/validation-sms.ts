// txn v2.3 §3.6 validation-sms 交易二次短信验证: the code that completes a payment, withdrawal or
// transfer answered with 8888. The token names what waits; its SMS code is checked
// (rules/sms.json: a wrong code counts), then the transaction goes on where it stopped.
import type { Context } from '../domain/context.js';
import { Refused, refuseIf, transact } from '../domain/context.js';
import { AccpError } from '../domain/errors.js';
import type { Trade, Withdrawal } from '../domain/model.js';
import { yuanToFen } from '../protocol/money.js';
import { checkCode } from '../world/sms.js';
import { completeTransfer } from '../transfers/transfer.js';
import { afterSms, closeIfExpired, finishMoneyOut, moneyOutAnswer } from '../withdrawals/withdrawal.js';
import type { Tx } from '../domain/state.js';
import { bankRefusal, paidAnswer, payByCard } from './pay.js';
import { dropPending, endLapsedPayment, heldPaymentRefusal } from './trades.js';

export interface ValidationSms {
  oid_partner: string;
  payer_type: 'USER' | 'MERCHANT';
  payer_id: string;
  txn_seqno: string;
  total_amount: number | string;
  token: string;
  verify_code: string;
}

/** Ends what waited for a dead code: a payment's hold (the order stays payable), a transfer or withdrawal altogether. */
function lapse(ctx: Context, tx: Tx, trade: Readonly<Trade> | undefined, withdrawal: Readonly<Withdrawal> | undefined): void {
  if (withdrawal) finishMoneyOut(ctx, tx, withdrawal, 'CLOSED', '短信验证码已失效');
  else if (trade) endLapsedPayment(ctx, tx, trade);
}

export async function validateSms(ctx: Context, req: ValidationSms) {
  const total = yuanToFen(req.total_amount);
  const result = await transact(ctx, async (tx) => {
    // a gateway payment's token waits for its channel page, not for a code: not a token of this endpoint
    const trade = tx.find('trades', 'byPendingToken', req.token).find((t) => t.pending?.kind === 'SMS');
    const withdrawal = trade ? undefined : tx.find('withdrawals', 'byToken', req.token)[0];
    const found: Readonly<Trade> | Readonly<Withdrawal> | undefined = trade ?? withdrawal;
    const payerId = trade ? trade.pending?.payer.id : withdrawal?.payer.id;
    const createdAt = trade ? trade.pending?.created_at : withdrawal?.created_at;
    await refuseIf(ctx, 'token', {
      token_found: found !== undefined,
      token_matches_request: found !== undefined && found.oid_partner === req.oid_partner && found.txn_seqno === req.txn_seqno && payerId === req.payer_id,
      token_used: false,
      age_seconds: createdAt !== undefined ? Math.floor((ctx.clock.now() - createdAt) / 1000) : 0,
    });
    if (found!.total !== total) throw new AccpError('3004', undefined, 'total_amount is not the order total');
    // an order past its pay_expire closes (3001); a payer or payee closed meanwhile ends the payment (2001)
    const ended = trade ? await heldPaymentRefusal(ctx, tx, trade) : null;
    if (ended) return ended;
    // a withdrawal past its pay_expire closes now, its money released: its token answers as a used one
    if (withdrawal && closeIfExpired(ctx, tx, withdrawal)) return new Refused(new AccpError('1000', undefined, 'the withdrawal passed its pay_expire and is closed'));
    const smsId = trade ? trade.pending!.sms_id : withdrawal!.sms_id;
    const refused = await checkCode(ctx, tx, smsId ? tx.get('sms', smsId) : undefined, req.verify_code);
    if (refused) {
      // a code killed by wrong tries (1019) cannot complete anything: what waited for it ends now
      if (refused.error.retCode === '1019') lapse(ctx, tx, trade, withdrawal);
      return refused;
    }
    if (withdrawal) return { kind: 'withdrawal' as const, answer: moneyOutAnswer(afterSms(ctx, tx, withdrawal)) };
    const pending = trade!.pending!;
    const bankSaysNo = pending.card ? bankRefusal(pending.card) : null;
    if (bankSaysNo) {
      // the bank refused the card: the payment ends, its frozen parts go back, the order can be paid again
      dropPending(ctx, tx, trade!);
      return new Refused(bankSaysNo);
    }
    const done =
      trade!.txn_type === 'INNER_FUND_EXCHANGE'
        ? completeTransfer(ctx, tx, trade!, pending.payer, pending.frozen ?? [])
        : payByCard(ctx, tx, trade!, pending.payer, pending.methods, pending.card!, pending.frozen ?? []);
    return { kind: 'trade' as const, trade: done };
  });
  ctx.notifier.wake();
  if (result.kind === 'withdrawal') return { ...result.answer, ret_code: result.answer.ret_code === '8889' ? '8889' : '0000' };
  return paidAnswer(req, result.trade, req.payer_id);
}
