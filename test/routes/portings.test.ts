import { describe, expect, it } from 'vitest';
import { DONOR_PROVIDERS } from '../../src/scenarios/service-providers.js';
import { Porting, PortOut, PortOutCredentials, ServiceProvider } from '../../src/schemas/porting.js';
import { Messages } from '../../src/store/errors.js';
import { call, GUIDE_PLAN_ID, guideUserWithAddress, makeSim, p } from '../helpers.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const AT_T = DONOR_PROVIDERS[0]!.id;

const EMBEDS_BODY = {
  accountNumber: '123456789',
  accountPin: '0000',
  firstName: 'Jerry',
  lastName: 'Seinfeld',
  donorProvider: AT_T,
  address: { line1: '129 West 81st Street', line2: null, city: 'New York', state: 'NY', postalCode: '10024', country: 'US' },
};

async function setup() {
  const sim = makeSim();
  const { user, address } = await guideUserWithAddress(sim);
  const createPorting = (body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    call(sim, 'POST', p('/portings'), { phoneNumber: '+12125550123', provider: 'p9', user, ...body }, headers);
  const subscribe = (porting: string) =>
    call(sim, 'POST', p('/subscriptions'), { plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress: address, porting });
  return { sim, user, address, createPorting, subscribe };
}

/** What Gigs' embeds send (gigs/embeds-js lib/core/porting.ts): a PATCH with a JSON body. */
function embedsPatch(sim: ReturnType<typeof makeSim>, id: string, body: unknown) {
  return sim.app.request(p(`/portings/${id}`), {
    method: 'PATCH',
    headers: { authorization: 'Bearer user-token', 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('POST /portings', () => {
  it('answers 201 with a draft in the documented shape', async () => {
    const { createPorting } = await setup();
    const res = await createPorting();
    expect(res.status).toBe(201);
    expect(Porting.strict().parse(res.body)).toMatchObject({ status: 'draft' });
  });

  it('answers 422 portingPhoneNumberBlocked for the blocked sandbox number', async () => {
    const { createPorting } = await setup();
    const res = await createPorting({ phoneNumber: '+12125550101' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      type: 'invalid',
      code: 'portingPhoneNumberBlocked',
      message: Messages.portingPhoneNumberBlocked,
    });
  });

  it('answers 422 naming phoneNumber when it is not E.164', async () => {
    const { createPorting } = await setup();
    const res = await createPorting({ phoneNumber: '212-555-0123' });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ property: 'phoneNumber' })]);
  });

  it('answers 409 for portingAlreadyExists with --conflict-status 409', async () => {
    const sim = makeSim({ conflictStatus: 409 });
    const { user } = await guideUserWithAddress(sim);
    const body = { phoneNumber: '+12125550123', provider: 'p9', user };
    await call(sim, 'POST', p('/portings'), body);
    const res = await call(sim, 'POST', p('/portings'), body);
    expect([res.status, res.body.code]).toEqual([409, 'portingAlreadyExists']);
  });

  it('takes x-gigs-mock-porting: manual, leaving the porting for the control plane', async () => {
    const { sim, createPorting, subscribe } = await setup();
    const porting = (await createPorting(EMBEDS_BODY, { 'x-gigs-mock-porting': 'manual' })).body.id;
    await subscribe(porting);
    sim.advance(10 * DAY);
    expect((await call(sim, 'GET', p(`/portings/${porting}`))).body.status).toBe('pending');
  });

  it('answers 422 naming the header when x-gigs-mock-porting is not a duration', async () => {
    const { createPorting } = await setup();
    const res = await createPorting({}, { 'x-gigs-mock-porting': 'soon' });
    expect(res.status).toBe(422);
    expect(res.body.details[0].property).toBe('x-gigs-mock-porting');
  });
});

describe('GET /portings', () => {
  it('lists newest first, filtered by status, paginated', async () => {
    const { sim, createPorting } = await setup();
    const first = (await createPorting({ phoneNumber: '+12125552001' })).body.id;
    const second = (await createPorting({ phoneNumber: '+12125552002' })).body.id;
    const page = await call(sim, 'GET', p('/portings?status=draft&limit=1'));
    expect(page.body).toMatchObject({ object: 'list', items: [{ id: second }], moreItemsAfter: second });
    const next = await call(sim, 'GET', p(`/portings?status=draft&after=${second}`));
    expect(next.body.items.map((x: { id: string }) => x.id)).toEqual([first]);
    expect((await call(sim, 'GET', p('/portings?status=completed'))).body.items).toEqual([]);
  });

  it('answers 422 for an unknown status filter value', async () => {
    const { sim } = await setup();
    expect((await call(sim, 'GET', p('/portings?status=done'))).status).toBe(422);
  });

  it('answers 404 for a porting that does not exist', async () => {
    const { sim } = await setup();
    const res = await call(sim, 'GET', p('/portings/prt_missing'));
    expect([res.status, res.body.message]).toEqual([404, Messages.notFound('porting')]);
  });
});

describe('an embeds-style client', () => {
  it('walks a porting from draft through a decline and a correction to completed', async () => {
    const { sim, createPorting, subscribe } = await setup();
    const porting = (await createPorting()).body.id;
    const sub = (await subscribe(porting)).body;
    expect(sub).toMatchObject({ status: 'pending', phoneNumber: null, porting: { id: porting, status: 'informationRequired' } });

    const filled = await embedsPatch(sim, porting, EMBEDS_BODY);
    const filledBody = (await filled.json()) as Record<string, unknown>;
    expect(filled.status).toBe(200);
    expect(filledBody).toMatchObject({ status: 'pending', required: [], accountPinExists: true });
    expect(filledBody).not.toHaveProperty('accountPin');

    sim.advance(4 * HOUR);
    const declined = (await call(sim, 'GET', p(`/portings/${porting}`))).body;
    expect(declined).toMatchObject({
      status: 'declined',
      declinedCode: 'portingAccountPinRequiredOrInvalid',
      declinedAttempts: 1,
    });

    const corrected = await embedsPatch(sim, porting, { accountPin: '2468' });
    expect(((await corrected.json()) as { status: string }).status).toBe('pending');
    sim.advance(DAY);
    const done = (await call(sim, 'GET', p(`/subscriptions/${sub.id}`))).body;
    expect(done).toMatchObject({ status: 'active', phoneNumber: '+12125550123', lastPorting: { status: 'completed' } });
  });

  it('gets 422 portingNotUpdatable when patching a completed porting', async () => {
    const { sim, createPorting, subscribe } = await setup();
    const porting = (await createPorting({ ...EMBEDS_BODY, accountPin: '1234' })).body.id;
    await subscribe(porting);
    sim.advance(DAY);
    const res = await embedsPatch(sim, porting, { firstName: 'Cosmo' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { code: string }).code).toBe('portingNotUpdatable');
  });

  it('gets 422 naming address.country for a country that is not an ISO code', async () => {
    const { sim, createPorting } = await setup();
    const porting = (await createPorting()).body.id;
    const res = await embedsPatch(sim, porting, { address: { ...EMBEDS_BODY.address, country: 'USA' } });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { details: { property: string }[] }).details[0]?.property).toBe('address.country');
  });
});

describe('cancel and delete', () => {
  it('answers 422 portingNotCancelable for a draft', async () => {
    const { sim, createPorting } = await setup();
    const porting = (await createPorting()).body.id;
    const res = await call(sim, 'POST', p(`/portings/${porting}/cancel`));
    expect([res.status, res.body.code]).toEqual([422, 'portingNotCancelable']);
  });

  it('deletes a draft, then answers 404', async () => {
    const { sim, createPorting } = await setup();
    const porting = (await createPorting()).body.id;
    expect((await call(sim, 'DELETE', p(`/portings/${porting}`))).status).toBe(200);
    expect((await call(sim, 'GET', p(`/portings/${porting}`))).status).toBe(404);
  });
});

describe('control plane for portings', () => {
  it('completes, declines and requires through /__mock', async () => {
    const { sim, createPorting, subscribe } = await setup();
    const porting = (await createPorting({ ...EMBEDS_BODY, accountPin: '1234' }, { 'x-gigs-mock-porting': 'manual' })).body.id;
    await subscribe(porting);
    const base = `/__mock/projects/test-project/portings/${porting}`;
    const require = await call(sim, 'POST', `${base}/require`, { fields: ['birthday'] });
    expect(require.body).toMatchObject({ status: 'informationRequired', required: ['birthday'] });
    await call(sim, 'PATCH', p(`/portings/${porting}`), { birthday: '1954-04-29' });
    const decline = await call(sim, 'POST', `${base}/decline`, { code: 'portingPhoneNumberPortProtected' });
    expect(decline.body).toMatchObject({ status: 'declined', declinedCode: 'portingPhoneNumberPortProtected' });
    const complete = await call(sim, 'POST', `${base}/complete`);
    expect(complete.body.status).toBe('completed');
  });

  it('answers 422 for a decline code that is not documented', async () => {
    const { sim, createPorting } = await setup();
    const porting = (await createPorting()).body.id;
    const res = await call(sim, 'POST', `/__mock/projects/test-project/portings/${porting}/decline`, { code: 'nope' });
    expect(res.status).toBe(422);
  });

  it('sets the project porting delay with PUT /__mock/projects/{project}/porting', async () => {
    const { sim } = await setup();
    const res = await call(sim, 'PUT', '/__mock/projects/test-project/porting', { delay: '30s' });
    expect(res.body).toEqual({ mode: 'delay', delayMs: 30_000 });
  });
});

describe('GET /serviceProviders', () => {
  it('lists donor carriers for a recipient provider, as the embeds ask for them', async () => {
    const sim = makeSim();
    const res = await call(sim, 'GET', '/serviceProviders?limit=200&recipientProvider=p9');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(DONOR_PROVIDERS.length);
    expect(res.body.items.map((s: unknown) => ServiceProvider.strict().parse(s).name)).toContain('Verizon');
  });

  it('answers 401 without a token', async () => {
    expect((await call(makeSim(), 'GET', '/serviceProviders', undefined, { authorization: '' })).status).toBe(401);
  });

  it('answers 401 for a key strict mode does not know', async () => {
    const sim = makeSim({ apiKeys: ['p1:k1'] });
    expect((await call(sim, 'GET', '/serviceProviders')).status).toBe(401);
    expect((await call(sim, 'GET', '/serviceProviders', undefined, { authorization: 'Bearer k1' })).status).toBe(200);
  });

  it('answers 422 for an unknown query parameter', async () => {
    expect((await call(makeSim(), 'GET', '/serviceProviders?country=US')).status).toBe(422);
  });
});

describe('port-outs over HTTP', () => {
  async function active() {
    const sim = makeSim();
    const { user, address } = await guideUserWithAddress(sim);
    const sub = await call(
      sim,
      'POST',
      p('/subscriptions'),
      { plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress: address },
      {
        'x-gigs-mock-activation': 'immediate',
      },
    );
    return { sim, sub: sub.body.id as string };
  }

  it('creates 201 processing, then serves the credentials once issued', async () => {
    const { sim, sub } = await active();
    const created = await call(sim, 'POST', p('/portOuts'), { subscription: sub });
    expect(created.status).toBe(201);
    expect(PortOut.strict().parse(created.body).status).toBe('processing');
    const early = await call(sim, 'GET', p(`/portOuts/${created.body.id}/credentials`));
    expect([early.status, early.body.message]).toEqual([422, Messages.portOutNotIssued]);
    sim.advance(DAY);
    const credentials = await call(sim, 'GET', p(`/portOuts/${created.body.id}/credentials`));
    expect(PortOutCredentials.strict().parse(credentials.body).portOut).toBe(created.body.id);
  });

  it('answers 422 portOutAlreadyExists for a second port-out', async () => {
    const { sim, sub } = await active();
    await call(sim, 'POST', p('/portOuts'), { subscription: sub });
    const res = await call(sim, 'POST', p('/portOuts'), { subscription: sub });
    expect([res.status, res.body.code]).toEqual([422, 'portOutAlreadyExists']);
  });

  it('ends the subscription when the control plane completes it', async () => {
    const { sim, sub } = await active();
    const id = (await call(sim, 'POST', p('/portOuts'), { subscription: sub })).body.id;
    await call(sim, 'POST', `/__mock/projects/test-project/portOuts/${id}/issue`);
    await call(sim, 'POST', `/__mock/projects/test-project/portOuts/${id}/complete`);
    expect((await call(sim, 'GET', p(`/subscriptions/${sub}`))).body.cancellationDetails.cause).toBe('phoneNumberPortedOut');
  });

  it('lists port-outs filtered by subscription', async () => {
    const { sim, sub } = await active();
    const id = (await call(sim, 'POST', p('/portOuts'), { subscription: sub })).body.id;
    const res = await call(sim, 'GET', p(`/portOuts?subscription=${sub}`));
    expect(res.body.items.map((x: { id: string }) => x.id)).toEqual([id]);
  });

  it('answers 404 for a port-out that does not exist', async () => {
    const { sim } = await active();
    expect((await call(sim, 'GET', p('/portOuts/pto_missing'))).status).toBe(404);
  });
});

describe('snapshots with portings', () => {
  it('round-trips portings, port-outs and their scheduled steps through PUT /__mock/snapshot', async () => {
    const sim = makeSim({ scenario: 'populated' });
    const { user, address } = await guideUserWithAddress(sim);
    const porting = (
      await call(sim, 'POST', p('/portings'), {
        phoneNumber: '+12125550123',
        provider: 'p9',
        user,
        ...EMBEDS_BODY,
        accountPin: '1234',
      })
    ).body.id;
    await call(sim, 'POST', p('/subscriptions'), { plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress: address, porting });
    const saved = (await call(sim, 'GET', '/__mock/snapshot')).body;
    const copy = makeSim();
    const restored = await call(copy, 'PUT', '/__mock/snapshot', saved);
    expect(restored.status).toBe(200);
    expect((await call(copy, 'GET', '/__mock/snapshot')).body).toEqual(saved);
    copy.advance(DAY);
    expect((await call(copy, 'GET', p(`/portings/${porting}`))).body.status).toBe('completed');
  });

  it('refuses a snapshot whose subscription names a porting that is not there', async () => {
    const sim = makeSim({ scenario: 'populated' });
    await call(sim, 'GET', p('/portings'));
    const saved = (await call(sim, 'GET', '/__mock/snapshot')).body;
    saved.projects[0].portings = [];
    const res = await call(makeSim(), 'PUT', '/__mock/snapshot', saved);
    expect(res.status).toBe(422);
  });
});
