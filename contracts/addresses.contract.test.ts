import { describe, expect } from 'vitest';
import { UserAddress } from '../src/schemas/address.js';
import { listOf } from '../src/schemas/common.js';
import { contract, GUIDE_ADDRESS } from './lib/contract.js';

const c = contract('addresses');
const { api, itWrites } = c;

describe('user addresses', () => {
  itWrites("creates the guide's address with the guide's shape", async () => {
    const user = await c.createUser();
    const res = await api.post(api.p(`/users/${user.id}/addresses`), GUIDE_ADDRESS, { schema: UserAddress });
    api.expectStatus(res, [200, 201]);
    api.expectValid(res);
    expect(res.body).toMatchObject({ object: 'userAddress', user: user.id, ...GUIDE_ADDRESS });
    expect(res.body.id).toMatch(/^adr_[0-9A-Za-z]+$/);
  });

  itWrites('refuses the same address twice with userAddressAlreadyExists', async () => {
    const user = await c.createUser();
    await api.post(api.p(`/users/${user.id}/addresses`), GUIDE_ADDRESS);
    const res = await api.post(api.p(`/users/${user.id}/addresses`), GUIDE_ADDRESS);
    expect(res.body.code).toBe('userAddressAlreadyExists');
    api.soft('userAddressAlreadyExists answers 422', res.status === 422, `status ${res.status}`);
  });

  itWrites('answers 404 for the address of another user', async () => {
    const owner = await c.createUser();
    const other = await c.createUser();
    const address = await api.post(api.p(`/users/${owner.id}/addresses`), GUIDE_ADDRESS);
    const res = await api.get(api.p(`/users/${other.id}/addresses/${address.body.id}`));
    api.expectStatus(res, 404);
    expect(res.body).toMatchObject({ object: 'error', type: 'notFound' });
  });

  itWrites("lists a user's addresses newest first", async () => {
    const user = await c.createUser();
    const a = await api.post(api.p(`/users/${user.id}/addresses`), GUIDE_ADDRESS);
    const b = await api.post(api.p(`/users/${user.id}/addresses`), { ...GUIDE_ADDRESS, line2: 'Apartment 6B' });
    const res = await api.get(api.p(`/users/${user.id}/addresses`), { schema: listOf(UserAddress, 'AddressList') });
    api.expectStatus(res, 200);
    api.expectValid(res);
    expect(res.body.items.map((x: { id: string }) => x.id)).toEqual([b.body.id, a.body.id]);
  });

  itWrites('rejects an address without a city, naming the property', async () => {
    const user = await c.createUser();
    const { city: _city, ...missing } = GUIDE_ADDRESS;
    const res = await api.post(api.p(`/users/${user.id}/addresses`), missing);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const properties = (res.body.details ?? []).map((d: { property: string }) => d.property);
    api.soft('a missing city is reported in details[].property', properties.includes('city'), JSON.stringify(res.body));
  });
});
