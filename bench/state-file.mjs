// A big --state-file: start-up and its memory peak, requests served while the state is saved every
// 2 s, and GET /__mock/snapshot with health polled meanwhile. Used by run.mjs; alone:
//   node bench/state-file.mjs [projects]   (after npm run build)
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './lib.mjs';

const headers = { authorization: 'Bearer bench', 'content-type': 'application/json' };
const peakMb = (pid) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function timed(url, init) {
  const t0 = performance.now();
  const res = await fetch(url, init);
  await res.arrayBuffer();
  return { ms: performance.now() - t0, status: res.status };
}

/** Paced traffic: every `everyMs`, one write (so every save has work) and one health check; the latencies. */
async function paced(url, seconds, everyMs = 20) {
  const latencies = [];
  let failures = 0;
  let n = 0;
  const end = performance.now() + seconds * 1000;
  const pending = [];
  while (performance.now() < end) {
    const tick = performance.now();
    const i = n++;
    pending.push(
      Promise.all([
        timed(`${url}/projects/proj-1/users`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ email: `paced${i}@example.com` }),
        }),
        timed(`${url}/__mock/health`),
      ]).then((rs) => {
        for (const r of rs) {
          latencies.push(r.ms);
          if (r.status >= 400) failures++;
        }
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, everyMs - (performance.now() - tick))));
  }
  await Promise.all(pending);
  latencies.sort((a, b) => a - b);
  return {
    served: latencies.length,
    worst: latencies.at(-1),
    p99: latencies[Math.floor(latencies.length * 0.99)],
    failures,
  };
}

export async function stateFileBench(cli, projects) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const work = mkdtempSync(join(os.tmpdir(), 'gigs-mock-state-bench-'));
  const file = join(work, 'state.json');
  const made = JSON.parse(
    execFileSync(process.execPath, [join(root, 'bench/make-projects-state.mjs'), String(projects), file], {
      maxBuffer: 1e8,
    }).toString(),
  );
  const fileMb = made.bytes / 2 ** 20;
  const run = async (interval) => {
    const copy = join(work, `copy-${interval}.json`);
    copyFileSync(file, copy);
    const server = await startServer(cli, [
      '--port',
      '0',
      '--log-level',
      'silent',
      '--state-file',
      copy,
      '--state-interval',
      interval,
    ]);
    const peak = peakMb(server.pid);
    const traffic = await paced(server.url, 10);
    const saved = statSync(copy).mtimeMs;
    return { server, peak, traffic, saved, copy };
  };
  // Baseline: the same state and traffic, no save while it runs.
  const quiet = await run('1h');
  await quiet.server.stop();
  const saving = await run('2s');
  // A snapshot download, health polled every 10 ms meanwhile.
  let downloading = true;
  const health = [];
  const poll = (async () => {
    while (downloading) {
      health.push((await timed(`${saving.server.url}/__mock/health`)).ms);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  // curl in a process of its own reads the download: this process only polls health.
  const t0 = performance.now();
  const status = await new Promise((resolve) => {
    const curl = spawn('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', `${saving.server.url}/__mock/snapshot`]);
    let out = '';
    curl.stdout.on('data', (c) => {
      out += c;
    });
    curl.once('exit', () => resolve(Number(out)));
  });
  const download = { ms: performance.now() - t0, status };
  downloading = false;
  await poll;
  const startMs = saving.server.startedMs;
  await saving.server.stop();
  return {
    projects,
    fileMb,
    startMs,
    quietStartMs: quiet.server.startedMs,
    peakMb: saving.peak,
    quiet: quiet.traffic,
    saving: saving.traffic,
    snapshotMs: download.ms,
    snapshotStatus: download.status,
    healthDuringSnapshot: { count: health.length, worst: Math.max(...health) },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  console.log(JSON.stringify(await stateFileBench(join(root, 'dist/cli.js'), Number(process.argv[2] ?? 50)), null, 2));
}
