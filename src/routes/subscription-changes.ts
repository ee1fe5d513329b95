import { createRoute } from '@hono/zod-openapi';
import { createRouter } from '../http/router.js';
import { listOf, NoQuery } from '../schemas/common.js';
import { CreateSubscriptionChangeBody, SubscriptionChange, SubscriptionChangeQuery } from '../schemas/subscription-change.js';
import type { Simulator } from '../simulator.js';
import { bearer, errors, jsonBody, list, ok, pathParam, projectParams } from './shared.js';

const SubscriptionChangeList = listOf(SubscriptionChange, 'SubscriptionChangeList');
const tags = ['Subscription changes'];
const itemParams = projectParams.extend({ subscriptionChange: pathParam('subscriptionChange', 'sch') });

/** Made per simulator: its handlers track requests against that simulator (see createRouter). */
export const subscriptionChangesRouter = (sim: Simulator) =>
  createRouter(sim)
    .openapi(
      createRoute({
        method: 'post',
        path: '/projects/{project}/subscriptionChanges',
        tags,
        security: bearer,
        summary: 'Change the plan (at the renewal) or the SIM (now) of an active subscription',
        request: { params: projectParams, query: NoQuery, body: jsonBody(CreateSubscriptionChangeBody) },
        responses: { 201: ok(SubscriptionChange, 'The change: pending until the renewal, or applied'), ...errors },
      }),
      (c) => c.json(c.get('sim').store.subscriptionChanges.create(c.get('project'), c.req.valid('json')), 201),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects/{project}/subscriptionChanges',
        tags,
        security: bearer,
        summary: 'List subscription changes, newest first',
        request: { params: projectParams, query: SubscriptionChangeQuery },
        responses: { 200: ok(SubscriptionChangeList, 'A page of subscription changes'), ...errors },
      }),
      (c) => {
        const { subscription, status, ...page } = c.req.valid('query');
        const store = c.get('sim').store.subscriptionChanges;
        return c.json(list(store.list(c.get('project'), page, { subscription, status })), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects/{project}/subscriptionChanges/{subscriptionChange}',
        tags,
        security: bearer,
        summary: 'Retrieve a subscription change',
        request: { params: itemParams, query: NoQuery },
        responses: { 200: ok(SubscriptionChange, 'The subscription change'), ...errors },
      }),
      (c) => c.json(c.get('sim').store.subscriptionChanges.get(c.get('project'), c.req.valid('param').subscriptionChange), 200),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/projects/{project}/subscriptionChanges/{subscriptionChange}',
        tags,
        security: bearer,
        summary: 'Delete a pending subscription change',
        request: { params: itemParams, query: NoQuery },
        responses: { 200: ok(SubscriptionChange, 'The deleted change'), ...errors },
      }),
      (c) =>
        c.json(c.get('sim').store.subscriptionChanges.delete(c.get('project'), c.req.valid('param').subscriptionChange), 200),
    );
