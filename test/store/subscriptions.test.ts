import { describe, expect, it } from 'vitest';
import { defaultPlans } from '../../src/scenarios/catalogue.js';
import type { CreateSubscriptionBody } from '../../src/schemas/subscription.js';
import type { SimulatorOptions } from '../../src/simulator.js';
import { Messages } from '../../src/store/errors.js';
import type { ActivationSetting, DomainEvent } from '../../src/store/types.js';
import { GUIDE_ADDRESS, GUIDE_PLAN_ID, makeSim, PROJECT, thrown } from '../helpers.js';

const planId = (name: string) => defaultPlans().find((plan) => plan.name === name)!.id;
const TRAVEL_PLAN_ID = planId('Travel Europe 7 days');
const BASIC_PSIM_PLAN_ID = planId('Basic SIM');

const SECOND = 1000;
const DAY = 86_400_000;
/** January 2026 has 31 days: a period that starts on Jan 1 ends on Feb 1. */
const JANUARY = 31 * DAY;

/** A simulator with the guide's user and address, used through the store only (no HTTP). */
function setup(options: SimulatorOptions = {}) {
  const sim = makeSim(options);
  sim.store.ensureProject(PROJECT);
  const user = sim.store.users.create(PROJECT, { email: 'jerry@example.com', fullName: 'Jerry Seinfeld' }).id;
  const address = sim.store.addresses.create(PROJECT, user, GUIDE_ADDRESS).id;
  const subs = sim.store.subscriptions;
  const create = (input: Partial<CreateSubscriptionBody> = {}, activation?: Partial<ActivationSetting>) =>
    subs.create(PROJECT, { plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress: address, ...input }, activation);
  /** An eSIM subscription already active since 2026-01-01T00:00:00Z. */
  const active = (input: Partial<CreateSubscriptionBody> = {}) => create(input, { mode: 'immediate' });
  const pSim = (provider: string) =>
    sim.store.sims
      .list(PROJECT, { limit: 200 }, { type: ['pSIM'] })
      .items.find((s) => s.provider === provider && s.status === 'inactive')!.id;
  return { sim, subs, user, address, create, active, pSim };
}

describe('SubscriptionStore.create', () => {
  it('creates a pending eSIM subscription with no SIM, no period and an E.164 phone number', () => {
    const { create, user, address } = setup();
    const sub = create();
    expect(sub).toMatchObject({
      object: 'subscription',
      status: 'pending',
      sim: null,
      currentPeriod: null,
      activatedAt: null,
      canceledAt: null,
      endedAt: null,
      createdAt: '2026-01-01T00:00:00Z',
      userAddress: address,
    });
    expect(sub.user.id).toBe(user);
    expect(sub.plan.id).toBe(GUIDE_PLAN_ID);
    expect(sub.phoneNumber).toMatch(/^\+[1-9]\d{1,14}$/);
  });

  it('keeps the metadata given at creation', () => {
    const { create } = setup();
    expect(create({ metadata: { crmId: '42' } }).metadata).toEqual({ crmId: '42' });
  });

  it('gives every subscription of a project its own phone number', () => {
    const { create } = setup();
    const numbers = Array.from({ length: 500 }, () => create().phoneNumber);
    expect(new Set(numbers).size).toBe(500);
  });

  it('reports every bad property of a request at once', () => {
    const { subs } = setup();
    const error = thrown(() => subs.create(PROJECT, { plan: 'pln_unknown', user: 'usr_unknown', sim: 'auto' }));
    expect(error.kind).toBe('invalid');
    expect(error.message).toBe(Messages.validation);
    expect(error.details?.map((d) => [d.property, d.message])).toEqual([
      ['user', Messages.notFound('user')],
      ['plan', Messages.notFound('plan')],
    ]);
  });

  it('refuses a SIM that another subscription uses, with code simAlreadyUsed', () => {
    const { create, pSim } = setup();
    const sim = pSim('p5');
    create({ plan: BASIC_PSIM_PLAN_ID, sim, userAddress: undefined });
    const error = thrown(() => create({ plan: BASIC_PSIM_PLAN_ID, sim, userAddress: undefined }));
    expect(error.code).toBe('simAlreadyUsed');
    expect(error.details).toEqual([{ property: 'sim', message: Messages.simAlreadyUsed, code: 'propertyInvalid' }]);
  });

  it('stores nothing when a request is refused', () => {
    const { sim, subs } = setup();
    thrown(() => subs.create(PROJECT, { plan: GUIDE_PLAN_ID, user: 'usr_unknown', sim: 'auto' }));
    expect(sim.store.project(PROJECT).subscriptions.size).toBe(0);
    expect(sim.scheduler.size).toBe(0);
  });
});

describe('SubscriptionStore activation', () => {
  it('activates after the default delay of 5s and not a millisecond earlier', () => {
    const { sim, subs, create } = setup();
    const { id } = create();
    sim.engine.advance(5 * SECOND - 1);
    expect(subs.get(PROJECT, id).status).toBe('pending');
    sim.engine.advance(1);
    expect(subs.get(PROJECT, id).status).toBe('active');
  });

  it('provisions an active eSIM of the plan provider at activation', () => {
    const { sim, subs, create } = setup();
    const { id } = create();
    sim.engine.advance(5 * SECOND);
    const sub = subs.get(PROJECT, id);
    expect(sub.sim).toMatchObject({ object: 'sim', type: 'eSIM', provider: 'p9', status: 'active' });
    expect(sim.store.sims.get(PROJECT, sub.sim!.id)).toEqual(sub.sim);
  });

  it('starts period 1 at activation and ends it one calendar month later', () => {
    const { sim, subs, create } = setup();
    const { id } = create();
    sim.engine.advance(5 * SECOND);
    expect(subs.get(PROJECT, id)).toMatchObject({
      activatedAt: '2026-01-01T00:00:05Z',
      currentPeriod: { number: 1, start: '2026-01-01T00:00:05Z', end: '2026-02-01T00:00:05Z' },
    });
  });

  it('uses the activation delay the simulator was created with', () => {
    const { sim, subs, create } = setup({ activationDelay: '2m' });
    const { id } = create();
    sim.engine.advance(2 * 60 * SECOND - 1);
    expect(subs.get(PROJECT, id).status).toBe('pending');
    sim.engine.advance(1);
    expect(subs.get(PROJECT, id).status).toBe('active');
  });

  it('activates at once in immediate mode', () => {
    const { create } = setup({ activationMode: 'immediate' });
    const sub = create();
    expect(sub.status).toBe('active');
    expect(sub.activatedAt).toBe('2026-01-01T00:00:00Z');
    expect(sub.sim?.status).toBe('active');
  });

  it('keeps a subscription in manual mode pending until it is activated by hand', () => {
    const { sim, subs, create } = setup({ activationMode: 'manual' });
    const { id } = create();
    sim.engine.advance(365 * DAY);
    expect(subs.get(PROJECT, id).status).toBe('pending');
    const activated = subs.activate(PROJECT, id);
    expect(activated.status).toBe('active');
    expect(activated.activatedAt).toBe('2027-01-01T00:00:00Z');
  });

  it('lets one subscription have its own activation setting', () => {
    const { sim, subs, create } = setup();
    const slow = create({}, { mode: 'delay', delayMs: 60 * SECOND });
    const usual = create();
    sim.engine.advance(5 * SECOND);
    expect(subs.get(PROJECT, usual.id).status).toBe('active');
    expect(subs.get(PROJECT, slow.id).status).toBe('pending');
    sim.engine.advance(55 * SECOND);
    expect(subs.get(PROJECT, slow.id).status).toBe('active');
  });

  it('refuses to activate a subscription that is not pending', () => {
    const { subs, active } = setup();
    const { id } = active();
    expect(thrown(() => subs.activate(PROJECT, id)).message).toBe(Messages.notPending);
  });

  it('reports a scheduled activation with the system as actor', () => {
    const { sim, create } = setup();
    const events: DomainEvent[] = [];
    sim.store.onEvent((event) => events.push(event));
    const { id } = create();
    sim.engine.advance(5 * SECOND);
    const activated = events.find((e) => e.type === 'com.gigs.subscription.activated');
    expect(activated?.actor).toEqual({ type: 'system' });
    expect(activated?.data).toMatchObject({ id, status: 'active' });
  });
});

describe('SubscriptionStore renewal', () => {
  it('renews at the end of the period: number 2 starts where number 1 ended', () => {
    const { sim, subs, active } = setup();
    const { id } = active();
    sim.engine.advance(JANUARY);
    expect(subs.get(PROJECT, id)).toMatchObject({
      status: 'active',
      currentPeriod: { number: 2, start: '2026-02-01T00:00:00Z', end: '2026-03-01T00:00:00Z' },
    });
  });

  it('does not renew a millisecond before the period ends', () => {
    const { sim, subs, active } = setup();
    const { id } = active();
    sim.engine.advance(JANUARY - 1);
    expect(subs.get(PROJECT, id).currentPeriod?.number).toBe(1);
  });

  it('renews once per period when time jumps over several periods', () => {
    const { sim, subs, active } = setup();
    const { id } = active();
    const events: string[] = [];
    sim.store.onEvent((e) => events.push(e.type));
    sim.engine.advance(100 * DAY);
    expect(subs.get(PROJECT, id).currentPeriod).toEqual({
      number: 4,
      start: '2026-04-01T00:00:00Z',
      end: '2026-05-01T00:00:00Z',
    });
    expect(events.filter((t) => t === 'com.gigs.subscription.renewed')).toHaveLength(3);
  });

  it('renews a subscription activated on Jan 31 on the last day of each month, without drifting', () => {
    const { sim, subs, create } = setup({ activationMode: 'manual' });
    const { id } = create();
    sim.engine.advance(30 * DAY);
    subs.activate(PROJECT, id);
    const ends: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { currentPeriod } = subs.get(PROJECT, id);
      ends.push(currentPeriod!.end);
      sim.engine.advance(Date.parse(currentPeriod!.end) - sim.clock.now());
    }
    expect(ends).toEqual(['2026-02-28T00:00:00Z', '2026-03-31T00:00:00Z', '2026-04-30T00:00:00Z']);
    expect(subs.get(PROJECT, id).currentPeriod).toEqual({
      number: 4,
      start: '2026-04-30T00:00:00Z',
      end: '2026-05-31T00:00:00Z',
    });
  });

  it('ends a one-time plan after its 7-day period instead of renewing', () => {
    const { sim, subs, active } = setup();
    const { id } = active({ plan: TRAVEL_PLAN_ID, userAddress: undefined });
    expect(subs.get(PROJECT, id).currentPeriod?.end).toBe('2026-01-08T00:00:00Z');
    sim.engine.advance(7 * DAY - 1);
    expect(subs.get(PROJECT, id).status).toBe('active');
    sim.engine.advance(1);
    const ended = subs.get(PROJECT, id);
    expect(ended.status).toBe('ended');
    expect(ended.endedAt).toBe('2026-01-08T00:00:00Z');
    expect(ended.cancellationDetails?.cause).toBe('subscriptionEnded');
    expect(ended.sim?.status).toBe('inactive');
  });

  it('ignores a period end that is not the current period', () => {
    const { subs, active } = setup();
    const { id } = active();
    const before = subs.get(PROJECT, id);
    subs.periodEnded(PROJECT, id, 7);
    expect(subs.get(PROJECT, id)).toEqual(before);
  });
});

describe('SubscriptionStore.cancel', () => {
  it('keeps a canceled subscription active until the end of the period', () => {
    const { sim, subs, active } = setup();
    const { id } = active();
    sim.engine.advance(10 * DAY);
    const canceled = subs.cancel(PROJECT, id, { userReason: 'tooExpensive' });
    expect(canceled).toMatchObject({
      status: 'active',
      canceledAt: '2026-01-11T00:00:00Z',
      endedAt: '2026-02-01T00:00:00Z',
      cancellationDetails: { cause: 'cancellationRequested', userReason: 'tooExpensive', userComment: null },
    });
  });

  it('keeps a user comment only when the reason is other', () => {
    const { subs, active } = setup();
    const other = subs.cancel(PROJECT, active().id, { userReason: 'other', userComment: 'Moving abroad' });
    const unused = subs.cancel(PROJECT, active().id, { userReason: 'unused', userComment: 'ignored' });
    expect(other.cancellationDetails).toEqual({
      cause: 'cancellationRequested',
      userReason: 'other',
      userComment: 'Moving abroad',
    });
    expect(unused.cancellationDetails?.userComment).toBeNull();
  });

  it('ends a canceled subscription when the clock passes endedAt, without renewing', () => {
    const { sim, subs, active } = setup();
    const { id } = active();
    subs.cancel(PROJECT, id);
    sim.engine.advance(JANUARY - 1);
    expect(subs.get(PROJECT, id).status).toBe('active');
    sim.engine.advance(1);
    const ended = subs.get(PROJECT, id);
    expect(ended).toMatchObject({ status: 'ended', endedAt: '2026-02-01T00:00:00Z', canceledAt: '2026-01-01T00:00:00Z' });
    expect(ended.cancellationDetails?.cause).toBe('cancellationRequested');
    expect(ended.currentPeriod).toBeNull();
    expect(ended.sim?.status).toBe('inactive');
  });

  it('ends a pending subscription at once, since it has no period to run out', () => {
    const { sim, subs, create } = setup();
    const { id } = create();
    const canceled = subs.cancel(PROJECT, id);
    expect(canceled.status).toBe('ended');
    expect(canceled.endedAt).toBe('2026-01-01T00:00:00Z');
    sim.engine.advance(5 * SECOND);
    expect(subs.get(PROJECT, id).status).toBe('ended');
    expect(subs.get(PROJECT, id).sim).toBeNull();
  });

  it('refuses to cancel a subscription twice', () => {
    const { subs, active } = setup();
    const { id } = active();
    subs.cancel(PROJECT, id);
    expect(thrown(() => subs.cancel(PROJECT, id)).message).toBe(Messages.alreadyCanceled);
  });
});

describe('SubscriptionStore.resume', () => {
  it('undoes a pending cancel so the subscription renews at the end of the period', () => {
    const { sim, subs, active } = setup();
    const { id } = active();
    subs.cancel(PROJECT, id, { userReason: 'unused' });
    const resumed = subs.resume(PROJECT, id);
    expect(resumed).toMatchObject({ status: 'active', canceledAt: null, endedAt: null, cancellationDetails: null });
    sim.engine.advance(JANUARY);
    expect(subs.get(PROJECT, id)).toMatchObject({ status: 'active', currentPeriod: { number: 2 } });
  });

  it('refuses to resume a subscription that is not canceled', () => {
    const { subs, active } = setup();
    expect(thrown(() => subs.resume(PROJECT, active().id)).message).toBe(Messages.notCanceled);
  });
});

describe('SubscriptionStore.end', () => {
  it('ends a subscription now and deactivates its SIM', () => {
    const { sim, subs, active } = setup();
    const { id } = active();
    sim.engine.advance(3 * DAY);
    const ended = subs.end(PROJECT, id);
    expect(ended).toMatchObject({ status: 'ended', endedAt: '2026-01-04T00:00:00Z', earliestEndAt: null });
    expect(ended.sim?.status).toBe('inactive');
    expect(sim.store.sims.get(PROJECT, ended.sim!.id).status).toBe('inactive');
  });

  it('ends a canceled subscription now rather than at the end of the period', () => {
    const { sim, subs, active } = setup();
    const { id } = active();
    subs.cancel(PROJECT, id);
    sim.engine.advance(DAY);
    expect(subs.end(PROJECT, id)).toMatchObject({ status: 'ended', endedAt: '2026-01-02T00:00:00Z' });
  });

  it('stops a pending subscription from activating later', () => {
    const { sim, subs, create } = setup();
    const { id } = create();
    subs.end(PROJECT, id);
    sim.engine.advance(5 * SECOND);
    expect(subs.get(PROJECT, id)).toMatchObject({ status: 'ended', activatedAt: null, sim: null });
  });

  it('treats ended as terminal: cancel, resume, end and activate all refuse', () => {
    const { subs, active } = setup();
    const { id } = active();
    subs.end(PROJECT, id);
    expect(thrown(() => subs.cancel(PROJECT, id)).message).toBe(Messages.subscriptionEnded);
    expect(thrown(() => subs.resume(PROJECT, id)).message).toBe(Messages.subscriptionEnded);
    expect(thrown(() => subs.end(PROJECT, id)).message).toBe(Messages.subscriptionEnded);
    expect(thrown(() => subs.activate(PROJECT, id)).message).toBe(Messages.notPending);
    expect(subs.get(PROJECT, id).status).toBe('ended');
  });

  it('does not renew an ended subscription when its old period runs out', () => {
    const { sim, subs, active } = setup();
    const { id } = active();
    const ended = subs.end(PROJECT, id);
    sim.engine.advance(2 * JANUARY);
    expect(subs.get(PROJECT, id)).toEqual(ended);
  });
});

describe('SubscriptionStore with a physical SIM', () => {
  it('shows the pSIM from creation, still inactive', () => {
    const { create, pSim } = setup();
    const simId = pSim('p5');
    const sub = create({ plan: BASIC_PSIM_PLAN_ID, sim: simId, userAddress: undefined });
    expect(sub.status).toBe('pending');
    expect(sub.sim).toMatchObject({ id: simId, type: 'pSIM', provider: 'p5', status: 'inactive' });
  });

  it('turns the pSIM active at activation', () => {
    const { sim, subs, create, pSim } = setup();
    const simId = pSim('p5');
    const { id } = create({ plan: BASIC_PSIM_PLAN_ID, sim: simId, userAddress: undefined });
    sim.engine.advance(5 * SECOND);
    expect(subs.get(PROJECT, id).sim).toMatchObject({ id: simId, status: 'active' });
    expect(sim.store.sims.get(PROJECT, simId).status).toBe('active');
  });

  it('frees the pSIM at the end so a new subscription can use it', () => {
    const { subs, create, pSim } = setup();
    const simId = pSim('p5');
    const first = create({ plan: BASIC_PSIM_PLAN_ID, sim: simId, userAddress: undefined }, { mode: 'immediate' });
    subs.end(PROJECT, first.id);
    const second = create({ plan: BASIC_PSIM_PLAN_ID, sim: simId, userAddress: undefined }, { mode: 'immediate' });
    expect(second.sim).toMatchObject({ id: simId, status: 'active' });
    expect(subs.get(PROJECT, first.id).sim?.id).toBe(simId);
  });

  it('frees the pSIM of a pending subscription that is ended', () => {
    const { subs, create, pSim } = setup();
    const simId = pSim('p5');
    const first = create({ plan: BASIC_PSIM_PLAN_ID, sim: simId, userAddress: undefined });
    subs.end(PROJECT, first.id);
    expect(create({ plan: BASIC_PSIM_PLAN_ID, sim: simId, userAddress: undefined }).sim?.id).toBe(simId);
  });
});

describe('SubscriptionStore and deleted users', () => {
  it('ends the live subscriptions of a deleted user with cause userDeleted', () => {
    const { sim, subs, user, create, active } = setup();
    const pending = create();
    const running = active();
    sim.engine.advance(DAY);
    sim.store.users.delete(PROJECT, user);
    for (const id of [pending.id, running.id]) {
      expect(subs.get(PROJECT, id)).toMatchObject({
        status: 'ended',
        endedAt: '2026-01-02T00:00:00Z',
        cancellationDetails: { cause: 'userDeleted' },
      });
    }
  });

  it('gives cause userDeleted to a canceled subscription that the deletion ends early', () => {
    const { sim, subs, user, active } = setup();
    const { id } = active();
    subs.cancel(PROJECT, id, { userReason: 'tooExpensive' });
    sim.engine.advance(DAY);
    sim.store.users.delete(PROJECT, user);
    expect(subs.get(PROJECT, id)).toMatchObject({
      status: 'ended',
      canceledAt: '2026-01-01T00:00:00Z',
      endedAt: '2026-01-02T00:00:00Z',
      cancellationDetails: { cause: 'userDeleted', userReason: null, userComment: null },
    });
  });

  it('leaves an already ended subscription of a deleted user as it was', () => {
    const { sim, subs, user, active } = setup();
    const { id } = active();
    const ended = subs.end(PROJECT, id);
    sim.engine.advance(DAY);
    sim.store.users.delete(PROJECT, user);
    const after = subs.get(PROJECT, id);
    expect(after.endedAt).toBe(ended.endedAt);
    expect(after.cancellationDetails).toEqual(ended.cancellationDetails);
  });

  it('does not touch the subscriptions of other users', () => {
    const { sim, subs, user, active, address } = setup();
    const other = sim.store.users.create(PROJECT, { email: 'elaine@example.com', fullName: 'Elaine Benes' }).id;
    const otherAddress = sim.store.addresses.create(PROJECT, other, GUIDE_ADDRESS).id;
    const kept = active({ user: other, userAddress: otherAddress });
    active({ userAddress: address });
    sim.store.users.delete(PROJECT, user);
    expect(subs.get(PROJECT, kept.id).status).toBe('active');
  });
});

describe('minimum commitment, ends and data-only plans (review fixes)', () => {
  const ESSENTIALS_PLAN_ID = planId('Essentials');

  it('sets earliestEndAt to the end of the first period when the plan has no longer commitment', () => {
    const { subs, active } = setup();
    const sub = active();
    expect(subs.get(PROJECT, sub.id).earliestEndAt).toBe('2026-02-01T00:00:00Z');
  });

  it('sets earliestEndAt to the end of the minimum periods of the plan', () => {
    const { subs, active } = setup();
    const sub = active({ plan: ESSENTIALS_PLAN_ID, userAddress: undefined });
    expect(subs.get(PROJECT, sub.id).earliestEndAt).toBe('2026-04-01T00:00:00Z');
  });

  it('keeps a canceled subscription running, renewing, until its minimum commitment is over', () => {
    const { sim, subs, active } = setup();
    const { id } = active({ plan: ESSENTIALS_PLAN_ID, userAddress: undefined });
    const canceled = subs.cancel(PROJECT, id);
    expect(canceled.endedAt).toBe('2026-04-01T00:00:00Z');
    sim.engine.advance(32 * DAY);
    expect(subs.get(PROJECT, id)).toMatchObject({ status: 'active', currentPeriod: { number: 2 } });
    sim.engine.advance(60 * DAY);
    expect(subs.get(PROJECT, id)).toMatchObject({ status: 'ended', endedAt: '2026-04-01T00:00:00Z', currentPeriod: null });
  });

  it('clears currentPeriod when a subscription is ended now', () => {
    const { subs, active } = setup();
    const { id } = active();
    expect(subs.end(PROJECT, id)).toMatchObject({ status: 'ended', currentPeriod: null, earliestEndAt: null });
  });

  it('does not call a one-time plan running out a cancellation', () => {
    const { sim, subs, active } = setup();
    const { id } = active({ plan: TRAVEL_PLAN_ID, userAddress: undefined });
    sim.engine.advance(8 * DAY);
    expect(subs.get(PROJECT, id)).toMatchObject({
      status: 'ended',
      canceledAt: null,
      cancellationDetails: { cause: 'subscriptionEnded' },
    });
  });

  it('gives a data-only plan no phone number', () => {
    const { subs, create } = setup();
    const sub = create({ plan: TRAVEL_PLAN_ID, userAddress: undefined });
    expect(subs.get(PROJECT, sub.id).phoneNumber).toBeNull();
  });
});

// The wire form is shared by every reader and its JSON is reused (src/http/json.ts): nothing in
// it may be changed, through it or through the records.
describe('SubscriptionStore wire forms', () => {
  it('hands out a deeply frozen wire form', () => {
    const { subs, active } = setup();
    const { id } = active();
    const sub = subs.get(PROJECT, id);
    for (const part of [
      sub,
      sub.metadata,
      sub.currentPeriod,
      sub.user,
      sub.user.metadata,
      sub.sim,
      sub.sim?.metadata,
      sub.plan,
    ]) {
      expect(Object.isFrozen(part)).toBe(true);
    }
  });

  it('shares no object with the stored record', () => {
    const { subs, active } = setup();
    const { id } = active();
    const record = subs.record(PROJECT, id);
    expect(subs.get(PROJECT, id).currentPeriod).not.toBe(record.currentPeriod);
    expect(Object.isFrozen(record.currentPeriod)).toBe(false);
  });

  it('gives the same object again while nothing changed, and a new one after a change', () => {
    const { subs, active } = setup();
    const { id } = active();
    const first = subs.get(PROJECT, id);
    expect(subs.get(PROJECT, id)).toBe(first);
    subs.update(PROJECT, id, { metadata: { crm: '1' } });
    expect(subs.get(PROJECT, id)).not.toBe(first);
    expect(subs.get(PROJECT, id).metadata).toEqual({ crm: '1' });
  });
});
