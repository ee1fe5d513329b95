import { describe, expect, it } from 'vitest';
import { luhnValid } from '../../src/engine/random.js';
import { PSIM_STOCK } from '../../src/scenarios/catalogue.js';
import { Messages } from '../../src/store/errors.js';
import { call, GUIDE_PLAN_ID, guideUserWithAddress, makeSim, p } from '../helpers.js';

const ACTIVATION_HEADER = 'x-gigs-mock-activation';
const LPA = /^LPA:1\$[^$]+\$.+$/;

/** A simulator with the guide's user and address and a way to get active eSIM subscriptions. */
async function setup() {
  const sim = makeSim();
  const { user, address } = await guideUserWithAddress(sim);
  const subscribe = async (activation = 'immediate') =>
    (
      await call(
        sim,
        'POST',
        p('/subscriptions'),
        { plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress: address },
        { [ACTIVATION_HEADER]: activation },
      )
    ).body;
  const eSim = async () => (await subscribe()).sim;
  const pSim = async () => (await call(sim, 'GET', p('/sims?type=pSIM&limit=1'))).body.items[0];
  return { sim, subscribe, eSim, pSim };
}

const ids = (body: any) => body.items.map((s: any) => s.id);
const properties = (body: any) => (body.details ?? []).map((d: any) => d.property);

describe('GET /sims', () => {
  it('lists the 20 inactive physical SIMs the default scenario seeds', async () => {
    const { sim } = await setup();
    const res = await call(sim, 'GET', p('/sims?type=pSIM&limit=200'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'list', moreItemsAfter: null, moreItemsBefore: null });
    expect(res.body.items).toHaveLength(20);
    for (const item of res.body.items) expect(item).toMatchObject({ object: 'sim', type: 'pSIM', status: 'inactive' });
    const perProvider: Record<string, number> = {};
    for (const item of res.body.items) perProvider[item.provider] = (perProvider[item.provider] ?? 0) + 1;
    expect(perProvider).toEqual(PSIM_STOCK);
  });

  it('returns 10 SIMs by default, newest first, with a cursor to the next page', async () => {
    const { sim } = await setup();
    const all = await call(sim, 'GET', p('/sims?limit=200'));
    const first = await call(sim, 'GET', p('/sims'));
    expect(ids(first.body)).toEqual(ids(all.body).slice(0, 10));
    expect(first.body.moreItemsAfter).toBe(all.body.items[9].id);
    const createdAt = all.body.items.map((s: any) => s.createdAt);
    expect([...createdAt].sort().reverse()).toEqual(createdAt);
  });

  it('gives every SIM a unique 20-digit ICCID starting with 89 and ending in a valid Luhn digit', async () => {
    const { sim, eSim } = await setup();
    for (let i = 0; i < 10; i++) await eSim();
    const res = await call(sim, 'GET', p('/sims?limit=200'));
    expect(res.body.items).toHaveLength(30);
    for (const { iccid } of res.body.items) {
      expect(iccid).toMatch(/^89\d{18}$/);
      expect(luhnValid(iccid)).toBe(true);
    }
    expect(new Set(res.body.items.map((s: any) => s.iccid)).size).toBe(30);
  });

  it('filters by type', async () => {
    const { sim, eSim } = await setup();
    const provisioned = await eSim();
    const res = await call(sim, 'GET', p('/sims?type=eSIM'));
    expect(ids(res.body)).toEqual([provisioned.id]);
  });

  it('filters by status', async () => {
    const { sim, eSim } = await setup();
    const provisioned = await eSim();
    expect(ids((await call(sim, 'GET', p('/sims?status=active'))).body)).toEqual([provisioned.id]);
    expect((await call(sim, 'GET', p('/sims?status=inactive&limit=200'))).body.items).toHaveLength(20);
    expect((await call(sim, 'GET', p('/sims?status=retired'))).body.items).toEqual([]);
  });

  it('filters by ICCID', async () => {
    const { sim, pSim } = await setup();
    const wanted = await pSim();
    const res = await call(sim, 'GET', p(`/sims?iccid=${wanted.iccid}`));
    expect(res.body.items).toEqual([wanted]);
  });

  it.each(['type', 'status', 'iccid'])('returns 422 naming %s when its filter value is empty', async (filter) => {
    const { sim } = await setup();
    const res = await call(sim, 'GET', p(`/sims?${filter}=`));
    expect(res.status).toBe(422);
    expect(properties(res.body)).toContain(filter);
  });

  it('returns 422 for a SIM type that does not exist', async () => {
    const { sim } = await setup();
    const res = await call(sim, 'GET', p('/sims?type=nanoSIM'));
    expect(res.status).toBe(422);
    expect(properties(res.body)).toContain('type');
  });

  it('returns 422 naming an unknown query parameter', async () => {
    const { sim } = await setup();
    const res = await call(sim, 'GET', p('/sims?provider=p9'));
    expect(res.status).toBe(422);
    expect(properties(res.body)).toContain('provider');
  });

  it('shows no eSIM for a pending eSIM subscription', async () => {
    const { sim, subscribe } = await setup();
    const pending = await subscribe('manual');
    expect(pending.sim).toBeNull();
    expect((await call(sim, 'GET', p('/sims?type=eSIM'))).body.items).toEqual([]);
  });
});

describe('GET /sims/{sim}', () => {
  it('returns the SIM', async () => {
    const { sim, pSim } = await setup();
    const wanted = await pSim();
    const res = await call(sim, 'GET', p(`/sims/${wanted.id}`));
    expect(res.status).toBe(200);
    expect(res.body).toEqual(wanted);
  });

  it('returns an eSIM as the subscription shows it', async () => {
    const { sim, eSim } = await setup();
    const provisioned = await eSim();
    expect((await call(sim, 'GET', p(`/sims/${provisioned.id}`))).body).toEqual(provisioned);
  });

  it('returns 404 notFound for an unknown SIM', async () => {
    const { sim } = await setup();
    const res = await call(sim, 'GET', p('/sims/sim_0000000000000000000000000000'));
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ object: 'error', type: 'notFound', message: Messages.notFound('SIM') });
  });
});

describe('POST /sims/search', () => {
  it('finds the SIM with an ICCID', async () => {
    const { sim, pSim } = await setup();
    const wanted = await pSim();
    const res = await call(sim, 'POST', p('/sims/search'), { iccid: wanted.iccid });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ object: 'list', items: [wanted], moreItemsAfter: null, moreItemsBefore: null });
  });

  it('returns an empty list for an ICCID no SIM has', async () => {
    const { sim } = await setup();
    const res = await call(sim, 'POST', p('/sims/search'), { iccid: '89000000000000000000' });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });

  it('returns 422 naming iccid when it is missing', async () => {
    const { sim } = await setup();
    const res = await call(sim, 'POST', p('/sims/search'), {});
    expect(res.status).toBe(422);
    expect(properties(res.body)).toEqual(['iccid']);
  });
});

describe('GET /sims/{sim}/credentials', () => {
  it('returns the install credentials of an eSIM', async () => {
    const { sim, eSim } = await setup();
    const provisioned = await eSim();
    const res = await call(sim, 'GET', p(`/sims/${provisioned.id}/credentials`));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'simCredentials', sim: provisioned.id });
    const { activationCode, qrCodeUrl, iosInstallUrl, androidInstallUrl } = res.body;
    expect(activationCode).toMatch(LPA);
    expect(qrCodeUrl).toMatch(/^http:\/\/localhost:4020\/qr\/[A-Za-z0-9_-]+\.png$/);
    // As documented: the LPA string unencoded, `carddata=LPA:1$smdp...`.
    expect(iosInstallUrl).toBe(`https://esimsetup.apple.com/esim_qrcode_provisioning?carddata=${activationCode}`);
    expect(androidInstallUrl).toBe(`https://esimsetup.android.com/esim_qrcode_provisioning?carddata=${activationCode}`);
    expect(iosInstallUrl).toMatch(/carddata=LPA:1\$[^%]+$/);
  });

  it('gives each eSIM its own activation code and QR code URL', async () => {
    const { sim, eSim } = await setup();
    const a = await call(sim, 'GET', p(`/sims/${(await eSim()).id}/credentials`));
    const b = await call(sim, 'GET', p(`/sims/${(await eSim()).id}/credentials`));
    expect(a.body.activationCode).not.toBe(b.body.activationCode);
    expect(a.body.qrCodeUrl).not.toBe(b.body.qrCodeUrl);
  });

  it('answers 200 with the eSIM fields null for a pSIM', async () => {
    const { sim, pSim } = await setup();
    const physical = await pSim();
    const res = await call(sim, 'GET', p(`/sims/${physical.id}/credentials`));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      object: 'simCredentials',
      activationCode: null,
      androidInstallUrl: null,
      iosInstallUrl: null,
      qrCodeUrl: null,
      sim: physical.id,
    });
  });

  it('returns 404 for an unknown SIM', async () => {
    const { sim } = await setup();
    const res = await call(sim, 'GET', p('/sims/sim_0000000000000000000000000000/credentials'));
    expect(res.status).toBe(404);
    expect(res.body.type).toBe('notFound');
  });
});

describe('GET /sims/{sim}/eSimProfile', () => {
  it('returns the eSIM profile of an eSIM, status unknown for provider p9', async () => {
    const { sim, eSim } = await setup();
    const provisioned = await eSim();
    const res = await call(sim, 'GET', p(`/sims/${provisioned.id}/eSimProfile`));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ object: 'eSimProfile', sim: provisioned, status: 'unknown', updatedAt: provisioned.createdAt });
  });

  it('returns 404 for a pSIM', async () => {
    const { sim, pSim } = await setup();
    const res = await call(sim, 'GET', p(`/sims/${(await pSim()).id}/eSimProfile`));
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ object: 'error', type: 'notFound', message: Messages.eSimProfileOfPSim });
  });

  it('returns 404 for an unknown SIM', async () => {
    const { sim } = await setup();
    const res = await call(sim, 'GET', p('/sims/sim_0000000000000000000000000000/eSimProfile'));
    expect(res.status).toBe(404);
    expect(res.body.message).toBe(Messages.notFound('SIM'));
  });
});
