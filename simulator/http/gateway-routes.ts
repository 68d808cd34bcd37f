// The simulated channel cashier pages behind payment-gw's gateway_url (payments/gateway.ts does
// the work). A person (or a test) opens the page and pays or cancels; paying sends the browser
// to the order's return_url with the signed form of txn v2.3 §3.2.7. A payment that fails shows
// the failure page (HTTP 409) with what it froze given back; a page no longer open, HTTP 404.
import express, { type Router } from 'express';
import type { Context } from '../domain/context.js';
import { AccpError } from '../domain/errors.js';
import { cancelOnGateway, gatewayView, payOnGateway } from '../payments/gateway.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${esc(title)}</title>
<style>body{font-family:sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}button{font-size:1.1rem;padding:.5rem 1.5rem;margin:.3rem}.amount{font-size:2rem}</style></head><body>${body}</body></html>`;
}

const GONE = page('支付页面已失效', '<h1>支付页面已失效</h1><p>该支付已完成、已取消或不存在。</p>');

export function gatewayRoutes(ctx: Context): Router {
  const r = express.Router();
  r.use(express.urlencoded({ extended: false, limit: '16kb' }));

  r.get('/pay/:token', (req, res) => {
    const view = gatewayView(ctx, req.params.token);
    if (!view) {
      res.status(404).type('html').send(GONE);
      return;
    }
    res.type('html').send(
      page(
        `${view.channel} 收银台`,
        `<h1>${esc(view.channel)} 收银台（OpenACCP 模拟）</h1>
<p>收款方：${esc(view.merchant)}</p>${view.goods ? `<p>商品：${esc(view.goods)}</p>` : ''}
<p class="amount">¥ ${esc(view.amount)}</p><p>订单号：${esc(view.txn_seqno)}</p>
<form method="post" action="/gateway/pay/${esc(req.params.token)}/pay"><button id="pay" type="submit">确认支付</button></form>
<form method="post" action="/gateway/pay/${esc(req.params.token)}/cancel"><button id="cancel" type="submit">取消支付</button></form>`,
      ),
    );
  });

  r.post('/pay/:token/pay', async (req, res) => {
    try {
      const { trade, returnForm } = await payOnGateway(ctx, req.params.token);
      if (returnForm) {
        const inputs = Object.entries(returnForm.fields)
          .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
          .join('');
        res.type('html').send(
          page('支付成功', `<h1>支付成功</h1><p>正在返回商户……</p><form id="back" method="post" action="${esc(returnForm.url)}">${inputs}<button type="submit">返回商户</button></form><script>document.getElementById('back').submit()</script>`),
        );
        return;
      }
      res.type('html').send(page('支付成功', `<h1>支付成功</h1><p>订单号：${esc(trade.txn_seqno)}</p>`));
    } catch (err) {
      // payOnGateway ends a failed payment (its hold is released) and answers an AccpError for any failure
      if (!(err instanceof AccpError)) throw err;
      if (err.retCode === '1000') {
        res.status(404).type('html').send(GONE);
        return;
      }
      res.status(409).type('html').send(page('支付失败', `<h1>支付失败</h1><p>${esc(err.rule ?? err.retCode)}（${esc(err.retCode)}）</p><p>可以返回商户重新选择支付方式。</p>`));
    }
  });

  r.post('/pay/:token/cancel', async (req, res) => {
    try {
      await cancelOnGateway(ctx, req.params.token);
      res.type('html').send(page('已取消', '<h1>支付已取消</h1><p>可以返回商户重新选择支付方式。</p>'));
    } catch (err) {
      if (!(err instanceof AccpError)) throw err;
      res.status(404).type('html').send(GONE);
    }
  });
  return r;
}
