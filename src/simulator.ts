import type { OpenAPIHono } from '@hono/zod-openapi';
import { connectBasePath, createApp } from './app.js';
import { Clock, toMillis } from './engine/clock.js';
import { parseDuration } from './engine/duration.js';
import { Engine } from './engine/engine.js';
import { EventLog } from './engine/events.js';
import { type Fault, FaultInjector, type FaultRule } from './engine/faults.js';
import { Random, type RandomState } from './engine/random.js';
import { Scheduler } from './engine/scheduler.js';
import { isInstantMs } from './engine/time-bounds.js';
import { DEFAULT_MAX_PENDING, generateSecret, WebhookDispatcher } from './engine/webhooks.js';
import { QrCache } from './http/qr-cache.js';
import { RequestLog } from './http/request-log.js';
import type { AppEnv } from './http/router.js';
import { type InterceptHosts, interceptedOrigins, toSimulatorRequest } from './intercept.js';
import { escapeText } from './log-escape.js';
import { findScenario, type Scenario, scenarioNames } from './scenarios/index.js';
import type { Porting, PortingDeclinedCode, PortingRequiredField, PortOut } from './schemas/porting.js';
import { checkSnapshot, checkSnapshotAsync, type SnapshotCheck, type SnapshotIssue } from './schemas/snapshot.js';
import type { Subscription } from './schemas/subscription.js';
import type { SimulateUsageBody, UsageRecord } from './schemas/usage.js';
import { DomainError, invalidProperty, Messages } from './store/errors.js';
import type { ReadSnapshot } from './store/snapshot-reader.js';
import type { SnapshotWriter } from './store/snapshot-writer.js';
import { Store, type StoreSnapshot } from './store/store.js';
import type { ActivationMode, ActivationSetting, PortingSetting, ProjectState } from './store/types.js';

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
  /**
   * Unfinished webhook deliveries kept per endpoint (a receiver down or slow); past it the oldest is
   * given up and logged. Default 1,000.
   */
  webhookMaxPending?: number;
  /** Told (as one log line) when deliveries are given up: the first of an endpoint, then every 1,000th. */
  onLog?: (message: string) => void;
  /** Also emit com.gigs.user.created and .updated, which are not in Gigs' event index (default false). */
  extraEvents?: boolean;
  /** Told about unexpected errors (a 500, a scheduled job that threw). Default: a line on stderr. */
  onError?: (error: unknown, context: string) => void;
  /** Open mode: how many projects may exist at once; past it a new one is a 429 (0: no limit). Default 1,000. */
  maxProjects?: number;
  /** Open mode, at --max-projects: `none` refuses new projects (default), `lru` drops the least recently used. */
  projectEviction?: 'none' | 'lru';
  /** Largest `PUT /__mock/snapshot` body, in bytes. Default 32 MiB. */
  maxSnapshotBytes?: number;
  /** Each porting and port-out step: ms, a duration string, or 'manual' (control plane only). Default 4h. */
  portingDelay?: number | string;
  /** Base URL of the simulated Connect in session urls (default `<publicUrl>/connect`); served under its path. */
  connectUrl?: string | undefined;
  /** Status of POST /connectSessions: 201 (documented, default) or 200 (what Gigs' example app expects). */
  connectSessionStatus?: 200 | 201;
  /** How long a Connect Session's url works: ms or a duration string. Default 1h. */
  connectSessionTtl?: number | string;
  /** How long a user token (and a Connect page visit) works: ms or a duration string. Default 1h. */
  userTokenTtl?: number | string;
}

/** A token lifetime option: ms or a duration string, from 1 s to the duration bound; default 1h. */
function ttlMs(value: number | string | undefined, name: string): number {
  const ms = parseDuration(value ?? '1h');
  if (ms === undefined || ms < 1000) throw new RangeError(`invalid ${name}: ${String(value)}`);
  return ms;
}

export interface ResolvedOptions {
  activationDelayMs: number;
  activationMode: ActivationMode;
  apiKeys: Map<string, string>;
  conflictStatus: 409 | 422;
  adminToken: string | undefined;
  controlPlane: boolean;
  maxProjects: number;
  maxSnapshotBytes: number;
  connectUrl: string | undefined;
  connectSessionStatus: 200 | 201;
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
  /** Rendered QR PNGs (bounded, least recently used out): an image never changes for its token. */
  readonly qrCache = new QrCache();
  readonly options: ResolvedOptions;
  readonly #faultRandom: Random;
  readonly #onError: (error: unknown, context: string) => void;
  #writes = 0;
  #advancing: Promise<void> | undefined;
  #advanceToken: { canceled: boolean } | undefined;
  #scenario: Scenario;
  #stateFileError: string | undefined;

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
      maxProjects: options.maxProjects ?? DEFAULT_MAX_PROJECTS,
      maxSnapshotBytes: options.maxSnapshotBytes ?? DEFAULT_MAX_SNAPSHOT_BYTES,
      connectUrl: options.connectUrl ? options.connectUrl.replace(/\/+$/, '') : undefined,
      connectSessionStatus: options.connectSessionStatus ?? 201,
    };
    // The pages are served under the URL's path: a bare origin would put them over the API's.
    if (
      this.options.connectUrl !== undefined &&
      !/^https?:\/\/[^\s/?#]+\/[^\s?#]*[^\s/?#][^\s?#]*$/.test(this.options.connectUrl)
    )
      throw new RangeError(
        `invalid connectUrl (an http(s) URL with a path, such as http://localhost:4020/connect): ${this.options.connectUrl}`,
      );
    const connectSessionTtlMs = ttlMs(options.connectSessionTtl, 'connectSessionTtl');
    const userTokenTtlMs = ttlMs(options.userTokenTtl, 'userTokenTtl');
    if (!Number.isInteger(this.options.maxProjects) || this.options.maxProjects < 0)
      throw new RangeError(`invalid maxProjects: ${String(options.maxProjects)}`);
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
      configuredProjects: new Set(this.options.apiKeys.values()),
      maxProjects: this.options.maxProjects,
      eviction: options.projectEviction ?? 'none',
      publicUrl: (options.publicUrl ?? 'http://localhost:4020').replace(/\/+$/, ''),
      extraEvents: options.extraEvents ?? false,
      porting,
      connectUrl: this.options.connectUrl,
      connectSessionTtlMs,
      userTokenTtlMs,
    });
    this.store.ctx.initializer = (project) => this.store.ctx.quietly(() => this.#scenario.apply(this, project));
    this.store.ctx.onEvicted = (project) => {
      this.faults.clear(project);
      this.events.clear(project);
    };
    this.engine = new Engine(this.store, this.clock, this.scheduler);
    // Events and deliveries draw ids from a stream of their own: configuring webhooks never changes
    // the resource ids a seed gives, and a snapshot restore (which rewinds the resource ids) never
    // makes two different events share an id, which receivers dedupe on.
    const eventRandom = new Random(`${this.random.seed}:events`);
    const webhookMaxPending = options.webhookMaxPending ?? DEFAULT_MAX_PENDING;
    if (!Number.isInteger(webhookMaxPending) || webhookMaxPending < 1)
      throw new RangeError(`invalid webhookMaxPending: ${String(options.webhookMaxPending)}`);
    const givenUp = new Map<string, number>();
    const onLog = options.onLog ?? ((message: string) => process.stderr.write(`gigs-mock: ${escapeText(message)}\n`));
    this.events = new EventLog(this.clock, eventRandom, options.eventLogSize ?? 10_000);
    this.webhooks = new WebhookDispatcher(this.clock, eventRandom, this.scheduler, {
      secret: options.webhookSecret || generateSecret(),
      fetch: options.fetch ?? globalThis.fetch,
      timeoutMs: options.webhookTimeoutMs ?? 15_000,
      concurrency: 64,
      capacity: 10_000,
      maxPending: webhookMaxPending,
      onGiveUp: (delivery, reason) => {
        const count = (givenUp.get(delivery.endpoint) ?? 0) + 1;
        givenUp.set(delivery.endpoint, count);
        if (count === 1 || count % 1_000 === 0)
          onLog(
            `webhook delivery ${delivery.id} (event ${delivery.event}) to ${delivery.url} ${reason}; ${count} given up for this endpoint so far`,
          );
      },
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

  /**
   * A `fetch` for SDKs that take one and for code that cannot use MSW: a request to the Gigs API,
   * the Connect host or this simulator's public URL (QR codes) is answered in-process by this
   * simulator, exactly as its HTTP server would (routing, auth, errors, faults, events); any other
   * URL goes to the global fetch.
   */
  readonly fetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => this.fetchWith({})(input, init);

  /** `sim.fetch` for other hosts (a staging base URL): see `InterceptHosts`. */
  fetchWith(hosts: InterceptHosts): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
    return async (input, init) => {
      const request = new Request(input, init);
      request.signal.throwIfAborted();
      const origins = interceptedOrigins(this.publicUrl, hosts);
      const origin = new URL(request.url).origin;
      if (!Object.values(origins).includes(origin)) return globalThis.fetch(request);
      // The Connect host's paths are the simulated Connect's, under its path (/connect).
      const prefix = origin === origins.connect && origin !== origins.links ? connectBasePath(this) : '';
      return this.app.fetch(await toSimulatorRequest(request, this.publicUrl, prefix));
    };
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
    // Only a project a request could use (a slug; in strict mode a configured one): never new state
    // under a name the API would refuse.
    this.store.checkProjectId(project);
    this.faults.clear(project);
    this.events.clear(project);
    this.store.dropProject(project);
    this.store.openProject(project);
  }

  /** Switches the scenario: of one project (reset into it), or of the whole simulator. */
  loadScenario(name: string, project?: string): void {
    const scenario = requireScenario(name);
    if (project === undefined) {
      this.#scenario = scenario;
      this.reset();
      return;
    }
    this.store.checkProjectId(project);
    this.faults.clear(project);
    this.store.dropProject(project);
    const previous = this.#scenario;
    this.#scenario = scenario;
    try {
      this.store.openProject(project);
    } finally {
      this.#scenario = previous;
    }
  }

  /** Moves time forward, running everything that falls due in order. Returns the jobs run. */
  advance(duration: number | string): number {
    const ms = durationMs(duration, 'advance');
    this.checkClockTarget(ms, 'advance');
    return this.engine.advance(ms);
  }

  /** Jumps forward to an instant (time never goes back: created objects would predate now). */
  setTime(instant: string | number | Date): void {
    let target: number;
    try {
      target = toMillis(instant);
    } catch {
      throw invalidProperty('set', Messages.instantOutOfRange('set'));
    }
    const now = this.clock.now();
    if (target < now) throw invalidProperty('set', Messages.clockInPast);
    this.checkClockTarget(target - now, 'set');
    this.engine.advance(target - now);
  }

  /**
   * Refuses (422 naming `property`) a move of the clock by ms that would take it past the instants
   * it may show (see engine/time-bounds.ts), before anything has changed.
   */
  checkClockTarget(ms: number, property: string): void {
    if (!Number.isFinite(ms) || ms < 0 || !isInstantMs(this.clock.now() + ms)) {
      throw invalidProperty(property, Messages.clockOutOfRange);
    }
  }

  freeze(frozen: boolean): void {
    this.clock.freeze(frozen);
  }

  activate(project: string, subscription: string): Subscription {
    return this.store.as({ type: 'system' }, () => this.store.subscriptions.activate(project, subscription));
  }

  /** Records usage for a subscription, as Gigs' testing endpoint does (`at`: when, default now). */
  addUsage(project: string, subscription: string, usage: SimulateUsageBody & { at?: number }): UsageRecord {
    return this.store.as({ type: 'system' }, () => this.store.usage.add(project, subscription, usage));
  }

  setActivation(project: string, setting: Partial<ActivationSetting>): ActivationSetting {
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

  /**
   * Restores a snapshot exactly: state, ids, clock, scheduled work, scenario and faults. Checked in
   * full first (schemas/snapshot.ts, and the project rules of this simulator): a bad snapshot is a
   * 422 naming what is wrong, and the running state stays as it was.
   */
  restore(snapshot: unknown): void {
    this.#restoreChecked(this.#admit(checkSnapshot(snapshot)));
  }

  /** restore(), checking a big snapshot in slices so other requests (health) are answered meanwhile. */
  async restoreAsync(snapshot: unknown): Promise<void> {
    this.#restoreChecked(this.#admit(await checkSnapshotAsync(snapshot)));
  }

  /**
   * A snapshot read a line at a time (store/snapshot-reader.ts, for --state-file), its projects
   * already built: the same admission and all-or-nothing replacement as restore().
   */
  restoreRead(read: ReadSnapshot): void {
    this.#admitProjects(read.projects.map((project) => project.id));
    this.#restoreChecked({ ...(read.frame as Omit<SimulatorSnapshot, 'projects'>), projects: [] }, read.projects);
  }

  /**
   * The snapshot as it is now, written out in pieces (see SnapshotWriter): a big state can be saved
   * or downloaded a slice at a time while requests go on, and it is still this moment's state.
   */
  snapshotWriter(): SnapshotWriter {
    return this.store.writer({
      scenario: this.#scenario.name,
      faults: this.faults.list(),
      faultRandom: this.#faultRandom.state(),
    });
  }

  #admit(check: SnapshotCheck): SimulatorSnapshot {
    if (!check.success) throw snapshotError(check.issues);
    this.#admitProjects(check.data.projects.map((project) => project.id));
    return check.data as SimulatorSnapshot;
  }

  #admitProjects(ids: string[]): void {
    const issues: SnapshotIssue[] = [];
    const { maxProjects, apiKeys } = this.options;
    if (apiKeys.size === 0 && maxProjects > 0 && ids.length > maxProjects) {
      issues.push({ path: ['projects'], message: `at most ${maxProjects} projects (--max-projects)` });
    }
    if (apiKeys.size > 0) {
      const configured = new Set(apiKeys.values());
      ids.forEach((id, i) => {
        if (!configured.has(id)) issues.push({ path: ['projects', i, 'id'], message: 'not a project of the API keys' });
      });
    }
    if (issues.length > 0) throw snapshotError(issues);
  }

  #restoreChecked(snapshot: SimulatorSnapshot, built?: ProjectState[]): void {
    const scenario = requireScenario(snapshot.scenario ?? 'default');
    // All or nothing: a snapshot that breaks half-way must not leave a mix of old and new state.
    const previous = { snapshot: this.snapshot(), scenario: this.#scenario };
    try {
      this.#replace(snapshot, scenario, built);
    } catch (error) {
      this.#replace(previous.snapshot, previous.scenario);
      throw error;
    }
    this.#ensureConfiguredProjects();
  }

  /** The last state-file save failed: health answers `degraded` with this message until one succeeds. */
  get stateFileError(): string | undefined {
    return this.#stateFileError;
  }

  reportStateFile(error: string | undefined): void {
    this.#stateFileError = error;
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
    return this.advanceByAsync(durationMs(duration, 'advance'));
  }

  /** advanceAsync by a number of ms, which may be longer than a duration (a clock `set` far ahead). */
  async advanceByAsync(ms: number): Promise<number> {
    return (await this.advanceCancelable(ms)).ran;
  }

  /**
   * advanceByAsync, telling whether cancelAdvance() stopped it part way. While it runs, API requests
   * are answered between slices at the clock's current position (see http/tracking.ts).
   */
  async advanceCancelable(ms: number): Promise<{ ran: number; canceled: boolean }> {
    this.checkClockTarget(ms, 'advance');
    while (this.#advancing) await this.#advancing;
    const token = { canceled: false };
    this.#advanceToken = token;
    const run = this.#advanceInSlices(ms, token);
    this.#advancing = run.then(
      () => undefined,
      () => undefined,
    );
    try {
      return { ran: await run, canceled: token.canceled };
    } finally {
      this.#advancing = undefined;
      this.#advanceToken = undefined;
    }
  }

  /**
   * Stops the running asynchronous advance after its current slice; the clock stays where it got
   * to (time never goes back) and the jobs not yet run stay queued. False when none was running.
   */
  cancelAdvance(): boolean {
    if (!this.#advanceToken || this.#advanceToken.canceled) return false;
    this.#advanceToken.canceled = true;
    return true;
  }

  /**
   * Settles due work, unless an asynchronous advance is working through it: then the server's tick
   * leaves it alone, so the event loop stays free.
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

  async #advanceInSlices(ms: number, token: { canceled: boolean }): Promise<number> {
    const target = this.clock.now() + ms;
    let ran = 0;
    let sliceStart = performance.now();
    // Yields to the event loop whenever a slice has held it for ADVANCE_SLICE_MS, so requests (health,
    // API reads and writes at the clock's current position) are answered while years of renewals run.
    const yieldIfDue = async () => {
      if (performance.now() - sliceStart < ADVANCE_SLICE_MS) return;
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    };
    await this.webhooks.idle();
    for (let next = this.scheduler.nextDueAt(); next !== undefined && next <= target; next = this.scheduler.nextDueAt()) {
      if (token.canceled) return ran;
      this.clock.advance(Math.max(0, next - this.clock.now()));
      for (let slice = this.#runSlice(); slice > 0; slice = this.#runSlice()) {
        ran += slice;
        await yieldIfDue();
        if (token.canceled) return ran;
      }
      await this.webhooks.idle();
      await yieldIfDue();
    }
    if (token.canceled) return ran;
    ran += this.engine.advance(Math.max(0, target - this.clock.now()));
    await this.webhooks.idle();
    return ran;
  }

  #runSlice(): number {
    return this.scheduler.runDue(this.clock.now(), ADVANCE_BATCH);
  }

  #replace(snapshot: SimulatorSnapshot, scenario: Scenario, built?: ProjectState[]): void {
    this.store.restore(snapshot, built);
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

/** The 422 for a snapshot that does not check: one detail per issue (at most 20). */
export function snapshotError(issues: SnapshotIssue[]): DomainError {
  const details = issues.slice(0, 20).map((issue) => ({
    property: issue.path.join('.') || 'body',
    code: 'propertyInvalid' as const,
    message: issue.message,
  }));
  const first = details[0];
  const message = details.length === 1 && first ? `${first.property}: ${first.message}` : Messages.validation;
  return new DomainError('invalid', message, { details });
}

/** A duration (see engine/duration.ts), or a 422 naming the property. */
function durationMs(duration: number | string, property: string): number {
  const ms = parseDuration(duration);
  if (ms === undefined) throw invalidProperty(property, Messages.durationOutOfRange(property));
  return ms;
}

export const DEFAULT_MAX_PROJECTS = 1_000;
export const DEFAULT_MAX_SNAPSHOT_BYTES = 32 * 1024 * 1024;

/** Jobs run between two checks of the slice's time in advanceAsync. */
const ADVANCE_BATCH = 100;
/** Longest stretch an asynchronous advance holds the event loop (wall time, not domain time). */
const ADVANCE_SLICE_MS = 20;

function logUnexpected(error: unknown, context: string): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  // The context names the request's path: escaped, so it cannot forge a line (see log-escape.ts).
  process.stderr.write(`gigs-mock: unexpected error (${escapeText(context)}): ${escapeText(detail)}\n`);
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
