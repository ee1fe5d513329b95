import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../http/router.js';
import { Addon, AddonStatus } from '../schemas/addon.js';
import { csvEnum, csvString, listOf, NoQuery, paginationFields } from '../schemas/common.js';
import type { Simulator } from '../simulator.js';
import { bearer, errors, list, ok, pathParam, projectParams } from './shared.js';

const AddonList = listOf(Addon, 'AddonList');
const tags = ['Add-ons'];

// `status` and `provider` are what Gigs' example app filters by
// (gigs/connect-sessions-buy-manage-example lib/api.ts: `addons?status=available&provider=…`).
const AddonQuery = z.strictObject({
  ...paginationFields,
  status: csvEnum(AddonStatus),
  provider: csvString,
});

/** Made per simulator: its handlers track requests against that simulator (see createRouter). */
export const addonsRouter = (sim: Simulator) =>
  createRouter(sim)
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects/{project}/addons',
        tags,
        security: bearer,
        summary: 'List add-ons (filters take comma-separated values)',
        request: { params: projectParams, query: AddonQuery },
        responses: { 200: ok(AddonList, 'A page of add-ons'), ...errors },
      }),
      (c) => {
        const { status, provider, ...page } = c.req.valid('query');
        return c.json(list(c.get('sim').store.addons.list(page, { status, provider })), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects/{project}/addons/{addon}',
        tags,
        security: bearer,
        summary: 'Retrieve an add-on',
        request: { params: projectParams.extend({ addon: pathParam('addon', 'add') }), query: NoQuery },
        responses: { 200: ok(Addon, 'The add-on'), ...errors },
      }),
      (c) => c.json(c.get('sim').store.addons.get(c.req.valid('param').addon), 200),
    );
