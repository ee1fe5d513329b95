import { describe, expect, it } from 'vitest';
import { Messages } from '../../src/store/errors.js';
import { GUIDE_ADDRESS, GUIDE_PLAN_ID, makeSim, PROJECT, thrown } from '../helpers.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** An active subscription with a number, through the store only. */
function setup() {
  const sim = makeSim();
  sim.store.ensureProject(PROJECT);
  const user = sim.store.users.create(PROJECT, { email: 'jerry@example.com', fullName: 'Jerry Seinfeld' }).id;
  const address = sim.store.addresses.create(PROJECT, user, GUIDE_ADDRESS).id;
  const sub = sim.store.subscriptions.create(
    PROJECT,
    { plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress: address },
    { mode: 'immediate' },
  ).id;
  const portOuts = sim.store.portOuts;
  const create = () => portOuts.create(PROJECT, { subscription: sub });
  return { sim, user, address, sub, portOuts, create };
}

describe('PortOutStore', () => {
  it('creates a processing port-out for an active subscription', () => {
    const { create, sub, user } = setup();
    expect(create()).toMatchObject({ object: 'portOut', status: 'processing', behavior: 'portOut', subscription: sub, user });
  });

  it('refuses a subscription that was never activated', () => {
    const { sim, user, address, portOuts } = setup();
    const pending = sim.store.subscriptions.create(
      PROJECT,
      { plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress: address },
      { mode: 'manual' },
    );
    expect(thrown(() => portOuts.create(PROJECT, { subscription: pending.id })).message).toBe(Messages.portOutNeedsActive);
  });

  it('refuses a second open port-out with portOutAlreadyExists', () => {
    const { create } = setup();
    create();
    expect(thrown(create).code).toBe('portOutAlreadyExists');
  });

  it('refuses a number with an open porting with portOutConflictsWithPorting', () => {
    const { sim, sub, user, create } = setup();
    const phoneNumber = sim.store.subscriptions.get(PROJECT, sub).phoneNumber as string;
    const other = sim.store.users.create(PROJECT, { email: 'elaine@example.com' }).id;
    sim.store.portings.create(PROJECT, { phoneNumber, provider: 'p9', user: other });
    expect(user).not.toBe(other);
    expect(thrown(create).code).toBe('portOutConflictsWithPorting');
  });

  it('is issued within a simulated day, with credentials valid 30 days', () => {
    const { sim, create, portOuts } = setup();
    const id = create().id;
    sim.advance(DAY);
    expect(portOuts.get(PROJECT, id)).toMatchObject({ status: 'issued', expiredAt: '2026-01-31T04:00:00Z' });
    expect(portOuts.credentials(PROJECT, id)).toMatchObject({
      object: 'portOutCredentials',
      accountNumber: expect.stringMatching(/^\d{9}$/),
      accountPin: expect.stringMatching(/^\d{4}$/),
      portOut: id,
    });
  });

  it('has no credentials before they are issued', () => {
    const { create, portOuts } = setup();
    expect(thrown(() => portOuts.credentials(PROJECT, create().id)).message).toBe(Messages.portOutNotIssued);
  });

  it('never puts the PIN in the credentials event', () => {
    const { sim, create } = setup();
    create();
    sim.advance(DAY);
    const event = sim.events.list({ limit: 1 }, { type: 'com.gigs.portOutCredentials.issued' }).items[0];
    expect(event?.data).toMatchObject({ object: 'portOutCredentials', accountPin: null });
  });

  it('ends the subscription with cause phoneNumberPortedOut when completed', () => {
    const { sim, sub, create } = setup();
    const id = create().id;
    sim.advance(DAY);
    expect(sim.completePortOut(PROJECT, id)).toMatchObject({ status: 'completed', completedAt: '2026-01-02T00:00:00Z' });
    expect(sim.store.subscriptions.get(PROJECT, sub)).toMatchObject({
      status: 'ended',
      cancellationDetails: { cause: 'phoneNumberPortedOut' },
    });
  });

  it('expires unused credentials after 30 days', () => {
    const { sim, create, portOuts } = setup();
    const id = create().id;
    sim.advance(31 * DAY);
    expect(portOuts.get(PROJECT, id).status).toBe('expired');
  });

  it('emits created, issued, credentials issued and expired', () => {
    const { sim, create } = setup();
    create();
    sim.advance(31 * DAY);
    const types = sim.events
      .list({ limit: 200 })
      .items.map((e) => e.type)
      .filter((t) => t.startsWith('com.gigs.portOut'))
      .reverse();
    expect(types).toEqual([
      'com.gigs.portOut.created',
      'com.gigs.portOut.issued',
      'com.gigs.portOutCredentials.issued',
      'com.gigs.portOut.expired',
    ]);
  });
});
