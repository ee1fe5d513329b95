import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateFileError, StatePersister } from '../src/persistence.js';
import { call, makeSim, p } from './helpers.js';
import { startCli, until } from './support/cli-process.js';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'gigs-mock-state-')), 'state.json');
const auth = { authorization: 'Bearer t', 'content-type': 'application/json' };

describe('state file', () => {
  it('saves the state and loads it into a new simulator with the same ids and clock', async () => {
    const file = tempFile();
    const sim = makeSim();
    const user = await call(sim, 'POST', p('/users'), { email: 'a@example.com' });
    new StatePersister(sim, file).save(true);
    const next = makeSim({ seed: 'another' });
    expect(new StatePersister(next, file).load()).toBe(true);
    expect((await call(next, 'GET', p(`/users/${user.body.id}`))).body).toEqual(user.body);
    expect(next.snapshot()).toEqual(sim.snapshot());
  });

  it('writes only when the state changed since the last save', async () => {
    const sim = makeSim();
    const persister = new StatePersister(sim, tempFile());
    expect(persister.save()).toBe(true);
    expect(persister.save()).toBe(false);
    await call(sim, 'POST', p('/users'), { email: 'a@example.com' });
    expect(persister.save()).toBe(true);
  });

  it('leaves no temporary file behind', () => {
    const file = tempFile();
    new StatePersister(makeSim(), file).save(true);
    expect(readdirSync(join(file, '..'))).toEqual(['state.json']);
  });

  it('reports a file that is not JSON, and one that is not a state file', () => {
    const file = tempFile();
    writeFileSync(file, '{broken');
    expect(() => new StatePersister(makeSim(), file).load()).toThrow(StateFileError);
    writeFileSync(file, '{"hello":"world"}');
    expect(() => new StatePersister(makeSim(), file).load()).toThrow(/not a gigs-mock state file/);
  });

  it('starts empty when the file does not exist yet', () => {
    expect(new StatePersister(makeSim(), tempFile()).load()).toBe(false);
  });

  it('keeps every acknowledged write across a SIGTERM and a restart', async () => {
    const file = tempFile();
    const first = await startCli(['--state-file', file, '--state-interval', '1h']);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${first.url}/projects/p/users`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ email: `u${i}@example.com` }),
      });
      ids.push(((await res.json()) as { id: string }).id);
    }
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const second = await startCli(['--state-file', file]);
    try {
      const list = await fetch(`${second.url}/projects/p/users?limit=200`, { headers: auth });
      const listed = ((await list.json()) as { items: { id: string }[] }).items.map((u) => u.id);
      expect(listed.sort()).toEqual([...ids].sort());
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  it('loses no acknowledged write when SIGTERM arrives in the middle of concurrent writes', async () => {
    const file = tempFile();
    const cli = await startCli(['--state-file', file, '--state-interval', '1h']);
    const acknowledged: string[] = [];
    let sent = 0;
    let stopping = false;
    const worker = async () => {
      for (;;) {
        const n = sent++;
        const res = await fetch(`${cli.url}/projects/p/users`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ email: `c${n}@example.com` }),
        }).catch(() => undefined);
        if (!res) return;
        if (res.status === 201) acknowledged.push(((await res.json()) as { id: string }).id);
        if (stopping && res.status !== 201) return;
      }
    };
    const workers = Array.from({ length: 8 }, () => worker());
    await until(() => acknowledged.length >= 100);
    stopping = true;
    cli.child.kill('SIGTERM');
    await Promise.all(workers);
    expect(await cli.exited).toBe(0);
    const restarted = await startCli(['--state-file', file]);
    try {
      const saved: string[] = [];
      let after: string | null = null;
      do {
        const res = await fetch(`${restarted.url}/projects/p/users?limit=200${after ? `&after=${after}` : ''}`, {
          headers: auth,
        });
        const page = (await res.json()) as { items: { id: string }[]; moreItemsAfter: string | null };
        saved.push(...page.items.map((u) => u.id));
        after = page.moreItemsAfter;
      } while (after);
      for (const id of acknowledged) expect(saved).toContain(id);
    } finally {
      restarted.child.kill('SIGTERM');
      await restarted.exited;
    }
  });

  it('leaves the last saved state loadable when killed with SIGKILL in the middle of writes', async () => {
    const file = tempFile();
    const cli = await startCli(['--state-file', file, '--state-interval', '50ms']);
    let written = 0;
    const writer = (async () => {
      for (;;) {
        const res = await fetch(`${cli.url}/projects/p/users`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ email: `w${written}@example.com`, metadata: { pad: 'x'.repeat(200) } }),
        }).catch(() => undefined);
        if (!res) return;
        written++;
      }
    })();
    // Kill once several saves have happened while writes keep coming.
    let saves = 0;
    let lastSize = 0;
    await until(() => {
      const size = existsSync(file) ? readFileSync(file).length : 0;
      if (size !== lastSize) {
        saves++;
        lastSize = size;
      }
      return saves >= 5 && written > 50;
    }, 20_000);
    cli.child.kill('SIGKILL');
    await cli.exited;
    await writer;
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    const savedUsers = saved.projects.find((x: { id: string }) => x.id === 'p').users.length as number;
    expect(savedUsers).toBeGreaterThan(0);
    expect(savedUsers).toBeLessThanOrEqual(written);
    const restarted = await startCli(['--state-file', file]);
    try {
      const list = await fetch(`${restarted.url}/projects/p/users?limit=200`, { headers: auth });
      const first = (await list.json()) as { items: unknown[]; moreItemsAfter: string | null };
      expect(first.items.length).toBe(Math.min(200, savedUsers));
    } finally {
      restarted.child.kill('SIGTERM');
      await restarted.exited;
    }
  });

  it('refuses to start on a corrupt state file, naming the flag', async () => {
    const file = tempFile();
    writeFileSync(file, 'not json');
    await expect(startCli(['--state-file', file])).rejects.toThrow(/--state-file/);
  });
});
