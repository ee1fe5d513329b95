import { z } from '@hono/zod-openapi';
import { type Context, Hono } from 'hono';
import { toIso, toMillis } from '../engine/clock.js';
import { parseDuration } from '../engine/duration.js';
import type { FaultRule } from '../engine/faults.js';
import { isInstantMs } from '../engine/time-bounds.js';
import { readJson } from '../http/control.js';
import { isErrorType } from '../http/errors.js';
import type { AppEnv } from '../http/router.js';
import { scenarios } from '../scenarios/index.js';
import { replacementOfRetiredType } from '../schemas/error.js';
import { faultRuleFields } from '../schemas/fault.js';
import { PortingDeclinedCode, PortingRequiredField } from '../schemas/porting.js';
import { SimulateUsageBody } from '../schemas/usage.js';
import { DomainError, Messages } from '../store/errors.js';

const Duration = z
  .union([z.string(), z.number()])
  .refine((v) => parseDuration(v) !== undefined, 'must be a duration from 0 to 3650d, such as 500ms, 90s or 2m');
const toMs = (v: string | number) => parseDuration(v) as number;
/** Like x-gigs-mock-delay: long enough for any client timeout test, short enough not to wedge CI. */
const MAX_LATENCY_MS = 60_000;

const ClockBody = z
  .strictObject({
    advance: Duration.optional(),
    set: z.iso
      .datetime({ offset: true })
      .refine((v) => isInstantMs(Date.parse(v)), Messages.instantOutOfRange('set'))
      .optional(),
    frozen: z.boolean().optional(),
  })
  .refine((b) => b.advance !== undefined || b.set !== undefined || b.frozen !== undefined, 'send advance, set or frozen');

/** Gigs' usage simulation body, plus `at` (a past time in the subscription's life) for the control plane. */
const UsageBody = SimulateUsageBody.extend({ at: z.iso.datetime().optional() });

const ActivationBody = z.strictObject({ mode: z.enum(['delay', 'immediate', 'manual']).optional(), delay: Duration.optional() });

const PortingSettingBody = z.strictObject({ mode: z.enum(['delay', 'manual']).optional(), delay: Duration.optional() });
const DeclineBody = z.strictObject({ code: PortingDeclinedCode, message: z.string().trim().min(1).max(500).optional() });
const RequireBody = z.strictObject({ fields: z.array(PortingRequiredField).min(1).max(8) });

const FaultBody = z.strictObject({
  ...faultRuleFields,
  type: z
    .string()
    .refine(isErrorType, {
      error: ({ input }) => {
        const replacement = replacementOfRetiredType(String(input));
        return replacement ? Messages.retiredErrorType(String(input), replacement) : Messages.unknownErrorType;
      },
    })
    .optional(),
  latency: z
    .union([Duration, z.strictObject({ min: Duration, max: Duration })])
    .optional()
    .refine(
      (l) => l === undefined || typeof l !== 'object' || toMs(l.min) <= toMs(l.max),
      'latency.min must not exceed latency.max',
    )
    .refine((l) => {
      const longest = l === undefined ? 0 : parseDuration(typeof l === 'object' ? l.max : l);
      return longest === undefined || longest <= MAX_LATENCY_MS;
    }, 'latency can be at most 60s'),
});

const clockState = (c: Context<AppEnv>) => {
  const { clock, scheduler } = c.get('sim');
  const next = scheduler.nextDueAt();
  return {
    now: clock.nowIso(),
    frozen: clock.frozen,
    pendingJobs: scheduler.size,
    nextJobAt: next === undefined ? null : toIso(next),
  };
};

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
  .get('/clock', (c) => c.json(clockState(c)))
  .post('/clock', async (c) => {
    const sim = c.get('sim');
    const input = await readJson(c, ClockBody);
    // Check everything before changing anything: a refused request leaves the clock as it was.
    const jump = input.set === undefined ? 0 : toMillis(input.set) - sim.clock.now();
    if (jump < 0)
      throw new DomainError('invalid', Messages.clockInPast, {
        details: [{ property: 'set', code: 'propertyInvalid', message: Messages.clockInPast }],
      });
    const total = jump + (input.advance === undefined ? 0 : toMs(input.advance));
    sim.checkClockTarget(total, input.advance === undefined ? 'set' : 'advance');
    if (input.frozen !== undefined) sim.freeze(input.frozen);
    // Waits for webhook attempts between due times, so every retry in the window is replayed.
    const { canceled } = await sim.advanceCancelable(total);
    return c.json(canceled ? { ...clockState(c), canceled: true } : clockState(c));
  })
  .delete('/clock/advance', (c) => {
    const canceled = c.get('sim').cancelAdvance();
    return c.json({ canceled, ...clockState(c) });
  })
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
  .post('/projects/:project/subscriptions/:subscription/usage', async (c) => {
    const { at, ...usage } = await readJson(c, UsageBody);
    const record = c.get('sim').addUsage(c.req.param('project'), c.req.param('subscription'), {
      ...usage,
      ...(at !== undefined ? { at: Date.parse(at) } : {}),
    });
    return c.json(record);
  })
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
  .post('/faults', async (c) => {
    const input = await readJson(c, FaultBody);
    const { latency, ...rest } = input;
    const rule: FaultRule = { ...rest };
    if (latency !== undefined)
      rule.latency = typeof latency === 'object' ? { min: toMs(latency.min), max: toMs(latency.max) } : toMs(latency);
    return c.json(c.get('sim').addFault(rule), 201);
  })
  .delete('/faults', (c) => {
    c.get('sim').faults.clear();
    return c.json({ items: [] });
  })
  .delete('/faults/:id', (c) => {
    if (!c.get('sim').faults.remove(c.req.param('id'))) throw new DomainError('notFound', Messages.notFound('fault'));
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
  .get('/snapshot', (c) => c.json(c.get('sim').snapshot()))
  .put('/snapshot', async (c) => {
    const snapshot = await readJson(c, z.unknown());
    await c.get('sim').restoreAsync(snapshot);
    return c.json(clockState(c));
  });
