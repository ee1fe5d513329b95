import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../http/router.js';
import { csvString, listOf, paginationFields } from '../schemas/common.js';
import { ServiceProvider } from '../schemas/porting.js';
import type { Simulator } from '../simulator.js';
import { listServiceProviders } from '../store/service-providers.js';
import { bearer, errors, list, ok } from './shared.js';

const ServiceProviderList = listOf(ServiceProvider, 'ServiceProviderList');

const ServiceProviderQuery = z.strictObject({ ...paginationFields, recipientProvider: csvString });

/**
 * `GET /serviceProviders`, outside any project, where Gigs' own SDK calls it
 * (gigs/embeds-react-native `src/data/api.ts`: `?limit=200&recipientProvider=<provider>`).
 */
export const serviceProvidersRouter = (sim: Simulator) =>
  createRouter(sim).openapi(
    createRoute({
      method: 'get',
      path: '/serviceProviders',
      tags: ['Service providers'],
      security: bearer,
      summary: 'List service providers (donor carriers), optionally those that port to a recipient provider',
      request: { query: ServiceProviderQuery },
      responses: { 200: ok(ServiceProviderList, 'A page of service providers'), 401: errors[401], 422: errors[422] },
    }),
    (c) => {
      const { after, before, limit, ...filter } = c.req.valid('query');
      return c.json(list(listServiceProviders({ after, before, limit }, filter)), 200);
    },
  );
