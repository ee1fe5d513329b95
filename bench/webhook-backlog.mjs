// Writes while a webhook receiver is down (a dead port) or never answers (accepts, stays silent),
// against the same writes with no endpoint. Used by run.mjs; alone:
//   node bench/webhook-backlog.mjs [count]   (after npm run build)
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load, rssMb, startServer } from './lib.mjs';

const headers = { authorization: 'Bearer bench', 'content-type': 'application/json' };

async function run(cli, count, extra) {
  const server = await startServer(cli, ['--port', '0', '--log-level', 'silent', '--extra-events', ...extra]);
  let i = 0;
  const t0 = performance.now();
  const result = await load({
    url: `${server.url}/projects/p/users`,
    amount: count,
    requests: [
      {
        method: 'POST',
        headers,
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ email: `hook${i++}@example.com`, fullName: 'Hook User' }) }),
      },
    ],
  });
  const seconds = (performance.now() - t0) / 1000;
  const rss = rssMb(server.pid);
  await server.stop();
  // A fixed amount of work: the rate is count over the wall time it took (autocannon's per-second
  // average is noisy over a few seconds).
  return { ...result, rps: count / seconds, seconds, rss };
}

export async function webhookBacklog(cli, count) {
  const deadPort = await new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
  const sockets = new Set();
  const silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  }).listen(0, '127.0.0.1');
  await new Promise((r) => silent.once('listening', r));
  const noHook = await run(cli, count, []);
  const deadHook = await run(cli, count, ['--webhook-url', `http://127.0.0.1:${deadPort}/hooks`]);
  const hangHook = await run(cli, count, ['--webhook-url', `http://127.0.0.1:${silent.address().port}/hooks`]);
  for (const s of sockets) s.destroy();
  silent.close();
  return { noHook, deadHook, hangHook };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const cli = join(fileURLToPath(new URL('..', import.meta.url)), 'dist/cli.js');
  console.log(JSON.stringify(await webhookBacklog(cli, Number(process.argv[2] ?? 100_000))));
}
