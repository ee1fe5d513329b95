import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../http/router.js';
import { csvEnum, csvString, listOf, NoQuery, paginationFields } from '../schemas/common.js';
import { Plan, PlanStatus, SimType } from '../schemas/plan.js';
import type { Simulator } from '../simulator.js';
import { bearer, errors, list, ok, pathParam, projectParams } from './shared.js';

const PlanList = listOf(Plan, 'PlanList');
const tags = ['Plans'];

const PlanQuery = z.strictObject({
  ...paginationFields,
  simType: csvEnum(SimType),
  status: csvEnum(PlanStatus),
  provider: csvString,
});

/** Made per simulator: its handlers track requests against that simulator (see createRouter). */
export const plansRouter = (sim: Simulator) =>
  createRouter(sim)
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects/{project}/plans',
        tags,
        security: bearer,
        summary: 'List plans (filters take comma-separated values)',
        request: { params: projectParams, query: PlanQuery },
        responses: { 200: ok(PlanList, 'A page of plans'), ...errors },
      }),
      (c) => {
        const { simType, status, provider, ...page } = c.req.valid('query');
        return c.json(list(c.get('sim').store.plans.list(c.get('project'), page, { simType, status, provider })), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects/{project}/plans/{plan}',
        tags,
        security: bearer,
        summary: 'Retrieve a plan',
        request: { params: projectParams.extend({ plan: pathParam('plan', 'pln') }), query: NoQuery },
        responses: { 200: ok(Plan, 'The plan'), ...errors },
      }),
      (c) => c.json(c.get('sim').store.plans.get(c.get('project'), c.req.valid('param').plan), 200),
    );
