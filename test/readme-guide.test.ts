import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, startSimulator } from '../src/server.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const MARKER = '<!-- The block below is run twice by test/readme-guide.test.ts against a started server. -->';

/** The quick start's guide block, as it is in the README (the README stays the source). */
function guideBlock(): string {
  const after = README.split(MARKER)[1];
  const block = after ? /^\s*```sh\n([\s\S]*?)\n```/.exec(after)?.[1] : undefined;
  if (!block) throw new Error('the README has no guide block after its marker');
  return block;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Pastes the block into bash, with only what a user's shell has: PATH, HOME and the port the
 * simulator was started on. `-eu -o pipefail` turns any failing line into a failed run.
 */
function paste(block: string, port: number): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-euo', 'pipefail', '-c', block],
      { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', GIGS_MOCK_PORT: String(port) }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("README's guide block", () => {
  it('runs to the SIM credentials when pasted whole, and again when pasted a second time', async () => {
    // A short real delay: the block must poll until the subscription is active.
    server = await startSimulator({ activationDelay: '1500ms', publicUrl: 'http://localhost:4020' });
    const block = guideBlock();
    const runs = [await paste(block, server.port), await paste(block, server.port)];
    const userIds = new Set<string>();
    for (const run of runs) {
      expect(run.stderr).not.toMatch(/"object":"error"|curl: \(/);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^pending \(1 s\)$/m);
      expect(run.stdout).toMatch(/"object":"subscription".*"status":"active"/);
      const credentials = JSON.parse(run.stdout.trimEnd().split('\n').at(-1) ?? '');
      expect(credentials).toMatchObject({ object: 'simCredentials' });
      expect(credentials.activationCode).toMatch(/^LPA:1\$/);
      expect(credentials.qrCodeUrl).toMatch(/^http:\/\/localhost:4020\/qr\//);
      userIds.add(/"object":"user","id":"(usr_\w+)"/.exec(run.stderr)?.[1] ?? '');
    }
    expect(userIds.size).toBe(2);
    expect(userIds.has('')).toBe(false);
  });

  it('names the port once and defines no function that shadows a command', () => {
    const block = guideBlock();
    expect(block.match(/4020/g)).toHaveLength(1);
    const functions = [...block.matchAll(/^(\w+)\(\)/gm)].map((m) => m[1]);
    expect(functions).toEqual(['gigs_id']);
  });
});
