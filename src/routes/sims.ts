import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../http/router.js';
import { csvEnum, csvString, listOf, NoQuery, paginationFields } from '../schemas/common.js';
import { SimType } from '../schemas/plan.js';
import { ESimProfile, SearchSimsBody, Sim, SimCredentials, SimStatus } from '../schemas/sim.js';
import type { Simulator } from '../simulator.js';
import { bearer, errors, jsonBody, list, ok, pathParam, projectParams, searchList } from './shared.js';

const SimList = listOf(Sim, 'SimList');
const simParams = projectParams.extend({ sim: pathParam('sim', 'sim') });
const tags = ['SIMs'];

const SimQuery = z.strictObject({
  ...paginationFields,
  type: csvEnum(SimType),
  status: csvEnum(SimStatus),
  iccid: csvString,
});

/** Made per simulator: its handlers track requests against that simulator (see createRouter). */
export const simsRouter = (sim: Simulator) =>
  createRouter(sim)
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects/{project}/sims',
        tags,
        security: bearer,
        summary: 'List SIMs, newest first',
        request: { params: projectParams, query: SimQuery },
        responses: { 200: ok(SimList, 'A page of SIMs'), ...errors },
      }),
      (c) => {
        const { after, before, limit, ...filter } = c.req.valid('query');
        return c.json(list(c.get('sim').store.sims.list(c.get('project'), { after, before, limit }, filter)), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/projects/{project}/sims/search',
        tags,
        security: bearer,
        summary: 'Find SIMs by ICCID',
        request: { params: projectParams, query: NoQuery, body: jsonBody(SearchSimsBody) },
        responses: { 200: ok(SimList, 'Matching SIMs'), ...errors },
      }),
      (c) => c.json(searchList(c.get('sim').store.sims.search(c.get('project'), c.req.valid('json').iccid)), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects/{project}/sims/{sim}',
        tags,
        security: bearer,
        summary: 'Retrieve a SIM',
        request: { params: simParams, query: NoQuery },
        responses: { 200: ok(Sim, 'The SIM'), ...errors },
      }),
      (c) => c.json(c.get('sim').store.sims.get(c.get('project'), c.req.valid('param').sim), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects/{project}/sims/{sim}/credentials',
        tags,
        security: bearer,
        summary: 'Retrieve the eSIM install credentials of a SIM',
        request: { params: simParams, query: NoQuery },
        responses: { 200: ok(SimCredentials, 'The credentials (eSIM fields null for a pSIM)'), ...errors },
      }),
      (c) => c.json(c.get('sim').store.sims.credentials(c.get('project'), c.req.valid('param').sim), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects/{project}/sims/{sim}/eSimProfile',
        tags,
        security: bearer,
        summary: 'Retrieve the eSIM profile state (404 for a pSIM)',
        request: { params: simParams, query: NoQuery },
        responses: { 200: ok(ESimProfile, 'The eSIM profile'), ...errors },
      }),
      (c) => c.json(c.get('sim').store.sims.eSimProfile(c.get('project'), c.req.valid('param').sim), 200),
    );
