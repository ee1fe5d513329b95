import { createRoute } from '@hono/zod-openapi';
import { createRouter } from '../http/router.js';
import { NoQuery } from '../schemas/common.js';
import { ConnectSession, CreateConnectSessionBody } from '../schemas/connect-session.js';
import type { Simulator } from '../simulator.js';
import { bearer, errors, jsonBody, ok, pathParam, projectParams } from './shared.js';

const sessionParams = projectParams.extend({ connectSession: pathParam('connectSession', 'csn') });
const tags = ['Connect Sessions'];

/**
 * Connect Sessions (docs: "Connect Sessions" API reference): made here, used at their `url` (the
 * simulated Connect, src/connect) or by the embeds' token exchange.
 */
export const connectSessionsRouter = (sim: Simulator) =>
  createRouter(sim)
    .openapi(
      createRoute({
        method: 'post',
        path: '/projects/{project}/connectSessions',
        tags,
        security: bearer,
        summary: 'Create a Connect Session (its url is only in this response)',
        request: { params: projectParams, query: NoQuery, body: jsonBody(CreateConnectSessionBody) },
        responses: { 201: ok(ConnectSession, 'The new session, with its url'), ...errors },
      }),
      (c) => {
        const sim = c.get('sim');
        // 201 as documented; --connect-session-status 200 for Gigs' example app, which expects 200.
        return c.json(
          sim.store.connectSessions.create(c.get('project'), c.req.valid('json')),
          sim.options.connectSessionStatus as 201,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects/{project}/connectSessions/{connectSession}',
        tags,
        security: bearer,
        summary: 'Retrieve a Connect Session (url is null)',
        request: { params: sessionParams, query: NoQuery },
        responses: { 200: ok(ConnectSession, 'The session'), ...errors },
      }),
      (c) => c.json(c.get('sim').store.connectSessions.get(c.get('project'), c.req.valid('param').connectSession), 200),
    );
