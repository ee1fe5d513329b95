import { createRoute, z } from '@hono/zod-openapi';
import { parseDuration } from '../engine/duration.js';
import { createRouter } from '../http/router.js';
import { csvEnum, csvString, listOf, NoQuery, paginationFields } from '../schemas/common.js';
import { CreatePortingBody, Porting, PortingStatus, UpdatePortingBody } from '../schemas/porting.js';
import type { Simulator } from '../simulator.js';
import { invalidProperty } from '../store/errors.js';
import type { PortingSetting } from '../store/types.js';
import { bearer, errors, jsonBody, list, ok, pathParam, projectParams } from './shared.js';

const PortingList = listOf(Porting, 'PortingList');
const portingParams = projectParams.extend({ porting: pathParam('porting', 'prt') });
const tags = ['Portings'];

const PortingQuery = z.strictObject({
  ...paginationFields,
  status: csvEnum(PortingStatus),
  user: csvString,
  subscription: csvString,
  phoneNumber: csvString,
});

export const PORTING_HEADER = 'x-gigs-mock-porting';

/** `x-gigs-mock-porting: manual | <duration>`: how the simulated donor answers this porting or port-out. */
export function portingOverride(header: string | undefined): Partial<PortingSetting> | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === 'manual') return { mode: 'manual' };
  const delayMs = parseDuration(value);
  if (delayMs === undefined) {
    throw invalidProperty(PORTING_HEADER, `${PORTING_HEADER} must be manual or a duration such as 4h.`);
  }
  return { mode: 'delay', delayMs };
}

/** Port-ins: `/projects/{project}/portings` (reference §12.1). */
export const portingsRouter = (sim: Simulator) =>
  createRouter(sim)
    .openapi(
      createRoute({
        method: 'post',
        path: '/projects/{project}/portings',
        tags,
        security: bearer,
        summary: 'Create a porting (a draft, when the number is eligible)',
        request: { params: projectParams, query: NoQuery, body: jsonBody(CreatePortingBody) },
        responses: { 201: ok(Porting, 'The new porting (draft)'), ...errors },
      }),
      (c) => {
        const sim = c.get('sim');
        const timing = sim.options.controlPlane ? portingOverride(c.req.header(PORTING_HEADER)) : undefined;
        return c.json(sim.store.portings.create(c.get('project'), c.req.valid('json'), timing), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects/{project}/portings',
        tags,
        security: bearer,
        summary: 'List portings, newest first',
        request: { params: projectParams, query: PortingQuery },
        responses: { 200: ok(PortingList, 'A page of portings'), ...errors },
      }),
      (c) => {
        const { after, before, limit, ...filter } = c.req.valid('query');
        return c.json(list(c.get('sim').store.portings.list(c.get('project'), { after, before, limit }, filter)), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects/{project}/portings/{porting}',
        tags,
        security: bearer,
        summary: 'Retrieve a porting',
        request: { params: portingParams, query: NoQuery },
        responses: { 200: ok(Porting, 'The porting'), ...errors },
      }),
      (c) => c.json(c.get('sim').store.portings.get(c.get('project'), c.req.valid('param').porting), 200),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/projects/{project}/portings/{porting}',
        tags,
        security: bearer,
        summary: 'Update a porting (send what the donor needs; resubmits a declined one)',
        request: { params: portingParams, query: NoQuery, body: jsonBody(UpdatePortingBody) },
        responses: { 200: ok(Porting, 'The updated porting'), ...errors },
      }),
      (c) => c.json(c.get('sim').store.portings.update(c.get('project'), c.req.valid('param').porting, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/projects/{project}/portings/{porting}/cancel',
        tags,
        security: bearer,
        summary: 'Cancel a submitted porting (path inferred)',
        request: { params: portingParams, query: NoQuery },
        responses: { 200: ok(Porting, 'The canceled porting'), ...errors },
      }),
      (c) => c.json(c.get('sim').store.portings.cancel(c.get('project'), c.req.valid('param').porting), 200),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/projects/{project}/portings/{porting}',
        tags,
        security: bearer,
        summary: 'Delete a draft porting',
        request: { params: portingParams, query: NoQuery },
        responses: { 200: ok(Porting, 'The deleted porting'), ...errors },
      }),
      (c) => c.json(c.get('sim').store.portings.delete(c.get('project'), c.req.valid('param').porting), 200),
    );
