import { z } from '@hono/zod-openapi';
import { toIso, toMillis } from '../engine/clock.js';
import { parseDuration } from '../engine/duration.js';
import type { Fault, FaultRule } from '../engine/faults.js';
import { isInstantMs } from '../engine/time-bounds.js';
import { isErrorType } from '../http/errors.js';
import { validationError } from '../http/router.js';
import { replacementOfRetiredType } from '../schemas/error.js';
import { faultRuleFields } from '../schemas/fault.js';
import { SimulateUsageBody, type UsageRecord } from '../schemas/usage.js';
import type { Simulator } from '../simulator.js';
import { DomainError, Messages } from '../store/errors.js';

/**
 * The control plane's operations that take input: one function each, called by the JSON routes
 * (src/routes/control.ts) and by the inspector's forms (src/inspector), so both are checked and
 * behave exactly alike.
 */

export const Duration = z
  .union([z.string(), z.number()])
  .refine((v) => parseDuration(v) !== undefined, 'must be a duration from 0 to 3650d, such as 500ms, 90s or 2m');
export const toMs = (v: string | number) => parseDuration(v) as number;
/** Like x-gigs-mock-delay: long enough for any client timeout test, short enough not to wedge CI. */
const MAX_LATENCY_MS = 60_000;

export const ClockBody = z
  .strictObject({
    advance: Duration.optional(),
    set: z.iso
      .datetime({ offset: true })
      .refine((v) => isInstantMs(Date.parse(v)), Messages.instantOutOfRange('set'))
      .optional(),
    frozen: z.boolean().optional(),
  })
  .refine((b) => b.advance !== undefined || b.set !== undefined || b.frozen !== undefined, 'send advance, set or frozen');
export type ClockInput = z.infer<typeof ClockBody>;

/** Gigs' usage simulation body, plus `at` (a past time in the subscription's life) for the control plane. */
export const UsageBody = SimulateUsageBody.extend({ at: z.iso.datetime().optional() });

export const FaultBody = z.strictObject({
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

/** Checks raw input against a control-plane schema: a failure is the same 422 the JSON routes answer. */
export function parseInput<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  return parsed.data;
}

export interface ClockState {
  now: string;
  frozen: boolean;
  pendingJobs: number;
  nextJobAt: string | null;
}

export function clockState(sim: Simulator): ClockState {
  const next = sim.scheduler.nextDueAt();
  return {
    now: sim.clock.nowIso(),
    frozen: sim.clock.frozen,
    pendingJobs: sim.scheduler.size,
    nextJobAt: next === undefined ? null : toIso(next),
  };
}

/**
 * POST /__mock/clock: set, advance and (un)freeze; everything is checked before anything changes.
 * `canceled: true` when DELETE /__mock/clock/advance stopped the advance part way.
 */
export async function moveClock(sim: Simulator, input: ClockInput): Promise<ClockState & { canceled?: true }> {
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
  return canceled ? { ...clockState(sim), canceled: true } : clockState(sim);
}

/** DELETE /__mock/clock/advance: stops a running advance where it got to (the rest stays queued). */
export function cancelAdvance(sim: Simulator): ClockState & { canceled: boolean } {
  return { canceled: sim.cancelAdvance(), ...clockState(sim) };
}

/** POST /__mock/faults. */
export function addFault(sim: Simulator, input: z.infer<typeof FaultBody>): Fault {
  const { latency, ...rest } = input;
  const rule: FaultRule = { ...rest };
  if (latency !== undefined)
    rule.latency = typeof latency === 'object' ? { min: toMs(latency.min), max: toMs(latency.max) } : toMs(latency);
  return sim.addFault(rule);
}

/** DELETE /__mock/faults/{id}. */
export function removeFault(sim: Simulator, id: string): void {
  if (!sim.faults.remove(id)) throw new DomainError('notFound', Messages.notFound('fault'));
}

/** POST /__mock/projects/{project}/subscriptions/{subscription}/usage. */
export function addUsage(sim: Simulator, project: string, subscription: string, input: z.infer<typeof UsageBody>): UsageRecord {
  const { at, ...usage } = input;
  return sim.addUsage(project, subscription, { ...usage, ...(at !== undefined ? { at: Date.parse(at) } : {}) });
}

/** POST /__mock/events/{id}/redeliver. */
export function redeliverEvent(sim: Simulator, id: string) {
  const event = sim.events.get(id);
  if (!event) throw new DomainError('notFound', Messages.notFound('event'));
  return sim.webhooks.redeliver(event);
}
