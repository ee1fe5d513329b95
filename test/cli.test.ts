import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SCENARIO_NAMES } from './helpers.js';

/** The built CLI (`npm test` builds first; run `npm run build` before running this file alone). */
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
/** A clean environment, so a PORT or GIGS_MOCK_* of the machine running the tests changes nothing. */
const ENV = { PATH: process.env.PATH ?? '' };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: ENV, timeout: 10_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const started: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  // A failed test must not leave its server running.
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Starts `serve` and resolves with the URL from the banner once the line appears on stdout. */
function serve(args: string[]): { child: ChildProcessWithoutNullStreams; url: Promise<string>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [CLI, ...args], { env: ENV });
  started.push(child);
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before listening: ${out}`)));
  });
  return { child, url, exit };
}

describe('gigs-mock CLI', () => {
  it('prints the help and exits 0 for --help', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: gigs-mock');
    expect(result.stdout).toContain('--port');
    expect(result.stderr).toBe('');
  });

  it('prints the package version and exits 0 for --version', async () => {
    const result = await run(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(VERSION);
  });

  it('exits non-zero with one line on stderr naming an unknown flag', async () => {
    const result = await run(['--bogus']);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('--bogus');
    expect(result.stdout).toBe('');
  });

  it('exits non-zero with one line on stderr naming a flag with a bad value', async () => {
    const result = await run(['--port', 'abc']);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('--port');
  });

  it('lists every scenario name for the scenarios command', async () => {
    const result = await run(['scenarios']);
    expect(result.code).toBe(0);
    const names = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.split(/\s+/)[0]);
    expect(names).toEqual(SCENARIO_NAMES);
  });

  it('serves on the real port when started with --port 0, and exits 0 on SIGTERM', async () => {
    const { child, url, exit } = serve(['--port', '0']);
    const base = await url;
    expect(base).not.toMatch(/:0$/);
    const res = await fetch(`${base}/__mock/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});
