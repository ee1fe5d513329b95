import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../http/router.js';
import { csvString, listOf, NoQuery, paginationFields } from '../schemas/common.js';
import { CreatePortOutBody, PortOut, PortOutCredentials } from '../schemas/porting.js';
import type { Simulator } from '../simulator.js';
import { PORTING_HEADER, portingOverride } from './portings.js';
import { bearer, errors, jsonBody, list, ok, pathParam, projectParams } from './shared.js';

const PortOutList = listOf(PortOut, 'PortOutList');
const portOutParams = projectParams.extend({ portOut: pathParam('portOut', 'pto') });
const tags = ['Port outs'];

const PortOutQuery = z.strictObject({ ...paginationFields, subscription: csvString });

/** Port-outs: `/projects/{project}/portOuts` (reference §12.2). */
export const portOutsRouter = (sim: Simulator) =>
  createRouter(sim)
    .openapi(
      createRoute({
        method: 'post',
        path: '/projects/{project}/portOuts',
        tags,
        security: bearer,
        summary: 'Create a port out for an active subscription',
        request: { params: projectParams, query: NoQuery, body: jsonBody(CreatePortOutBody) },
        responses: { 201: ok(PortOut, 'The new port out (processing)'), ...errors },
      }),
      (c) => {
        const sim = c.get('sim');
        const timing = sim.options.controlPlane ? portingOverride(c.req.header(PORTING_HEADER)) : undefined;
        return c.json(sim.store.portOuts.create(c.get('project'), c.req.valid('json'), timing), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects/{project}/portOuts',
        tags,
        security: bearer,
        summary: 'List port outs, newest first',
        request: { params: projectParams, query: PortOutQuery },
        responses: { 200: ok(PortOutList, 'A page of port outs'), ...errors },
      }),
      (c) => {
        const { after, before, limit, ...filter } = c.req.valid('query');
        return c.json(list(c.get('sim').store.portOuts.list(c.get('project'), { after, before, limit }, filter)), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects/{project}/portOuts/{portOut}',
        tags,
        security: bearer,
        summary: 'Retrieve a port out',
        request: { params: portOutParams, query: NoQuery },
        responses: { 200: ok(PortOut, 'The port out'), ...errors },
      }),
      (c) => c.json(c.get('sim').store.portOuts.get(c.get('project'), c.req.valid('param').portOut), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects/{project}/portOuts/{portOut}/credentials',
        tags,
        security: bearer,
        summary: 'Retrieve the credentials of an issued port out',
        request: { params: portOutParams, query: NoQuery },
        responses: { 200: ok(PortOutCredentials, 'The port-out credentials'), ...errors },
      }),
      (c) => c.json(c.get('sim').store.portOuts.credentials(c.get('project'), c.req.valid('param').portOut), 200),
    );
