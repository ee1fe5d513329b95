#!/usr/bin/env node
// Exercises what the Docker image runs, without a Docker engine: replays the build stage from
// exactly the files it copies (with this checkout's node_modules standing in for its `npm ci`), so
// a source the build needs but the stage does not copy fails here; then reads the runtime
// stage, lays out the same files in a temporary /app, runs the same RUN commands, starts the same
// CMD with the same ENV, probes it with the HEALTHCHECK command, makes the guide's first call,
// stops it with SIGTERM (as `docker stop` does) and reports the size the image adds to its base.
import { execSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const lines = readFileSync(join(root, 'Dockerfile'), 'utf8')
  .replace(/\\\n\s*/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const stages = [];
for (const line of lines) {
  if (/^FROM\s/i.test(line)) stages.push({ from: line, steps: [] });
  else stages.at(-1)?.steps.push(line);
}
const runtime = stages.at(-1);
const env = {};
let cmd;
let health;
const runs = [];
const copies = [];
for (const step of runtime.steps) {
  const [instr, ...restParts] = step.split(/\s+/);
  const rest = restParts.join(' ');
  switch (instr.toUpperCase()) {
    case 'ENV':
      for (const m of rest.matchAll(/(\w+)=("[^"]*"|\S+)/g)) env[m[1]] = m[2].replace(/^"|"$/g, '');
      break;
    case 'RUN':
      runs.push(rest);
      break;
    case 'COPY':
      copies.push(rest);
      break;
    case 'CMD':
      cmd = JSON.parse(rest);
      break;
    case 'HEALTHCHECK':
      health = JSON.parse(rest.slice(rest.indexOf('CMD') + 3).trim());
      break;
  }
}
if (!cmd || !health) throw new Error('the runtime stage needs CMD and HEALTHCHECK in exec form');
console.log(`runtime stage: ${runtime.from}`);
console.log(`ENV ${JSON.stringify(env)}\nCMD ${JSON.stringify(cmd)}\nHEALTHCHECK ${JSON.stringify(health)}`);

// The build stage: its COPY sources into an empty directory (none may be left out by
// .dockerignore), then its RUN steps.
const ignored = readFileSync(join(root, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const buildStage = stages[0];
const built = mkdtempSync(join(tmpdir(), 'gigs-mock-image-build-'));
try {
  for (const step of buildStage.steps) {
    const [instr, ...args] = step.split(/\s+/);
    if (instr.toUpperCase() === 'COPY') {
      const dest = args.at(-1);
      for (const src of args.slice(0, -1)) {
        if (ignored.some((pattern) => src === pattern || src.startsWith(`${pattern}/`)))
          throw new Error(`the build stage copies ${src}, which .dockerignore leaves out`);
        if (!existsSync(join(root, src))) throw new Error(`the build stage copies ${src}, which does not exist`);
        const target = dest.endsWith('/') ? join(built, dest.replace(/^\.\//, ''), src.split('/').at(-1)) : join(built, dest);
        cpSync(join(root, src), target, { recursive: true });
      }
    } else if (instr.toUpperCase() === 'RUN') {
      const command = args.join(' ');
      if (/^npm ci\b/.test(command)) symlinkSync(join(root, 'node_modules'), join(built, 'node_modules'));
      else execSync(command, { cwd: built, stdio: 'inherit' });
    }
  }
} catch (error) {
  rmSync(built, { recursive: true, force: true });
  throw error;
}
console.log(`build stage: ${buildStage.from}, built from its own copies`);
const app = mkdtempSync(join(tmpdir(), 'gigs-mock-image-'));
try {
  for (const copy of copies) {
    const parts = copy.split(/\s+/);
    const fromBuild = parts[0].startsWith('--from=');
    const args = fromBuild ? parts.slice(1) : parts;
    const dest = args.at(-1);
    for (const src of args.slice(0, -1)) {
      // From the build stage: what the replay above produced.
      const source = fromBuild ? join(built, src.replace(/^\/app\//, '')) : join(root, src);
      const target = dest.endsWith('/') ? join(app, dest, src.split('/').at(-1)) : join(app, dest);
      cpSync(source, target, { recursive: true });
    }
  }
  // A private npm cache: the image's `npm cache clean --force` must not empty this machine's.
  const npmCache = join(app, '..', `${app.split('/').at(-1)}-npm-cache`);
  for (const run of runs) {
    console.log(`RUN ${run}`);
    execSync(run, { cwd: app, stdio: 'ignore', env: { ...process.env, ...env, npm_config_cache: npmCache } });
  }
  rmSync(npmCache, { recursive: true, force: true });
  const bytes = Number(execSync('du -sb .', { cwd: app }).toString().split(/\s+/)[0]);
  console.log(`the image adds ${(bytes / 1024 / 1024).toFixed(1)} MiB to ${runtime.from.split(/\s+/)[1]}`);

  const port = await new Promise((ok) => {
    const s = createServer().listen(0, () => {
      const p = s.address().port;
      s.close(() => ok(p));
    });
  });
  // The port a user would pick with `docker run -e GIGS_MOCK_PORT=...`.
  const runEnv = { ...process.env, ...env, GIGS_MOCK_PORT: String(port) };
  const started = Date.now();
  const child = spawn(cmd[0], cmd.slice(1), { cwd: app, env: runEnv, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((ok) => child.once('exit', (code) => ok(code)));
  let healthy = false;
  for (let i = 0; i < 100 && !healthy; i++) {
    try {
      execSync(health.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' '), { cwd: app, env: runEnv, stdio: 'ignore' });
      healthy = true;
    } catch {
      await new Promise((ok) => setTimeout(ok, 100));
    }
  }
  if (!healthy) throw new Error('the HEALTHCHECK command never succeeded');
  console.log(`healthy after ${Date.now() - started} ms (HEALTHCHECK command)`);
  const res = await fetch(`http://127.0.0.1:${port}/projects/docker/users`, {
    method: 'POST',
    headers: { authorization: 'Bearer docker', 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'jerry@example.com', fullName: 'Jerry Seinfeld' }),
  });
  const user = await res.json();
  if (res.status !== 201 || user.object !== 'user')
    throw new Error(`guide's first call failed: ${res.status} ${JSON.stringify(user)}`);
  console.log(`guide's first call: ${res.status} ${user.id}`);
  if (env.GIGS_MOCK_HOST !== '0.0.0.0') throw new Error('the image must listen on 0.0.0.0');
  child.kill('SIGTERM');
  const code = await Promise.race([exited, new Promise((ok) => setTimeout(() => ok('timeout'), 10_000))]);
  if (code !== 0) throw new Error(`SIGTERM did not stop the server cleanly: ${code}`);
  console.log('SIGTERM: exit 0');
  console.log('image smoke test passed');
} finally {
  rmSync(app, { recursive: true, force: true });
  rmSync(built, { recursive: true, force: true });
}
