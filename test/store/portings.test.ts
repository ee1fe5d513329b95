import { describe, expect, it } from 'vitest';
import { DONOR_PROVIDERS } from '../../src/scenarios/service-providers.js';
import type { CreatePortingBody, PortingDeclinedCode, UpdatePortingBody } from '../../src/schemas/porting.js';
import type { SimulatorOptions } from '../../src/simulator.js';
import { Messages } from '../../src/store/errors.js';
import { DECLINE_MESSAGES, MAGIC_FIELDS, MAGIC_NUMBERS } from '../../src/store/porting-rules.js';
import type { PortingSetting } from '../../src/store/types.js';
import { GUIDE_ADDRESS, GUIDE_PLAN_ID, makeSim, PROJECT, thrown } from '../helpers.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const AT_T = DONOR_PROVIDERS[0]!.id;

/** Everything a US donor needs, as an embeds form would PATCH it. */
const COMPLETE: UpdatePortingBody = {
  accountNumber: '123456789',
  accountPin: '1234',
  firstName: 'Jerry',
  lastName: 'Seinfeld',
  donorProvider: AT_T,
  address: { line1: '129 West 81st Street', city: 'New York', state: 'NY', postalCode: '10024', country: 'US' },
};

/** A simulator with the guide's user and address, used through the store only (no HTTP). */
function setup(options: SimulatorOptions = {}) {
  const sim = makeSim(options);
  sim.store.ensureProject(PROJECT);
  const user = sim.store.users.create(PROJECT, { email: 'jerry@example.com', fullName: 'Jerry Seinfeld' }).id;
  const address = sim.store.addresses.create(PROJECT, user, GUIDE_ADDRESS).id;
  const portings = sim.store.portings;
  const draft = (input: Partial<CreatePortingBody> = {}, timing?: Partial<PortingSetting>) =>
    portings.create(PROJECT, { phoneNumber: '+12125550123', provider: 'p9', user, ...input }, timing);
  const subscribe = (porting: string) =>
    sim.store.subscriptions.create(PROJECT, { plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress: address, porting });
  /** A draft with every field, used by a new subscription: submitted, pending. */
  const submitted = (input: Partial<CreatePortingBody> = {}, timing?: Partial<PortingSetting>) => {
    const porting = draft({ ...COMPLETE, ...input }, timing);
    const sub = subscribe(porting.id);
    return { porting: porting.id, sub: sub.id };
  };
  const porting = (id: string) => portings.get(PROJECT, id);
  const subscription = (id: string) => sim.store.subscriptions.get(PROJECT, id);
  const events = () =>
    sim.events
      .list({ limit: 200 })
      .items.map((e) => e.type)
      .reverse();
  return { sim, user, address, portings, draft, subscribe, submitted, porting, subscription, events };
}

describe('PortingStore.create', () => {
  it('creates a draft that requires what a US donor needs', () => {
    const { draft, user } = setup();
    expect(draft()).toMatchObject({
      object: 'porting',
      status: 'draft',
      phoneNumber: '+12125550123',
      provider: 'p9',
      user,
      subscription: null,
      accountPinExists: false,
      declinedAttempts: 0,
      required: ['accountNumber', 'accountPin', 'address', 'donorProvider', 'firstName', 'lastName'],
      recipientProvider: { object: 'serviceProvider', id: expect.stringMatching(/^svp_/) },
    });
  });

  it('takes the donor fields on create and requires only what is still missing', () => {
    const { draft } = setup();
    expect(draft({ accountNumber: '1', firstName: 'J' }).required).toEqual([
      'accountPin',
      'address',
      'donorProvider',
      'lastName',
    ]);
  });

  it('refuses a non-US number with portingNotSupported', () => {
    const { draft } = setup();
    expect(thrown(() => draft({ phoneNumber: '+447700900123' })).code).toBe('portingNotSupported');
  });

  it('refuses the blocked sandbox number with portingPhoneNumberBlocked', () => {
    const { draft } = setup();
    expect(thrown(() => draft({ phoneNumber: '+12125550101' })).code).toBe('portingPhoneNumberBlocked');
  });

  it('refuses the unsupported sandbox number with portingNotSupported', () => {
    const { draft } = setup();
    expect(thrown(() => draft({ phoneNumber: '+13105550102' })).code).toBe('portingNotSupported');
  });

  it('refuses a second open porting of the same number with portingAlreadyExists', () => {
    const { draft } = setup();
    draft();
    const error = thrown(() => draft());
    expect([error.kind, error.code]).toEqual(['conflict', 'portingAlreadyExists']);
  });

  it('refuses a sixth open porting of one user with portingPerUserLimitExceeded', () => {
    const { draft } = setup();
    for (let i = 0; i < 5; i++) draft({ phoneNumber: `+1212555${2000 + i}` });
    expect(thrown(() => draft({ phoneNumber: '+12125553000' })).code).toBe('portingPerUserLimitExceeded');
  });

  it('refuses an unknown recipient provider with portingProviderNotFound', () => {
    const { draft } = setup();
    expect(thrown(() => draft({ provider: 'p42' })).code).toBe('portingProviderNotFound');
  });

  it('refuses an unknown donor provider with portingDonorProviderNotFound', () => {
    const { draft } = setup();
    expect(thrown(() => draft({ donorProvider: 'svp_nope' })).code).toBe('portingDonorProviderNotFound');
  });

  it('refuses a user that does not exist, storing nothing', () => {
    const { draft, portings } = setup();
    expect(thrown(() => draft({ user: 'usr_missing' })).message).toBe(Messages.notFound('user'));
    expect(portings.list(PROJECT, {}).items).toEqual([]);
  });
});

describe('PortingStore.update', () => {
  it('shrinks required[] as fields arrive', () => {
    const { draft, portings } = setup();
    const id = draft().id;
    expect(portings.update(PROJECT, id, { accountNumber: '1', firstName: 'J', lastName: 'S' }).required).toEqual([
      'accountPin',
      'address',
      'donorProvider',
    ]);
  });

  it('never stores or returns the PIN: it sets accountPinExists', () => {
    const { sim, draft, portings } = setup();
    const id = draft().id;
    const updated = portings.update(PROJECT, id, { accountPin: '98765' });
    expect(updated.accountPinExists).toBe(true);
    expect(JSON.stringify(updated)).not.toContain('98765');
    expect(JSON.stringify(sim.snapshot())).not.toContain('98765');
  });

  it('keeps a draft a draft when everything has arrived', () => {
    const { draft, portings } = setup();
    expect(portings.update(PROJECT, draft().id, COMPLETE)).toMatchObject({ status: 'draft', required: [] });
  });

  it('refuses to update a completed porting with portingNotUpdatable', () => {
    const { sim, submitted, portings } = setup();
    const { porting } = submitted();
    sim.completePorting(PROJECT, porting);
    expect(thrown(() => portings.update(PROJECT, porting, { firstName: 'X' })).code).toBe('portingNotUpdatable');
  });
});

describe('a porting on the simulated clock', () => {
  it('goes pending when a subscription uses it, and the subscription stays pending without a number', () => {
    const { submitted, porting, subscription } = setup();
    const { porting: id, sub } = submitted();
    expect(porting(id)).toMatchObject({ status: 'pending', subscription: sub, lastRequestedAt: '2026-01-01T00:00:00Z' });
    expect(subscription(sub)).toMatchObject({ status: 'pending', phoneNumber: null, porting: { id, status: 'pending' } });
  });

  it('goes informationRequired when a subscription uses a draft that lacks fields', () => {
    const { draft, subscribe, porting } = setup();
    const id = draft().id;
    subscribe(id);
    expect(porting(id).status).toBe('informationRequired');
  });

  it('is requested after one porting delay', () => {
    const { sim, submitted, porting } = setup();
    const { porting: id } = submitted();
    sim.advance(4 * HOUR);
    expect(porting(id).status).toBe('requested');
  });

  it('completes within one simulated day by default, activating the subscription with the ported number', () => {
    const { sim, submitted, porting, subscription } = setup();
    const { porting: id, sub } = submitted();
    sim.advance(DAY);
    expect(porting(id)).toMatchObject({ status: 'completed', completedAt: '2026-01-01T08:00:00Z' });
    expect(subscription(sub)).toMatchObject({
      status: 'active',
      phoneNumber: '+12125550123',
      porting: { status: 'completed' },
      lastPorting: { status: 'completed' },
    });
  });

  it('follows the project setting for the step delay', () => {
    const { sim, submitted, porting } = setup({ portingDelay: '30s' });
    const { porting: id } = submitted();
    sim.advance('60s');
    expect(porting(id).status).toBe('completed');
  });

  it('waits for the control plane in manual mode', () => {
    const { sim, submitted, porting } = setup();
    const { porting: id } = submitted({}, { mode: 'manual' });
    sim.advance(10 * DAY);
    expect(porting(id).status).toBe('pending');
  });

  it('emits an event for every transition, the porting as data', () => {
    const { sim, submitted, events } = setup();
    submitted();
    sim.advance(DAY);
    expect(events().filter((t) => t.startsWith('com.gigs.porting.'))).toEqual([
      'com.gigs.porting.created',
      'com.gigs.porting.updated',
      'com.gigs.porting.requested',
      'com.gigs.porting.completed',
    ]);
    expect(sim.events.list({ limit: 1 }, { type: 'com.gigs.porting.completed' }).items[0]?.data).toMatchObject({
      object: 'porting',
      status: 'completed',
    });
  });

  it('never completes the sandbox number that stays requested', () => {
    const { sim, submitted, porting } = setup();
    const { porting: id } = submitted({ phoneNumber: '+12125550130' });
    sim.advance(20 * DAY);
    expect(porting(id).status).toBe('requested');
  });

  it('asks for the birthday for the informationRequired sandbox number, and completes once it is sent', () => {
    const { sim, submitted, porting, portings } = setup();
    const { porting: id } = submitted({ phoneNumber: '+12125550120' });
    sim.advance(4 * HOUR);
    expect(porting(id)).toMatchObject({ status: 'informationRequired', required: ['birthday'] });
    portings.update(PROJECT, id, { birthday: '1954-04-29' });
    sim.advance(DAY);
    expect(porting(id).status).toBe('completed');
  });

  it('expires an unused draft after 30 days', () => {
    const { sim, draft, porting } = setup();
    const id = draft().id;
    sim.advance(30 * DAY);
    expect(porting(id)).toMatchObject({ status: 'expired', expiredAt: '2026-01-31T00:00:00Z' });
  });

  it('ends the subscription with cause portingExpired when a declined porting is left for 30 days', () => {
    const { sim, submitted, subscription } = setup();
    const { sub } = submitted({ phoneNumber: '+12125550110' });
    sim.advance(31 * DAY);
    expect(subscription(sub)).toMatchObject({ status: 'ended', cancellationDetails: { cause: 'portingExpired' } });
  });
});

const NUMBER_DECLINES = Object.entries(MAGIC_NUMBERS).flatMap(([digits, b]) =>
  b.kind === 'decline' ? [[`+1212555${'01'}${digits}`, b.code] as const] : [],
);
const FIELD_DECLINES: [UpdatePortingBody, PortingDeclinedCode][] = [
  [{ accountNumber: MAGIC_FIELDS.accountNumber.value }, MAGIC_FIELDS.accountNumber.code],
  [{ accountPin: MAGIC_FIELDS.accountPin.value }, MAGIC_FIELDS.accountPin.code],
  [{ firstName: MAGIC_FIELDS.firstName.value }, MAGIC_FIELDS.firstName.code],
  [{ lastName: MAGIC_FIELDS.lastName.value }, MAGIC_FIELDS.lastName.code],
  [{ address: { ...COMPLETE.address!, postalCode: MAGIC_FIELDS.postalCode.value } }, MAGIC_FIELDS.postalCode.code],
  [{ address: { ...COMPLETE.address!, line1: MAGIC_FIELDS.line1.value } }, MAGIC_FIELDS.line1.code],
];

describe('sandbox declines', () => {
  it('covers every documented decline code, by number or by field', () => {
    const codes = new Set([...NUMBER_DECLINES.map(([, c]) => c), ...FIELD_DECLINES.map(([, c]) => c)]);
    expect([...codes].sort()).toEqual(Object.keys(DECLINE_MESSAGES).sort());
  });

  it.each(NUMBER_DECLINES)('declines %s with %s and a readable message', (phoneNumber, code) => {
    const { sim, submitted, porting } = setup();
    const { porting: id } = submitted({ phoneNumber });
    sim.advance(4 * HOUR);
    expect(porting(id)).toMatchObject({
      status: 'declined',
      declinedCode: code,
      declinedMessage: DECLINE_MESSAGES[code],
      declinedAttempts: 1,
      lastDeclinedAt: '2026-01-01T04:00:00Z',
    });
  });

  it.each(FIELD_DECLINES)('declines the field value %j with %s', (fields, code) => {
    const { sim, submitted, porting } = setup();
    const { porting: id } = submitted(fields);
    sim.advance(4 * HOUR);
    expect(porting(id)).toMatchObject({ status: 'declined', declinedCode: code });
  });

  it('resubmits a declined porting when a PATCH corrects it, and completes', () => {
    const { sim, submitted, porting, portings, subscription } = setup();
    const { porting: id, sub } = submitted({ accountPin: '0000' });
    sim.advance(4 * HOUR);
    expect(portings.update(PROJECT, id, { accountPin: '2468' })).toMatchObject({
      status: 'pending',
      lastRequestedAt: '2026-01-01T04:00:00Z',
      declinedAttempts: 1,
    });
    sim.advance(DAY);
    expect(porting(id).status).toBe('completed');
    expect(subscription(sub).status).toBe('active');
  });

  it('declines a port-protected number again after a correction', () => {
    const { sim, submitted, porting, portings } = setup();
    const { porting: id } = submitted({ phoneNumber: '+12125550110' });
    sim.advance(4 * HOUR);
    portings.update(PROJECT, id, { accountPin: '2468' });
    sim.advance(4 * HOUR);
    expect(porting(id)).toMatchObject({ status: 'declined', declinedAttempts: 2 });
  });
});

describe('PortingStore.cancel and delete', () => {
  it('cancels a submitted porting; its subscription gets a new number and activates', () => {
    const { sim, submitted, portings, subscription } = setup();
    const { porting: id, sub } = submitted({}, { mode: 'manual' });
    expect(portings.cancel(PROJECT, id)).toMatchObject({ status: 'canceled', canceledAt: '2026-01-01T00:00:00Z' });
    sim.advance('5s');
    expect(subscription(sub).status).toBe('active');
    expect(subscription(sub).phoneNumber).toMatch(/^\+1\d{10}$/);
    expect(subscription(sub).phoneNumber).not.toBe('+12125550123');
  });

  it('refuses to cancel a draft with portingNotCancelable', () => {
    const { draft, portings } = setup();
    expect(thrown(() => portings.cancel(PROJECT, draft().id)).code).toBe('portingNotCancelable');
  });

  it('refuses to cancel twice with portingAlreadyCanceled', () => {
    const { submitted, portings } = setup();
    const { porting: id } = submitted();
    portings.cancel(PROJECT, id);
    expect(thrown(() => portings.cancel(PROJECT, id)).code).toBe('portingAlreadyCanceled');
  });

  it('deletes a draft: it is gone afterwards', () => {
    const { draft, portings } = setup();
    const id = draft().id;
    portings.delete(PROJECT, id);
    expect(thrown(() => portings.get(PROJECT, id)).kind).toBe('notFound');
  });

  it('refuses to delete a submitted porting with portingNotDeletable', () => {
    const { submitted, portings } = setup();
    expect(thrown(() => portings.delete(PROJECT, submitted().porting)).code).toBe('portingNotDeletable');
  });

  it('cancels the porting when its pending subscription ends', () => {
    const { sim, submitted, porting } = setup();
    const { porting: id, sub } = submitted();
    sim.store.subscriptions.end(PROJECT, sub);
    expect(porting(id).status).toBe('canceled');
  });
});

describe('control plane answers', () => {
  it('declines with any documented code and an own message', () => {
    const { sim, submitted } = setup();
    const { porting } = submitted({}, { mode: 'manual' });
    expect(sim.declinePorting(PROJECT, porting, 'portingDuplicated', 'Try later.')).toMatchObject({
      status: 'declined',
      declinedCode: 'portingDuplicated',
      declinedMessage: 'Try later.',
    });
  });

  it('asks for fields, which a PATCH then supplies', () => {
    const { sim, submitted, portings } = setup();
    const { porting } = submitted({}, { mode: 'manual' });
    expect(sim.requirePortingInformation(PROJECT, porting, ['donorProviderApproval', 'birthday']).required).toEqual([
      'birthday',
      'donorProviderApproval',
    ]);
    expect(portings.update(PROJECT, porting, { birthday: '1954-04-29', donorProviderApproval: true })).toMatchObject({
      status: 'pending',
      required: [],
    });
  });

  it('completes a submitted porting at once', () => {
    const { sim, submitted, subscription } = setup();
    const { porting, sub } = submitted({ phoneNumber: '+12125550130' }, { mode: 'manual' });
    sim.completePorting(PROJECT, porting);
    expect(subscription(sub)).toMatchObject({ status: 'active', phoneNumber: '+12125550130' });
  });

  it('refuses to complete a draft: it has not been submitted', () => {
    const { sim, draft } = setup();
    expect(thrown(() => sim.completePorting(PROJECT, draft().id)).message).toBe(Messages.portingNotSubmitted);
  });
});

describe('subscriptions with a porting', () => {
  it('refuses a porting of another user', () => {
    const { sim, draft, address } = setup();
    const other = sim.store.users.create(PROJECT, { email: 'elaine@example.com', fullName: 'Elaine Benes' }).id;
    const id = draft().id;
    const error = thrown(() =>
      sim.store.subscriptions.create(PROJECT, {
        plan: GUIDE_PLAN_ID,
        user: other,
        sim: 'auto',
        userAddress: address,
        porting: id,
      }),
    );
    expect(error.details?.map((d) => d.property)).toContain('porting');
  });

  it('refuses a porting already used by a subscription', () => {
    const { submitted, subscribe } = setup();
    const { porting } = submitted();
    expect(thrown(() => subscribe(porting)).message).toBe(Messages.portingUsedBySubscription);
  });

  it('refuses a porting of another provider than the plan with portingProviderMismatch', () => {
    const { draft, subscribe } = setup();
    expect(thrown(() => subscribe(draft({ provider: 'p5' }).id)).code).toBe('portingProviderMismatch');
  });

  it('refuses to activate through the control plane while the porting runs', () => {
    const { sim, submitted } = setup();
    expect(thrown(() => sim.activate(PROJECT, submitted().sub)).message).toBe(Messages.portingInProgress);
  });

  it('keeps portings and their jobs across a snapshot', () => {
    const { sim, submitted, porting } = setup();
    const { porting: id } = submitted();
    const snapshot = JSON.parse(JSON.stringify(sim.snapshot()));
    const copy = makeSim();
    copy.restore(snapshot);
    copy.advance(DAY);
    expect(copy.store.portings.get(PROJECT, id).status).toBe('completed');
    expect(porting(id).status).toBe('pending');
  });
});

describe('PATCH on a pending porting', () => {
  it('sends it back to informationRequired when a required field is removed', () => {
    const { submitted, portings } = setup();
    const { porting } = submitted();
    expect(portings.update(PROJECT, porting, { address: null })).toMatchObject({
      status: 'informationRequired',
      required: ['address'],
    });
  });
});

describe('the portingDelay option', () => {
  it('leaves every porting to the control plane when manual', () => {
    const { sim, submitted, porting } = setup({ portingDelay: 'manual' });
    const { porting: id } = submitted();
    sim.advance(10 * DAY);
    expect(porting(id).status).toBe('pending');
  });

  it('is refused when it is not a duration', () => {
    expect(() => makeSim({ portingDelay: 'soon' })).toThrow(RangeError);
  });
});
