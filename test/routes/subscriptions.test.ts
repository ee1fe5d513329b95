import { describe, expect, it } from 'vitest';
import { defaultPlans } from '../../src/scenarios/catalogue.js';
import type { SimulatorOptions } from '../../src/simulator.js';
import { Messages } from '../../src/store/errors.js';
import { call, GUIDE_ADDRESS, GUIDE_PLAN_ID, guideUserWithAddress, makeSim, PROJECT, p } from '../helpers.js';

const planId = (name: string) => defaultPlans().find((plan) => plan.name === name)!.id;
const UNLIMITED_PLAN_ID = planId('Gigs Unlimited');
const BASIC_PSIM_PLAN_ID = planId('Basic SIM');
const ESSENTIALS_PLAN_ID = planId('Essentials');
const FAMILY_PLAN_ID = planId('Family Plus');
const TRAVEL_PLAN_ID = planId('Travel Europe 7 days');
const ARCHIVED_PLAN_ID = planId('Legacy 2023');
const DRAFT_PLAN_ID = planId('Next Year Plan');

const ACTIVATION_HEADER = 'x-gigs-mock-activation';
const SECOND = 1000;
const DAY = 86_400_000;
const JANUARY = 31 * DAY;

type Body = Record<string, unknown>;

/** A simulator with the guide's user and address, and a create call that defaults to the guide's request. */
async function setup(options: SimulatorOptions = {}) {
  const sim = makeSim(options);
  const { user, address } = await guideUserWithAddress(sim);
  const create = (body: Body = {}, headers: Record<string, string> = {}) =>
    call(sim, 'POST', p('/subscriptions'), { plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress: address, ...body }, headers);
  const immediate = (body: Body = {}) => create(body, { [ACTIVATION_HEADER]: 'immediate' });
  const get = (id: string) => call(sim, 'GET', p(`/subscriptions/${id}`));
  const pSims = async (provider: string) =>
    (await call(sim, 'GET', p('/sims?type=pSIM&limit=200'))).body.items.filter((s: any) => s.provider === provider);
  return { sim, user, address, create, immediate, get, pSims };
}

const properties = (body: any) => (body.details ?? []).map((d: any) => d.property);

describe('POST /subscriptions', () => {
  it('creates a pending eSIM subscription with 201, the plan and user embedded and the address as an id', async () => {
    const { create, user, address } = await setup();
    const res = await create();
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      object: 'subscription',
      status: 'pending',
      sim: null,
      currentPeriod: null,
      activatedAt: null,
      canceledAt: null,
      endedAt: null,
      firstUsageAt: null,
      porting: null,
      userAddress: address,
      metadata: {},
      plan: { object: 'plan', id: GUIDE_PLAN_ID },
      user: { object: 'user', id: user },
    });
    expect(res.body.id).toMatch(/^sub_[0-9A-Za-z]{28}$/);
    expect(res.body.phoneNumber).toMatch(/^\+[1-9]\d{1,14}$/);
  });

  it('keeps the metadata sent with the request', async () => {
    const { create } = await setup();
    expect((await create({ metadata: { crmId: '42' } })).body.metadata).toEqual({ crmId: '42' });
  });

  it('returns 422 naming plan, user and sim when the body leaves them out', async () => {
    const { sim } = await setup();
    const res = await call(sim, 'POST', p('/subscriptions'), {});
    expect(res.status).toBe(422);
    expect(res.body.type).toBe('invalid');
    expect(properties(res.body)).toEqual(expect.arrayContaining(['plan', 'user', 'sim']));
  });

  it('returns 422 naming a property the API does not know', async () => {
    const { create } = await setup();
    const res = await create({ phoneNumber: '+12125550100' });
    expect(res.status).toBe(422);
    expect(properties(res.body)).toContain('phoneNumber');
  });

  it.each([
    ['user', 'usr_0000000000000000000000000000', 'user'],
    ['plan', 'pln_0000000000000000000000000000', 'plan'],
    ['userAddress', 'adr_0000000000000000000000000000', 'user address'],
    ['sim', 'sim_0000000000000000000000000000', 'SIM'],
  ])('returns 422 naming %s when it does not exist', async (property, id, what) => {
    const { create } = await setup();
    const res = await create({ [property]: id });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ property, message: Messages.notFound(what) })]);
  });

  it.each([
    ['archived', ARCHIVED_PLAN_ID],
    ['draft', DRAFT_PLAN_ID],
  ])('returns 422 naming plan when the plan is %s', async (_status, plan) => {
    const { create } = await setup();
    const res = await create({ plan });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ property: 'plan', message: Messages.planNotAvailable })]);
  });

  it('returns 422 naming sim when "auto" asks for an eSIM on a pSIM-only plan', async () => {
    const { create } = await setup();
    const res = await create({ plan: BASIC_PSIM_PLAN_ID });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ property: 'sim', message: Messages.autoOnPSimPlan })]);
  });

  it('returns 422 naming sim when a pSIM is sent for an eSIM-only plan', async () => {
    const { create, pSims } = await setup();
    const [pSim] = await pSims('p9');
    const res = await create({ sim: pSim.id });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ property: 'sim', message: Messages.simTypeNotSupported })]);
  });

  it('returns 422 naming sim when the pSIM belongs to another provider than the plan', async () => {
    const { create, pSims } = await setup();
    const [pSim] = await pSims('p9');
    const res = await create({ plan: BASIC_PSIM_PLAN_ID, sim: pSim.id, userAddress: undefined });
    expect(res.status).toBe(422);
    expect(properties(res.body)).toEqual(['sim']);
  });

  it('returns 422 naming sim when the SIM is the eSIM of an ended subscription', async () => {
    const { sim, create, immediate } = await setup();
    const first = await immediate();
    await call(sim, 'POST', p(`/subscriptions/${first.body.id}/end`));
    const res = await create({ sim: first.body.sim.id });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ property: 'sim', message: Messages.simNotUsable })]);
  });

  it('returns 422 with code simAlreadyUsed when another subscription uses the pSIM', async () => {
    const { create, pSims } = await setup();
    const [pSim] = await pSims('p5');
    expect((await create({ plan: BASIC_PSIM_PLAN_ID, sim: pSim.id, userAddress: undefined })).status).toBe(201);
    const res = await create({ plan: BASIC_PSIM_PLAN_ID, sim: pSim.id, userAddress: undefined });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ object: 'error', type: 'invalid', code: 'simAlreadyUsed' });
    expect(properties(res.body)).toEqual(['sim']);
  });

  it.each([
    ['present', GUIDE_PLAN_ID],
    ['verified', UNLIMITED_PLAN_ID],
  ])('returns 422 requiring userAddress when the plan needs an address (%s)', async (_requirement, plan) => {
    const { create } = await setup();
    const res = await create({ plan, userAddress: undefined });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([
      { object: 'propertyErrorDetail', property: 'userAddress', code: 'propertyRequired', message: Messages.addressRequired },
    ]);
  });

  it('returns 422 naming userAddress when the address belongs to another user', async () => {
    const { sim, create } = await setup();
    const other = await guideUserWithAddress(sim, 'elaine@example.com');
    const res = await create({ userAddress: other.address });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ property: 'userAddress', message: Messages.addressNotOwned })]);
  });

  it('creates a subscription without an address when the plan needs none', async () => {
    const { create } = await setup();
    const res = await create({ plan: TRAVEL_PLAN_ID, userAddress: undefined });
    expect(res.status).toBe(201);
    expect(res.body.userAddress).toBeNull();
  });

  it('returns 422 naming user when the plan needs a full name the user lacks', async () => {
    const { sim, create } = await setup();
    const nameless = await call(sim, 'POST', p('/users'), { email: 'kramer@example.com' });
    const res = await create({ plan: ESSENTIALS_PLAN_ID, user: nameless.body.id, userAddress: undefined });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([
      expect.objectContaining({ property: 'user', message: Messages.userFieldRequired('fullName') }),
    ]);
  });

  it('returns 422 naming user when the plan needs a birthday the user lacks', async () => {
    const { create } = await setup();
    const res = await create({ plan: FAMILY_PLAN_ID });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([
      expect.objectContaining({ property: 'user', message: Messages.userFieldRequired('birthday') }),
    ]);
  });

  it('creates a subscription when the user has everything the plan requires', async () => {
    const { sim } = await setup();
    const user = await call(sim, 'POST', p('/users'), {
      email: 'george@example.com',
      fullName: 'George Costanza',
      birthday: '1959-05-23',
    });
    const address = await call(sim, 'POST', p(`/users/${user.body.id}/addresses`), GUIDE_ADDRESS);
    const body = { plan: FAMILY_PLAN_ID, user: user.body.id, sim: 'auto', userAddress: address.body.id };
    const res = await call(sim, 'POST', p('/subscriptions'), body);
    expect(res.status).toBe(201);
    expect(res.body.plan.id).toBe(FAMILY_PLAN_ID);
  });

  it('returns 422 naming device, which the simulator does not support', async () => {
    const { create } = await setup();
    const res = await create({ device: 'dev_0SNlurA049MEWV4OpCwsNyC9Kn2d' });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([
      expect.objectContaining({ property: 'device', message: Messages.unsupportedProperty('device') }),
    ]);
  });

  it('returns 422 naming porting when the porting does not exist', async () => {
    const { create } = await setup();
    const res = await create({ porting: 'prt_0SNlurA049MEWV4OpCwsNyC9Kn2d' });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ property: 'porting', message: Messages.notFound('porting') })]);
  });

  it('returns 422 naming user when the user has been deleted', async () => {
    const { sim, create, user } = await setup();
    await call(sim, 'DELETE', p(`/users/${user}`));
    const res = await create({ plan: TRAVEL_PLAN_ID, userAddress: undefined });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ property: 'user', message: Messages.userDeleted })]);
  });

  it('stores nothing when the request is refused', async () => {
    const { sim, create } = await setup();
    await create({ plan: ARCHIVED_PLAN_ID });
    const list = await call(sim, 'GET', p('/subscriptions'));
    expect(list.body.items).toEqual([]);
  });
});

describe('GET /subscriptions/{subscription}', () => {
  it('returns the subscription as created', async () => {
    const { create, get } = await setup();
    const created = await create();
    const res = await get(created.body.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(created.body);
  });

  it('returns 404 notFound for an unknown subscription', async () => {
    const { get } = await setup();
    const res = await get('sub_0000000000000000000000000000');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ object: 'error', type: 'notFound', message: Messages.notFound('subscription') });
  });

  // Repeated GETs reuse one serialisation (src/http/json.ts): a change to any embedded record must
  // still show in the very next answer.
  it('shows a change to the embedded user in the next GET after a repeated one', async () => {
    const { sim, create, get, user } = await setup();
    const created = await create();
    await get(created.body.id);
    expect((await get(created.body.id)).body.user.fullName).toBe('Jerry Seinfeld');
    await call(sim, 'PATCH', p(`/users/${user}`), { fullName: 'Cosmo Kramer' });
    expect((await get(created.body.id)).body.user.fullName).toBe('Cosmo Kramer');
  });

  it('shows activation and the provisioned SIM in the next GET after a repeated one', async () => {
    const { sim, create, get } = await setup();
    const created = await create();
    await get(created.body.id);
    expect((await get(created.body.id)).body).toMatchObject({ status: 'pending', sim: null });
    sim.advance(60 * SECOND);
    expect((await get(created.body.id)).body).toMatchObject({ status: 'active', sim: { object: 'sim', status: 'active' } });
  });

  it('shows new metadata in the next GET after a repeated one', async () => {
    const { sim, create, get } = await setup();
    const created = await create();
    await get(created.body.id);
    await get(created.body.id);
    await call(sim, 'PATCH', p(`/subscriptions/${created.body.id}`), { metadata: { crm: '42' } });
    expect((await get(created.body.id)).body.metadata).toEqual({ crm: '42' });
  });
});

describe('GET /subscriptions', () => {
  it('lists subscriptions newest first', async () => {
    const { sim, create } = await setup();
    const first = await create();
    const second = await create();
    const res = await call(sim, 'GET', p('/subscriptions'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'list', moreItemsAfter: null, moreItemsBefore: null });
    expect(res.body.items.map((s: any) => s.id)).toEqual([second.body.id, first.body.id]);
  });

  it('pages with limit and moreItemsAfter', async () => {
    const { sim, create } = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.unshift((await create()).body.id);
    const page = await call(sim, 'GET', p('/subscriptions?limit=2'));
    expect(page.body.items.map((s: any) => s.id)).toEqual(ids.slice(0, 2));
    expect(page.body.moreItemsAfter).toBe(ids[1]);
    const next = await call(sim, 'GET', p(`/subscriptions?limit=2&after=${ids[1]}`));
    expect(next.body.items.map((s: any) => s.id)).toEqual([ids[2]]);
  });

  it('filters by user', async () => {
    const { sim, create } = await setup();
    const other = await guideUserWithAddress(sim, 'elaine@example.com');
    const mine = await create();
    await create({ user: other.user, userAddress: other.address });
    const res = await call(sim, 'GET', p(`/subscriptions?user=${mine.body.user.id}`));
    expect(res.body.items.map((s: any) => s.id)).toEqual([mine.body.id]);
  });

  it('filters by status, one or several comma-separated', async () => {
    const { sim, create, immediate } = await setup();
    const pending = await create();
    const active = await immediate();
    const ended = await immediate();
    await call(sim, 'POST', p(`/subscriptions/${ended.body.id}/end`));
    const ids = async (query: string) => (await call(sim, 'GET', p(`/subscriptions?${query}`))).body.items.map((s: any) => s.id);
    expect(await ids('status=pending')).toEqual([pending.body.id]);
    expect(await ids('status=active')).toEqual([active.body.id]);
    expect(await ids('status=active,ended')).toEqual([ended.body.id, active.body.id]);
  });

  it('filters by plan', async () => {
    const { sim, create } = await setup();
    await create();
    const travel = await create({ plan: TRAVEL_PLAN_ID, userAddress: undefined });
    const res = await call(sim, 'GET', p(`/subscriptions?plan=${TRAVEL_PLAN_ID}`));
    expect(res.body.items.map((s: any) => s.id)).toEqual([travel.body.id]);
  });

  it('filters by sim', async () => {
    const { sim, create, pSims } = await setup();
    const [pSim] = await pSims('p5');
    await create();
    const physical = await create({ plan: BASIC_PSIM_PLAN_ID, sim: pSim.id, userAddress: undefined });
    const res = await call(sim, 'GET', p(`/subscriptions?sim=${pSim.id}`));
    expect(res.body.items.map((s: any) => s.id)).toEqual([physical.body.id]);
  });

  it('filters by phoneNumber', async () => {
    const { sim, create } = await setup();
    const wanted = await create();
    await create();
    const res = await call(sim, 'GET', p(`/subscriptions?phoneNumber=${encodeURIComponent(wanted.body.phoneNumber)}`));
    expect(res.body.items.map((s: any) => s.id)).toEqual([wanted.body.id]);
  });

  it.each(['user', 'status', 'plan', 'sim', 'phoneNumber'])(
    'returns 422 naming %s when its filter value is empty',
    async (filter) => {
      const { sim } = await setup();
      const res = await call(sim, 'GET', p(`/subscriptions?${filter}=`));
      expect(res.status).toBe(422);
      expect(res.body.object).toBe('error');
      expect(properties(res.body)).toContain(filter);
    },
  );

  it('returns 422 naming an unknown query parameter', async () => {
    const { sim } = await setup();
    const res = await call(sim, 'GET', p('/subscriptions?color=blue'));
    expect(res.status).toBe(422);
    expect(properties(res.body)).toContain('color');
  });

  it('returns 422 for a status that does not exist', async () => {
    const { sim } = await setup();
    const res = await call(sim, 'GET', p('/subscriptions?status=sleeping'));
    expect(res.status).toBe(422);
    expect(properties(res.body)).toContain('status');
  });
});

describe('PATCH /subscriptions/{subscription}', () => {
  it('merges metadata and deletes keys set to null', async () => {
    const { sim, create, get } = await setup();
    const { body } = await create({ metadata: { crmId: '42', tier: 'gold' } });
    const res = await call(sim, 'PATCH', p(`/subscriptions/${body.id}`), { metadata: { tier: null, region: 'eu' } });
    expect(res.status).toBe(200);
    expect(res.body.metadata).toEqual({ crmId: '42', region: 'eu' });
    expect((await get(body.id)).body.metadata).toEqual({ crmId: '42', region: 'eu' });
  });

  it('returns 422 for metadata null', async () => {
    const { sim, create } = await setup();
    const { body } = await create();
    const res = await call(sim, 'PATCH', p(`/subscriptions/${body.id}`), { metadata: null });
    expect(res.status).toBe(422);
    expect(res.body.type).toBe('invalid');
  });

  it('returns 422 for a field other than metadata', async () => {
    const { sim, create, get } = await setup();
    const { body } = await create();
    const res = await call(sim, 'PATCH', p(`/subscriptions/${body.id}`), { status: 'active' });
    expect(res.status).toBe(422);
    expect(properties(res.body)).toContain('status');
    expect((await get(body.id)).body.status).toBe('pending');
  });

  it('returns 404 for an unknown subscription', async () => {
    const { sim } = await setup();
    const res = await call(sim, 'PATCH', p('/subscriptions/sub_0000000000000000000000000000'), { metadata: { a: 'b' } });
    expect(res.status).toBe(404);
  });
});

describe('POST /subscriptions/search', () => {
  it('finds the subscription with a phone number', async () => {
    const { sim, create } = await setup();
    await create();
    const wanted = await create();
    const res = await call(sim, 'POST', p('/subscriptions/search'), { phoneNumber: wanted.body.phoneNumber });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'list', moreItemsAfter: null, moreItemsBefore: null });
    expect(res.body.items.map((s: any) => s.id)).toEqual([wanted.body.id]);
  });

  it('returns an empty list for a number no subscription has', async () => {
    const { sim } = await setup();
    const res = await call(sim, 'POST', p('/subscriptions/search'), { phoneNumber: '+12125550100' });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });

  it('returns 422 naming phoneNumber when it is not in E.164 form', async () => {
    const { sim } = await setup();
    const res = await call(sim, 'POST', p('/subscriptions/search'), { phoneNumber: '212-555-0100' });
    expect(res.status).toBe(422);
    expect(properties(res.body)).toEqual(['phoneNumber']);
  });
});

describe('POST /subscriptions/{subscription}/cancel', () => {
  it('keeps the subscription active with canceledAt now and endedAt at the end of the period', async () => {
    const { sim, immediate } = await setup();
    const { body } = await immediate();
    sim.engine.advance(DAY);
    const res = await call(sim, 'POST', p(`/subscriptions/${body.id}/cancel`), { userReason: 'other', userComment: 'Moving' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'active',
      canceledAt: '2026-01-02T00:00:00Z',
      endedAt: body.currentPeriod.end,
      cancellationDetails: { cause: 'cancellationRequested', userReason: 'other', userComment: 'Moving' },
    });
  });

  it('accepts a cancel without a body', async () => {
    const { sim, immediate } = await setup();
    const { body } = await immediate();
    const res = await call(sim, 'POST', p(`/subscriptions/${body.id}/cancel`));
    expect(res.status).toBe(200);
    expect(res.body.cancellationDetails).toEqual({ cause: 'cancellationRequested', userReason: null, userComment: null });
  });

  it('returns 422 naming userReason when it is not a known reason', async () => {
    const { sim, immediate } = await setup();
    const { body } = await immediate();
    const res = await call(sim, 'POST', p(`/subscriptions/${body.id}/cancel`), { userReason: 'bored' });
    expect(res.status).toBe(422);
    expect(properties(res.body)).toEqual(['userReason']);
  });

  it('lets a canceled subscription turn ended when the clock passes endedAt', async () => {
    const { sim, immediate, get } = await setup();
    const { body } = await immediate();
    await call(sim, 'POST', p(`/subscriptions/${body.id}/cancel`));
    sim.engine.advance(JANUARY - 1);
    expect((await get(body.id)).body.status).toBe('active');
    sim.engine.advance(1);
    const ended = await get(body.id);
    expect(ended.body).toMatchObject({ status: 'ended', endedAt: body.currentPeriod.end });
    expect(ended.body.sim.status).toBe('inactive');
  });

  it('returns 404 for an unknown subscription', async () => {
    const { sim } = await setup();
    expect((await call(sim, 'POST', p('/subscriptions/sub_0000000000000000000000000000/cancel'))).status).toBe(404);
  });
});

describe('POST /subscriptions/{subscription}/resume', () => {
  it('undoes a pending cancel', async () => {
    const { sim, immediate } = await setup();
    const { body } = await immediate();
    await call(sim, 'POST', p(`/subscriptions/${body.id}/cancel`), { userReason: 'unused' });
    const res = await call(sim, 'POST', p(`/subscriptions/${body.id}/resume`));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'active', canceledAt: null, endedAt: null, cancellationDetails: null });
  });

  it('returns 422 when the subscription is not canceled', async () => {
    const { sim, immediate } = await setup();
    const { body } = await immediate();
    const res = await call(sim, 'POST', p(`/subscriptions/${body.id}/resume`));
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(Messages.notCanceled);
  });
});

describe('POST /subscriptions/{subscription}/end', () => {
  it('ends the subscription now', async () => {
    const { sim, immediate } = await setup();
    const { body } = await immediate();
    sim.engine.advance(2 * DAY);
    const res = await call(sim, 'POST', p(`/subscriptions/${body.id}/end`));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ended', endedAt: '2026-01-03T00:00:00Z' });
    expect(res.body.sim.status).toBe('inactive');
  });

  it.each(['cancel', 'resume', 'end'])('returns 422 for %s of an ended subscription', async (action) => {
    const { sim, immediate, get } = await setup();
    const { body } = await immediate();
    await call(sim, 'POST', p(`/subscriptions/${body.id}/end`));
    const before = await get(body.id);
    const res = await call(sim, 'POST', p(`/subscriptions/${body.id}/${action}`));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ object: 'error', type: 'invalid', message: Messages.subscriptionEnded });
    expect((await get(body.id)).body).toEqual(before.body);
  });
});

describe('Subscription renewal over HTTP', () => {
  it('starts period 2 at the end of period 1', async () => {
    const { sim, immediate, get } = await setup();
    const { body } = await immediate();
    sim.engine.advance(JANUARY);
    const res = await get(body.id);
    expect(res.body.currentPeriod).toEqual({ number: 2, start: body.currentPeriod.end, end: '2026-03-01T00:00:00Z' });
  });

  it('ends the one-time Travel plan after its 7 days', async () => {
    const { sim, immediate, get } = await setup();
    const { body } = await immediate({ plan: TRAVEL_PLAN_ID, userAddress: undefined });
    expect(body.plan.provider).toBe('test');
    sim.engine.advance(7 * DAY);
    const res = await get(body.id);
    expect(res.body).toMatchObject({ status: 'ended', endedAt: '2026-01-08T00:00:00Z' });
  });
});

// Gigs' Connect Session Intents docs: cancel and resume need a recurring subscription.
describe('Subscriptions on a one-time plan', () => {
  it('refuses a cancel with 422 and leaves the subscription as it was', async () => {
    const { sim, immediate, get } = await setup();
    const { body } = await immediate({ plan: TRAVEL_PLAN_ID, userAddress: undefined });
    const res = await call(sim, 'POST', p(`/subscriptions/${body.id}/cancel`));
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ object: 'error', type: 'invalid', message: Messages.oneTimeNotCancelable });
    expect((await get(body.id)).body).toMatchObject({ status: 'active', canceledAt: null, endedAt: null });
  });

  it('refuses a cancel of one still pending', async () => {
    const { sim, create } = await setup();
    const { body } = await create({ plan: TRAVEL_PLAN_ID, userAddress: undefined });
    expect(body.status).toBe('pending');
    const res = await call(sim, 'POST', p(`/subscriptions/${body.id}/cancel`));
    expect(res.body.message).toBe(Messages.oneTimeNotCancelable);
  });

  it('refuses a resume with 422', async () => {
    const { sim, immediate } = await setup();
    const { body } = await immediate({ plan: TRAVEL_PLAN_ID, userAddress: undefined });
    const res = await call(sim, 'POST', p(`/subscriptions/${body.id}/resume`));
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(Messages.oneTimeNotResumable);
  });

  it('still ends at once on request', async () => {
    const { sim, immediate } = await setup();
    const { body } = await immediate({ plan: TRAVEL_PLAN_ID, userAddress: undefined });
    const res = await call(sim, 'POST', p(`/subscriptions/${body.id}/end`));
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ended');
  });
});

describe('Subscription activation modes', () => {
  it('activates after the project default delay of 5s', async () => {
    const { sim, create, get } = await setup();
    const { body } = await create();
    sim.engine.advance(5 * SECOND - 1);
    expect((await get(body.id)).body.status).toBe('pending');
    sim.engine.advance(1);
    expect((await get(body.id)).body.status).toBe('active');
  });

  it('keeps a subscription pending until the configured activation delay has passed', async () => {
    const { sim, create, get } = await setup({ activationDelay: '2m' });
    const { body } = await create();
    sim.engine.advance(2 * 60 * SECOND - 1);
    expect((await get(body.id)).body.status).toBe('pending');
    sim.engine.advance(1);
    expect((await get(body.id)).body).toMatchObject({ status: 'active', activatedAt: '2026-01-01T00:02:00Z' });
  });

  it('answers the create request already active in immediate mode', async () => {
    const { create } = await setup({ activationMode: 'immediate' });
    const res = await create();
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'active', activatedAt: '2026-01-01T00:00:00Z', currentPeriod: { number: 1 } });
    expect(res.body.sim).toMatchObject({ type: 'eSIM', status: 'active' });
  });

  it('keeps a subscription pending forever in manual mode until it is activated through the store', async () => {
    const { sim, create, get } = await setup({ activationMode: 'manual' });
    const { body } = await create();
    sim.engine.advance(365 * DAY);
    expect((await get(body.id)).body.status).toBe('pending');
    sim.store.subscriptions.activate(PROJECT, body.id);
    expect((await get(body.id)).body.status).toBe('active');
  });

  it('activates one subscription at once with the header set to immediate', async () => {
    const { create, get } = await setup();
    const fast = await create({}, { [ACTIVATION_HEADER]: 'immediate' });
    const usual = await create();
    expect(fast.body.status).toBe('active');
    expect((await get(usual.body.id)).body.status).toBe('pending');
  });

  it('keeps one subscription pending with the header set to manual', async () => {
    const { sim, create, get } = await setup();
    const held = await create({}, { [ACTIVATION_HEADER]: 'manual' });
    const usual = await create();
    sim.engine.advance(30 * DAY);
    expect((await get(held.body.id)).body.status).toBe('pending');
    expect((await get(usual.body.id)).body.status).toBe('active');
  });

  it('activates one subscription after the duration given in the header', async () => {
    const { sim, create, get } = await setup();
    const { body } = await create({}, { [ACTIVATION_HEADER]: '30s' });
    sim.engine.advance(30 * SECOND - 1);
    expect((await get(body.id)).body.status).toBe('pending');
    sim.engine.advance(1);
    expect((await get(body.id)).body.status).toBe('active');
  });

  it.each(['soon', '-5s', 'immediately'])('returns 422 naming the header for the value %j and creates nothing', async (value) => {
    const { sim, create } = await setup();
    const res = await create({}, { [ACTIVATION_HEADER]: value });
    expect(res.status).toBe(422);
    expect(properties(res.body)).toEqual([ACTIVATION_HEADER]);
    expect((await call(sim, 'GET', p('/subscriptions'))).body.items).toEqual([]);
  });
});

describe('Subscription activation header with the control plane off', () => {
  it('ignores the header, valid or not, and follows the project default', async () => {
    const { sim, create, get } = await setup({ controlPlane: false });
    const asked = await create({}, { [ACTIVATION_HEADER]: 'immediate' });
    const garbled = await create({}, { [ACTIVATION_HEADER]: 'soon' });
    expect(asked.body.status).toBe('pending');
    expect(garbled.status).toBe(201);
    sim.engine.advance(5 * SECOND);
    expect((await get(asked.body.id)).body.status).toBe('active');
  });
});

describe('Settling due work before a request', () => {
  it('shows active on the next request after only the clock moved past the activation time', async () => {
    const { sim, create, get } = await setup();
    const { body } = await create();
    sim.clock.advance(5 * SECOND);
    expect((await get(body.id)).body.status).toBe('active');
  });

  it('shows active in a list too after only the clock moved', async () => {
    const { sim, create } = await setup();
    await create();
    sim.clock.advance(5 * SECOND);
    const res = await call(sim, 'GET', p('/subscriptions'));
    expect(res.body.items[0].status).toBe('active');
  });

  it('dates the activation at its due time, not when the subscription is next looked at', async () => {
    const { sim, create, get } = await setup();
    const { body } = await create();
    sim.clock.advance(60 * 60 * SECOND);
    const res = await get(body.id);
    expect(res.body).toMatchObject({
      activatedAt: '2026-01-01T00:00:05Z',
      currentPeriod: { number: 1, start: '2026-01-01T00:00:05Z', end: '2026-02-01T00:00:05Z' },
    });
    expect(res.body.sim.createdAt).toBe('2026-01-01T00:00:05Z');
    expect(sim.clock.nowIso()).toBe('2026-01-01T01:00:00Z');
  });

  it('applies every renewal that fell due while no request came', async () => {
    const { sim, create, get } = await setup();
    const { body } = await create();
    sim.clock.advance(70 * DAY);
    expect((await get(body.id)).body.currentPeriod).toEqual({
      number: 3,
      start: '2026-03-01T00:00:05Z',
      end: '2026-04-01T00:00:05Z',
    });
  });
});

describe('Subscriptions with a physical SIM', () => {
  it('shows the pSIM from creation as inactive and turns it active at activation', async () => {
    const { sim, create, get, pSims } = await setup();
    const [pSim] = await pSims('p5');
    const res = await create({ plan: BASIC_PSIM_PLAN_ID, sim: pSim.id, userAddress: undefined });
    expect(res.status).toBe(201);
    expect(res.body.sim).toEqual({ ...pSim, status: 'inactive' });
    sim.engine.advance(5 * SECOND);
    expect((await get(res.body.id)).body.sim).toEqual({ ...pSim, status: 'active' });
    expect((await call(sim, 'GET', p(`/sims/${pSim.id}`))).body.status).toBe('active');
  });

  it('leaves the pSIM inactive after the end, free for a new subscription', async () => {
    const { sim, immediate, pSims } = await setup();
    const [pSim] = await pSims('p5');
    const body = { plan: BASIC_PSIM_PLAN_ID, sim: pSim.id, userAddress: undefined };
    const first = await immediate(body);
    await call(sim, 'POST', p(`/subscriptions/${first.body.id}/end`));
    expect((await call(sim, 'GET', p(`/sims/${pSim.id}`))).body.status).toBe('inactive');
    const second = await immediate(body);
    expect(second.status).toBe(201);
    expect(second.body.sim).toMatchObject({ id: pSim.id, status: 'active' });
  });
});

describe('Phone numbers', () => {
  it('are unique within a project', async () => {
    const { create } = await setup();
    const numbers = new Set<string>();
    for (let i = 0; i < 50; i++) numbers.add((await create()).body.phoneNumber);
    expect(numbers.size).toBe(50);
  });
});

describe('DELETE /users/{user} and subscriptions', () => {
  it('ends the live subscriptions of the deleted user with cause userDeleted', async () => {
    const { sim, user, create, immediate, get } = await setup();
    const pending = await create();
    const active = await immediate();
    sim.engine.advance(DAY);
    expect((await call(sim, 'DELETE', p(`/users/${user}`))).status).toBe(200);
    for (const id of [pending.body.id, active.body.id]) {
      const res = await get(id);
      expect(res.body).toMatchObject({
        status: 'ended',
        endedAt: '2026-01-02T00:00:00Z',
        cancellationDetails: { cause: 'userDeleted' },
      });
    }
  });
});
