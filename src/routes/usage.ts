import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../http/router.js';
import { NoQuery } from '../schemas/common.js';
import { SimulateUsageBody, UsageQuery, UsageRecord } from '../schemas/usage.js';
import type { Simulator } from '../simulator.js';
import { bearer, errors, jsonBody, ok, pathParam, projectParams, searchList } from './shared.js';

const tags = ['Usage'];
const subParams = projectParams.extend({ subscription: pathParam('subscription', 'sub') });
const UsageList = z
  .object({
    object: z.literal('list'),
    items: z.array(UsageRecord),
    moreItemsAfter: z.string().nullable(),
    moreItemsBefore: z.string().nullable(),
  })
  .openapi('UsageRecordList');

/** Made per simulator: its handlers track requests against that simulator (see createRouter). */
export const usageRouter = (sim: Simulator) =>
  createRouter(sim)
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects/{project}/subscriptions/{subscription}/usage',
        tags,
        security: bearer,
        summary: 'List usage records, ascending, daily by default, for the latest period unless asked otherwise',
        request: { params: subParams, query: UsageQuery },
        responses: { 200: ok(UsageList, 'The usage records'), ...errors },
      }),
      (c) => {
        const records = c.get('sim').store.usage.list(c.get('project'), c.req.valid('param').subscription, c.req.valid('query'));
        return c.json(searchList(records), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/testing/projects/{project}/subscriptions/{subscription}/usage',
        tags,
        security: bearer,
        summary: "Simulate usage, as Gigs' testing endpoint does (answers the day's total for the country)",
        request: { params: subParams, query: NoQuery, body: jsonBody(SimulateUsageBody) },
        responses: { 200: ok(UsageRecord, "The subscription's usage that day in that country"), ...errors },
      }),
      (c) => c.json(c.get('sim').store.usage.add(c.get('project'), c.req.valid('param').subscription, c.req.valid('json')), 200),
    );
