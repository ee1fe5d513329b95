import { describe, expect, it } from 'vitest';
import { call, GUIDE_PLAN_ID, guideUserWithAddress, makeSim, p } from '../helpers.js';

// Found by the soak run: clients that send Content-Type: application/json with no body on
// bodiless POSTs (cancel, resume, end) got 400 malformed.
describe('an empty body sent as application/json', () => {
  it('cancels a subscription like a bare POST does', async () => {
    const sim = makeSim({ activationMode: 'immediate' });
    const { user, address } = await guideUserWithAddress(sim);
    const sub = await call(sim, 'POST', p('/subscriptions'), { plan: GUIDE_PLAN_ID, user, sim: 'auto', userAddress: address });
    const res = await call(sim, 'POST', p(`/subscriptions/${sub.body.id}/cancel`), '', { 'content-type': 'application/json' });
    expect(res.status).toBe(200);
    expect(res.body.canceledAt).not.toBeNull();
  });

  it('is validated as {} on a create route: 422 naming the missing property, not 400', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), '', { 'content-type': 'application/json' });
    expect(res.status).toBe(422);
    expect(res.body.details[0]).toMatchObject({ property: 'email', code: 'propertyRequired' });
  });

  it('still answers 400 malformed for a body that is not JSON', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), '{"email":', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
  });
});
