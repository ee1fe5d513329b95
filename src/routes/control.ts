import { z } from '@hono/zod-openapi';
import { Hono } from 'hono';
import {
  addFault,
  addUsage,
  ClockBody,
  cancelAdvance,
  clockState,
  Duration,
  FaultBody,
  moveClock,
  removeFault,
  toMs,
  UsageBody,
} from '../control/operations.js';
import { readJson } from '../http/control.js';
import type { AppEnv } from '../http/router.js';
import { snapshotResponse } from '../http/snapshot-response.js';
import { scenarios } from '../scenarios/index.js';
import { PortingDeclinedCode, PortingRequiredField } from '../schemas/porting.js';
import { DomainError } from '../store/errors.js';

const ActivationBody = z.strictObject({ mode: z.enum(['delay', 'immediate', 'manual']).optional(), delay: Duration.optional() });

const PortingSettingBody = z.strictObject({ mode: z.enum(['delay', 'manual']).optional(), delay: Duration.optional() });
const DeclineBody = z.strictObject({ code: PortingDeclinedCode, message: z.string().trim().min(1).max(500).optional() });
const RequireBody = z.strictObject({ fields: z.array(PortingRequiredField).min(1).max(8) });

/** Control plane: reset, time, activation, scenarios, faults, request log and snapshots. */
export const controlRouter = new Hono<AppEnv>()
  .get('/health', (c) => {
    const sim = c.get('sim');
    const projects = sim.store.ctx.projects.size;
    const now = sim.clock.nowIso();
    // A failed state-file save is loud: acknowledged writes are at risk until a save succeeds.
    const failed = sim.stateFileError;
    if (failed !== undefined) return c.json({ status: 'degraded', stateFile: failed, projects, now }, 503);
    return c.json({ status: 'ok', projects, now });
  })
  .post('/reset', (c) => {
    const project = c.req.query('project') || undefined;
    c.get('sim').reset(project);
    return c.json({ reset: project ?? 'all' });
  })
  .get('/clock', (c) => c.json(clockState(c.get('sim'))))
  // Checks everything before changing anything: a refused request leaves the clock as it was.
  .post('/clock', async (c) => c.json(await moveClock(c.get('sim'), await readJson(c, ClockBody))))
  .delete('/clock/advance', (c) => c.json(cancelAdvance(c.get('sim'))))
  .put('/projects/:project/activation', async (c) => {
    const input = await readJson(c, ActivationBody);
    const setting = c.get('sim').setActivation(c.req.param('project'), {
      ...(input.mode ? { mode: input.mode } : {}),
      ...(input.delay !== undefined ? { delayMs: toMs(input.delay) } : {}),
    });
    return c.json({ mode: setting.mode, delayMs: setting.delayMs });
  })
  .post('/projects/:project/subscriptions/:subscription/activate', (c) =>
    c.json(c.get('sim').activate(c.req.param('project'), c.req.param('subscription'))),
  )
  .post('/projects/:project/subscriptions/:subscription/usage', async (c) =>
    c.json(addUsage(c.get('sim'), c.req.param('project'), c.req.param('subscription'), await readJson(c, UsageBody))),
  )
  .put('/projects/:project/porting', async (c) => {
    const input = await readJson(c, PortingSettingBody);
    const setting = c.get('sim').setPorting(c.req.param('project'), {
      ...(input.mode ? { mode: input.mode } : {}),
      ...(input.delay !== undefined ? { delayMs: toMs(input.delay) } : {}),
    });
    return c.json({ mode: setting.mode, delayMs: setting.delayMs });
  })
  // The donor's answers to a porting, and the other carrier's side of a port-out.
  .post('/projects/:project/portings/:porting/complete', (c) =>
    c.json(c.get('sim').completePorting(c.req.param('project'), c.req.param('porting'))),
  )
  .post('/projects/:project/portings/:porting/decline', async (c) => {
    const input = await readJson(c, DeclineBody);
    return c.json(c.get('sim').declinePorting(c.req.param('project'), c.req.param('porting'), input.code, input.message));
  })
  .post('/projects/:project/portings/:porting/require', async (c) => {
    const input = await readJson(c, RequireBody);
    return c.json(c.get('sim').requirePortingInformation(c.req.param('project'), c.req.param('porting'), input.fields));
  })
  .post('/projects/:project/portOuts/:portOut/issue', (c) =>
    c.json(c.get('sim').issuePortOut(c.req.param('project'), c.req.param('portOut'))),
  )
  .post('/projects/:project/portOuts/:portOut/complete', (c) =>
    c.json(c.get('sim').completePortOut(c.req.param('project'), c.req.param('portOut'))),
  )
  .post('/projects/:project/portOuts/:portOut/expire', (c) =>
    c.json(c.get('sim').expirePortOut(c.req.param('project'), c.req.param('portOut'))),
  )
  .get('/scenarios', (c) =>
    c.json({
      current: c.get('sim').scenario.name,
      items: scenarios.map((s) => ({ name: s.name, description: s.description })),
    }),
  )
  .post('/scenarios/:name', (c) => {
    const project = c.req.query('project') || undefined;
    c.get('sim').loadScenario(c.req.param('name'), project);
    return c.json({ scenario: c.req.param('name'), project: project ?? 'all' });
  })
  .get('/faults', (c) => c.json({ items: c.get('sim').faults.list() }))
  .post('/faults', async (c) => c.json(addFault(c.get('sim'), await readJson(c, FaultBody)), 201))
  .delete('/faults', (c) => {
    c.get('sim').faults.clear();
    return c.json({ items: [] });
  })
  .delete('/faults/:id', (c) => {
    removeFault(c.get('sim'), c.req.param('id'));
    return c.json({ deleted: c.req.param('id') });
  })
  .get('/requests', (c) => {
    const limit = Number(c.req.query('limit') ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
      throw new DomainError('invalid', 'limit must be a whole number from 1 to 200.', {
        details: [{ property: 'limit', code: 'propertyInvalid', message: 'limit must be a whole number from 1 to 200.' }],
      });
    }
    return c.json({ items: c.get('sim').requests.recent(limit) });
  })
  .get('/snapshot', (c) => snapshotResponse(c.get('sim')))
  .put('/snapshot', async (c) => {
    const snapshot = await readJson(c, z.unknown());
    await c.get('sim').restoreAsync(snapshot);
    return c.json(clockState(c.get('sim')));
  });
