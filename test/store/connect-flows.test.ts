import { describe, expect, it } from 'vitest';
import type { CheckoutInput } from '../../src/store/connect-flows.js';
import { ConnectMessages } from '../../src/store/connect-rules.js';
import { DomainError } from '../../src/store/errors.js';
import { TEST_CARDS } from '../../src/store/payments.js';
import { GUIDE_ADDRESS, GUIDE_PLAN_ID, makeSim, PROJECT } from '../helpers.js';
import { invariantViolations } from '../support/invariants.js';

const GOOD_CARD = { number: '4242 4242 4242 4242', expiry: '12/30', cvc: '123' };
const FAMILY_PLAN = 'pln_0SNlurA049MEWV3dFamilyDobP5x';

function setup(plan = GUIDE_PLAN_ID) {
  const sim = makeSim();
  sim.store.ensureProject(PROJECT);
  const user = sim.store.users.create(PROJECT, { email: 'jerry@example.com' }).id;
  const made = sim.store.connectSessions.create(PROJECT, {
    intent: { type: 'checkoutNewSubscription', checkoutNewSubscription: { plan } },
    user,
    callbackUrl: 'https://example.com/done',
  });
  const session = () => sim.store.connectSessions.record(PROJECT, made.id);
  return { sim, user, session };
}

const counts = (sim: ReturnType<typeof makeSim>) => {
  const state = sim.store.project(PROJECT);
  return {
    users: state.users.size,
    addresses: state.addresses.size,
    subscriptions: state.subscriptions.size,
    events: sim.events.list({ limit: 100 }).items.length,
  };
};

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('Connect checkout', () => {
  it('asks for what the plan requires and the user lacks', () => {
    const { sim, session } = setup(FAMILY_PLAN);
    const needs = sim.store.connect.checkoutNeeds(PROJECT, session());
    expect(needs).toMatchObject({ sim: null, fullName: true, birthday: true, address: true });
  });

  it('buys: the subscription is pending, then active after the clock moves; the session is complete', () => {
    const { sim, user, session } = setup();
    const input: CheckoutInput = {
      sim: 'auto',
      address: {
        ...GUIDE_ADDRESS,
        line2: null,
        state: GUIDE_ADDRESS.state ?? null,
        postalCode: GUIDE_ADDRESS.postalCode ?? null,
      },
      card: GOOD_CARD,
    };
    const sub = sim.store.connect.checkout(PROJECT, session(), input);
    expect(sub).toMatchObject({ status: 'pending', user: { id: user }, plan: { id: GUIDE_PLAN_ID } });
    expect(sub.userAddress).not.toBeNull();
    expect(session()).toMatchObject({ result: sub.id, completedAt: expect.any(String) });
    sim.advance('5s');
    expect(sim.store.subscriptions.get(PROJECT, sub.id).status).toBe('active');
    const created = sim.events.list({ limit: 20 }).items.find((e) => e.type === 'com.gigs.subscription.created');
    expect(created?.actor).toEqual({ type: 'user', user });
    expect(invariantViolations(sim)).toEqual([]);
  });

  it.each(TEST_CARDS.filter((c) => c.outcome !== 'succeeds'))(
    'refuses card $number ($label) with $outcome and stores nothing',
    (card) => {
      const { sim, session } = setup(FAMILY_PLAN);
      const before = counts(sim);
      const err = refusal(() =>
        sim.store.connect.checkout(PROJECT, session(), {
          sim: 'auto',
          fullName: 'Jerry Seinfeld',
          birthday: '1954-04-29',
          address: {
            line1: '129 West 81st Street',
            line2: null,
            city: 'New York',
            state: 'NY',
            postalCode: '10024',
            country: 'US',
          },
          card: { number: card.number, expiry: '12/30', cvc: '123' },
        }),
      );
      expect(err.code).toBe(card.outcome);
      expect(counts(sim)).toEqual(before);
      expect(session().completedAt).toBeNull();
      expect(sim.store.users.get(PROJECT, session().user as string).fullName).toBeNull();
    },
  );

  it('refuses a card that is not a test card, an invalid number and a past expiry (on the simulated clock)', () => {
    const { sim, session } = setup();
    const address = { line1: '1 Main St', line2: null, city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' };
    const pay = (card: CheckoutInput['card']) =>
      refusal(() => sim.store.connect.checkout(PROJECT, session(), { sim: 'auto', address, card }));
    expect(pay({ ...GOOD_CARD, number: '4111111111111111' }).code).toBe('paymentCardDeclined');
    expect(pay({ ...GOOD_CARD, number: '4242424242424241' }).details?.[0]?.property).toBe('card.number');
    // The simulated clock is at 2026-01-01: a card that expired in December 2025 is refused.
    expect(pay({ ...GOOD_CARD, expiry: '12/25' }).details?.[0]).toMatchObject({ property: 'card.expiry' });
    // A card works to the end of its expiry month.
    expect(
      sim.store.connect.checkout(PROJECT, session(), { sim: 'auto', address, card: { ...GOOD_CARD, expiry: '01/26' } }).status,
    ).toBe('pending');
  });

  it('names every missing detail at once before the card is looked at', () => {
    const { sim, session } = setup(FAMILY_PLAN);
    const err = refusal(
      () =>
        sim.store.connect.checkoutNeeds(PROJECT, session()) &&
        sim.store.connect.checkout(PROJECT, session(), { sim: 'auto', card: { number: 'x', expiry: 'x', cvc: 'x' } }),
    );
    expect(err.details?.map((d) => d.property)).toEqual(['fullName', 'birthday', 'address']);
  });

  it('runs once: a second checkout of the same session is refused', () => {
    const { sim, session } = setup();
    const address = { line1: '1 Main St', line2: null, city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' };
    sim.store.connect.checkout(PROJECT, session(), { sim: 'auto', address, card: GOOD_CARD });
    const err = refusal(() => sim.store.connect.checkout(PROJECT, session(), { sim: 'auto', address, card: GOOD_CARD }));
    expect(err.message).toBe(ConnectMessages.sessionCompleted);
    expect(sim.store.project(PROJECT).subscriptions.size).toBe(1);
  });
});

describe('Connect management flows', () => {
  function active() {
    const { sim, user, session } = setup();
    const address = { line1: '1 Main St', line2: null, city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' };
    const sub = sim.store.connect.checkout(PROJECT, session(), { sim: 'auto', address, card: GOOD_CARD });
    sim.advance('5s');
    const open = (intent: Parameters<typeof sim.store.connectSessions.create>[1]['intent']) => {
      const made = sim.store.connectSessions.create(PROJECT, { intent, user });
      return sim.store.connectSessions.record(PROJECT, made.id);
    };
    return { sim, user, sub, open };
  }

  it('cancels with a reason, then resumes, each only from its own intent', () => {
    const { sim, sub, open } = active();
    const cancel = open({ type: 'cancelSubscription', cancelSubscription: { subscription: sub.id } });
    expect(refusal(() => sim.store.connect.resume(PROJECT, cancel)).message).toMatch(/cancelSubscription/);
    const canceled = sim.store.connect.cancel(PROJECT, cancel, 'tooExpensive');
    expect(canceled.canceledAt).not.toBeNull();
    expect(canceled.cancellationDetails).toMatchObject({ cause: 'cancellationRequested', userReason: 'tooExpensive' });
    const resumed = sim.store.connect.resume(
      PROJECT,
      open({ type: 'resumeSubscription', resumeSubscription: { subscription: sub.id } }),
    );
    expect(resumed.canceledAt).toBeNull();
  });

  it('refuses a subscription that is not the session user\u2019s', () => {
    const { sim, sub } = active();
    const stranger = sim.store.users.create(PROJECT, { email: 'newman@example.com' }).id;
    // Made in-process past the API's check, as a stale session would be.
    const made = sim.store.connectSessions.create(PROJECT, { intent: { type: 'viewSubscriptions' }, user: stranger });
    const record = {
      ...sim.store.connectSessions.record(PROJECT, made.id),
      intent: { type: 'cancelSubscription' as const, cancelSubscription: { subscription: sub.id } },
    };
    expect(refusal(() => sim.store.connect.cancel(PROJECT, record)).kind).toBe('permissionDenied');
    expect(sim.store.subscriptions.get(PROJECT, sub.id).canceledAt).toBeNull();
  });

  it('changes the plan to one of the same provider', () => {
    const { sim, sub, open } = active();
    const session = open({ type: 'changeSubscription', changeSubscription: { subscription: sub.id } });
    const options = sim.store.connect.changeOptions(PROJECT, session);
    expect(options.map((p) => p.provider)).toEqual(options.map(() => 'p9'));
    const target = options[0]?.id as string;
    const change = sim.store.connect.changePlan(PROJECT, session, target);
    expect(sim.store.subscriptionChanges.get(PROJECT, change).requestedChange.plan).toBe(target);
    expect(
      refusal(() =>
        sim.store.connect.changePlan(
          PROJECT,
          open({ type: 'changeSubscription', changeSubscription: { subscription: sub.id } }),
          GUIDE_PLAN_ID,
        ),
      ).kind,
    ).toBe('invalid');
  });

  it('updates the user\u2019s name and adds an address with the API\u2019s own rules', () => {
    const { sim, user, open } = active();
    sim.store.connect.updateFullName(PROJECT, open({ type: 'updateUserFullName' }), '  Jerry Seinfeld ');
    expect(sim.store.users.get(PROJECT, user).fullName).toBe('Jerry Seinfeld');
    const bad = refusal(() =>
      sim.store.connect.updateAddress(PROJECT, open({ type: 'updateUserAddress' }), {
        line1: '1 Main St',
        line2: null,
        city: 'Springfield',
        state: null,
        postalCode: null,
        country: 'us',
      }),
    );
    expect(bad.details?.length).toBeGreaterThan(0);
  });
});
