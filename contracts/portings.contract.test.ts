import { describe, expect, it } from 'vitest';
import { listOf } from '../src/schemas/common.js';
import { Porting, ServiceProvider } from '../src/schemas/porting.js';
import { contract } from './lib/contract.js';

/**
 * Port-ins as drafts only: a draft moves no number until a subscription uses it, so these tests are
 * safe against a real test project (behind GIGS_CONTRACT_ALLOW_WRITES). Every draft is deleted.
 * Numbers are from the NANP range kept for fiction (555-01XX); a target that will not port them
 * says so with a documented code, which is recorded as a soft result rather than a failure.
 */
const c = contract('portings');
const { api, itWrites } = c;
const PortingList = listOf(Porting, 'PortingList');
const ServiceProviderList = listOf(ServiceProvider, 'ServiceProviderList');
const PROVIDER = process.env.GIGS_CONTRACT_PORTING_PROVIDER || 'p9';
const REFUSALS = new Set(['portingNotSupported', 'portingProviderNotFound', 'portingPhoneNumberBlocked', 'portingAlreadyExists']);

let line = 0;
/** A draft for a new marked user, or undefined (soft) when the target refuses to port the number. */
async function draft(): Promise<{ porting: Record<string, any>; user: string } | undefined> {
  const user = await c.createUser();
  line += 1;
  const phoneNumber = `+1212555${String(150 + (Date.now() % 40) + line).padStart(4, '0')}`;
  const res = await api.post(api.p('/portings'), { phoneNumber, provider: PROVIDER, user: user.id }, { schema: Porting });
  if (res.status === 422 && REFUSALS.has(res.body.code)) {
    api.soft('the target accepts a fictional US number as a draft', false, `${res.body.code}: ${res.body.message}`);
    return undefined;
  }
  api.expectStatus(res, [200, 201]);
  api.expectValid(res);
  return { porting: res.body, user: user.id };
}

const remove = (id: string) => api.delete(api.p(`/portings/${id}`));

describe('portings (drafts)', () => {
  itWrites('creates a draft that names what the donor requires, and deletes it', async () => {
    const made = await draft();
    if (!made) return;
    expect(made.porting).toMatchObject({ object: 'porting', status: 'draft', subscription: null, accountPinExists: false });
    expect(Array.isArray(made.porting.required)).toBe(true);
    const deleted = await remove(made.porting.id);
    api.expectStatus(deleted, 200);
    api.expectStatus(await api.get(api.p(`/portings/${made.porting.id}`)), 404);
  });

  itWrites('takes the account PIN on PATCH without ever returning it', async () => {
    const made = await draft();
    if (!made) return;
    const res = await api.patch(
      api.p(`/portings/${made.porting.id}`),
      { accountPin: '4321', firstName: 'Jerry' },
      { schema: Porting },
    );
    api.expectStatus(res, 200);
    api.expectValid(res);
    expect(res.body).toMatchObject({ accountPinExists: true, firstName: 'Jerry' });
    expect(JSON.stringify(res.body)).not.toContain('4321');
    expect(res.body.required).not.toContain('accountPin');
    await remove(made.porting.id);
  });

  itWrites('lists the user’s draft, newest first', async () => {
    const made = await draft();
    if (!made) return;
    const res = await api.get(api.p(`/portings?user=${made.user}`), { schema: PortingList });
    api.expectStatus(res, 200);
    api.expectValid(res);
    expect(res.body.items.map((x: { id: string }) => x.id)).toContain(made.porting.id);
    await remove(made.porting.id);
  });

  itWrites('refuses to cancel a draft', async () => {
    const made = await draft();
    if (!made) return;
    const res = await api.post(api.p(`/portings/${made.porting.id}/cancel`));
    expect(res.status).toBeGreaterThanOrEqual(400);
    api.soft(
      'canceling a draft is portingNotCancelable',
      res.body.code === 'portingNotCancelable',
      `${res.status} ${res.body.code}`,
    );
    await remove(made.porting.id);
  });

  it('answers 404 for a porting that does not exist', async () => {
    api.expectStatus(await api.get(api.p('/portings/prt_0000000000000000000000000000')), 404);
  });
});

describe('service providers', () => {
  it('lists service providers for a recipient provider outside /projects', async () => {
    const res = await api.get(`/serviceProviders?limit=200&recipientProvider=${PROVIDER}`, { schema: ServiceProviderList });
    if (res.status === 501) return api.soft('service providers are served', false, 'the target does not simulate them');
    api.expectStatus(res, 200);
    api.expectValid(res);
    for (const provider of res.body.items) expect(provider.recipientProviders).toContain(PROVIDER);
  });
});
