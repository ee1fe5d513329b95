import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  json: any;
}

/**
 * A real local webhook receiver. `respond` decides each answer (a status, or 'hang' to hold the
 * request until `release()`); every request is recorded.
 */
export async function startReceiver(respond: (n: number) => number | 'hang' = () => 200) {
  const received: Received[] = [];
  const held: (() => void)[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let count = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers, body, json: JSON.parse(body) });
      for (const w of waiters.filter((x) => received.length >= x.n)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
      const answer = respond(++count);
      if (answer === 'hang') {
        held.push(() => res.writeHead(200).end());
        return;
      }
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return {
    url,
    received,
    types: () => received.map((r) => r.json.type as string),
    /** Resolves once n requests have arrived (an event, not a timer). */
    waitFor: (n: number) =>
      received.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve })),
    release: () => {
      for (const done of held.splice(0)) done();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const done of held.splice(0)) done();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
