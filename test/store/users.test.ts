import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { Messages } from '../../src/store/errors.js';
import { guideUser, makeSim, thrown } from '../helpers.js';

const P = 'p';

function setup(): Simulator {
  const sim = makeSim();
  sim.store.ensureProject(P);
  return sim;
}

describe('UserStore.create', () => {
  it('returns the user with the documented defaults', () => {
    const sim = setup();
    const user = sim.store.users.create(P, { email: 'jerry@example.com', fullName: 'Jerry Seinfeld' });
    expect(user).toEqual(guideUser(user.id));
  });

  it('gives the user an id of usr_ and 28 base-62 characters', () => {
    const user = setup().store.users.create(P, { email: 'a@example.com' });
    expect(user.id).toMatch(/^usr_[0-9A-Za-z]{28}$/);
  });

  it('takes createdAt from the injected clock', () => {
    const sim = setup();
    sim.clock.advance(90_000);
    expect(sim.store.users.create(P, { email: 'a@example.com' }).createdAt).toBe('2026-01-01T00:01:30Z');
  });

  it('keeps the given birthday, locale and metadata', () => {
    const user = setup().store.users.create(P, {
      email: 'a@example.com',
      birthday: '1990-07-21',
      preferredLocale: 'de-DE',
      metadata: { crmId: '42' },
    });
    expect(user.birthday).toBe('1990-07-21');
    expect(user.preferredLocale).toBe('de-DE');
    expect(user.metadata).toEqual({ crmId: '42' });
  });

  it('throws a userAlreadyExists conflict for an email that differs only in case', () => {
    const sim = setup();
    sim.store.users.create(P, { email: 'jerry@example.com' });
    const error = thrown(() => sim.store.users.create(P, { email: 'JERRY@Example.com' }));
    expect(error.kind).toBe('conflict');
    expect(error.code).toBe('userAlreadyExists');
    expect(error.message).toBe(Messages.userAlreadyExists);
  });

  it('stores nothing when the email is taken', () => {
    const sim = setup();
    sim.store.users.create(P, { email: 'jerry@example.com' });
    thrown(() => sim.store.users.create(P, { email: 'jerry@example.com' }));
    expect(sim.store.users.list(P, {}).items).toHaveLength(1);
  });

  it('allows the same email in two projects', () => {
    const sim = setup();
    sim.store.ensureProject('other');
    sim.store.users.create(P, { email: 'jerry@example.com' });
    expect(sim.store.users.create('other', { email: 'jerry@example.com' }).email).toBe('jerry@example.com');
  });

  it('throws notFound for a project that does not exist', () => {
    const error = thrown(() => makeSim().store.users.create('missing', { email: 'a@example.com' }));
    expect(error.kind).toBe('notFound');
    expect(error.message).toBe(Messages.notFound('project'));
  });

  it('produces the same ids for the same seed', () => {
    const a = makeSim({ seed: 'x' });
    const b = makeSim({ seed: 'x' });
    a.store.ensureProject(P);
    b.store.ensureProject(P);
    expect(a.store.users.create(P, { email: 'a@example.com' })).toEqual(b.store.users.create(P, { email: 'a@example.com' }));
  });

  it('produces different ids for different seeds', () => {
    const a = makeSim({ seed: 'x' });
    const b = makeSim({ seed: 'y' });
    a.store.ensureProject(P);
    b.store.ensureProject(P);
    expect(a.store.users.create(P, { email: 'a@example.com' }).id).not.toBe(
      b.store.users.create(P, { email: 'a@example.com' }).id,
    );
  });
});

describe('UserStore.get', () => {
  it('returns the stored user', () => {
    const sim = setup();
    const user = sim.store.users.create(P, { email: 'a@example.com' });
    expect(sim.store.users.get(P, user.id)).toEqual(user);
  });

  it('throws notFound for an unknown id', () => {
    const error = thrown(() => setup().store.users.get(P, 'usr_unknown'));
    expect(error.kind).toBe('notFound');
    expect(error.message).toBe(Messages.notFound('user'));
  });

  it('does not find a user of another project', () => {
    const sim = setup();
    sim.store.ensureProject('other');
    const user = sim.store.users.create(P, { email: 'a@example.com' });
    expect(thrown(() => sim.store.users.get('other', user.id)).kind).toBe('notFound');
  });

  it('returns a copy that callers cannot use to change the store', () => {
    const sim = setup();
    const user = sim.store.users.create(P, { email: 'a@example.com', metadata: { a: '1' } });
    sim.store.users.get(P, user.id).metadata.a = 'changed';
    expect(sim.store.users.get(P, user.id).metadata).toEqual({ a: '1' });
  });
});

describe('UserStore.list', () => {
  it('lists users newest first', () => {
    const sim = setup();
    const first = sim.store.users.create(P, { email: 'a@example.com' });
    sim.clock.advance(1000);
    const second = sim.store.users.create(P, { email: 'b@example.com' });
    expect(sim.store.users.list(P, {}).items.map((u) => u.id)).toEqual([second.id, first.id]);
  });

  it('leaves deleted users out', () => {
    const sim = setup();
    const kept = sim.store.users.create(P, { email: 'a@example.com' });
    const gone = sim.store.users.create(P, { email: 'b@example.com' });
    sim.store.users.delete(P, gone.id);
    expect(sim.store.users.list(P, {}).items.map((u) => u.id)).toEqual([kept.id]);
  });
});

describe('UserStore.search', () => {
  it('finds a user by email ignoring case', () => {
    const sim = setup();
    const user = sim.store.users.create(P, { email: 'Jerry@Example.com' });
    expect(sim.store.users.search(P, 'jerry@example.COM')).toEqual([user]);
  });

  it('returns nothing for an unknown email', () => {
    expect(setup().store.users.search(P, 'nobody@example.com')).toEqual([]);
  });

  it('does not find a deleted user', () => {
    const sim = setup();
    const user = sim.store.users.create(P, { email: 'a@example.com' });
    sim.store.users.delete(P, user.id);
    expect(sim.store.users.search(P, 'a@example.com')).toEqual([]);
  });

  it('finds a user by the new email after an email change', () => {
    const sim = setup();
    const user = sim.store.users.create(P, { email: 'old@example.com' });
    sim.store.users.update(P, user.id, { email: 'new@example.com' });
    expect(sim.store.users.search(P, 'new@example.com').map((u) => u.id)).toEqual([user.id]);
    expect(sim.store.users.search(P, 'old@example.com')).toEqual([]);
  });
});

describe('UserStore.update', () => {
  it('changes only the fields given', () => {
    const sim = setup();
    const user = sim.store.users.create(P, { email: 'a@example.com', fullName: 'A', birthday: '1990-01-01' });
    const updated = sim.store.users.update(P, user.id, { fullName: 'B' });
    expect(updated).toEqual({ ...user, fullName: 'B' });
  });

  it('clears a field set to null', () => {
    const sim = setup();
    const user = sim.store.users.create(P, { email: 'a@example.com', fullName: 'A' });
    expect(sim.store.users.update(P, user.id, { fullName: null }).fullName).toBeNull();
  });

  it('keeps createdAt when the clock has moved', () => {
    const sim = setup();
    const user = sim.store.users.create(P, { email: 'a@example.com' });
    sim.clock.advance(60_000);
    expect(sim.store.users.update(P, user.id, { fullName: 'B' }).createdAt).toBe(user.createdAt);
  });

  it('throws userAlreadyExists when the new email belongs to another user', () => {
    const sim = setup();
    sim.store.users.create(P, { email: 'taken@example.com' });
    const user = sim.store.users.create(P, { email: 'a@example.com' });
    const error = thrown(() => sim.store.users.update(P, user.id, { email: 'TAKEN@example.com' }));
    expect(error.code).toBe('userAlreadyExists');
  });

  it('leaves the user unchanged when the new email is taken', () => {
    const sim = setup();
    sim.store.users.create(P, { email: 'taken@example.com' });
    const user = sim.store.users.create(P, { email: 'a@example.com' });
    thrown(() => sim.store.users.update(P, user.id, { email: 'taken@example.com', fullName: 'B' }));
    expect(sim.store.users.get(P, user.id)).toEqual(user);
  });

  it('allows changing the case of the own email', () => {
    const sim = setup();
    const user = sim.store.users.create(P, { email: 'a@example.com' });
    expect(sim.store.users.update(P, user.id, { email: 'A@example.com' }).email).toBe('A@example.com');
  });

  it('frees the old email after an email change', () => {
    const sim = setup();
    const user = sim.store.users.create(P, { email: 'old@example.com' });
    sim.store.users.update(P, user.id, { email: 'new@example.com' });
    expect(sim.store.users.create(P, { email: 'old@example.com' }).email).toBe('old@example.com');
  });

  it('merges metadata', () => {
    const sim = setup();
    const user = sim.store.users.create(P, { email: 'a@example.com', metadata: { a: '1', b: '2' } });
    expect(sim.store.users.update(P, user.id, { metadata: { a: null, c: '3' } }).metadata).toEqual({ b: '2', c: '3' });
  });

  it('leaves the user unchanged when the merged metadata would exceed 10 keys', () => {
    const sim = setup();
    const metadata = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'v']));
    const user = sim.store.users.create(P, { email: 'a@example.com', metadata });
    const error = thrown(() => sim.store.users.update(P, user.id, { fullName: 'B', metadata: { extra: 'x' } }));
    expect(error.kind).toBe('invalid');
    expect(sim.store.users.get(P, user.id)).toEqual(user);
  });

  it('throws invalid for a deleted user', () => {
    const sim = setup();
    const user = sim.store.users.create(P, { email: 'a@example.com' });
    sim.store.users.delete(P, user.id);
    const error = thrown(() => sim.store.users.update(P, user.id, { fullName: 'B' }));
    expect(error.kind).toBe('invalid');
    expect(error.message).toBe(Messages.userDeleted);
  });

  it('throws notFound for an unknown id', () => {
    expect(thrown(() => setup().store.users.update(P, 'usr_unknown', {})).kind).toBe('notFound');
  });
});

describe('UserStore.delete', () => {
  it('returns the user with status deleted', () => {
    const sim = setup();
    const user = sim.store.users.create(P, { email: 'a@example.com' });
    expect(sim.store.users.delete(P, user.id)).toEqual({ ...user, status: 'deleted' });
  });

  it('keeps the deleted user retrievable', () => {
    const sim = setup();
    const user = sim.store.users.create(P, { email: 'a@example.com' });
    sim.store.users.delete(P, user.id);
    expect(sim.store.users.get(P, user.id).status).toBe('deleted');
  });

  it('frees the email for a new user', () => {
    const sim = setup();
    const user = sim.store.users.create(P, { email: 'a@example.com' });
    sim.store.users.delete(P, user.id);
    const again = sim.store.users.create(P, { email: 'A@example.com' });
    expect(again.id).not.toBe(user.id);
  });

  it('returns the deleted user again when deleted twice', () => {
    const sim = setup();
    const user = sim.store.users.create(P, { email: 'a@example.com' });
    const first = sim.store.users.delete(P, user.id);
    expect(sim.store.users.delete(P, user.id)).toEqual(first);
  });

  it('does not free the email of a new user that reused it when the old one is deleted again', () => {
    const sim = setup();
    const user = sim.store.users.create(P, { email: 'a@example.com' });
    sim.store.users.delete(P, user.id);
    sim.store.users.create(P, { email: 'a@example.com' });
    sim.store.users.delete(P, user.id);
    expect(thrown(() => sim.store.users.create(P, { email: 'a@example.com' })).code).toBe('userAlreadyExists');
  });

  it('throws notFound for an unknown id', () => {
    expect(thrown(() => setup().store.users.delete(P, 'usr_unknown')).kind).toBe('notFound');
  });
});
