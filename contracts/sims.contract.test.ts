import { describe, expect, it } from 'vitest';
import { listOf } from '../src/schemas/common.js';
import { ESimProfile, Sim, SimCredentials } from '../src/schemas/sim.js';
import { contract } from './lib/contract.js';
import { subscribe, untilActive } from './lib/subscribe.js';

const c = contract('sims');
const { api, itSubscribes } = c;
const SimList = listOf(Sim, 'SimList');

describe('SIMs and credentials', () => {
  it('lists SIMs with the SIM schema and valid ICCIDs', async () => {
    const res = await api.get(api.p('/sims?limit=50'), { schema: SimList });
    api.expectStatus(res, 200);
    api.expectValid(res);
    for (const sim of res.body.items) expect(sim.iccid).toMatch(/^([0-9]{19}F?|[0-9]{20})$/i);
  });

  it('answers 404 for the eSIM profile of a physical SIM', async () => {
    const res = await api.get(api.p('/sims?type=pSIM&limit=1'));
    const psim = res.body.items?.[0];
    if (!psim) return api.soft('the project has a physical SIM', false, 'no pSIM listed');
    const profile = await api.get(api.p(`/sims/${psim.id}/eSimProfile`));
    api.expectStatus(profile, 404);
  });

  it('answers 404 for the credentials of an unknown SIM', async () => {
    const res = await api.get(api.p('/sims/sim_0000000000000000000000000000/credentials'));
    api.expectStatus(res, 404);
  });

  itSubscribes('gives an active eSIM credentials with an LPA activation code and a public QR code', async () => {
    const { subscription } = await subscribe(c);
    const active = await untilActive(c, subscription.id);
    const simId = active.body.sim.id;
    const sim = await api.get(api.p(`/sims/${simId}`), { schema: Sim });
    api.expectStatus(sim, 200);
    api.expectValid(sim);
    const res = await api.get(api.p(`/sims/${simId}/credentials`), { schema: SimCredentials });
    api.expectStatus(res, 200);
    api.expectValid(res);
    expect(res.body).toMatchObject({ object: 'simCredentials', sim: simId });
    expect(res.body.activationCode).toMatch(/^LPA:1\$[^$]+\$.+$/);
    if (res.body.qrCodeUrl) {
      const qr = await fetch(res.body.qrCodeUrl);
      expect(qr.status).toBe(200);
      const bytes = new Uint8Array(await qr.arrayBuffer());
      expect([...bytes.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    }
    const profile = await api.get(api.p(`/sims/${simId}/eSimProfile`), { schema: ESimProfile });
    api.expectStatus(profile, 200);
    api.expectValid(profile);
  });
});
