import { z } from '@hono/zod-openapi';
import { findScenario } from '../scenarios/index.js';
import { UserAddress } from './address.js';
import { PlanDefinition } from './plan.js';
import { Porting, PortOut } from './porting.js';
import { Sim } from './sim.js';
import { Subscription } from './subscription.js';
import { User } from './user.js';

const Activation = z.object({ mode: z.enum(['delay', 'immediate', 'manual']), delayMs: z.number().int().nonnegative() });

const SimRecord = Sim.extend({
  activationCode: z.string().nullable(),
  qrToken: z.string().nullable(),
  subscription: z.string().nullable(),
});
const SubscriptionRecord = Subscription.extend({
  plan: z.string(),
  user: z.string(),
  sim: z.string().nullable(),
  simType: z.enum(['eSIM', 'pSIM']),
  activation: Activation,
  porting: z.string().nullable(),
  lastPorting: z.string().nullable(),
});

// Portings and port-outs (issue 16): optional per project, so snapshots made before them still load.
const PortingTiming = z.object({ mode: z.enum(['delay', 'manual']), delayMs: z.number().int().nonnegative() });
const PortingRecord = Porting.omit({ recipientProvider: true }).extend({
  donorProvider: z.string().nullable(),
  accountPinRejected: z.boolean(),
  step: z.number().int().nonnegative(),
  timing: PortingTiming,
});
const PortOutRecord = PortOut.extend({
  step: z.number().int().nonnegative(),
  timing: PortingTiming,
  credentials: z.object({ accountNumber: z.string(), accountPin: z.string(), expiresAt: z.string() }).nullable(),
});

// Checked as strictly as the rule compiler needs: a rule that cannot be compiled or matched would
// otherwise fail half-way through a restore.
const FaultRecord = z.object({
  id: z.string().min(1),
  hits: z.number().int().nonnegative(),
  method: z.string().optional(),
  path: z.string().optional(),
  project: z.string().optional(),
  status: z.number().int().min(400).max(599).optional(),
  type: z.string().optional(),
  code: z.string().optional(),
  message: z.string().optional(),
  latency: z
    .union([z.number().nonnegative(), z.object({ min: z.number().nonnegative(), max: z.number().nonnegative() })])
    .optional(),
  probability: z.number().min(0).max(1).optional(),
  times: z.number().int().min(1).optional(),
});

/**
 * The shape `PUT /__mock/snapshot` accepts: checked in full before anything is replaced, so a bad
 * snapshot is a 422 and the running state stays as it was.
 */
const RandomState = z.object({
  seed: z.string(),
  words: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  counter: z.number(),
});

const ProjectRecord = z
  .object({
    id: z.string().min(1),
    settings: z.object({ activation: Activation, porting: PortingTiming.optional() }),
    users: z.array(User),
    addresses: z.array(UserAddress),
    plans: z.array(PlanDefinition),
    sims: z.array(SimRecord),
    subscriptions: z.array(SubscriptionRecord),
    portings: z.array(PortingRecord).optional(),
    portOuts: z.array(PortOutRecord).optional(),
  })
  // References must resolve: a dangling one would answer 500 on every list that shows it.
  .superRefine((project, ctx) => {
    const users = new Set(project.users.map((u) => u.id));
    const plans = new Set(project.plans.map((x) => x.id));
    const sims = new Set(project.sims.map((x) => x.id));
    const dangling = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    project.addresses.forEach((a, i) => {
      if (!users.has(a.user)) dangling(['addresses', i, 'user'], `unknown user ${a.user}`);
    });
    const portings = new Set((project.portings ?? []).map((x) => x.id));
    const subscriptions = new Set(project.subscriptions.map((x) => x.id));
    (project.portings ?? []).forEach((x, i) => {
      if (!users.has(x.user)) dangling(['portings', i, 'user'], `unknown user ${x.user}`);
      if (x.subscription !== null && !subscriptions.has(x.subscription)) {
        dangling(['portings', i, 'subscription'], `unknown subscription ${x.subscription}`);
      }
    });
    (project.portOuts ?? []).forEach((x, i) => {
      if (!subscriptions.has(x.subscription)) dangling(['portOuts', i, 'subscription'], `unknown subscription ${x.subscription}`);
    });
    project.subscriptions.forEach((sub, i) => {
      if (sub.porting !== null && !portings.has(sub.porting))
        dangling(['subscriptions', i, 'porting'], `unknown porting ${sub.porting}`);
      if (!users.has(sub.user)) dangling(['subscriptions', i, 'user'], `unknown user ${sub.user}`);
      if (!plans.has(sub.plan)) dangling(['subscriptions', i, 'plan'], `unknown plan ${sub.plan}`);
      if (sub.sim !== null && !sims.has(sub.sim)) dangling(['subscriptions', i, 'sim'], `unknown SIM ${sub.sim}`);
    });
  });

export const SnapshotBody = z.object({
  format: z.literal('gigs-mock/snapshot@1'),
  clock: z.object({ frozen: z.boolean(), value: z.number().finite() }),
  random: RandomState,
  jobs: z.array(
    z.object({
      at: z.number(),
      seq: z.number(),
      kind: z.string(),
      project: z.string(),
      target: z.string(),
      data: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
  projects: z.array(ProjectRecord),
  scenario: z
    .string()
    .refine((name) => findScenario(name) !== undefined, 'must name a known scenario')
    .optional(),
  faults: z.array(FaultRecord).optional(),
  faultRandom: RandomState.optional(),
});
