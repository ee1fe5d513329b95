import { describe, expect, it } from 'vitest';
import { deviceImei, isValidImei } from '../../src/scenarios/devices.js';
import { Device } from '../../src/schemas/device.js';
import { Messages } from '../../src/store/errors.js';
import { call, GUIDE_PLAN_ID, guideUserWithAddress, makeSim, p } from '../helpers.js';

const IPHONE = deviceImei('35300011', 1);
const PIXEL = deviceImei('35400021', 2);
const UNKNOWN_MODEL = deviceImei('99999999', 3);

async function setup() {
  const sim = makeSim({ activationMode: 'immediate' });
  const { user, address } = await guideUserWithAddress(sim);
  const create = (body: Record<string, unknown>) => call(sim, 'POST', p('/devices'), body);
  return { sim, user, address, create };
}

describe('IMEIs', () => {
  it('checks the Luhn digit', () => {
    expect(isValidImei('490154203237518')).toBe(true);
    expect(isValidImei('490154203237519')).toBe(false);
    expect(isValidImei(IPHONE)).toBe(true);
  });
});

describe('POST /projects/{project}/devices', () => {
  it('creates a device with its model from the IMEI and its user expanded', async () => {
    const { create, user } = await setup();
    const res = await create({ imei: IPHONE, user, name: "Jerry's iPhone" });
    expect(res.status).toBe(201);
    expect(Device.safeParse(res.body).success).toBe(true);
    expect(res.body).toMatchObject({
      object: 'device',
      imei: IPHONE,
      name: "Jerry's iPhone",
      model: { object: 'deviceModel', brand: 'Apple', name: 'iPhone 12 Pro', simTypes: ['eSIM', 'pSIM'], type: 'smartphone' },
      sims: [],
      user: { object: 'user', id: user },
      metadata: {},
    });
    expect(res.body.id).toMatch(/^dev_[0-9A-Za-z]+$/);
  });

  it('gives an IMEI the catalogue does not know model null, and a device without IMEI is allowed', async () => {
    const { create } = await setup();
    expect((await create({ imei: UNKNOWN_MODEL })).body.model).toBeNull();
    expect((await create({})).body).toMatchObject({ imei: null, model: null, user: null, name: null });
  });

  it('refuses an IMEI with a wrong check digit', async () => {
    const { create } = await setup();
    const bad = `${IPHONE.slice(0, 14)}${(Number(IPHONE[14]) + 1) % 10}`;
    const res = await create({ imei: bad });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ property: 'imei', message: Messages.imeiInvalid })]);
  });

  it('refuses an IMEI another device has: deviceImeiAlreadyExists', async () => {
    const { create } = await setup();
    await create({ imei: IPHONE });
    const res = await create({ imei: IPHONE });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ type: 'invalid', code: 'deviceImeiAlreadyExists' });
  });

  it('answers 409 conflict for a duplicate with --conflict-status 409', async () => {
    const sim = makeSim({ conflictStatus: 409 });
    await call(sim, 'POST', p('/devices'), { imei: IPHONE });
    const res = await call(sim, 'POST', p('/devices'), { imei: IPHONE });
    expect([res.status, res.body.type, res.body.code]).toEqual([409, 'conflict', 'deviceImeiAlreadyExists']);
  });

  it('adds SIMs, and refuses a SIM another device holds: deviceSimAlreadyUsed', async () => {
    const { sim, create, user, address } = await setup();
    const sub = await call(sim, 'POST', p('/subscriptions'), { plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress: address });
    const simId = sub.body.sim.id;
    const first = await create({ imei: IPHONE, sims: [simId] });
    expect(first.body.sims).toEqual([expect.objectContaining({ object: 'sim', id: simId })]);
    const res = await create({ imei: PIXEL, sims: [simId] });
    expect(res.body.code).toBe('deviceSimAlreadyUsed');
  });

  it('refuses a SIM of a type the model does not take: deviceNotSupported', async () => {
    const { sim, create, user, address } = await setup();
    const sub = await call(sim, 'POST', p('/subscriptions'), { plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress: address });
    const pSimOnlyPhone = deviceImei('35600041', 9);
    const res = await create({ imei: pSimOnlyPhone, sims: [sub.body.sim.id] });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ type: 'invalid', code: 'deviceNotSupported' });
  });

  it.each([
    [{ imei: '12345' }, 'imei'],
    [{ user: 'usr_0000000000000000000000000000' }, 'user'],
    [{ sims: ['sim_0000000000000000000000000000'] }, 'sims'],
    [{ color: 'red' }, 'color'],
  ])('refuses %j naming %s, and stores nothing', async (body, property) => {
    const { sim, create } = await setup();
    const res = await create(body);
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ property })]);
    expect((await call(sim, 'GET', p('/devices'))).body.items).toEqual([]);
  });

  it('sends com.gigs.device.created', async () => {
    const { sim, create } = await setup();
    await create({ imei: IPHONE });
    expect(sim.events.list({ limit: 200 }).items.map((e) => e.type)).toContain('com.gigs.device.created');
  });
});

describe('POST /projects/{project}/devices/search', () => {
  it('finds a device by IMEI, and nothing for another', async () => {
    const { sim, create } = await setup();
    const device = await create({ imei: IPHONE });
    const found = await call(sim, 'POST', p('/devices/search'), { imei: IPHONE });
    expect(found.status).toBe(200);
    expect(found.body).toEqual({ object: 'list', items: [device.body], moreItemsAfter: null, moreItemsBefore: null });
    expect((await call(sim, 'POST', p('/devices/search'), { imei: PIXEL })).body.items).toEqual([]);
  });

  it('answers 422 without an imei', async () => {
    const { sim } = await setup();
    expect((await call(sim, 'POST', p('/devices/search'), {})).status).toBe(422);
  });
});

describe('GET, PATCH and DELETE devices', () => {
  it('lists newest first with the user and sim filters', async () => {
    const { sim, create, user } = await setup();
    const a = await create({ imei: IPHONE, user });
    sim.advance(1000);
    const b = await create({ imei: PIXEL });
    expect((await call(sim, 'GET', p('/devices'))).body.items.map((d: { id: string }) => d.id)).toEqual([b.body.id, a.body.id]);
    expect((await call(sim, 'GET', p(`/devices?user=${user}`))).body.items.map((d: { id: string }) => d.id)).toEqual([a.body.id]);
    expect((await call(sim, 'GET', p('/devices?user='))).status).toBe(422);
  });

  it('changes only the fields sent, and reports previousData', async () => {
    const { sim, create, user } = await setup();
    const device = await create({ imei: IPHONE, name: 'old' });
    const res = await call(sim, 'PATCH', p(`/devices/${device.body.id}`), { name: 'new', user });
    expect(res.body).toMatchObject({ name: 'new', imei: IPHONE, user: { id: user } });
    const updated = sim.events.list({ limit: 200 }).items.find((e) => e.type === 'com.gigs.device.updated');
    expect(updated?.previousData).toEqual({ name: 'old', user: null });
  });

  it('moves the IMEI index on a new IMEI', async () => {
    const { sim, create } = await setup();
    const device = await create({ imei: IPHONE });
    await call(sim, 'PATCH', p(`/devices/${device.body.id}`), { imei: PIXEL });
    expect((await call(sim, 'POST', p('/devices/search'), { imei: IPHONE })).body.items).toEqual([]);
    expect((await call(sim, 'POST', p('/devices/search'), { imei: PIXEL })).body.items).toHaveLength(1);
    expect((await create({ imei: IPHONE })).status).toBe(201);
  });

  it('deletes a device: 404 afterwards, its IMEI free again', async () => {
    const { sim, create } = await setup();
    const device = await create({ imei: IPHONE });
    const res = await call(sim, 'DELETE', p(`/devices/${device.body.id}`));
    expect(res.status).toBe(200);
    expect((await call(sim, 'GET', p(`/devices/${device.body.id}`))).status).toBe(404);
    expect((await create({ imei: IPHONE })).status).toBe(201);
    expect(sim.events.list({ limit: 200 }).items.map((e) => e.type)).toContain('com.gigs.device.deleted');
  });

  it('answers 404 for an unknown device', async () => {
    const res = await call(makeSim(), 'GET', p('/devices/dev_0000000000000000000000000000'));
    expect(res.body).toEqual({ object: 'error', type: 'notFound', message: Messages.notFound('device') });
  });

  it('keeps devices in snapshots, indexes included', async () => {
    const { sim, create } = await setup();
    await create({ imei: IPHONE });
    const copy = makeSim();
    copy.restore(structuredClone(sim.snapshot()));
    expect((await call(copy, 'POST', p('/devices/search'), { imei: IPHONE })).body.items).toHaveLength(1);
    expect((await call(copy, 'POST', p('/devices'), { imei: IPHONE })).body.code).toBe('deviceImeiAlreadyExists');
  });

  it('keeps which SIM sits in which device across a snapshot', async () => {
    const { sim, create, user, address } = await setup();
    const sub = await call(sim, 'POST', p('/subscriptions'), { plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress: address });
    await create({ imei: IPHONE, sims: [sub.body.sim.id] });
    const copy = makeSim();
    copy.restore(structuredClone(sim.snapshot()));
    expect((await call(copy, 'POST', p('/devices'), { imei: PIXEL, sims: [sub.body.sim.id] })).body.code).toBe(
      'deviceSimAlreadyUsed',
    );
  });
});

describe('GET /deviceModelBrands', () => {
  it('lists the brands alphabetically, outside any project', async () => {
    const res = await call(makeSim(), 'GET', '/deviceModelBrands');
    expect(res.status).toBe(200);
    expect(res.body.object).toBe('deviceModelBrands');
    expect(res.body.items).toEqual([...res.body.items].sort());
    expect(res.body.items).toContain('Apple');
  });

  it('needs a token, and a configured one in strict mode', async () => {
    expect((await call(makeSim(), 'GET', '/deviceModelBrands', undefined, { authorization: '' })).status).toBe(401);
    const strict = makeSim({ apiKeys: ['p1:k1'] });
    expect((await call(strict, 'GET', '/deviceModelBrands', undefined, { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await call(strict, 'GET', '/deviceModelBrands', undefined, { authorization: 'Bearer k1' })).status).toBe(200);
  });
});
