import { z } from '@hono/zod-openapi';
import { isCatalogueAddon } from '../scenarios/addons.js';
import { findScenario } from '../scenarios/index.js';
import { UserAddress } from './address.js';
import { Device } from './device.js';
import { PlanDefinition } from './plan.js';
import { Sim } from './sim.js';
import { Subscription } from './subscription.js';
import { SubscriptionAddon } from './subscription-addon.js';
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
});

const SubscriptionAddonRecord = SubscriptionAddon.extend({ addon: z.string() });
const DeviceRecord = Device.omit({ model: true }).extend({ sims: z.array(z.string()), user: z.string().nullable() });

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
    settings: z.object({ activation: Activation }),
    users: z.array(User),
    addresses: z.array(UserAddress),
    plans: z.array(PlanDefinition),
    sims: z.array(SimRecord),
    subscriptions: z.array(SubscriptionRecord),
    subscriptionAddons: z.array(SubscriptionAddonRecord).optional(),
    devices: z.array(DeviceRecord).optional(),
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
    project.subscriptions.forEach((sub, i) => {
      if (!users.has(sub.user)) dangling(['subscriptions', i, 'user'], `unknown user ${sub.user}`);
      if (!plans.has(sub.plan)) dangling(['subscriptions', i, 'plan'], `unknown plan ${sub.plan}`);
      if (sub.sim !== null && !sims.has(sub.sim)) dangling(['subscriptions', i, 'sim'], `unknown SIM ${sub.sim}`);
    });
    const subscriptions = new Set(project.subscriptions.map((x) => x.id));
    const imeis = new Set<string>();
    const simsInDevices = new Set<string>();
    project.devices?.forEach((device, i) => {
      if (device.user !== null && !users.has(device.user)) dangling(['devices', i, 'user'], `unknown user ${device.user}`);
      device.sims.forEach((sim, j) => {
        if (!sims.has(sim)) dangling(['devices', i, 'sims', j], `unknown SIM ${sim}`);
        if (simsInDevices.has(sim)) dangling(['devices', i, 'sims', j], `SIM ${sim} in two devices`);
        simsInDevices.add(sim);
      });
      if (device.imei !== null) {
        if (imeis.has(device.imei)) dangling(['devices', i, 'imei'], `duplicate IMEI ${device.imei}`);
        imeis.add(device.imei);
      }
    });
    project.subscriptionAddons?.forEach((sad, i) => {
      if (!subscriptions.has(sad.subscription))
        dangling(['subscriptionAddons', i, 'subscription'], `unknown subscription ${sad.subscription}`);
      if (!users.has(sad.user)) dangling(['subscriptionAddons', i, 'user'], `unknown user ${sad.user}`);
      if (!isCatalogueAddon(sad.addon)) dangling(['subscriptionAddons', i, 'addon'], `unknown add-on ${sad.addon}`);
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
