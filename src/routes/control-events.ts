import { z } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { redeliverEvent } from '../control/operations.js';
import { targetsControlPlane } from '../engine/webhooks.js';
import { readJson } from '../http/control.js';
import type { AppEnv } from '../http/router.js';
import { validationError } from '../http/router.js';
import { paginationFields } from '../schemas/common.js';
import { DomainError, Messages } from '../store/errors.js';

/** Control plane for events and webhooks: the event log, endpoints, deliveries, redelivery. */

const EventQuery = z.strictObject({
  ...paginationFields,
  project: z.string().min(1).optional(),
  type: z.string().min(1).optional(),
});

export const EndpointBody = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).refine((url) => !targetsControlPlane(url), Messages.webhookToControlPlane),
  project: z.string().min(1).max(64).optional(),
  types: z
    .array(
      z
        .string()
        .regex(
          /^com\.gigs\.[A-Za-z.]+(\.\*)?$|^com\.gigs\.\*$/,
          'event types look like com.gigs.subscription.activated or com.gigs.subscription.*',
        ),
    )
    .optional(),
});

const DeliveryQuery = z.strictObject({
  event: z.string().min(1).optional(),
  endpoint: z.string().min(1).optional(),
  status: z.enum(['pending', 'sending', 'succeeded', 'failed']).optional(),
  limit: paginationFields.limit,
});

function query<T extends z.ZodType>(schema: T, raw: Record<string, string>): z.infer<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  return parsed.data;
}

export const eventsControlRouter = new Hono<AppEnv>()
  .get('/events', (c) => {
    const { project, type, ...page } = query(EventQuery, c.req.query());
    return c.json({ object: 'list', ...c.get('sim').events.list(page, { project, type }) });
  })
  .get('/events/:id', (c) => {
    const event = c.get('sim').events.get(c.req.param('id'));
    if (!event) throw new DomainError('notFound', Messages.notFound('event'));
    return c.json(event);
  })
  .post('/events/:id/redeliver', (c) => c.json({ items: redeliverEvent(c.get('sim'), c.req.param('id')) }, 202))
  .get('/webhooks/endpoints', (c) => c.json({ items: c.get('sim').webhooks.endpoints(), secret: c.get('sim').webhooks.secret }))
  .post('/webhooks/endpoints', async (c) => {
    const input = await readJson(c, EndpointBody);
    return c.json(c.get('sim').webhooks.addEndpoint(input.url, input.types ?? null, input.project ?? null), 201);
  })
  .delete('/webhooks/endpoints', (c) => {
    c.get('sim').webhooks.clearEndpoints();
    return c.json({ items: [] });
  })
  .delete('/webhooks/endpoints/:id', (c) => {
    if (!c.get('sim').webhooks.removeEndpoint(c.req.param('id')))
      throw new DomainError('notFound', Messages.notFound('webhook endpoint'));
    return c.json({ deleted: c.req.param('id') });
  })
  .get('/webhooks/deliveries', (c) => {
    const { limit, ...filter } = query(DeliveryQuery, c.req.query());
    return c.json({ items: c.get('sim').webhooks.deliveries(filter, limit ?? 100) });
  });
