// The limit the simulator's HTTP figures are read against: an express app whose one route
// reads the raw body and answers a fixed JSON, nothing else. Prints its URL, then serves.
import express from 'express';

const app = express();
app.disable('x-powered-by');
app.disable('etag');
const answer = Buffer.from(JSON.stringify({ ret_code: '0000', ret_msg: '交易成功' }));
app.post('/v1/acctmgr/query-userinfo', express.raw({ type: () => true, limit: 256 * 1024 }), (_req, res) => {
  res.setHeader('Content-Type', 'application/json;charset=utf-8');
  res.end(answer);
});
const server = app.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  if (addr && typeof addr === 'object') process.stdout.write(`url: http://127.0.0.1:${addr.port}\n`);
});
