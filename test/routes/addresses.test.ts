import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { Messages } from '../../src/store/errors.js';
import { call, GUIDE_ADDRESS, guideUserWithAddress, makeSim, p } from '../helpers.js';

async function createUser(sim: Simulator, email = 'jerry@example.com'): Promise<string> {
  const res = await call(sim, 'POST', p('/users'), { email, fullName: 'Jerry Seinfeld' });
  return res.body.id;
}

const street = (n: number) => ({ ...GUIDE_ADDRESS, line1: `${n} West 81st Street` });

describe('POST /projects/{project}/users/{user}/addresses', () => {
  it('returns 201 with the shape of the guide response', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    const res = await call(sim, 'POST', p(`/users/${user}/addresses`), GUIDE_ADDRESS);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      object: 'userAddress',
      id: res.body.id,
      city: 'New York City',
      country: 'US',
      line1: '129 West 81st Street',
      line2: 'Apartment 5A',
      postalCode: '10024',
      state: 'NY',
      user,
      createdAt: '2026-01-01T00:00:00Z',
    });
  });

  it('returns an id of adr_ and 28 base-62 characters', async () => {
    const sim = makeSim();
    const { address } = await guideUserWithAddress(sim);
    expect(address).toMatch(/^adr_[0-9A-Za-z]{28}$/);
  });

  it('returns line2 null when it is not sent', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    const { line2: _, ...body } = GUIDE_ADDRESS;
    const res = await call(sim, 'POST', p(`/users/${user}/addresses`), body);
    expect(res.status).toBe(201);
    expect(res.body.line2).toBeNull();
  });

  it('returns 422 userAddressInvalid naming line1, city and country when they are missing', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    const res = await call(sim, 'POST', p(`/users/${user}/addresses`), { state: 'NY', postalCode: '10024' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('userAddressInvalid');
    expect(res.body.details).toEqual(
      ['line1', 'city', 'country'].map((property) => ({
        object: 'propertyErrorDetail',
        code: 'propertyRequired',
        message: expect.any(String),
        property,
      })),
    );
  });

  it('returns 422 for a blank line1', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    const res = await call(sim, 'POST', p(`/users/${user}/addresses`), { ...GUIDE_ADDRESS, line1: '   ' });
    expect(res.status).toBe(422);
    expect(res.body.details[0].property).toBe('line1');
  });

  it('returns 422 for an unknown property', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    const res = await call(sim, 'POST', p(`/users/${user}/addresses`), { ...GUIDE_ADDRESS, line3: 'Floor 2' });
    expect(res.status).toBe(422);
    expect(res.body.details[0].property).toBe('line3');
  });

  it('returns 422 suggesting US for the country "us"', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    const res = await call(sim, 'POST', p(`/users/${user}/addresses`), { ...GUIDE_ADDRESS, country: 'us' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('userAddressInvalid');
    expect(res.body.details).toEqual([expect.objectContaining({ property: 'country', suggestion: 'US' })]);
  });

  it('returns 422 userAddressInvalid suggesting NY for the state "ny"', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    const res = await call(sim, 'POST', p(`/users/${user}/addresses`), { ...GUIDE_ADDRESS, state: 'ny' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ object: 'error', type: 'invalid', code: 'userAddressInvalid' });
    expect(res.body.message).toBe(Messages.userAddressInvalid);
    expect(res.body.details).toEqual([
      {
        object: 'propertyErrorDetail',
        code: 'propertyInvalid',
        message: expect.any(String),
        property: 'state',
        suggestion: 'NY',
      },
    ]);
  });

  it('returns 422 naming state when a US address has none', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    const { state: _, ...body } = GUIDE_ADDRESS;
    const res = await call(sim, 'POST', p(`/users/${user}/addresses`), body);
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ property: 'state', code: 'propertyRequired' })]);
  });

  it('returns 422 naming state for an unknown Canadian province', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    const body = { line1: '24 Sussex Drive', city: 'Ottawa', state: 'XX', postalCode: 'K1M 1M4', country: 'CA' };
    const res = await call(sim, 'POST', p(`/users/${user}/addresses`), body);
    expect(res.status).toBe(422);
    expect(res.body.details[0].property).toBe('state');
  });

  it('returns 422 naming postalCode for a US ZIP code of the wrong format', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    const res = await call(sim, 'POST', p(`/users/${user}/addresses`), { ...GUIDE_ADDRESS, postalCode: 'ABCDE' });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ property: 'postalCode', code: 'propertyInvalid' })]);
  });

  it('returns 422 naming postalCode when a German address has none', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    const body = { line1: 'Unter den Linden 1', city: 'Berlin', country: 'DE' };
    const res = await call(sim, 'POST', p(`/users/${user}/addresses`), body);
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ property: 'postalCode', code: 'propertyRequired' })]);
  });

  it('accepts an address without postal code in a country that has none', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    const body = { line1: 'Sheikh Zayed Road 1', city: 'Dubai', country: 'AE' };
    const res = await call(sim, 'POST', p(`/users/${user}/addresses`), body);
    expect(res.status).toBe(201);
    expect(res.body.postalCode).toBeNull();
  });

  it('returns 422 userAddressAlreadyExists for the same address twice', async () => {
    const sim = makeSim();
    const { user } = await guideUserWithAddress(sim);
    const res = await call(sim, 'POST', p(`/users/${user}/addresses`), GUIDE_ADDRESS);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ type: 'invalid', code: 'userAddressAlreadyExists' });
    expect(res.body.message).toBe(Messages.userAddressAlreadyExists);
  });

  it('accepts 10 addresses for one user', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    for (let n = 1; n <= 10; n++) {
      expect((await call(sim, 'POST', p(`/users/${user}/addresses`), street(n))).status).toBe(201);
    }
  });

  it('returns 422 for the 11th address of a user', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    for (let n = 1; n <= 10; n++) await call(sim, 'POST', p(`/users/${user}/addresses`), street(n));
    const res = await call(sim, 'POST', p(`/users/${user}/addresses`), street(11));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ object: 'error', type: 'invalid', message: Messages.userAddressLimit });
  });

  it('returns 404 notFound when the user does not exist', async () => {
    const res = await call(makeSim(), 'POST', p('/users/usr_unknown/addresses'), GUIDE_ADDRESS);
    expect(res.status).toBe(404);
    expect(res.body.message).toBe(Messages.notFound('user'));
  });

  it('returns 404 rather than 422 when the user does not exist and the body is invalid', async () => {
    const res = await call(makeSim(), 'POST', p('/users/usr_unknown/addresses'), { country: 'us' });
    expect(res.status).toBe(404);
  });

  it('stores nothing when the address is invalid', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    await call(sim, 'POST', p(`/users/${user}/addresses`), { ...GUIDE_ADDRESS, state: 'ny' });
    expect((await call(sim, 'GET', p(`/users/${user}/addresses`))).body.items).toEqual([]);
  });
});

describe('GET /projects/{project}/users/{user}/addresses/{address}', () => {
  it('returns the address', async () => {
    const sim = makeSim();
    const { user, address } = await guideUserWithAddress(sim);
    const res = await call(sim, 'GET', p(`/users/${user}/addresses/${address}`));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'userAddress', id: address, user, ...GUIDE_ADDRESS });
  });

  it('returns 404 notFound for an address of another user', async () => {
    const sim = makeSim();
    const { address } = await guideUserWithAddress(sim);
    const other = await createUser(sim, 'elaine@example.com');
    const res = await call(sim, 'GET', p(`/users/${other}/addresses/${address}`));
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ object: 'error', type: 'notFound', message: Messages.notFound('user address') });
  });

  it('returns 404 notFound when the address does not exist', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    const res = await call(sim, 'GET', p(`/users/${user}/addresses/adr_unknown`));
    expect(res.status).toBe(404);
    expect(res.body.type).toBe('notFound');
  });
});

describe('GET /projects/{project}/users/{user}/addresses', () => {
  it('lists the addresses of the user newest first', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    const first = await call(sim, 'POST', p(`/users/${user}/addresses`), street(1));
    sim.clock.advance(1000);
    const second = await call(sim, 'POST', p(`/users/${user}/addresses`), street(2));
    const res = await call(sim, 'GET', p(`/users/${user}/addresses`));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ object: 'list', items: [second.body, first.body], moreItemsAfter: null, moreItemsBefore: null });
  });

  it('leaves out the addresses of other users', async () => {
    const sim = makeSim();
    await guideUserWithAddress(sim);
    const other = await createUser(sim, 'elaine@example.com');
    expect((await call(sim, 'GET', p(`/users/${other}/addresses`))).body.items).toEqual([]);
  });

  it('pages with limit and after', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    for (let n = 1; n <= 5; n++) await call(sim, 'POST', p(`/users/${user}/addresses`), street(n));
    const first = await call(sim, 'GET', p(`/users/${user}/addresses?limit=2`));
    expect(first.body.moreItemsAfter).toBe(first.body.items[1].id);
    const second = await call(sim, 'GET', p(`/users/${user}/addresses?limit=2&after=${first.body.moreItemsAfter}`));
    expect(second.body.items.map((a: any) => a.line1)).toEqual(['3 West 81st Street', '2 West 81st Street']);
  });

  it('returns 404 notFound when the user does not exist', async () => {
    const res = await call(makeSim(), 'GET', p('/users/usr_unknown/addresses'));
    expect(res.status).toBe(404);
  });

  it('returns 422 for an unknown query parameter', async () => {
    const sim = makeSim();
    const user = await createUser(sim);
    expect((await call(sim, 'GET', p(`/users/${user}/addresses?country=US`))).status).toBe(422);
  });
});

describe('DELETE /projects/{project}/users/{user}/addresses/{address}', () => {
  it('returns the deleted address', async () => {
    const sim = makeSim();
    const { user, address } = await guideUserWithAddress(sim);
    const before = await call(sim, 'GET', p(`/users/${user}/addresses/${address}`));
    const res = await call(sim, 'DELETE', p(`/users/${user}/addresses/${address}`));
    expect(res.status).toBe(200);
    expect(res.body).toEqual(before.body);
  });

  it('makes a later GET return 404', async () => {
    const sim = makeSim();
    const { user, address } = await guideUserWithAddress(sim);
    await call(sim, 'DELETE', p(`/users/${user}/addresses/${address}`));
    expect((await call(sim, 'GET', p(`/users/${user}/addresses/${address}`))).status).toBe(404);
  });

  it('removes the address from the list', async () => {
    const sim = makeSim();
    const { user, address } = await guideUserWithAddress(sim);
    await call(sim, 'DELETE', p(`/users/${user}/addresses/${address}`));
    expect((await call(sim, 'GET', p(`/users/${user}/addresses`))).body.items).toEqual([]);
  });

  it('returns 404 for an address of another user and keeps it', async () => {
    const sim = makeSim();
    const { user, address } = await guideUserWithAddress(sim);
    const other = await createUser(sim, 'elaine@example.com');
    expect((await call(sim, 'DELETE', p(`/users/${other}/addresses/${address}`))).status).toBe(404);
    expect((await call(sim, 'GET', p(`/users/${user}/addresses/${address}`))).status).toBe(200);
  });

  it('returns 404 when deleting the same address twice', async () => {
    const sim = makeSim();
    const { user, address } = await guideUserWithAddress(sim);
    await call(sim, 'DELETE', p(`/users/${user}/addresses/${address}`));
    expect((await call(sim, 'DELETE', p(`/users/${user}/addresses/${address}`))).status).toBe(404);
  });
});
