import type { Clock, ClockState } from '../engine/clock.js';
import type { Random, RandomState } from '../engine/random.js';
import type { Job, Scheduler } from '../engine/scheduler.js';
import { isDurationMs } from '../engine/time-bounds.js';
import { AddonStore } from './addons.js';
import { AddressStore } from './addresses.js';
import { ConnectFlows } from './connect-flows.js';
import { ConnectSessionStore } from './connect-sessions.js';
import { buildProject, DEFAULT_PORTING, StoreContext, type StoreOptions } from './context.js';
import { DeviceStore } from './devices.js';
import { DomainError, invalidProperty, Messages } from './errors.js';
import { PlanStore } from './plans.js';
import { PortOutStore } from './port-outs.js';
import { PortingStore } from './portings.js';
import { SimStore } from './sims.js';
import { type SnapshotExtras, SnapshotWriter } from './snapshot-writer.js';
import { SubscriptionAddonStore } from './subscription-addons.js';
import { SubscriptionChangeStore } from './subscription-changes.js';
import { SubscriptionStore } from './subscriptions.js';
import type { ActivationSetting, Actor, DomainEvent, PortingSetting, ProjectSnapshot, ProjectState } from './types.js';
import { UsageStore } from './usage.js';
import { UserStore } from './users.js';

export interface StoreSnapshot {
  format: 'gigs-mock/snapshot@1';
  clock: ClockState;
  random: RandomState;
  jobs: Job[];
  projects: ProjectSnapshot[];
}

/** All state of one simulator, keyed by project, and every domain rule. Never sees a request. */
export class Store {
  readonly ctx: StoreContext;
  readonly users: UserStore;
  readonly addresses: AddressStore;
  readonly plans: PlanStore;
  readonly sims: SimStore;
  readonly subscriptions: SubscriptionStore;
  readonly addons = new AddonStore();
  readonly subscriptionAddons: SubscriptionAddonStore;
  readonly devices: DeviceStore;
  readonly subscriptionChanges: SubscriptionChangeStore;
  readonly usage: UsageStore;
  readonly portings: PortingStore;
  readonly portOuts: PortOutStore;
  readonly connectSessions: ConnectSessionStore;
  /** What the simulated Connect pages do (src/connect): one operation per intent. */
  readonly connect: ConnectFlows;

  constructor(clock: Clock, random: Random, scheduler: Scheduler, options: StoreOptions) {
    this.ctx = new StoreContext(clock, random, scheduler, options);
    this.users = new UserStore(this.ctx);
    this.addresses = new AddressStore(this.ctx, this.users);
    this.plans = new PlanStore(this.ctx);
    this.sims = new SimStore(this.ctx);
    this.portings = new PortingStore(this.ctx);
    this.portOuts = new PortOutStore(this.ctx);
    this.subscriptions = new SubscriptionStore(this.ctx, {
      users: this.users,
      addresses: this.addresses,
      plans: this.plans,
      sims: this.sims,
      portings: this.portings,
    });
    this.users.onDelete = (project, user) => this.subscriptions.endForUser(project, user);
    this.subscriptionAddons = new SubscriptionAddonStore(this.ctx, this.addons);
    this.devices = new DeviceStore(this.ctx);
    this.subscriptionChanges = new SubscriptionChangeStore(this.ctx, this.subscriptions);
    this.subscriptions.onEnded = (project, subscription, at) => {
      this.subscriptionAddons.endForSubscription(project, subscription, at);
      this.subscriptionChanges.failForSubscription(project, subscription);
    };
    this.usage = new UsageStore(this.ctx);
    this.usage.hooks = {
      activate: (project, subscription) => void this.subscriptions.activate(project, subscription),
      firstUsage: (project, subscription, at) => this.subscriptions.firstUsage(project, subscription, at),
    };
    this.usage.addonAllowances = (project, subscription) => this.subscriptionAddons.allowances(project, subscription);
    this.subscriptions.planForRenewal = (project, subscription, at) =>
      this.subscriptionChanges.planForRenewal(project, subscription, at);
    this.portings.outcomes = {
      completed: (project, sub, phoneNumber) => this.subscriptions.portingCompleted(project, sub, phoneNumber),
      canceled: (project, sub) => this.subscriptions.portingCanceled(project, sub),
      expired: (project, sub) => this.subscriptions.portingExpired(project, sub),
    };
    this.portOuts.onCompleted = (project, sub) => this.subscriptions.portedOut(project, sub);
    this.connectSessions = new ConnectSessionStore(this.ctx, {
      users: this.users,
      addonExists: (id) => this.addons.exists(id),
    });
    this.connect = new ConnectFlows(this);
  }

  ensureProject(id: string): ProjectState {
    return this.ctx.ensureProject(id);
  }

  /** The project a request names: see StoreContext.openProject (slug, strict mode, --max-projects). */
  openProject(id: string): ProjectState {
    return this.ctx.openProject(id);
  }

  checkProjectId(id: string): void {
    this.ctx.checkProjectId(id);
  }

  hasProject(id: string): boolean {
    return this.ctx.hasProject(id);
  }

  projectIds(): string[] {
    return [...this.ctx.projects.keys()];
  }

  project(id: string): ProjectState {
    return this.ctx.project(id);
  }

  dropProject(id: string): void {
    this.ctx.dropProject(id);
  }

  /** Sets how a project's new subscriptions activate; a delay alone implies delay mode. Opens the project. */
  setActivation(project: string, setting: Partial<ActivationSetting>): ActivationSetting {
    // Every way in (control plane, scenarios, in-process calls) meets the same bound.
    if (setting.delayMs !== undefined && !isDurationMs(setting.delayMs)) {
      throw invalidProperty('delay', Messages.durationOutOfRange('delay'));
    }
    const state = this.ctx.openProject(project);
    const mode = setting.mode ?? (setting.delayMs !== undefined ? 'delay' : state.settings.activation.mode);
    state.settings.activation = { ...state.settings.activation, ...setting, mode };
    return { ...state.settings.activation };
  }

  /** Sets how the simulated donor answers a project's new portings and port-outs; a delay alone implies delay mode. */
  setPorting(project: string, setting: Partial<PortingSetting>): PortingSetting {
    const state = this.ctx.project(project);
    const current = state.settings.porting ?? { ...DEFAULT_PORTING };
    const mode = setting.mode ?? (setting.delayMs !== undefined ? 'delay' : current.mode);
    state.settings.porting = { ...current, ...setting, mode };
    return { ...state.settings.porting };
  }

  onEvent(listener: (event: DomainEvent) => void): () => void {
    return this.ctx.onEvent(listener);
  }

  as<T>(actor: Actor, fn: () => T): T {
    return this.ctx.as(actor, fn);
  }

  snapshot(): StoreSnapshot {
    return {
      format: 'gigs-mock/snapshot@1',
      clock: this.ctx.clock.state(),
      random: this.ctx.random.state(),
      jobs: this.ctx.scheduler.jobs(),
      projects: [...this.ctx.projects.values()].map((p) => this.ctx.snapshotProject(p)),
    };
  }

  /** The snapshot as it is now, to write out in pieces (see SnapshotWriter). */
  writer(extras: SnapshotExtras): SnapshotWriter {
    return new SnapshotWriter(this.ctx, extras);
  }

  /**
   * Replaces all state with a snapshot's: ids, clock and scheduled work continue exactly. `built`:
   * its projects, already built from records nobody else holds (a snapshot read a line at a time);
   * otherwise they are built from copies of the snapshot's.
   */
  restore(snapshot: StoreSnapshot, built?: ProjectState[]): void {
    if (snapshot?.format !== 'gigs-mock/snapshot@1') throw new DomainError('invalid', 'Not a gigs-mock snapshot.');
    for (const id of this.projectIds()) this.ctx.dropProject(id);
    this.ctx.scheduler.cancel(() => true);
    for (const state of built ?? snapshot.projects.map((project) => buildProject(structuredClone(project))))
      this.ctx.installProject(state);
    this.ctx.clock.restore(snapshot.clock);
    this.ctx.random.restore(snapshot.random);
    this.ctx.scheduler.restore(snapshot.jobs);
  }
}
