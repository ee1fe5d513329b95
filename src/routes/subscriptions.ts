import { createRoute, z } from '@hono/zod-openapi';
import { parseDuration } from '../engine/duration.js';
import { sendJson } from '../http/json.js';
import { createRouter } from '../http/router.js';
import { csvEnum, csvString, listOf, NoQuery, paginationFields } from '../schemas/common.js';
import {
  CancelSubscriptionBody,
  CreateSubscriptionBody,
  SearchSubscriptionsBody,
  Subscription,
  SubscriptionStatus,
  UpdateSubscriptionBody,
} from '../schemas/subscription.js';
import type { Simulator } from '../simulator.js';
import { invalidProperty } from '../store/errors.js';
import type { ActivationSetting } from '../store/types.js';
import { bearer, errors, jsonBody, list, ok, pathParam, projectParams, searchList } from './shared.js';

const SubscriptionList = listOf(Subscription, 'SubscriptionList');
const subParams = projectParams.extend({ subscription: pathParam('subscription', 'sub') });
const tags = ['Subscriptions'];

const SubscriptionQuery = z.strictObject({
  ...paginationFields,
  user: csvString,
  status: csvEnum(SubscriptionStatus),
  plan: csvString,
  sim: csvString,
  phoneNumber: csvString,
});

export const ACTIVATION_HEADER = 'x-gigs-mock-activation';

/** `x-gigs-mock-activation: immediate | manual | <duration>` sets one subscription's activation. */
function activationOverride(header: string | undefined): Partial<ActivationSetting> | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === 'immediate' || value === 'manual') return { mode: value };
  const delayMs = parseDuration(value);
  if (delayMs === undefined) {
    throw invalidProperty(ACTIVATION_HEADER, `${ACTIVATION_HEADER} must be immediate, manual or a duration such as 5s.`);
  }
  return { mode: 'delay', delayMs };
}

const action = (verb: string, summary: string) =>
  createRoute({
    method: 'post',
    path: `/projects/{project}/subscriptions/{subscription}/${verb}`,
    tags,
    security: bearer,
    summary,
    request: { params: subParams, query: NoQuery },
    responses: { 200: ok(Subscription, 'The subscription'), ...errors },
  });

/** Made per simulator: its handlers track requests against that simulator (see createRouter). */
export const subscriptionsRouter = (sim: Simulator) =>
  createRouter(sim)
    .openapi(
      createRoute({
        method: 'post',
        path: '/projects/{project}/subscriptions',
        tags,
        security: bearer,
        summary: 'Create a subscription',
        request: { params: projectParams, query: NoQuery, body: jsonBody(CreateSubscriptionBody) },
        responses: { 201: ok(Subscription, 'The new subscription (pending)'), ...errors },
      }),
      (c) => {
        // With the control plane off, x-gigs-mock-* headers are ordinary unknown headers.
        const sim = c.get('sim');
        const activation = sim.options.controlPlane ? activationOverride(c.req.header(ACTIVATION_HEADER)) : undefined;
        return c.json(sim.store.subscriptions.create(c.get('project'), c.req.valid('json'), activation), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects/{project}/subscriptions',
        tags,
        security: bearer,
        summary: 'List subscriptions, newest first',
        request: { params: projectParams, query: SubscriptionQuery },
        responses: { 200: ok(SubscriptionList, 'A page of subscriptions'), ...errors },
      }),
      (c) => {
        const { after, before, limit, ...filter } = c.req.valid('query');
        return c.json(list(c.get('sim').store.subscriptions.list(c.get('project'), { after, before, limit }, filter)), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/projects/{project}/subscriptions/search',
        tags,
        security: bearer,
        summary: 'Find subscriptions by phone number',
        request: { params: projectParams, query: NoQuery, body: jsonBody(SearchSubscriptionsBody) },
        responses: { 200: ok(SubscriptionList, 'Matching subscriptions'), ...errors },
      }),
      (c) => c.json(searchList(c.get('sim').store.subscriptions.search(c.get('project'), c.req.valid('json').phoneNumber)), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects/{project}/subscriptions/{subscription}',
        tags,
        security: bearer,
        summary: 'Retrieve a subscription',
        request: { params: subParams, query: NoQuery },
        responses: { 200: ok(Subscription, 'The subscription'), ...errors },
      }),
      (c) => sendJson(c, c.get('sim').store.subscriptions.get(c.get('project'), c.req.valid('param').subscription), 200),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/projects/{project}/subscriptions/{subscription}',
        tags,
        security: bearer,
        summary: 'Update a subscription (metadata)',
        request: { params: subParams, query: NoQuery, body: jsonBody(UpdateSubscriptionBody) },
        responses: { 200: ok(Subscription, 'The updated subscription'), ...errors },
      }),
      (c) =>
        c.json(
          c.get('sim').store.subscriptions.update(c.get('project'), c.req.valid('param').subscription, c.req.valid('json')),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/projects/{project}/subscriptions/{subscription}/cancel',
        tags,
        security: bearer,
        summary: 'Cancel at the end of the current period (path inferred)',
        // The body is optional: a bare POST cancels without a reason.
        request: { params: subParams, query: NoQuery, body: { ...jsonBody(CancelSubscriptionBody), required: false } },
        responses: { 200: ok(Subscription, 'The subscription, still active until endedAt'), ...errors },
      }),
      (c) =>
        c.json(
          c.get('sim').store.subscriptions.cancel(c.get('project'), c.req.valid('param').subscription, c.req.valid('json')),
          200,
        ),
    )
    .openapi(action('resume', 'Undo a pending cancellation (path inferred)'), (c) =>
      c.json(c.get('sim').store.subscriptions.resume(c.get('project'), c.req.valid('param').subscription), 200),
    )
    .openapi(action('end', 'End now; cannot be undone (path inferred)'), (c) =>
      c.json(c.get('sim').store.subscriptions.end(c.get('project'), c.req.valid('param').subscription), 200),
    );
