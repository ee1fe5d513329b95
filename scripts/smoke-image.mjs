#!/usr/bin/env node
// Exercises what the Docker image runs, without a Docker engine: replays the build stage from
// exactly the files it copies (with this checkout's node_modules standing in for its `npm ci`), so
// a source the build needs but the stage does not copy fails here; then reads the runtime
// stage, lays out the same files in a temporary /app, runs the same RUN commands, starts the same
// CMD with the same ENV, probes it with the HEALTHCHECK command, makes the guide's first call,
// stops it with SIGTERM (as `docker stop` does) and reports the size the image adds to its base.
// The runtime files live under a stand-in for the image's root (RUN commands' absolute paths are
// mapped into it), and, when this runs as root as CI does, `USER node` is replayed as uid/gid 1000
// (the node user of the node images): the state file must be writable in the VOLUME /data and is
// refused in /app, as in the image. Last, docker-compose.yml's receiver command runs from the same
// files and must verify a webhook the server sends it.
import { execSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

/** The node user of the official node images. */
const NODE_UID = 1000;
const asRoot = process.getuid?.() === 0;

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
let dockerUser;
const volumes = [];
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
    case 'USER':
      dockerUser = rest;
      break;
    case 'VOLUME':
      volumes.push(...(rest.startsWith('[') ? JSON.parse(rest) : rest.split(/\s+/)));
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
// The image's filesystem: / is fsRoot, WORKDIR /app is app; readable by the node user, as in the image.
// The node user must reach it: a private TMPDIR (mode 700, as CI's is) would hide it, so then /tmp.
const traversable = (dir) => dirname(dir) === dir || ((statSync(dir).mode & 0o001) !== 0 && traversable(dirname(dir)));
const fsRoot = mkdtempSync(join(traversable(tmpdir()) ? tmpdir() : '/tmp', 'gigs-mock-image-'));
chmodSync(fsRoot, 0o755);
const app = join(fsRoot, 'app');
mkdirSync(app);
const inImage = (path) => join(fsRoot, path);
const children = [];
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
    // Absolute paths point into the stand-in root; the node user is uid/gid 1000 there.
    const mapped = run.replace(/(^|\s)\/(?=\w)/g, `$1${fsRoot}/`).replace(/\bnode:node\b/g, `${NODE_UID}:${NODE_UID}`);
    execSync(mapped, { cwd: app, stdio: 'ignore', env: { ...process.env, ...env, npm_config_cache: npmCache } });
  }
  if (dockerUser !== 'node') throw new Error(`the runtime stage must run as the node user, not ${dockerUser ?? 'root'}`);
  if (!volumes.includes('/data')) throw new Error('the runtime stage must declare VOLUME /data for the state file');
  if (!existsSync(inImage('data'))) throw new Error('the runtime stage must create /data');
  if (statSync(inImage('data')).uid !== NODE_UID) throw new Error('/data must belong to the node user');
  console.log(`USER ${dockerUser}, VOLUME ${JSON.stringify(volumes)}, /data owned by uid ${NODE_UID}`);
  rmSync(npmCache, { recursive: true, force: true });
  const bytes = Number(execSync('du -sb .', { cwd: fsRoot }).toString().split(/\s+/)[0]);
  console.log(`the image adds ${(bytes / 1024 / 1024).toFixed(1)} MiB to ${runtime.from.split(/\s+/)[1]}`);

  // USER node: as root, processes of the image run as uid 1000; otherwise as whoever runs this.
  const asUser = asRoot ? { uid: NODE_UID, gid: NODE_UID } : {};
  if (!asRoot) console.log('not root: USER node is not replayed (CI runs as root and replays it)');
  const freePort = () =>
    new Promise((ok) => {
      const s = createServer().listen(0, () => {
        const p = s.address().port;
        s.close(() => ok(p));
      });
    });
  const port = await freePort();
  // `docker run -v gigs-mock-data:/data -e GIGS_MOCK_STATE_FILE=/data/state.json`, as documented.
  const stateFile = inImage('data/state.json');

  // What the issue hit: a state file in /app (root's) stops the start, naming the flag.
  if (asRoot) {
    const refused = await new Promise((ok) => {
      let err = '';
      const c = spawn(cmd[0], cmd.slice(1), {
        cwd: app,
        env: { ...process.env, ...env, GIGS_MOCK_PORT: String(port), GIGS_MOCK_STATE_FILE: 'state.json' },
        stdio: ['ignore', 'ignore', 'pipe'],
        ...asUser,
      });
      c.stderr.on('data', (d) => {
        err += d;
      });
      c.once('exit', (code) => ok({ code, err }));
    });
    if (refused.code === 0 || !/EACCES/.test(refused.err))
      throw new Error(`a state file in /app should be refused: ${refused.err}`);
    console.log(`state file in /app as the node user: refused (${refused.err.trim().split('\n')[0]})`);
  }

  // The receiver of docker-compose.yml, from the same files, on a free port instead of 4021.
  const compose = parseYaml(readFileSync(join(root, 'docker-compose.yml'), 'utf8'));
  const receiverService = compose.services.receiver;
  const receiverPort = await freePort();
  const receiverEnv = { ...process.env, ...env, ...receiverService.environment, GIGS_MOCK_LISTEN_PORT: String(receiverPort) };
  const receiverCmd = receiverService.command;
  const receiver = spawn(receiverCmd[0], receiverCmd.slice(1), {
    cwd: app,
    env: receiverEnv,
    stdio: ['ignore', 'pipe', 'inherit'],
    ...asUser,
  });
  children.push(receiver);
  let receiverOut = '';
  receiver.stdout.on('data', (d) => {
    receiverOut += d;
  });
  for (let i = 0; i < 100 && !/receiving webhooks/.test(receiverOut); i++) await new Promise((ok) => setTimeout(ok, 100));
  if (!/receiving webhooks/.test(receiverOut)) throw new Error(`the compose receiver did not start: ${receiverOut}`);
  console.log(`compose receiver: ${JSON.stringify(receiverCmd)} started`);
  const serverEnv = compose.services['gigs-mock'].environment;

  // The port a user would pick with `docker run -e GIGS_MOCK_PORT=...`.
  const runEnv = {
    ...process.env,
    ...env,
    GIGS_MOCK_PORT: String(port),
    GIGS_MOCK_STATE_FILE: stateFile,
    GIGS_MOCK_WEBHOOK_SECRET: serverEnv.GIGS_MOCK_WEBHOOK_SECRET,
    GIGS_MOCK_WEBHOOK_URLS: serverEnv.GIGS_MOCK_WEBHOOK_URLS.replace('//receiver:4021', `//127.0.0.1:${receiverPort}`),
  };
  const started = Date.now();
  const child = spawn(cmd[0], cmd.slice(1), { cwd: app, env: runEnv, stdio: ['ignore', 'pipe', 'inherit'], ...asUser });
  children.push(child);
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
  // /docs serves Swagger UI from the image's own files (no node_modules there, no CDN), and the inspector answers.
  for (const path of ['/docs', '/docs/assets/swagger-ui-bundle.js', '/docs/assets/swagger-ui.css', '/__mock/ui']) {
    const page = await fetch(`http://127.0.0.1:${port}${path}`);
    const bytes = (await page.arrayBuffer()).byteLength;
    if (page.status !== 200 || bytes < 500) throw new Error(`${path} answered ${page.status} with ${bytes} bytes`);
    console.log(`${path}: ${page.status}, ${bytes} bytes`);
  }
  // A subscription, whose subscription.created event goes to the compose receiver.
  const subRes = await fetch(`http://127.0.0.1:${port}/projects/docker/subscriptions`, {
    method: 'POST',
    headers: { authorization: 'Bearer docker', 'content-type': 'application/json' },
    body: JSON.stringify({ plan: 'pln_0SNlurA049MEWV3eTravelEuTest', sim: 'auto', user: user.id }),
  });
  const subscription = await subRes.json();
  if (subRes.status !== 201) throw new Error(`creating a subscription failed: ${subRes.status} ${JSON.stringify(subscription)}`);
  const mark = `subscription=${subscription.id}`;
  for (let i = 0; i < 100 && !receiverOut.includes(mark); i++) await new Promise((ok) => setTimeout(ok, 100));
  if (env.GIGS_MOCK_HOST !== '0.0.0.0') throw new Error('the image must listen on 0.0.0.0');
  child.kill('SIGTERM');
  const code = await Promise.race([exited, new Promise((ok) => setTimeout(() => ok('timeout'), 10_000))]);
  if (code !== 0) throw new Error(`SIGTERM did not stop the server cleanly: ${code}`);
  console.log('SIGTERM: exit 0');
  const saved = readFileSync(stateFile, 'utf8');
  if (!saved.includes(user.id)) throw new Error('the state file in /data does not hold the user just created');
  console.log(`state saved in /data/state.json (${saved.length} bytes) by the node user`);
  const line = receiverOut.split('\n').find((l) => l.includes('com.gigs.subscription.created') && l.includes(mark));
  if (!line?.startsWith('verified com.gigs.subscription.created') || !line.includes(`user=${user.id}`))
    throw new Error(`the compose receiver did not verify the event: ${receiverOut}`);
  console.log(`compose receiver: ${line}`);
  receiver.kill('SIGTERM');
  console.log('image smoke test passed');
} finally {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(fsRoot, { recursive: true, force: true });
  rmSync(built, { recursive: true, force: true });
}
