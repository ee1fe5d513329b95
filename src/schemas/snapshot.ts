import { z } from '@hono/zod-openapi';
import { isDueMs, isDurationMs, isInstantMs, MAX_DURATION_MS } from '../engine/time-bounds.js';
import { isCatalogueAddon } from '../scenarios/addons.js';
import { findScenario } from '../scenarios/index.js';
import { UserAddress } from './address.js';
import { PROJECT_ID_PATTERN } from './common.js';
import { CallbackUrl, IntentInput, UserDetails } from './connect-session.js';
import { Device } from './device.js';
import { ErrorType } from './error.js';
import { faultRuleFields } from './fault.js';
import { PlanDefinition } from './plan.js';
import { Porting, PortOut } from './porting.js';
import { Sim } from './sim.js';
import { Subscription } from './subscription.js';
import { SubscriptionAddon } from './subscription-addon.js';
import { SubscriptionChange } from './subscription-change.js';
import { User } from './user.js';

/**
 * The shape `PUT /__mock/snapshot` and `--state-file` accept, checked in full before anything is
 * replaced: a bad snapshot is a 422 (or a one-line start-up error) and the running state stays as
 * it was. It is checked as strictly as the API checks what it stores, because whatever is
 * accepted here must work afterwards and be saved again: every time inside the bounds of
 * engine/time-bounds.ts, every reference resolving, nothing the API would refuse (a second user
 * with the same email, two live subscriptions on one SIM, a QR token used twice), and scheduled
 * work only of the kinds the engine runs, with the data each kind takes (so no value nests deeper
 * than the schema does).
 */

const PROJECT_ID = PROJECT_ID_PATTERN;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

/** A stored timestamp: the Gigs ISO form, and a time the simulator can compute with. */
const Stamp = z.string().refine((v) => ISO.test(v) && isDueMs(Date.parse(v)), 'must be an ISO-8601 UTC time from 1970 to 9020');
const Day = z.iso.date().nullable();
const Metadata = z
  .record(z.string().min(1).max(40), z.string().max(255))
  .refine((m) => Object.keys(m).length <= 10, 'metadata has at most 10 keys');

const Activation = z.strictObject({
  mode: z.enum(['delay', 'immediate', 'manual']),
  delayMs: z.number().int().refine(isDurationMs, 'delayMs must be from 0 to 3650 days'),
});

const periodLength = (validity: { value: number; unit: 'day' | 'month'; minimumPeriods: number }) =>
  validity.value * Math.max(1, validity.minimumPeriods) * (validity.unit === 'day' ? 86_400_000 : 31 * 86_400_000);

const PlanRecord = PlanDefinition.extend({
  metadata: Metadata,
  createdAt: Stamp,
  validity: PlanDefinition.shape.validity.refine(
    (v) => periodLength(v) <= MAX_DURATION_MS,
    'validity (times minimumPeriods) must be at most 3650 days',
  ),
});
const UserRecord = User.extend({ metadata: Metadata, createdAt: Stamp, birthday: Day, email: z.string().min(1).max(320) });
const AddressRecord = UserAddress.extend({ createdAt: Stamp });
const SimRecord = Sim.extend({
  metadata: Metadata,
  createdAt: Stamp,
  activationCode: z.string().max(255).nullable(),
  qrToken: z.string().min(1).max(128).nullable(),
  subscription: z.string().nullable(),
});
const Period = z.object({ number: z.number().int().min(1).max(1_000_000), start: Stamp, end: Stamp });
const SubscriptionRecord = Subscription.extend({
  metadata: Metadata,
  activatedAt: Stamp.nullable(),
  canceledAt: Stamp.nullable(),
  createdAt: Stamp,
  currentPeriod: Period.nullable(),
  earliestEndAt: Stamp.nullable(),
  endedAt: Stamp.nullable(),
  firstUsageAt: Stamp.nullable(),
  restrictedAt: Stamp.nullable(),
  plan: z.string(),
  user: z.string(),
  sim: z.string().nullable(),
  simType: z.enum(['eSIM', 'pSIM']),
  activation: Activation,
  porting: z.string().nullable(),
  lastPorting: z.string().nullable(),
  periodAnchor: z.strictObject({ start: Stamp, number: z.number().int().min(1).max(1_000_000) }).optional(),
});

// Portings and port-outs (issue 16): optional per project, so snapshots made before them still load.
const PortingTiming = z.strictObject({
  mode: z.enum(['delay', 'manual']),
  delayMs: z.number().int().refine(isDurationMs, 'delayMs must be from 0 to 3650 days'),
});
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

const Hash = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hash, hex');
const ConnectSessionRecord = z.strictObject({
  object: z.literal('connectSession'),
  id: z
    .string()
    .regex(/^csn_[0-9A-Za-z]+$/)
    .max(64),
  appearance: z.strictObject({ theme: z.enum(['light', 'dark']).optional() }),
  // The same check as the API's: a javascript: URL restored from a snapshot would run in Connect's page.
  callbackUrl: CallbackUrl.nullable(),
  intent: IntentInput,
  user: z.string().max(64).nullable(),
  userDetails: UserDetails.nullable(),
  createdAt: Stamp,
  expiresAt: Stamp,
  secretHash: Hash.nullable(),
  usedAt: Stamp.nullable(),
  completedAt: Stamp.nullable(),
  result: z.string().max(64).nullable(),
  grants: z
    .array(z.strictObject({ hash: Hash, kind: z.enum(['user', 'browser']), user: z.string().max(64), expiresAt: Stamp }))
    .max(100),
});

const SubscriptionAddonRecord = SubscriptionAddon.extend({
  activatedAt: Stamp.nullable(),
  addon: z.string(),
  canceledAt: Stamp.nullable(),
  createdAt: Stamp,
  currentPeriod: Period.nullable(),
  endedAt: Stamp.nullable(),
});
const SubscriptionChangeRecord = SubscriptionChange.omit({ plan: true }).extend({
  appliedAt: Stamp.nullable(),
  createdAt: Stamp,
  scheduledAt: Stamp.nullable(),
  sim: z.string().nullable(),
});
const Count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const UsageEntryRecord = z.strictObject({
  subscription: z.string(),
  period: z.number().int().min(1).max(1_000_000),
  start: z.number().int().refine(isDueMs, 'start must be a time (ms)'),
  end: z.number().int().refine(isDueMs, 'end must be a time (ms)'),
  day: z
    .number()
    .int()
    .refine((ms) => isDueMs(ms) && ms % 86_400_000 === 0, 'day must be the start of a UTC day (ms)'),
  country: z.string().regex(/^[A-Z]{2}$/),
  data: Count,
  voice: Count,
  sms: Count,
});
const DeviceRecord = Device.omit({ model: true }).extend({
  metadata: Metadata,
  createdAt: Stamp,
  sims: z.array(z.string()).max(10),
  user: z.string().nullable(),
});

const Latency = z.number().int().min(0).max(60_000);

// As strict as POST /__mock/faults: a rule that cannot be compiled or matched would otherwise fail
// half-way through a restore, or on every request afterwards.
const FaultRecord = z.strictObject({
  id: z.string().regex(/^flt_\d{1,15}$/),
  hits: z.number().int().nonnegative(),
  ...faultRuleFields,
  type: ErrorType.optional(),
  latency: z
    .union([Latency, z.strictObject({ min: Latency, max: Latency }).refine((l) => l.min <= l.max, 'min must not exceed max')])
    .optional(),
});

// sfc32's words are 32-bit: stored signed or unsigned, depending on the last operation.
const Uint32 = z
  .number()
  .int()
  .min(-(2 ** 31))
  .max(0xffff_ffff);
const RandomState = z.strictObject({
  seed: z.string().max(256),
  words: z.tuple([Uint32, Uint32, Uint32, Uint32]),
  counter: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
});

const jobFields = {
  at: z.number().int().refine(isDueMs, 'must be a due time from 1970 to 9020 (ms)'),
  seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  project: z.string().regex(PROJECT_ID),
  target: z.string().min(1).max(64),
};
// The kinds of scheduled work the engine runs (store/subscriptions.ts, engine/webhooks.ts), each
// with the data it takes and nothing else.
export const Job = z.discriminatedUnion('kind', [
  z.strictObject({ ...jobFields, kind: z.literal('subscription.activate') }),
  z.strictObject({
    ...jobFields,
    kind: z.literal('subscription.periodEnd'),
    data: z.strictObject({ period: z.number().int().min(1).max(1_000_000) }),
  }),
  z.strictObject({ ...jobFields, kind: z.literal('webhook.retry') }),
  z.strictObject({
    ...jobFields,
    kind: z.literal('subscriptionAddon.periodEnd'),
    data: z.strictObject({ period: z.number().int().min(1).max(1_000_000) }),
  }),
  // The simulated donor's steps and the 30-day expiries (store/portings.ts, store/port-outs.ts).
  ...(['porting.step', 'porting.expire', 'portOut.issue', 'portOut.expire'] as const).map((kind) =>
    z.strictObject({
      ...jobFields,
      kind: z.literal(kind),
      data: z.strictObject({ step: z.number().int().min(0).max(1_000_000) }),
    }),
  ),
]);

export type Issue = (path: (string | number)[], message: string) => void;

/** Ids of one collection are unique (a second record would shadow the first). */
function uniqueIds(items: { id: string }[], path: string, issue: Issue): Set<string> {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) issue([path, i, 'id'], `duplicate id ${item.id}`);
    seen.add(item.id);
  });
  return seen;
}

export const ProjectHead = z.object({
  id: z.string().regex(PROJECT_ID, 'must be a project id: a letter or digit, then up to 63 letters, digits, _ or -'),
  settings: z.object({ activation: Activation, porting: PortingTiming.optional() }),
});

/** The item schema of each list of a project (the lists after `users` may be absent in old snapshots). */
export const PROJECT_ITEMS = {
  users: UserRecord,
  addresses: AddressRecord,
  plans: PlanRecord,
  sims: SimRecord,
  subscriptions: SubscriptionRecord,
  subscriptionAddons: SubscriptionAddonRecord,
  devices: DeviceRecord,
  subscriptionChanges: SubscriptionChangeRecord,
  usage: UsageEntryRecord,
  portings: PortingRecord,
  portOuts: PortOutRecord,
  connectSessions: ConnectSessionRecord,
} as const;

export type ProjectShape = z.infer<typeof ProjectRecord>;

const ProjectRecord = ProjectHead.extend({
  users: z.array(UserRecord),
  addresses: z.array(AddressRecord),
  plans: z.array(PlanRecord),
  sims: z.array(SimRecord),
  subscriptions: z.array(SubscriptionRecord),
  subscriptionAddons: z.array(SubscriptionAddonRecord).optional(),
  devices: z.array(DeviceRecord).optional(),
  subscriptionChanges: z.array(SubscriptionChangeRecord).optional(),
  usage: z.array(UsageEntryRecord).optional(),
  portings: z.array(PortingRecord).optional(),
  portOuts: z.array(PortOutRecord).optional(),
  connectSessions: z.array(ConnectSessionRecord).optional(),
}).superRefine((project, ctx) => projectRules(project, (path, message) => ctx.addIssue({ code: 'custom', path, message })));

/**
 * What must hold inside a project: references resolve (a dangling one would answer 500 on every
 * list that shows it), and what the API keeps unique stays unique.
 */
export function projectRules(project: ProjectShape, issue: Issue): void {
  const users = uniqueIds(project.users, 'users', issue);
  const plans = uniqueIds(project.plans, 'plans', issue);
  const sims = uniqueIds(project.sims, 'sims', issue);
  const subscriptions = uniqueIds(project.subscriptions, 'subscriptions', issue);
  uniqueIds(project.addresses, 'addresses', issue);
  const emails = new Set<string>();
  project.users.forEach((u, i) => {
    if (u.status === 'deleted') return;
    const email = u.email.toLowerCase();
    if (emails.has(email)) issue(['users', i, 'email'], `a second user with the email ${u.email}`);
    emails.add(email);
  });
  project.addresses.forEach((a, i) => {
    if (!users.has(a.user)) issue(['addresses', i, 'user'], `unknown user ${a.user}`);
  });
  const iccids = new Set<string>();
  project.sims.forEach((s, i) => {
    const iccid = s.iccid.toUpperCase();
    if (iccids.has(iccid)) issue(['sims', i, 'iccid'], `a second SIM with the ICCID ${s.iccid}`);
    iccids.add(iccid);
    if (s.subscription !== null && !subscriptions.has(s.subscription)) {
      issue(['sims', i, 'subscription'], `unknown subscription ${s.subscription}`);
    }
  });
  const simUsers = new Map<string, string>();
  const phoneNumbers = new Set<string>();
  project.subscriptions.forEach((sub, i) => {
    if (!users.has(sub.user)) issue(['subscriptions', i, 'user'], `unknown user ${sub.user}`);
    if (!plans.has(sub.plan)) issue(['subscriptions', i, 'plan'], `unknown plan ${sub.plan}`);
    if (sub.sim !== null && !sims.has(sub.sim)) issue(['subscriptions', i, 'sim'], `unknown SIM ${sub.sim}`);
    if (sub.status === 'ended') return;
    if (sub.sim !== null) {
      const other = simUsers.get(sub.sim);
      if (other !== undefined) issue(['subscriptions', i, 'sim'], `SIM ${sub.sim} is already used by ${other}`);
      simUsers.set(sub.sim, sub.id);
    }
    if (sub.phoneNumber !== null) {
      if (phoneNumbers.has(sub.phoneNumber)) issue(['subscriptions', i, 'phoneNumber'], `a second ${sub.phoneNumber}`);
      phoneNumbers.add(sub.phoneNumber);
    }
  });
  uniqueIds(project.devices ?? [], 'devices', issue);
  uniqueIds(project.subscriptionChanges ?? [], 'subscriptionChanges', issue);
  const usageDays = new Set<string>();
  project.usage?.forEach((entry, i) => {
    if (!subscriptions.has(entry.subscription)) issue(['usage', i, 'subscription'], `unknown subscription ${entry.subscription}`);
    const key = `${entry.subscription}:${entry.period}:${entry.day}:${entry.country}`;
    if (usageDays.has(key)) issue(['usage', i], `a second usage entry for ${key}`);
    usageDays.add(key);
  });
  const pending = new Set<string>();
  project.subscriptionChanges?.forEach((change, i) => {
    if (!subscriptions.has(change.subscription))
      issue(['subscriptionChanges', i, 'subscription'], `unknown subscription ${change.subscription}`);
    const plan = change.requestedChange.plan;
    if (plan !== null && !plans.has(plan)) issue(['subscriptionChanges', i, 'requestedChange', 'plan'], `unknown plan ${plan}`);
    if (change.sim !== null && !sims.has(change.sim)) issue(['subscriptionChanges', i, 'sim'], `unknown SIM ${change.sim}`);
    if (change.status !== 'pending') return;
    if (plan === null) issue(['subscriptionChanges', i, 'status'], 'only a plan change can be pending');
    if (pending.has(change.subscription))
      issue(['subscriptionChanges', i, 'status'], `a second pending change of ${change.subscription}`);
    pending.add(change.subscription);
  });
  uniqueIds(project.subscriptionAddons ?? [], 'subscriptionAddons', issue);
  const imeis = new Set<string>();
  const simsInDevices = new Set<string>();
  project.devices?.forEach((device, i) => {
    if (device.user !== null && !users.has(device.user)) issue(['devices', i, 'user'], `unknown user ${device.user}`);
    device.sims.forEach((sim, j) => {
      if (!sims.has(sim)) issue(['devices', i, 'sims', j], `unknown SIM ${sim}`);
      if (simsInDevices.has(sim)) issue(['devices', i, 'sims', j], `SIM ${sim} in two devices`);
      simsInDevices.add(sim);
    });
    if (device.imei !== null) {
      if (imeis.has(device.imei)) issue(['devices', i, 'imei'], `duplicate IMEI ${device.imei}`);
      imeis.add(device.imei);
    }
  });
  const portings = uniqueIds(project.portings ?? [], 'portings', issue);
  uniqueIds(project.portOuts ?? [], 'portOuts', issue);
  (project.portings ?? []).forEach((x, i) => {
    if (!users.has(x.user)) issue(['portings', i, 'user'], `unknown user ${x.user}`);
    if (x.subscription !== null && !subscriptions.has(x.subscription)) {
      issue(['portings', i, 'subscription'], `unknown subscription ${x.subscription}`);
    }
  });
  (project.portOuts ?? []).forEach((x, i) => {
    if (!subscriptions.has(x.subscription)) issue(['portOuts', i, 'subscription'], `unknown subscription ${x.subscription}`);
  });
  project.subscriptions.forEach((sub, i) => {
    if (sub.porting !== null && !portings.has(sub.porting))
      issue(['subscriptions', i, 'porting'], `unknown porting ${sub.porting}`);
  });
  uniqueIds(project.connectSessions ?? [], 'connectSessions', issue);
  const hashes = new Set<string>();
  project.connectSessions?.forEach((session, i) => {
    if (session.user !== null && !users.has(session.user)) issue(['connectSessions', i, 'user'], `unknown user ${session.user}`);
    const tokens = [session.secretHash, ...session.grants.map((g) => g.hash)];
    tokens.forEach((hash, j) => {
      if (hash === null) return;
      if (hashes.has(hash)) issue(['connectSessions', i, j === 0 ? 'secretHash' : 'grants'], 'a token hash used twice');
      hashes.add(hash);
    });
    session.grants.forEach((g, j) => {
      if (!users.has(g.user)) issue(['connectSessions', i, 'grants', j, 'user'], `unknown user ${g.user}`);
    });
  });
  project.subscriptionAddons?.forEach((sad, i) => {
    if (!subscriptions.has(sad.subscription))
      issue(['subscriptionAddons', i, 'subscription'], `unknown subscription ${sad.subscription}`);
    if (!users.has(sad.user)) issue(['subscriptionAddons', i, 'user'], `unknown user ${sad.user}`);
    if (!isCatalogueAddon(sad.addon)) issue(['subscriptionAddons', i, 'addon'], `unknown add-on ${sad.addon}`);
  });
}

export const snapshotFields = {
  format: z.literal('gigs-mock/snapshot@1'),
  clock: z.object({
    frozen: z.boolean(),
    value: z.number().refine(isInstantMs, 'must be a time from 1970-01-01 to 9000-01-01 (ms)'),
  }),
  random: RandomState,
  jobs: z.array(Job),
  scenario: z
    .string()
    .refine((name) => findScenario(name) !== undefined, 'must name a known scenario')
    .optional(),
  faults: z.array(FaultRecord).optional(),
  faultRandom: RandomState.optional(),
};

/** Everything but the projects' contents, which are checked one project at a time (see checkSnapshot). */
export const SnapshotFrame = z.object({ ...snapshotFields, projects: z.array(z.object({ id: z.unknown() }).loose()) });

export type SnapshotShape = Omit<z.infer<typeof SnapshotFrame>, 'projects'> & { projects: z.infer<typeof ProjectRecord>[] };

export const SnapshotBody = z
  .object({ ...snapshotFields, projects: z.array(ProjectRecord) })
  .superRefine((snapshot, ctx) => crossChecks(snapshot, (path, message) => ctx.addIssue({ code: 'custom', path, message })));

/** What must hold across projects: unique project ids, QR tokens, fault ids and job seqs; jobs of known projects. */
function crossChecks(snapshot: SnapshotShape, issue: Issue): void {
  const across = new CrossChecks();
  for (const [i, project] of snapshot.projects.entries()) across.project(project, i, issue);
  across.finish(snapshot, issue);
}

/** crossChecks a project at a time (a streamed snapshot never holds all its projects at once). */
export class CrossChecks {
  readonly #projects = new Set<string>();
  readonly #tokens = new Set<string>();

  project(project: Pick<ProjectShape, 'id' | 'sims'>, i: number, issue: Issue): void {
    if (this.#projects.has(project.id)) issue(['projects', i, 'id'], `duplicate project ${project.id}`);
    this.#projects.add(project.id);
    project.sims.forEach((sim, j) => {
      if (sim.qrToken === null) return;
      if (this.#tokens.has(sim.qrToken)) issue(['projects', i, 'sims', j, 'qrToken'], 'a QR token used twice');
      this.#tokens.add(sim.qrToken);
    });
  }

  finish(snapshot: Pick<SnapshotShape, 'faults' | 'jobs'>, issue: Issue): void {
    const faultIds = new Set<string>();
    snapshot.faults?.forEach((fault, i) => {
      if (faultIds.has(fault.id)) issue(['faults', i, 'id'], `duplicate fault ${fault.id}`);
      faultIds.add(fault.id);
    });
    const seqs = new Set<number>();
    snapshot.jobs.forEach((job, i) => {
      if (seqs.has(job.seq)) issue(['jobs', i, 'seq'], `duplicate job seq ${job.seq}`);
      seqs.add(job.seq);
      if (!this.#projects.has(job.project)) issue(['jobs', i, 'project'], `unknown project ${job.project}`);
    });
  }
}

export type SnapshotIssue = { path: (string | number)[]; message: string };
export type SnapshotCheck = { success: true; data: SnapshotShape } | { success: false; issues: SnapshotIssue[] };

/**
 * SnapshotBody, checked in steps: the frame, then one project per step, then what holds across
 * projects. `checkSnapshot` runs the steps at once; `checkSnapshotAsync` yields to the event loop
 * between them whenever a step ran long, so a big snapshot never holds up health checks and other
 * requests for more than a slice.
 */
function* snapshotSteps(raw: unknown): Generator<void, SnapshotCheck> {
  const frame = SnapshotFrame.safeParse(raw);
  if (!frame.success) return { success: false, issues: frame.error.issues.map((x) => toIssue(x)) };
  const projects: z.infer<typeof ProjectRecord>[] = [];
  const issues: SnapshotIssue[] = [];
  for (const [i, project] of frame.data.projects.entries()) {
    yield;
    const checked = ProjectRecord.safeParse(project);
    if (checked.success) projects.push(checked.data);
    else issues.push(...checked.error.issues.map((x) => toIssue(x, ['projects', i])));
    if (issues.length > 0) return { success: false, issues };
  }
  const data = { ...frame.data, projects };
  crossChecks(data, (path, message) => issues.push({ path, message }));
  return issues.length > 0 ? { success: false, issues } : { success: true, data };
}

export function toIssue(issue: z.core.$ZodIssue, prefix: (string | number)[] = []): SnapshotIssue {
  return { path: [...prefix, ...issue.path.map((k) => (typeof k === 'number' ? k : String(k)))], message: issue.message };
}

export function checkSnapshot(raw: unknown): SnapshotCheck {
  const steps = snapshotSteps(raw);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** How long a step may run before the check yields to other work. */
const SLICE_MS = 20;

export async function checkSnapshotAsync(raw: unknown): Promise<SnapshotCheck> {
  const steps = snapshotSteps(raw);
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart > SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}
