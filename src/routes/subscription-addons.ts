import { createRoute } from '@hono/zod-openapi';
import { createRouter } from '../http/router.js';
import { listOf, NoQuery } from '../schemas/common.js';
import { CreateSubscriptionAddonBody, SubscriptionAddon, SubscriptionAddonQuery } from '../schemas/subscription-addon.js';
import type { Simulator } from '../simulator.js';
import { bearer, errors, jsonBody, list, ok, pathParam, projectParams } from './shared.js';

const SubscriptionAddonList = listOf(SubscriptionAddon, 'SubscriptionAddonList');
const tags = ['Subscription add-ons'];
const itemParams = projectParams.extend({ subscriptionAddon: pathParam('subscriptionAddon', 'sad') });

/** Made per simulator: its handlers track requests against that simulator (see createRouter). */
export const subscriptionAddonsRouter = (sim: Simulator) =>
  createRouter(sim)
    .openapi(
      createRoute({
        method: 'post',
        path: '/projects/{project}/subscriptionAddons',
        tags,
        security: bearer,
        summary: 'Add an add-on to an active subscription (body inferred)',
        request: { params: projectParams, query: NoQuery, body: jsonBody(CreateSubscriptionAddonBody) },
        responses: { 201: ok(SubscriptionAddon, 'The new subscription add-on'), ...errors },
      }),
      (c) => c.json(c.get('sim').store.subscriptionAddons.create(c.get('project'), c.req.valid('json')), 201),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects/{project}/subscriptionAddons',
        tags,
        security: bearer,
        summary: 'List subscription add-ons, newest first',
        request: { params: projectParams, query: SubscriptionAddonQuery },
        responses: { 200: ok(SubscriptionAddonList, 'A page of subscription add-ons'), ...errors },
      }),
      (c) => {
        const { addon, subscription, status, ...page } = c.req.valid('query');
        const store = c.get('sim').store.subscriptionAddons;
        return c.json(list(store.list(c.get('project'), page, { addon, subscription, status })), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects/{project}/subscriptionAddons/{subscriptionAddon}',
        tags,
        security: bearer,
        summary: 'Retrieve a subscription add-on',
        request: { params: itemParams, query: NoQuery },
        responses: { 200: ok(SubscriptionAddon, 'The subscription add-on'), ...errors },
      }),
      (c) => c.json(c.get('sim').store.subscriptionAddons.get(c.get('project'), c.req.valid('param').subscriptionAddon), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/projects/{project}/subscriptionAddons/{subscriptionAddon}/cancel',
        tags,
        security: bearer,
        summary: 'Cancel at the end of the current period (path inferred)',
        request: { params: itemParams, query: NoQuery },
        responses: { 200: ok(SubscriptionAddon, 'The subscription add-on, active until endedAt'), ...errors },
      }),
      (c) => c.json(c.get('sim').store.subscriptionAddons.cancel(c.get('project'), c.req.valid('param').subscriptionAddon), 200),
    );
