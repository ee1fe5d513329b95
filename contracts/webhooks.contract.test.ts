import { Webhook } from 'standardwebhooks';
import { describe, expect } from 'vitest';
import { contract, SKIP_REASONS } from './lib/contract.js';
import { eventually } from './lib/eventually.js';
import type { ReceivedWebhook } from './lib/receiver.js';
import { subscribe } from './lib/subscribe.js';

const c = contract('webhooks');
const { api, target } = c;
const hooks = target.webhooks;
const itHooks = hooks ? c.itSubscribes : c.itIf(false, SKIP_REASONS.webhooks);

async function received(): Promise<{ raw: ReceivedWebhook; event: any }[]> {
  const res = await fetch(`${hooks?.receiverUrl}/received`);
  const list = (await res.json()) as ReceivedWebhook[];
  return list.map((raw) => ({ raw, event: JSON.parse(raw.body) }));
}

describe('webhooks', () => {
  itHooks("delivers the guide's subscription.created and subscription.activated, signed", async () => {
    const { subscription } = await subscribe(c);
    const both = await eventually(
      async () => {
        const mine = (await received()).filter((r) => r.event.data?.id === subscription.id);
        const types = mine.map((r) => r.event.type);
        expect(types).toContain('com.gigs.subscription.created');
        expect(types).toContain('com.gigs.subscription.activated');
        return mine;
      },
      { timeoutMs: target.timeoutMs, what: 'the subscription webhooks' },
    );
    const verifier = new Webhook(hooks?.secret ?? '');
    for (const { raw, event } of both) {
      expect(raw.headers['webhook-id']).toMatch(/\S/);
      expect(raw.headers['webhook-signature']).toMatch(/^v1,/);
      expect(() => verifier.verify(raw.body, raw.headers)).not.toThrow();
      expect(event).toMatchObject({
        object: 'event',
        specversion: '1.0',
        source: 'https://api.gigs.com',
        datacontenttype: 'application/json',
      });
      expect(event.id).toMatch(/^evt_[0-9A-Za-z]+$/);
      expect(event.type.startsWith('com.gigs.')).toBe(true);
      if (!event.type.endsWith('.updated')) expect(event).not.toHaveProperty('previousData');
    }
    const activated = both.find((r) => r.event.type === 'com.gigs.subscription.activated')?.event;
    expect(activated.data).toMatchObject({ id: subscription.id, status: 'active', sim: { object: 'sim', status: 'active' } });
    api.soft(
      'activated arrives after created',
      both.findIndex((r) => r.event.type.endsWith('.created')) < both.findIndex((r) => r.event.type.endsWith('.activated')),
      'delivery order',
    );
  });
});
