import { describe, expect, it } from 'vitest';
import { Addon } from '../../src/schemas/addon.js';
import { Messages } from '../../src/store/errors.js';
import { call, GUIDE_PLAN_ID, makeSim, p } from '../helpers.js';

const TOP_UP = 'add_0SNlurA049MEWV4aTopUp1GbP9xx';

describe('GET /projects/{project}/addons', () => {
  it('lists the catalogue with the add-on schema', async () => {
    const res = await call(makeSim(), 'GET', p('/addons?limit=200'));
    expect(res.status).toBe(200);
    expect(res.body.object).toBe('list');
    expect(res.body.items.length).toBeGreaterThanOrEqual(5);
    for (const addon of res.body.items) expect(Addon.safeParse(addon).success).toBe(true);
  });

  it("answers the example app's query: available add-ons of one provider", async () => {
    const res = await call(makeSim(), 'GET', p('//addons?status=available&provider=p9'));
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    for (const addon of res.body.items) expect(addon).toMatchObject({ status: 'available', provider: 'p9' });
  });

  it('offers the guide plan a data top-up', async () => {
    const res = await call(makeSim(), 'GET', p('/addons?status=available&provider=p9'));
    const topUps = res.body.items.filter((a: Addon) => a.type === 'topUp' && a.plans.includes(GUIDE_PLAN_ID));
    expect(topUps.length).toBeGreaterThan(0);
    expect(topUps[0].allowances.dataBytes).toBeGreaterThan(0);
  });

  it('has an archived add-on, a recurring one and top-ups', async () => {
    const items: Addon[] = (await call(makeSim(), 'GET', p('/addons?limit=200'))).body.items;
    expect(items.some((a) => a.status === 'archived')).toBe(true);
    expect(items.some((a) => a.recurrenceType === 'recurring')).toBe(true);
    expect(items.filter((a) => a.type === 'topUp').length).toBeGreaterThan(1);
  });

  it('carries the deprecated flat allowances, equal to allowances', async () => {
    const items: Addon[] = (await call(makeSim(), 'GET', p('/addons?limit=200'))).body.items;
    for (const a of items) {
      expect(a).toMatchObject({ data: a.allowances.dataBytes ?? -1, dataUnit: 'byte', sms: a.allowances.smsMessages ?? -1 });
    }
  });

  it('pages with limit and after, without overlap', async () => {
    const sim = makeSim();
    const first = await call(sim, 'GET', p('/addons?limit=2'));
    expect(first.body.items).toHaveLength(2);
    expect(first.body.moreItemsAfter).toBe(first.body.items[1].id);
    const next = await call(sim, 'GET', p(`/addons?limit=2&after=${first.body.moreItemsAfter}`));
    expect(next.body.items[0].id).not.toBe(first.body.items[1].id);
  });

  it.each(['status=sold', 'status=', 'provider=', 'plan=pln_x'])('answers 422 for ?%s', async (query) => {
    expect((await call(makeSim(), 'GET', p(`/addons?${query}`))).status).toBe(422);
  });

  it('checks the token first', async () => {
    expect((await call(makeSim(), 'GET', p('/addons'), undefined, { authorization: '' })).status).toBe(401);
  });
});

describe('GET /projects/{project}/addons/{addon}', () => {
  it('returns the add-on as listed', async () => {
    const sim = makeSim();
    const listed = (await call(sim, 'GET', p('/addons?limit=200'))).body.items.find((a: Addon) => a.id === TOP_UP);
    const res = await call(sim, 'GET', p(`/addons/${TOP_UP}`));
    expect(res.status).toBe(200);
    expect(res.body).toEqual(listed);
  });

  it('returns 404 notFound for an unknown add-on', async () => {
    const res = await call(makeSim(), 'GET', p('/addons/add_0000000000000000000000000000'));
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ object: 'error', type: 'notFound', message: Messages.notFound('add-on') });
  });

  it('gives every project the same catalogue', async () => {
    const sim = makeSim();
    const a = await call(sim, 'GET', '/projects/one/addons?limit=200');
    const b = await call(sim, 'GET', '/projects/two/addons?limit=200');
    expect(a.body).toEqual(b.body);
  });
});
