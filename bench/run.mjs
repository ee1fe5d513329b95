#!/usr/bin/env node
// npm run bench (about 6 minutes) / npm run bench:quick (under a minute, no Prism, small data).
// Servers are pinned to CPU 0 and the load generator to CPU 1 (taskset), both on this machine.
// Every figure is the median of several runs; each ratio is against a baseline measured in the
// same run. Writes bench/RESULTS.md (the quick variant writes bench/RESULTS-quick.md).
import { execFileSync, execSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { json, load, median, repeat, rssMb, startServer, stop } from './lib.mjs';
import { stateFileBench } from './state-file.mjs';
import { webhookBacklog } from './webhook-backlog.mjs';

const QUICK = process.argv.includes('--quick');
// The load generator (this process) takes CPU 1; servers get CPU 0 (see lib.mjs).
if (existsSync('/usr/bin/taskset')) execSync(`/usr/bin/taskset -cp 1 ${process.pid}`, { stdio: 'ignore' });
const RUNS = QUICK ? 1 : 3;
const SECONDS = QUICK ? 3 : 8;
const BIG = QUICK ? 10_000 : 100_000;
const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist/cli.js');
const work = mkdtempSync(join(os.tmpdir(), 'gigs-mock-bench-'));
const results = [];
const notes = [];
const log = (...a) => console.log(...a);

function record(measure, baseline, value, ratio, target, met, unit = '') {
  results.push({ measure, baseline, value, ratio, target, met, unit });
  log(`${met ? 'MET ' : 'MISS'} ${measure}: ${value} vs ${baseline} (${ratio}) target ${target}`);
}
const fmt = (n, d = 0) => Number(n).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

// 1. Baseline: bare Hono hello on @hono/node-server.
const hello = await startServer(join(root, 'bench/baseline-hello.mjs'));
const base = await repeat(RUNS, () => load({ url: `${hello.url}/`, duration: SECONDS }));
await hello.stop();
log('baseline', base);

// 2. gigs-mock GET one subscription and POST users.
const mock = await startServer(cli, [
  '--port',
  '0',
  '--log-level',
  'silent',
  '--seed',
  'bench',
  '--activation-mode',
  'immediate',
]);
const user = await json(`${mock.url}/projects/p/users`, {
  method: 'POST',
  body: JSON.stringify({ email: 'jerry@example.com', fullName: 'Jerry' }),
});
const address = await json(`${mock.url}/projects/p/users/${user.body.id}/addresses`, {
  method: 'POST',
  body: JSON.stringify({ line1: '129 West 81st Street', city: 'New York City', state: 'NY', postalCode: '10024', country: 'US' }),
});
const sub = await json(`${mock.url}/projects/p/subscriptions`, {
  method: 'POST',
  body: JSON.stringify({
    plan: 'pln_0SNlurA049MEWV3V0q7gjQbM4EVo',
    user: user.body.id,
    sim: 'auto',
    userAddress: address.body.id,
  }),
});
const subPath = `/projects/p/subscriptions/${sub.body.id}`;
const headers = { authorization: 'Bearer bench', 'content-type': 'application/json' };
const get = await repeat(RUNS, () => load({ url: `${mock.url}${subPath}`, headers, duration: SECONDS }));
let n = 0;
/** POST /projects/p/users with a new email each time, against `base`. */
const postUsers = (base) =>
  load({
    url: `${base}/projects/p/users`,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        headers,
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ email: `bench${n++}@example.com`, fullName: 'Bench User' }) }),
      },
    ],
  });
const post = await repeat(RUNS, () => postUsers(mock.url));
const subText = await fetch(`${mock.url}${subPath}`, { headers }).then((r) => r.text());
// A hot QR token (public, no auth): before the cache, each request rendered the PNG again (98 req/s).
const creds = await json(`${mock.url}/projects/p/sims/${sub.body.sim.id}/credentials`);
const qrUrl = `${mock.url}${new URL(creds.body.qrCodeUrl).pathname}`;
const qr = await repeat(RUNS, () => load({ url: qrUrl, duration: SECONDS }));
await mock.stop();
record(
  '`GET /qr/{token}.png` req/s, one hot token, 50 connections',
  '98 (rendered per request, before the cache)',
  fmt(qr.rps),
  fmt(qr.rps / 98, 1),
  '>= 20 x',
  qr.rps / 98 >= 20 && qr.failures === 0,
);
log('get', get, 'post', post);
// Context for the GET ratio: the same stack answering the same bytes with no work at all.
const bytesFile = join(work, 'subscription.json');
writeFileSync(bytesFile, subText);
const same = await startServer(join(root, 'bench/baseline-hello.mjs'), ['0', bytesFile]);
const sameBytes = await repeat(RUNS, () => load({ url: `${same.url}/`, duration: SECONDS }));
await same.stop();
// And for the POST: the same stack parsing the same body and answering a 201 user, nothing else.
const postFloor = await startServer(join(root, 'bench/baseline-hello.mjs'), ['0', 'post']);
const floor = await repeat(RUNS, () => postUsers(postFloor.url));
await postFloor.stop();
notes.push(
  `Context for the POST: bare Hono parsing the same JSON body and answering a 201 user built from it, with no other work: ${fmt(floor.rps)} req/s (${fmt(floor.rps / base.rps, 2)} x hello); gigs-mock's POST is ${fmt(post.rps / floor.rps, 2)} x that.`,
);
notes.push(
  `Context for the GET: bare Hono answering the same ${fmt(Buffer.byteLength(subText))}-byte subscription JSON, pre-serialised, with no other work: ${fmt(sameBytes.rps)} req/s (${fmt(sameBytes.rps / base.rps, 2)} x hello), p99 ${fmt(sameBytes.p99)} ms; gigs-mock's GET is ${fmt(get.rps / sameBytes.rps, 2)} x that.`,
);
record(
  '`GET /projects/p/subscriptions/{id}` req/s, 50 connections',
  `${fmt(base.rps)} (hello)`,
  fmt(get.rps),
  fmt(get.rps / base.rps, 2),
  '>= 0.6 x baseline',
  get.rps / base.rps >= 0.6,
);
record(
  '`POST /projects/p/users` req/s, 50 connections',
  `${fmt(base.rps)} (hello)`,
  fmt(post.rps),
  fmt(post.rps / base.rps, 2),
  '>= 0.4 x baseline',
  post.rps / base.rps >= 0.4,
);
record(
  'p99 latency of the GET, 50 connections (ms)',
  fmt(base.p99),
  fmt(get.p99),
  fmt(get.p99 / base.p99, 2),
  '<= 2 x baseline p99',
  get.p99 <= 2 * base.p99,
);
if (get.failures + post.failures > 0) notes.push(`Load runs had ${get.failures + post.failures} failed requests.`);

// 3. Prism serving the same GET from an equivalent OpenAPI route.
if (!QUICK) {
  const tools = join(os.tmpdir(), 'gigs-mock-bench-tools');
  const prismBin = join(tools, 'node_modules/.bin/prism');
  if (!existsSync(prismBin)) {
    mkdirSync(tools, { recursive: true });
    if (!existsSync(join(tools, 'package.json')))
      writeFileSync(join(tools, 'package.json'), '{"name":"bench-tools","private":true}');
    log('installing @stoplight/prism-cli@5.14.2 for the comparison');
    execSync('npm install --no-audit --no-fund @stoplight/prism-cli@5.14.2', { cwd: tools, stdio: 'ignore' });
  }
  const spec = {
    openapi: '3.0.3',
    info: { title: 'Gigs subscription', version: '1' },
    paths: {
      '/projects/{project}/subscriptions/{subscription}': {
        get: {
          parameters: [
            { name: 'project', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'subscription', in: 'path', required: true, schema: { type: 'string' } },
          ],
          responses: { 200: { description: 'ok', content: { 'application/json': { example: sub.body } } } },
        },
      },
    },
  };
  writeFileSync(join(work, 'prism.json'), JSON.stringify(spec));
  const port = 4700 + Math.floor(Math.random() * 200);
  const prism = spawn(
    '/usr/bin/taskset',
    ['-c', '0', prismBin, 'mock', join(work, 'prism.json'), '-p', String(port), '-h', '127.0.0.1', '-v', 'silent'],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 200; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}${subPath}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const viaPrism = await repeat(RUNS, () => load({ url: `http://127.0.0.1:${port}${subPath}`, duration: SECONDS }));
  await stop(prism);
  log('prism', viaPrism);
  record(
    'the same GET through Prism 5.14.2 (`-v silent`) req/s',
    `${fmt(viaPrism.rps)} (Prism)`,
    fmt(get.rps),
    fmt(get.rps / viaPrism.rps, 2),
    '>= 3 x Prism',
    get.rps / viaPrism.rps >= 3,
  );
}

// 4. A deep page of 100k users against one of 100 users.
log('building state files');
const small = join(work, 'small.json');
const big = join(work, 'big.json');
execFileSync(process.execPath, [join(root, 'bench/make-state.mjs'), '100', 'none', small]);
execFileSync(process.execPath, [join(root, 'bench/make-state.mjs'), String(BIG), 'none', big]);
async function deepPage(file) {
  const users = JSON.parse(readFileSync(file, 'utf8')).projects[0].users;
  // An old user: `after` it sits deep in the newest-first list.
  const cursor = users[Math.floor(users.length / 10)].id;
  const copy = join(work, `page-${users.length}.json`);
  copyFileSync(file, copy);
  const server = await startServer(cli, ['--port', '0', '--log-level', 'silent', '--state-file', copy, '--state-interval', '1h']);
  const url = `${server.url}/projects/p/users?limit=10&after=${cursor}`;
  const check = await json(url);
  if (check.body.items.length !== 10) throw new Error(`deep page returned ${check.body.items.length} items`);
  const result = await repeat(RUNS, () => load({ url, headers, duration: SECONDS }));
  await server.stop();
  return result;
}
const page100 = await deepPage(small);
const pageBig = await deepPage(big);
log('page', page100, pageBig);
record(
  `list page (\`limit=10\`, deep \`after\`), ${fmt(BIG)} users vs 100: mean latency (ms)`,
  fmt(page100.meanMs, 2),
  fmt(pageBig.meanMs, 2),
  fmt(pageBig.meanMs / page100.meanMs, 2),
  '<= 1.5 x',
  pageBig.meanMs / page100.meanMs <= 1.5,
);

// 5. Start to first 200, median of 10, against an empty node script.
const startups = [];
for (let i = 0; i < 10; i++) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [cli, '--port', String(4600 + i), '--log-level', 'silent'], { stdio: 'ignore' });
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${4600 + i}/__mock/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 2));
  }
  startups.push(performance.now() - t0);
  await stop(child);
}
const empties = [];
for (let i = 0; i < 10; i++) {
  const t0 = performance.now();
  await new Promise((r) => spawn(process.execPath, ['-e', ''], { stdio: 'ignore' }).once('exit', r));
  empties.push(performance.now() - t0);
}
const startMs = median(startups);
const emptyMs = median(empties);
record(
  'start to first 200 (spawn -> `/__mock/health` 200), median of 10 (ms)',
  `${fmt(emptyMs)} (node -e "")`,
  fmt(startMs),
  `+${fmt(startMs - emptyMs)} ms`,
  '< 400 ms more',
  startMs - emptyMs < 400,
);

// 6. Memory with 100k users and 100k active subscriptions against an empty simulator, both built
// in-process by bench/server-with-data.mjs and measured after a full GC and a few requests.
async function rssWith(users) {
  const server = await startServer(join(root, 'bench/server-with-data.mjs'), [String(users)], {
    env: { NODE_OPTIONS: '--expose-gc' },
  });
  const active = await json(`${server.url}/projects/p/subscriptions?status=active&limit=1`);
  if (users > 0 && active.body.items.length !== 1) throw new Error('no active subscription in the loaded simulator');
  await json(`${server.url}/projects/p/users?limit=200`);
  const rss = rssMb(server.pid);
  await server.stop();
  return rss;
}
const emptyRss = await rssWith(0);
const loadedRss = await rssWith(BIG);
record(
  `RSS with ${fmt(BIG)} users + ${fmt(BIG)} active subscriptions (MB)`,
  `${fmt(emptyRss)} (empty)`,
  fmt(loadedRss),
  `+${fmt(loadedRss - emptyRss)} MB`,
  '< 300 MB more',
  loadedRss - emptyRss < 300,
);
// The same data loaded from a --state-file: JSON parsing leaves a higher peak behind.
const activeFile = join(work, 'active.json');
execFileSync(process.execPath, [join(root, 'bench/make-state.mjs'), String(BIG), 'active', activeFile], { maxBuffer: 1e8 });
const fromFile = await startServer(cli, [
  '--port',
  '0',
  '--log-level',
  'silent',
  '--state-file',
  activeFile,
  '--state-interval',
  '1h',
]);
await json(`${fromFile.url}/projects/p/users?limit=200`);
notes.push(
  `The same ${fmt(BIG)} users and subscriptions loaded from a ${fmt(readFileSync(activeFile).length / 2 ** 20)} MiB --state-file: RSS ${fmt(rssMb(fromFile.pid))} MB (read a line at a time since issue #21; V8 keeps the pages it grew to).`,
);
await fromFile.stop();

// 7. 100k pending subscriptions activated by one clock advance, health polled meanwhile.
const pendingFile = join(work, 'pending.json');
execFileSync(process.execPath, [join(root, 'bench/make-state.mjs'), String(BIG), 'pending', pendingFile], { maxBuffer: 1e8 });
const pend = await startServer(cli, [
  '--port',
  '0',
  '--log-level',
  'silent',
  '--state-file',
  pendingFile,
  '--state-interval',
  '1h',
]);
let polling = true;
const healthLatencies = [];
const poller = (async () => {
  while (polling) {
    const t0 = performance.now();
    const ok = await fetch(`${pend.url}/__mock/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) healthLatencies.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 20));
  }
})();
const t0 = performance.now();
const advanced = await json(`${pend.url}/__mock/clock`, { method: 'POST', body: JSON.stringify({ advance: '5s' }) });
const activationMs = performance.now() - t0;
polling = false;
await poller;
const stillPending = await json(`${pend.url}/projects/p/subscriptions?status=pending&limit=1`);
await pend.stop();
if (advanced.status !== 200 || stillPending.body.items.length !== 0)
  throw new Error('the clock advance did not activate everything');
const worstHealth = Math.max(...healthLatencies);
record(
  `${fmt(BIG)} pending subscriptions activated by one clock advance (ms)`,
  '-',
  fmt(activationMs),
  `health answered ${healthLatencies.length}x, slowest ${fmt(worstHealth)} ms`,
  '< 2 s, health answers during it',
  activationMs < 2000 && worstHealth < 2000,
);

// 7b. A 10-year advance over active subscriptions (monthly renewals), API GETs polled meanwhile;
// then a second one canceled with DELETE /__mock/clock/advance.
const RENEWING = QUICK ? 50 : 470;
const renewFile = join(work, 'renewing.json');
execFileSync(process.execPath, [join(root, 'bench/make-state.mjs'), String(RENEWING), 'renewing', renewFile], { maxBuffer: 1e8 });
const renew = await startServer(cli, [
  '--port',
  '0',
  '--log-level',
  'silent',
  '--state-file',
  renewFile,
  '--state-interval',
  '1h',
]);
async function pollDuring(promise) {
  let done = false;
  const latencies = [];
  void promise.finally(() => {
    done = true;
  });
  while (!done) {
    const t = performance.now();
    await fetch(`${renew.url}/projects/p/users?limit=1`, { headers }).then((r) => r.arrayBuffer());
    latencies.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
  return latencies;
}
const jobsBefore = (await json(`${renew.url}/__mock/clock`)).body.pendingJobs;
const tAdv = performance.now();
const longAdvance = json(`${renew.url}/__mock/clock`, { method: 'POST', body: JSON.stringify({ advance: '3650d' }) });
const advLatencies = await pollDuring(longAdvance);
const advanceMs = performance.now() - tAdv;
const advanced10y = await longAdvance;
const secondAdvance = json(`${renew.url}/__mock/clock`, { method: 'POST', body: JSON.stringify({ advance: '3650d' }) });
await new Promise((r) => setTimeout(r, 300));
const tCancel = performance.now();
await json(`${renew.url}/__mock/clock/advance`, { method: 'DELETE' });
const secondAnswer = await secondAdvance;
const cancelMs = performance.now() - tCancel;
// Canceled, or already done within the 300 ms (small data): either way the POST answered.
const cancelOk = secondAnswer.status === 200 && (secondAnswer.body.canceled === true || cancelMs < 300);
await renew.stop();
const worstGet = Math.max(...advLatencies);
record(
  `a 10-year advance over ${fmt(RENEWING)} monthly subscriptions (${fmt(jobsBefore)} jobs queued, ${fmt(RENEWING * 120)} renewals): slowest API GET meanwhile (ms)`,
  '-',
  fmt(worstGet),
  `${fmt(advLatencies.length)} GETs answered in ${fmt(advanceMs)} ms; second advance ${secondAnswer.body.canceled ? 'canceled' : 'done'}, answered ${fmt(cancelMs)} ms after DELETE`,
  '< 100 ms, cancel answers',
  worstGet < 100 && advanced10y.status === 200 && cancelOk,
);

// 8. Webhook deliveries per second to a local receiver, none lost.
const hooks = JSON.parse(
  execFileSync(process.execPath, [join(root, 'bench/webhook-throughput.mjs'), QUICK ? '3000' : '10000'])
    .toString()
    .trim()
    .split('\n')
    .pop(),
);
record(
  `webhook deliveries per second (${fmt(hooks.count)} signed deliveries to a receiver on loopback)`,
  '-',
  fmt(hooks.perSecond),
  `${fmt(hooks.received)} received, ${fmt(hooks.count - hooks.received)} lost`,
  '>= 1,000/s, none lost',
  hooks.perSecond >= 1000 && hooks.received === hooks.count,
);

// 9. Writes while the webhook receiver is down (a dead port) or never answers, against the same run
// with no endpoint: each event's cost must not grow with the deliveries waiting for a retry.
const BACKLOG = QUICK ? 10_000 : 100_000;
const { noHook, deadHook, hangHook } = await webhookBacklog(cli, BACKLOG);
log('backlog', noHook, deadHook, hangHook);
record(
  `\`POST /projects/p/users\` req/s over ${fmt(BACKLOG)} events, webhook receiver down (dead port)`,
  `${fmt(noHook.rps)} (no endpoint)`,
  fmt(deadHook.rps),
  fmt(deadHook.rps / noHook.rps, 2),
  '>= 0.8 x no endpoint',
  deadHook.rps / noHook.rps >= 0.8,
);
record(
  `the same, receiver that never answers: req/s (RSS at the end, MB)`,
  `${fmt(noHook.rps)} (${fmt(noHook.rss)} MB)`,
  `${fmt(hangHook.rps)} (${fmt(hangHook.rss)} MB)`,
  fmt(hangHook.rps / noHook.rps, 2),
  '>= 0.8 x no endpoint, RSS < 2 x',
  hangHook.rps / noHook.rps >= 0.8 && hangHook.rss < 2 * noHook.rss,
);
notes.push(
  `Webhook backlog: ${fmt(BACKLOG)} POSTs (--extra-events, one event each); RSS at the end ${fmt(noHook.rss)} MB with no endpoint, ${fmt(deadHook.rss)} MB with a dead port, ${fmt(hangHook.rss)} MB with a receiver that never answers; p50 ${fmt(noHook.p50)} / ${fmt(deadHook.p50)} / ${fmt(hangHook.p50)} ms.`,
);

// 10. A big --state-file: saves every 2 s and a snapshot download, with paced traffic (a write
// and a health check every 20 ms) against the same server with no save in its window; the peak
// of loading it at start.
const STATE_PROJECTS = QUICK ? 50 : 500;
const state = await stateFileBench(cli, STATE_PROJECTS);
log('state file', state);
const stall = (worst) => Math.max(50, state.quiet.worst) >= worst;
record(
  `${fmt(STATE_PROJECTS)} populated projects in a ${fmt(state.fileMb)} MB --state-file saved every 2 s: 10 s of paced traffic, requests answered (worst ms)`,
  `${fmt(state.quiet.served)} (${fmt(state.quiet.worst)} ms, no save)`,
  `${fmt(state.saving.served)} (${fmt(state.saving.worst)} ms)`,
  `p99 ${fmt(state.saving.p99)} vs ${fmt(state.quiet.p99)} ms`,
  'worst <= 50 ms (or the no-save worst)',
  stall(state.saving.worst) && state.saving.failures === 0,
);
record(
  `\`GET /__mock/snapshot\` of that state: download (ms), health polled meanwhile (worst ms)`,
  `${fmt(state.quiet.worst)} (health worst, no download)`,
  `${fmt(state.snapshotMs)} (${fmt(state.healthDuringSnapshot.count)} health answers, worst ${fmt(state.healthDuringSnapshot.worst)} ms)`,
  '-',
  'health worst <= 50 ms (or the no-download worst)',
  state.snapshotStatus === 200 && stall(state.healthDuringSnapshot.worst),
);
record(
  'peak RSS loading that state file at start (VmHWM, MB), against the file size',
  `${fmt(state.fileMb)} MB (file)`,
  `${fmt(state.peakMb)} (start ${fmt(state.startMs)} ms)`,
  fmt(state.peakMb / state.fileMb, 2),
  '< 3 x the file',
  state.peakMb < 3 * state.fileMb,
);

const cpu = os.cpus()[0]?.model ?? 'unknown';
const command = QUICK ? 'npm run bench:quick' : 'npm run bench';
const report = [
  QUICK ? '# Benchmark results (quick variant: not the targets of record)' : '# Benchmark results',
  '',
  `- Command: \`${command}\` (\`node bench/run.mjs${QUICK ? ' --quick' : ''}\` after a build)`,
  `- Date: ${new Date().toISOString()}`,
  `- Machine: ${os.cpus().length} x ${cpu}, ${fmt(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}`,
  `- Node ${process.version}; autocannon 9.0.0, 50 connections, ${SECONDS} s per run, median of ${RUNS} run(s)`,
  '- Servers pinned to CPU 0 and the load generator to CPU 1 with taskset (the activation measure runs its server unpinned,',
  '  with only a light health poller beside it): the two share this 2-core machine,',
  '  so absolute numbers move between runs; the ratios against a baseline measured in the same run are the figures of record.',
  '',
  '| Measure | Baseline (same run) | gigs-mock | Ratio | Target | Met |',
  '|---|---|---|---|---|---|',
  ...results.map((r) => `| ${r.measure} | ${r.baseline} | ${r.value} | ${r.ratio} | ${r.target} | ${r.met ? 'yes' : '**no**'} |`),
  '',
  ...(notes.length ? ['## Notes', '', ...notes.map((x) => `- ${x}`), ''] : []),
];
// The hand-written before/after section (from '## Before and after' on) survives a new run.
const resultsFile = join(root, QUICK ? 'bench/RESULTS-quick.md' : 'bench/RESULTS.md');
const previous = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '';
const history = previous.indexOf('## Before and after');
writeFileSync(resultsFile, `${report.join('\n')}\n${history >= 0 ? `\n${previous.slice(history)}` : ''}`);
log(report.join('\n'));
process.exit(0);
