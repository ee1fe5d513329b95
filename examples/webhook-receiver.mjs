// A webhook receiver that verifies gigs-mock's (and Gigs') signed webhooks and prints each event.
// Run: GIGS_MOCK_WEBHOOK_SECRET=whsec_... node examples/webhook-receiver.mjs   (listens on :4021)
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

const secret = process.env.GIGS_MOCK_WEBHOOK_SECRET;
if (!secret) {
  console.error('set GIGS_MOCK_WEBHOOK_SECRET to the secret gigs-mock prints at start');
  process.exit(2);
}
const verifier = new Webhook(secret);
const port = Number(process.env.RECEIVER_PORT ?? 4021);

const server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => {
    body += chunk;
  });
  req.on('end', () => {
    try {
      const event = verifier.verify(body, req.headers);
      console.log(`${event.time} ${event.type} ${event.data?.id ?? ''} (${req.headers['webhook-id']})`);
      res.writeHead(204).end();
    } catch (err) {
      console.log(`rejected: ${err.message}`);
      res.writeHead(400).end();
    }
  });
});
server.listen(port, '0.0.0.0', () => console.log(`webhook receiver on :${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
