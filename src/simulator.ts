import type { OpenAPIHono } from '@hono/zod-openapi';
import { createApp } from './app.js';
import { Clock, toMillis } from './engine/clock.js';
import { parseDuration } from './engine/duration.js';
import { Engine } from './engine/engine.js';
import { EventLog } from './engine/events.js';
import { type Fault, FaultInjector, type FaultRule } from './engine/faults.js';
import { Random, type RandomState } from './engine/random.js';
import { Scheduler } from './engine/scheduler.js';
import { generateSecret, WebhookDispatcher } from './engine/webhooks.js';
import { RequestLog } from './http/request-log.js';
import type { AppEnv } from './http/router.js';
import { findScenario, type Scenario, scenarioNames } from './scenarios/index.js';
import type { Porting, PortingDeclinedCode, PortingRequiredField, PortOut } from './schemas/porting.js';
import type { Subscription } from './schemas/subscription.js';
import { DomainError, Messages } from './store/errors.js';
import { Store, type StoreSnapshot } from './store/store.js';
import type { ActivationMode, ActivationSetting, PortingSetting } from './store/types.js';

export interface SimulatorOptions {
  /** Makes every id, phone number, ICCID and fault roll reproducible. */
  seed?: string | number | undefined;
  /** Inject a clock (tests use `new ManualClock()`); default: wall time, movable. */
  clock?: Clock;
  /** Activation delay: ms or a duration string (`0`, `500ms`, `5s`, `2m`). Default 5s. */
  activationDelay?: number | string;
  activationMode?: ActivationMode;
  /** Strict mode: `project:key` pairs. Empty or absent: open mode (any token, projects on first use). */
  apiKeys?: string[];
  /** Base URL the simulator is reached at, for QR code links. */
  publicUrl?: string;
  /** Scenario every project starts with (default `default`). */
  scenario?: string;
  /** Status for business-rule conflicts such as userAlreadyExists: 422 (default) or 409. */
  conflictStatus?: 409 | 422;
  /** Token required on `/__mock/*` (except health); none by default. */
  adminToken?: string | undefined;
  /** Serve the control plane and the `x-gigs-mock-*` headers (default true). */
  controlPlane?: boolean;
  /** Webhook endpoints every event is delivered to (more can be added at runtime). */
  webhookUrls?: string[];
  /** `whsec_…` signing secret; generated when absent. */
  webhookSecret?: string | undefined;
  /** The fetch webhooks are sent with (tests inject one). */
  fetch?: typeof fetch;
  /** How many events the log keeps (oldest dropped first). Default 10,000. */
  eventLogSize?: number;
  /** How long one webhook attempt may take. Default 15s, as Svix. */
  webhookTimeoutMs?: number;
  /** Also emit com.gigs.user.created and .updated, which are not in Gigs' event index (default false). */
  extraEvents?: boolean;
  /** Told about unexpected errors (a 500, a scheduled job that threw). Default: a line on stderr. */
  onError?: (error: unknown, context: string) => void;
  /** Each porting and port-out step: ms, a duration string, or 'manual' (control plane only). Default 4h. */
  portingDelay?: number | string;
}

export interface ResolvedOptions {
  activationDelayMs: number;
  activationMode: ActivationMode;
  apiKeys: Map<string, string>;
  conflictStatus: 409 | 422;
  adminToken: string | undefined;
  controlPlane: boolean;
}

export interface SimulatorSnapshot extends StoreSnapshot {
  scenario: string;
  faults: Fault[];
  faultRandom: RandomState;
}

/**
 * One isolated simulator: its own clock, ids, store, scheduler, faults and Hono app. The methods
 * are the control plane for in-process use; `/__mock/*` calls the same ones over HTTP.
 */
export class Simulator {
  readonly app: OpenAPIHono<AppEnv>;
  readonly store: Store;
  readonly engine: Engine;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly random: Random;
  readonly faults: FaultInjector;
  readonly events: EventLog;
  readonly webhooks: WebhookDispatcher;
  readonly requests = new RequestLog();
  readonly options: ResolvedOptions;
  readonly #faultRandom: Random;
  readonly #onError: (error: unknown, context: string) => void;
  #writes = 0;
  #advancing: Promise<void> | undefined;
  #scenario: Scenario;

  constructor(options: SimulatorOptions = {}) {
    const activationDelayMs = parseDuration(options.activationDelay ?? '5s');
    if (activationDelayMs === undefined) throw new RangeError(`invalid activation delay: ${String(options.activationDelay)}`);
    const porting = portingSetting(options.portingDelay ?? '4h');
    this.#scenario = requireScenario(options.scenario ?? 'default');
    this.options = {
      activationDelayMs,
      activationMode: options.activationMode ?? 'delay',
      apiKeys: parseApiKeys(options.apiKeys ?? []),
      conflictStatus: options.conflictStatus ?? 422,
      adminToken: options.adminToken || undefined,
      controlPlane: options.controlPlane ?? true,
    };
    this.clock = options.clock ?? new Clock();
    this.random = new Random(options.seed);
    // Fault rolls have their own stream, so injecting faults never changes the ids a seed gives.
    this.#faultRandom = new Random(`${this.random.seed}:faults`);
    this.faults = new FaultInjector(this.#faultRandom);
    this.#onError = options.onError ?? logUnexpected;
    this.scheduler = new Scheduler();
    this.scheduler.onError = (job, error) => this.#onError(error, `scheduled ${job.kind} of ${job.project}/${job.target}`);
    this.store = new Store(this.clock, this.random, this.scheduler, {
      activation: { mode: this.options.activationMode, delayMs: activationDelayMs },
      autoCreateProjects: this.options.apiKeys.size === 0,
      publicUrl: (options.publicUrl ?? 'http://localhost:4020').replace(/\/+$/, ''),
      extraEvents: options.extraEvents ?? false,
      porting,
    });
    this.store.ctx.initializer = (project) => this.store.ctx.quietly(() => this.#scenario.apply(this, project));
    this.engine = new Engine(this.store, this.clock, this.scheduler);
    // Events and deliveries draw ids from a stream of their own: configuring webhooks never changes
    // the resource ids a seed gives, and a snapshot restore (which rewinds the resource ids) never
    // makes two different events share an id, which receivers dedupe on.
    const eventRandom = new Random(`${this.random.seed}:events`);
    this.events = new EventLog(this.clock, eventRandom, options.eventLogSize ?? 10_000);
    this.webhooks = new WebhookDispatcher(this.clock, eventRandom, this.scheduler, {
      secret: options.webhookSecret || generateSecret(),
      fetch: options.fetch ?? globalThis.fetch,
      timeoutMs: options.webhookTimeoutMs ?? 15_000,
      concurrency: 64,
      capacity: 10_000,
    });
    for (const url of options.webhookUrls ?? []) this.webhooks.addEndpoint(url);
    // Domain changes become Gigs events; events become signed webhook deliveries.
    this.store.onEvent((change) => this.events.record(change));
    this.events.onEvent((event) => this.webhooks.dispatch(event));
    this.app = createApp(this);
    this.#ensureConfiguredProjects();
  }

  /** Grows with every change (write requests, jobs run): persistence saves only when it moved. */
  get revision(): number {
    return this.#writes + this.scheduler.ran;
  }

  noteWrite(): void {
    this.#writes++;
  }

  /** Base URL of public links (QR codes). */
  get publicUrl(): string {
    return this.store.ctx.options.publicUrl;
  }

  set publicUrl(url: string) {
    this.store.ctx.options.publicUrl = url.replace(/\/+$/, '');
  }

  get scenario(): Scenario {
    return this.#scenario;
  }

  /** Back to the start-up scenario: every project, or one. Faults of the reset projects go too. */
  reset(project?: string): void {
    if (project === undefined) {
      for (const id of this.store.projectIds()) this.store.dropProject(id);
      this.faults.clear();
      this.events.clear();
      this.requests.clear();
      this.#ensureConfiguredProjects();
      return;
    }
    this.faults.clear(project);
    this.events.clear(project);
    this.store.dropProject(project);
    this.store.ensureProject(project);
  }

  /** Switches the scenario: of one project (reset into it), or of the whole simulator. */
  loadScenario(name: string, project?: string): void {
    const scenario = requireScenario(name);
    if (project === undefined) {
      this.#scenario = scenario;
      this.reset();
      return;
    }
    this.faults.clear(project);
    this.store.dropProject(project);
    const previous = this.#scenario;
    this.#scenario = scenario;
    try {
      this.store.ensureProject(project);
    } finally {
      this.#scenario = previous;
    }
  }

  /** Moves time forward, running everything that falls due in order. Returns the jobs run. */
  advance(duration: number | string): number {
    const ms = parseDuration(duration);
    if (ms === undefined) throw new DomainError('invalid', `Not a duration: ${String(duration)}`);
    return this.engine.advance(ms);
  }

  /** Jumps forward to an instant (time never goes back: created objects would predate now). */
  setTime(instant: string | number | Date): void {
    const target = toMillis(instant);
    const now = this.clock.now();
    if (target < now) throw new DomainError('invalid', Messages.clockInPast);
    this.engine.advance(target - now);
  }

  freeze(frozen: boolean): void {
    this.clock.freeze(frozen);
  }

  activate(project: string, subscription: string): Subscription {
    return this.store.as({ type: 'system' }, () => this.store.subscriptions.activate(project, subscription));
  }

  setActivation(project: string, setting: Partial<ActivationSetting>): ActivationSetting {
    this.store.ensureProject(project);
    return this.store.setActivation(project, setting);
  }

  /** Sets how the simulated donor answers a project's new portings and port-outs. */
  setPorting(project: string, setting: Partial<PortingSetting>): PortingSetting {
    this.store.ensureProject(project);
    return this.store.setPorting(project, setting);
  }

  /** The donor completes a submitted porting now; its subscription activates with the ported number. */
  completePorting(project: string, porting: string): Porting {
    return this.store.as({ type: 'system' }, () => this.store.portings.complete(project, porting));
  }

  /** The donor declines a submitted porting with a documented code (and, optionally, its own message). */
  declinePorting(project: string, porting: string, code: PortingDeclinedCode, message?: string): Porting {
    return this.store.as({ type: 'system' }, () => this.store.portings.decline(project, porting, code, message));
  }

  /** The donor asks for (or for corrections of) these fields: the porting goes to informationRequired. */
  requirePortingInformation(project: string, porting: string, fields: PortingRequiredField[]): Porting {
    return this.store.as({ type: 'system' }, () => this.store.portings.require(project, porting, fields));
  }

  /** Issues a processing port-out's credentials now. */
  issuePortOut(project: string, portOut: string): PortOut {
    return this.store.as({ type: 'system' }, () => this.store.portOuts.issue(project, portOut));
  }

  /** Another carrier used the credentials: the port-out completes and its subscription ends. */
  completePortOut(project: string, portOut: string): PortOut {
    return this.store.as({ type: 'system' }, () => this.store.portOuts.complete(project, portOut));
  }

  /** The port-out runs out unused. */
  expirePortOut(project: string, portOut: string): PortOut {
    return this.store.as({ type: 'system' }, () => this.store.portOuts.expire(project, portOut));
  }

  addFault(rule: FaultRule): Fault {
    return this.faults.add(rule);
  }

  snapshot(): SimulatorSnapshot {
    return {
      ...this.store.snapshot(),
      scenario: this.#scenario.name,
      faults: this.faults.list(),
      faultRandom: this.#faultRandom.state(),
    };
  }

  /** Restores a snapshot exactly: state, ids, clock, scheduled work, scenario and faults. */
  restore(snapshot: SimulatorSnapshot): void {
    const scenario = requireScenario(snapshot.scenario ?? 'default');
    // All or nothing: a snapshot that breaks half-way (in-process callers skip the HTTP schema check)
    // must not leave a mix of old and new state behind.
    const previous = { snapshot: this.snapshot(), scenario: this.#scenario };
    try {
      this.#replace(snapshot, scenario);
    } catch (error) {
      this.#replace(previous.snapshot, previous.scenario);
      throw error;
    }
  }

  /** Reports an unexpected error (logged; never shown to API clients beyond a 500). */
  reportError(error: unknown, context: string): void {
    this.#onError(error, context);
  }

  /**
   * Like advance(), but waits for webhook deliveries between due times, so one call replays every
   * retry that falls in the window (a retry is scheduled only once its previous attempt finished).
   */
  async advanceAsync(duration: number | string): Promise<number> {
    const ms = parseDuration(duration);
    if (ms === undefined) throw new DomainError('invalid', `Not a duration: ${String(duration)}`);
    while (this.#advancing) await this.#advancing;
    const run = this.#advanceInSlices(ms);
    this.#advancing = run.then(
      () => undefined,
      () => undefined,
    );
    try {
      return await run;
    } finally {
      this.#advancing = undefined;
    }
  }

  /**
   * Settles due work, unless an asynchronous advance is working through it: then requests wait for
   * it (see app.ts) and the server's tick leaves it alone, so the event loop stays free.
   */
  settle(): number {
    return this.#advancing ? 0 : this.engine.settle();
  }

  /** True while advanceAsync works through due jobs. */
  get advancing(): boolean {
    return this.#advancing !== undefined;
  }

  /** Resolves when no asynchronous advance is running. */
  async whenSettled(): Promise<void> {
    while (this.#advancing) await this.#advancing;
  }

  async #advanceInSlices(ms: number): Promise<number> {
    const target = this.clock.now() + ms;
    let ran = 0;
    await this.webhooks.idle();
    for (let next = this.scheduler.nextDueAt(); next !== undefined && next <= target; next = this.scheduler.nextDueAt()) {
      this.clock.advance(Math.max(0, next - this.clock.now()));
      // In slices, yielding between them, so the server keeps answering (health, other requests)
      // while, say, 100k activations fall due at once.
      for (let slice = this.#runSlice(); slice > 0; slice = this.#runSlice()) {
        ran += slice;
        await new Promise((resolve) => setImmediate(resolve));
      }
      await this.webhooks.idle();
    }
    ran += this.engine.advance(Math.max(0, target - this.clock.now()));
    await this.webhooks.idle();
    return ran;
  }

  #runSlice(): number {
    return this.scheduler.runDue(this.clock.now(), ADVANCE_SLICE);
  }

  #replace(snapshot: SimulatorSnapshot, scenario: Scenario): void {
    this.store.restore(snapshot);
    // The event log and pending webhook retries belong to the timeline being left behind.
    this.events.clear();
    this.webhooks.abandonPending('the state was restored from a snapshot');
    this.#scenario = scenario;
    this.faults.restore(snapshot.faults ?? []);
    if (snapshot.faultRandom) this.#faultRandom.restore(snapshot.faultRandom);
  }

  #ensureConfiguredProjects(): void {
    for (const project of new Set(this.options.apiKeys.values())) this.store.ensureProject(project);
  }
}

/** Jobs run between two yields of advanceAsync. */
const ADVANCE_SLICE = 2_000;

function logUnexpected(error: unknown, context: string): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`gigs-mock: unexpected error (${context}): ${detail}\n`);
}

function portingSetting(value: number | string): PortingSetting {
  if (value === 'manual') return { mode: 'manual', delayMs: 4 * 3_600_000 };
  const delayMs = parseDuration(value);
  if (delayMs === undefined) throw new RangeError(`invalid porting delay: ${String(value)}`);
  return { mode: 'delay', delayMs };
}

/** Builds a fresh, isolated simulator. */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  return new Simulator(options);
}

function requireScenario(name: string): Scenario {
  const scenario = findScenario(name);
  if (!scenario) throw new DomainError('notFound', `Unknown scenario "${name}" (known: ${scenarioNames().join(', ')}).`);
  return scenario;
}

/** `project:key` pairs -> key -> project. */
export function parseApiKeys(pairs: string[]): Map<string, string> {
  const keys = new Map<string, string>();
  for (const pair of pairs
    .flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = pair.indexOf(':');
    const project = pair.slice(0, at);
    const key = pair.slice(at + 1);
    if (at <= 0 || key.length === 0) throw new RangeError(`API keys are project:key pairs, got "${pair}"`);
    keys.set(key, project);
  }
  return keys;
}
