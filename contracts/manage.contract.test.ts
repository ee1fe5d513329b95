import { describe, expect, it } from 'vitest';
import { deviceImei } from '../src/scenarios/devices.js';
import { listOf } from '../src/schemas/common.js';
import { Device, DeviceModelBrands } from '../src/schemas/device.js';
import { SubscriptionAddon } from '../src/schemas/subscription-addon.js';
import { SubscriptionChange } from '../src/schemas/subscription-change.js';
import { UsageRecord } from '../src/schemas/usage.js';
import { contract } from './lib/contract.js';
import { subscribe, untilActive } from './lib/subscribe.js';

/**
 * Managing a live subscription: the reads are safe against any target; devices are created only
 * behind GIGS_CONTRACT_ALLOW_WRITES (and deleted), usage only behind the subscription opt-in.
 */
const c = contract('manage');
const { api, itWrites, itSubscribes } = c;
const DeviceList = listOf(Device, 'DeviceList');
const ChangeList = listOf(SubscriptionChange, 'SubscriptionChangeList');
const AddonList = listOf(SubscriptionAddon, 'SubscriptionAddonList');
const UsageList = listOf(UsageRecord, 'UsageRecordList');

/** A valid IMEI unlikely to exist on the target (a made-up type allocation code, a serial from the run). */
const imei = () => deviceImei('99100000', Date.now() % 1_000_000);

describe('devices, subscription changes and add-ons (reads)', () => {
  it('lists devices, subscription changes and subscription add-ons with their schemas', async () => {
    for (const [path, schema] of [
      ['/devices?limit=5', DeviceList],
      ['/subscriptionChanges?limit=5', ChangeList],
      ['/subscriptionAddons?limit=5', AddonList],
    ] as const) {
      const res = await api.get(api.p(path), { schema });
      api.expectStatus(res, 200);
      api.expectValid(res);
    }
  });

  it('searches devices by IMEI in the body, answering a list', async () => {
    const res = await api.post(api.p('/devices/search'), { imei: imei() }, { schema: DeviceList });
    api.expectStatus(res, 200);
    expect(res.body).toMatchObject({ object: 'list', items: [] });
  });

  it('lists the device model brands outside any project, alphabetically', async () => {
    const res = await api.get('/deviceModelBrands', { schema: DeviceModelBrands });
    api.expectStatus(res, 200);
    api.expectValid(res);
    expect(res.body.items).toEqual([...res.body.items].sort());
  });
});

describe('devices (writes)', () => {
  itWrites('creates a device, finds it by IMEI, updates and deletes it', async () => {
    const user = await c.createUser();
    const number = imei();
    const created = await api.post(
      api.p('/devices'),
      { imei: number, user: user.id, name: 'Contract phone', metadata: c.marker },
      { schema: Device },
    );
    api.expectStatus(created, [200, 201]);
    api.expectValid(created);
    try {
      const found = await api.post(api.p('/devices/search'), { imei: number }, { schema: DeviceList });
      expect(found.body.items.map((d: { id: string }) => d.id)).toEqual([created.body.id]);
      const again = await api.post(api.p('/devices'), { imei: number });
      expect(again.body.code).toBe('deviceImeiAlreadyExists');
      const renamed = await api.patch(api.p(`/devices/${created.body.id}`), { name: 'Renamed' }, { schema: Device });
      expect(renamed.body.name).toBe('Renamed');
    } finally {
      api.expectStatus(await api.delete(api.p(`/devices/${created.body.id}`)), 200);
    }
  });
});

describe('usage (subscriptions)', () => {
  itSubscribes('lists the usage of an active subscription as usage records', async () => {
    const { subscription } = await subscribe(c);
    await untilActive(c, subscription.id);
    const res = await api.get(api.p(`/subscriptions/${subscription.id}/usage`), { schema: UsageList });
    api.expectStatus(res, 200);
    api.expectValid(res);
  });
});
