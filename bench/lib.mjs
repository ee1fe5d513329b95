import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import autocannon from 'autocannon';

/** Servers run on CPU 0, the load generator (this process) on CPU 1, when taskset exists. */
const TASKSET = existsSync('/usr/bin/taskset');

export function startServer(script, args = [], { cpu = '0', env = {} } = {}) {
  const command = TASKSET ? '/usr/bin/taskset' : process.execPath;
  const argv = TASKSET ? ['-c', cpu, process.execPath, script, ...args] : [script, ...args];
  const started = performance.now();
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (c) => {
      err += c;
    });
    child.stdout.on('data', (c) => {
      out += c;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1], pid: child.pid, startedMs: performance.now() - started, stop: () => stop(child) });
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${err}`)));
  });
}

export function stop(child) {
  if (child.exitCode !== null) return Promise.resolve();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}

/** Median of the runs' values. */
export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** One autocannon run; returns req/s (mean), latency p99 and mean (ms), and failures. */
export async function load(options) {
  const result = await autocannon({ connections: 50, pipelining: 1, ...options });
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    p50: result.latency.p50,
    meanMs: result.latency.mean,
    failures: result.errors + result.timeouts + result.non2xx,
    total: result.requests.total,
  };
}

/** Runs `fn` n times and takes the median of each field. */
export async function repeat(n, fn) {
  const runs = [];
  for (let i = 0; i < n; i++) runs.push(await fn(i));
  const fields = Object.keys(runs[0]);
  return Object.fromEntries(fields.map((f) => [f, median(runs.map((r) => r[f]))]));
}

export function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

export async function json(url, init = {}) {
  const res = await fetch(url, {
    ...init,
    headers: { authorization: 'Bearer bench', 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
  return { status: res.status, body: await res.json() };
}
