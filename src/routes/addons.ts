import { createRoute } from '@hono/zod-openapi';
import { createRouter } from '../http/router.js';
import { Addon, AddonQuery } from '../schemas/addon.js';
import { listOf, NoQuery } from '../schemas/common.js';
import type { Simulator } from '../simulator.js';
import { bearer, errors, list, ok, pathParam, projectParams } from './shared.js';

const AddonList = listOf(Addon, 'AddonList');
const tags = ['Add-ons'];

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
