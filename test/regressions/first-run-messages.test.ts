import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { Messages } from '../../src/store/errors.js';
import { call, makeSim, p } from '../helpers.js';

/** Issue 14, point 8: the messages a new user met first, and every message constant. */
describe('first-run messages', () => {
  it('ends every message constant with a period, except the token error Gigs documents word for word', () => {
    for (const [name, value] of Object.entries(Messages)) {
      const text = typeof value === 'function' ? (value as (...args: unknown[]) => string)('x', 'y') : value;
      if (name === 'unauthenticated') expect(text).toBe('Invalid authorization token');
      else expect(text, name).toMatch(/[.?]$/);
      expect(text, name).not.toMatch(/\s{2}|^\s|\s$/);
    }
  });

  it('names what a plan needs of the user with an article, and how to set it', async () => {
    const sim = makeSim();
    const user = await call(sim, 'POST', p('/users'), { email: 'jerry@example.com' });
    const res = await call(sim, 'POST', p('/subscriptions'), {
      plan: 'pln_0SNlurA049MEWV3cEssentialsP5',
      sim: 'auto',
      user: user.body.id,
    });
    expect(res.body.message).toBe('The plan requires the user to have a full name (fullName): set it with PATCH /users/{user}.');
    expect(Messages.userFieldRequired('birthday')).toBe(
      'The plan requires the user to have a birthday (birthday): set it with PATCH /users/{user}.',
    );
  });

  it('answers sim "eSIM" with how to ask for a new eSIM and how to find a pSIM', async () => {
    const sim = makeSim();
    const user = await call(sim, 'POST', p('/users'), { email: 'jerry@example.com' });
    const res = await call(sim, 'POST', p('/subscriptions'), {
      plan: 'pln_0SNlurA049MEWV3eTravelEuTest',
      sim: 'eSIM',
      user: user.body.id,
    });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ property: 'sim', message: Messages.simIdNotFound('eSIM') })]);
    expect(res.body.message).toContain('"auto"');
    expect(res.body.message).toContain('GET /sims?type=pSIM&status=inactive');
  });

  it('still answers an unknown sim id with the plain not-found message', async () => {
    const sim = makeSim();
    const user = await call(sim, 'POST', p('/users'), { email: 'jerry@example.com' });
    const res = await call(sim, 'POST', p('/subscriptions'), {
      plan: 'pln_0SNlurA049MEWV3eTravelEuTest',
      sim: 'sim_0000000000000000000000000000',
      user: user.body.id,
    });
    expect(res.body.message).toBe(Messages.notFound('SIM'));
  });

  it('tells a pSIM plan sent "auto" that it needs the id of an inactive pSIM, and how to list them', async () => {
    const sim = makeSim();
    const user = await call(sim, 'POST', p('/users'), { email: 'jerry@example.com' });
    const res = await call(sim, 'POST', p('/subscriptions'), {
      plan: 'pln_0SNlurA049MEWV3bBasicPSimP5x',
      sim: 'auto',
      user: user.body.id,
    });
    expect(res.body.message).toBe(Messages.autoOnPSimPlan);
    expect(res.body.message).toMatch(/inactive pSIM.*GET \/sims\?type=pSIM&status=inactive/);
    const listed = await call(sim, 'GET', p('/sims?type=pSIM&status=inactive'));
    expect(listed.status).toBe(200);
    expect(listed.body.items.length).toBeGreaterThan(0);
  });

  it('ends the invalid email message with a period', async () => {
    const res = await call(makeSim(), 'POST', p('/users'), { email: 'not-an-email' });
    expect(res.body.details).toEqual([
      {
        object: 'propertyErrorDetail',
        code: 'propertyInvalid',
        property: 'email',
        message: 'email must be a valid email address.',
      },
    ]);
  });

  it("turns zod's own English defaults into sentences naming the property", async () => {
    const sim = makeSim();
    const wrongType = await call(sim, 'POST', p('/users'), { email: 'a@example.com', preferredLocale: 5 });
    expect(wrongType.body.message).toBe('preferredLocale must be a string.');
    const tooLong = await call(sim, 'POST', p('/users'), { email: 'a@example.com', fullName: 'x'.repeat(256) });
    expect(tooLong.body.message).toBe('fullName must have at most 255 characters.');
    const empty = await call(sim, 'GET', p('/subscriptions?user='));
    expect(empty.body.message).toBe('Filter values must not be empty.');
  });

  it('suggests --port for --prot, in one line with balanced quotes', () => {
    let error: unknown;
    try {
      loadConfig({}, ['--prot', '4020']);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe('unknown option --prot; did you mean --port?');
    expect(() => loadConfig({}, ['--port'])).toThrow('--port needs a value');
    expect(() => loadConfig({}, ['--zzzz'])).toThrow('unknown option --zzzz (see --help)');
  });
});
