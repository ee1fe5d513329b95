import { describe, expect, it } from 'vitest';
import { ErrorType } from '../src/schemas/error.js';
import { contract } from './lib/contract.js';

const { api } = contract('errors');

describe('errors', () => {
  it('answers 401 unauthenticated without a token', async () => {
    const res = await api.get(api.p('/users'), { token: null });
    api.expectStatus(res, 401);
    expect(res.body).toMatchObject({ object: 'error', type: 'unauthenticated' });
  });

  it('answers 401 with the documented message for a wrong token', async () => {
    const res = await api.get(api.p('/users'), { token: 'not-a-real-key-0000' });
    // A simulator in open mode accepts any token: only a strict target can prove this.
    if (res.status === 200) return api.soft('a wrong token is refused', false, 'the target accepts any token (open mode)');
    api.expectStatus(res, 401);
    expect(res.body).toEqual({ object: 'error', type: 'unauthenticated', message: 'Invalid authorization token' });
  });

  it('checks the token before the query: no token and a bad parameter is 401', async () => {
    const res = await api.get(api.p('/users?limit=abc&nonsense=1'), { token: null });
    api.expectStatus(res, 401);
  });

  it('answers 404 notFound for unknown ids', async () => {
    for (const path of [
      '/users/usr_0000000000000000000000000000',
      '/subscriptions/sub_0000000000000000000000000000',
      '/sims/sim_0000000000000000000000000000',
    ]) {
      const res = await api.get(api.p(path));
      api.expectStatus(res, 404);
      expect(res.body).toMatchObject({ object: 'error', type: 'notFound' });
    }
  });

  it('rejects an empty filter value on subscriptions', async () => {
    const res = await api.get(api.p('/subscriptions?user='));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.object).toBe('error');
    api.soft(
      'an empty filter value answers 422 invalid',
      res.status === 422 && res.body.type === 'invalid',
      `status ${res.status} type ${res.body.type}`,
    );
  });

  it("answers only error types Gigs' own SDK knows", async () => {
    const answers = [
      await api.get(api.p('/users'), { token: null }),
      await api.get(api.p('/users/usr_0000000000000000000000000000')),
      await api.get(api.p('/users?limit=abc')),
    ];
    for (const res of answers) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(ErrorType.options).toContain(res.body.type);
    }
  });

  it('answers errors as plain Gigs error objects, not problem+json', async () => {
    const res = await api.get(api.p('/users/usr_0000000000000000000000000000'));
    expect(typeof res.body.type).toBe('string');
    expect(typeof res.body.message).toBe('string');
    expect(res.body).not.toHaveProperty('title');
  });
});
