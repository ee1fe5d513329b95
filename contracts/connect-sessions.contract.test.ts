import { describe, expect } from 'vitest';
import { ConnectSession } from '../src/schemas/connect-session.js';
import { contract } from './lib/contract.js';

/**
 * Connect Sessions (docs: "Connect Sessions"). A session is only a link until someone opens it, so
 * making one changes nothing a user has (behind GIGS_CONTRACT_ALLOW_WRITES, as it needs a user).
 * A real project without Connect enabled refuses them: that is recorded as a soft result.
 */
const c = contract('connectSessions');
const { api, itWrites } = c;

describe('connect sessions', () => {
  itWrites('creates a checkout session with a single-use url, and retrieves it without the url', async () => {
    const user = await c.createUser();
    const plans = await api.get(api.p('/plans?limit=1'));
    const plan = plans.body.items?.[0]?.id;
    if (plan === undefined) return api.soft('the target has a plan to check out', false, 'no plan');
    const res = await api.post(
      api.p('/connectSessions'),
      {
        intent: { type: 'checkoutNewSubscription', checkoutNewSubscription: { plan } },
        user: user.id,
        callbackUrl: 'https://example.com/contract',
      },
      { schema: ConnectSession },
    );
    if (res.status === 403 || res.status === 501) {
      return api.soft('the target project has Connect enabled', false, `${res.status}: ${res.body.message}`);
    }
    api.expectStatus(res, [200, 201]);
    api.soft('create answers 201 as documented', res.status === 201, `status ${res.status}`);
    api.expectValid(res);
    expect(res.body).toMatchObject({ object: 'connectSession', user: user.id, intent: { type: 'checkoutNewSubscription' } });
    const url = new URL(res.body.url);
    expect(url.searchParams.get('session')).toBe(res.body.id);
    expect((url.searchParams.get('token') ?? '').length).toBeGreaterThanOrEqual(22);
    const got = await api.get(api.p(`/connectSessions/${res.body.id}`), { schema: ConnectSession });
    api.expectStatus(got, 200);
    api.expectValid(got);
    expect(got.body.url).toBeNull();
  });

  itWrites('refuses sim "auto" in a checkout intent', async () => {
    const user = await c.createUser();
    const plans = await api.get(api.p('/plans?limit=1'));
    const plan = plans.body.items?.[0]?.id;
    if (plan === undefined) return;
    const res = await api.post(api.p('/connectSessions'), {
      intent: { type: 'checkoutNewSubscription', checkoutNewSubscription: { plan, sim: 'auto' } },
      user: user.id,
    });
    if (res.status === 403 || res.status === 501) return;
    api.expectStatus(res, 422);
    expect(res.body.object).toBe('error');
  });
});
