#!/usr/bin/env node
// Soak test (not in CI): SOAK_SECONDS (default 600) of mixed traffic against the built CLI on
// loopback, reporting errors by status and the server's RSS over time. Each worker's project is
// reset every few hundred operations, so the data stays bounded and RSS should stay flat once warm.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const seconds = Number(process.env.SOAK_SECONDS ?? 600);
const workers = Number(process.env.SOAK_WORKERS ?? 16);
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const child = spawn(
  process.execPath,
  [cli, '--port', '0', '--log-level', 'silent', '--activation-delay', '1s', '--seed', 'soak'],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const url = await new Promise((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (c) => {
    out += c;
    const m = /listening on (http:\/\/\S+)/.exec(out);
    if (m) resolve(m[1]);
  });
  child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
});
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

const statuses = new Map();
let requests = 0;
let transportErrors = 0;
const deadline = Date.now() + seconds * 1000;
const H = { authorization: 'Bearer soak', 'content-type': 'application/json' };

async function call(method, path, body) {
  requests++;
  try {
    const res = await fetch(url + path, { method, headers: H, body: body === undefined ? undefined : JSON.stringify(body) });
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    return { status: res.status, body: await res.json() };
  } catch {
    transportErrors++;
    return { status: 0, body: {} };
  }
}

async function worker(w) {
  const project = `/projects/soak-${w}`;
  let n = 0;
  let users = [];
  let subs = [];
  while (Date.now() < deadline) {
    n++;
    if (n % 400 === 0) {
      await call('POST', `/__mock/reset?project=soak-${w}`);
      users = [];
      subs = [];
      continue;
    }
    const r = n % 10;
    if (r === 0 || users.length === 0) {
      const u = await call('POST', `${project}/users`, { email: `u${w}-${n}@example.com`, fullName: 'Soak User' });
      if (u.status === 201) users.push(u.body.id);
    } else if (r === 1) {
      const user = users[n % users.length];
      const a = await call('POST', `${project}/users/${user}/addresses`, {
        line1: `${n} Main St`,
        city: 'Springfield',
        state: 'IL',
        postalCode: '62701',
        country: 'US',
      });
      if (a.status === 201) {
        const s = await call('POST', `${project}/subscriptions`, {
          plan: 'pln_0SNlurA049MEWV3V0q7gjQbM4EVo',
          user,
          sim: 'auto',
          userAddress: a.body.id,
        });
        if (s.status === 201) subs.push(s.body.id);
      }
    } else if (r === 2 && subs.length > 0) {
      await call('GET', `${project}/subscriptions/${subs[n % subs.length]}`);
    } else if (r === 3) {
      await call('GET', `${project}/subscriptions?limit=20`);
    } else if (r === 4) {
      await call('GET', `${project}/plans?simType=eSIM`);
    } else if (r === 5 && subs.length > 0) {
      await call('POST', `${project}/subscriptions/${subs[n % subs.length]}/cancel`);
    } else if (r === 6) {
      await call('GET', `${project}/users?limit=50`);
    } else if (r === 7) {
      await call('POST', `${project}/users`, { email: 'not-an-email' }); // an expected 422
    } else if (r === 8 && users.length > 0) {
      await call('GET', `${project}/users/${users[n % users.length]}`);
    } else {
      await call('GET', `${project}/sims?type=pSIM`);
    }
  }
}

const samples = [];
const started = Date.now();
const sampler = setInterval(
  () => {
    const sample = { t: Math.round((Date.now() - started) / 1000), rssMb: Math.round(rss()), requests };
    samples.push(sample);
    console.log(JSON.stringify(sample));
  },
  Math.min(30_000, (seconds * 1000) / 10),
);
await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
clearInterval(sampler);
const final = { t: Math.round((Date.now() - started) / 1000), rssMb: Math.round(rss()), requests };
samples.push(final);
child.kill('SIGTERM');
const exitCode = await new Promise((resolve) => child.once('exit', resolve));
const warm = samples.filter((s) => s.t >= seconds / 5);
const rssValues = warm.map((s) => s.rssMb);
console.log(
  JSON.stringify(
    {
      seconds,
      workers,
      requests,
      perSecond: Math.round(requests / seconds),
      statuses: Object.fromEntries([...statuses.entries()].sort()),
      transportErrors,
      rssMb: { first: samples[0]?.rssMb, warmMin: Math.min(...rssValues), warmMax: Math.max(...rssValues), last: final.rssMb },
      serverExit: exitCode,
    },
    null,
    2,
  ),
);
