import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { call, GUIDE_ADDRESS, GUIDE_PLAN_ID, makeSim, p } from './helpers.js';

// jsqr is CommonJS typed with an ES default export: under NodeNext the function is on `.default`.
const jsQR = jsqr.default;

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/**
 * The getting-started guide (reference/getting-started-guide.txt), step by step, as a partner
 * would follow it: user, eSIM plans, address, subscription with sim "auto", poll until active,
 * SIM credentials, and the public QR code.
 */
describe('Getting-started guide', () => {
  it('takes a new user from sign-up to a scannable eSIM QR code', async () => {
    const sim = makeSim();

    // Creating a user
    const user = await call(sim, 'POST', p('/users'), { email: 'jerry@example.com', fullName: 'Jerry Seinfeld' });
    expect(user.status).toBe(201);
    expect(user.body).toMatchObject({
      object: 'user',
      birthday: null,
      email: 'jerry@example.com',
      emailVerified: false,
      fullName: 'Jerry Seinfeld',
      preferredLocale: 'en-US',
    });
    expect(user.body.id).toMatch(/^usr_[0-9A-Za-z]+$/);
    expect(user.body.createdAt).toMatch(TIMESTAMP);

    // Selecting a plan: the eSIM plans, of which we take the first
    const plans = await call(sim, 'GET', p('/plans?simType=eSIM'));
    expect(plans.status).toBe(200);
    expect(plans.body.object).toBe('list');
    for (const item of plans.body.items) expect(item.simTypes).toContain('eSIM');
    const plan = plans.body.items[0];
    expect(plan).toMatchObject({
      object: 'plan',
      id: GUIDE_PLAN_ID,
      name: 'Gigs Global',
      provider: 'p9',
      requirements: { address: 'present' },
      simTypes: ['eSIM'],
    });

    // Creating a user address, since the plan requires one
    const address = await call(sim, 'POST', p(`/users/${user.body.id}/addresses`), GUIDE_ADDRESS);
    expect(address.status).toBe(201);
    expect(address.body).toMatchObject({ object: 'userAddress', ...GUIDE_ADDRESS, user: user.body.id });
    expect(address.body.id).toMatch(/^adr_[0-9A-Za-z]+$/);

    // Creating a subscription with sim "auto"
    const created = await call(sim, 'POST', p('/subscriptions'), {
      plan: plan.id,
      sim: 'auto',
      userAddress: address.body.id,
      user: user.body.id,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      object: 'subscription',
      porting: null,
      sim: null,
      status: 'pending',
      userAddress: address.body.id,
      activatedAt: null,
      canceledAt: null,
      endedAt: null,
      firstUsageAt: null,
      currentPeriod: null,
    });
    expect(created.body.id).toMatch(/^sub_[0-9A-Za-z]+$/);
    expect(created.body.phoneNumber).toMatch(/^\+[1-9]\d{1,14}$/);
    expect(created.body.plan).toEqual(plan);
    expect(created.body.user).toEqual(user.body);
    expect(created.body.createdAt).toMatch(TIMESTAMP);

    // Polling: after the provider's activation delay (5s by default) the subscription is active
    sim.engine.advance(5000);
    const polled = await call(sim, 'GET', p(`/subscriptions/${created.body.id}`));
    expect(polled.status).toBe(200);
    expect(polled.body).toMatchObject({
      id: created.body.id,
      status: 'active',
      phoneNumber: created.body.phoneNumber,
      sim: { object: 'sim', type: 'eSIM', provider: plan.provider, status: 'active' },
      currentPeriod: { number: 1 },
      canceledAt: null,
      endedAt: null,
    });
    expect(polled.body.activatedAt).toMatch(TIMESTAMP);
    expect(polled.body.currentPeriod.start).toBe(polled.body.activatedAt);
    expect(Date.parse(polled.body.currentPeriod.end)).toBeGreaterThan(Date.parse(polled.body.currentPeriod.start));
    expect(polled.body.sim.id).toMatch(/^sim_[0-9A-Za-z]+$/);
    expect(polled.body.sim.iccid).toMatch(/^89\d{18}$/);

    // Activating the eSIM: the SIM credentials
    const simId = polled.body.sim.id;
    const credentials = await call(sim, 'GET', p(`/sims/${simId}/credentials`));
    expect(credentials.status).toBe(200);
    expect(credentials.body).toMatchObject({ object: 'simCredentials', sim: simId });
    const { activationCode, qrCodeUrl, iosInstallUrl, androidInstallUrl } = credentials.body;
    expect(activationCode).toMatch(/^LPA:1\$[^$]+\$.+$/);
    expect(qrCodeUrl).toMatch(/^https?:\/\/.+\.png$/);
    expect(iosInstallUrl).toMatch(/^https:\/\/esimsetup\.apple\.com\//);
    expect(androidInstallUrl).toMatch(/^https:\/\/esimsetup\.android\.com\//);

    // The QR code URL is public: no Authorization header, and it encodes the activation code
    const qr = await sim.app.request(new URL(qrCodeUrl).pathname);
    expect(qr.status).toBe(200);
    expect(qr.headers.get('content-type')).toBe('image/png');
    const image = PNG.sync.read(Buffer.from(await qr.arrayBuffer()));
    expect(jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data).toBe(activationCode);
  });
});
