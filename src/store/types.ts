import type { UserAddress } from '../schemas/address.js';
import type { ConnectSessionIntent, UserDetails } from '../schemas/connect-session.js';
import type { PlanDefinition } from '../schemas/plan.js';
import type { Porting, PortOut } from '../schemas/porting.js';
import type { Sim } from '../schemas/sim.js';
import type { Subscription } from '../schemas/subscription.js';
import type { SubscriptionAddon } from '../schemas/subscription-addon.js';
import type { SubscriptionChange } from '../schemas/subscription-change.js';
import type { User } from '../schemas/user.js';
import type { Collection } from './collection.js';
import type { IdIndex } from './id-index.js';

/**
 * Records are the stored form: plain JSON data (so a snapshot is JSON.stringify away), shaped like
 * the wire objects, with references kept as ids and a few internal fields the presenters drop.
 */
export type UserRecord = User;
export type AddressRecord = UserAddress;
export type PlanRecord = PlanDefinition;

export interface SimRecord extends Sim {
  /** LPA activation code of an eSIM; null for a pSIM. */
  activationCode: string | null;
  /** Unguessable token of the public QR code URL; null for a pSIM. */
  qrToken: string | null;
  /** The live subscription using the SIM, if any. */
  subscription: string | null;
}

export type ActivationMode = 'delay' | 'immediate' | 'manual';

export interface ActivationSetting {
  mode: ActivationMode;
  delayMs: number;
}

export interface SubscriptionRecord extends Omit<Subscription, 'plan' | 'user' | 'sim' | 'porting' | 'lastPorting'> {
  plan: string;
  user: string;
  sim: string | null;
  /** The porting the subscription was created with (its id); shown embedded as porting and lastPorting. */
  porting: string | null;
  lastPorting: string | null;
  simType: 'eSIM' | 'pSIM';
  activation: ActivationSetting;
  /** Where period numbers count from after a plan change (absent: period 1 at activatedAt). */
  periodAnchor?: { start: string; number: number };
}

/** A device as stored: user and SIMs by id; the model follows from the IMEI. */
export interface DeviceRecord {
  object: 'device';
  id: string;
  metadata: Record<string, string>;
  createdAt: string;
  imei: string | null;
  name: string | null;
  sims: string[];
  user: string | null;
}

/** A day's usage of a subscription in one country and period (the usage endpoint's daily aggregation). */
export interface UsageEntry {
  period: number;
  /** The UTC day's start, ms (the bucket's key). */
  day: number;
  /** The bucket's bounds, ms: the day, cut at the period's start and end. */
  start: number;
  end: number;
  country: string;
  data: number;
  voice: number;
  sms: number;
}

/** A subscription's usage: its buckets by `period:day:country`, and a running total per period. */
export interface SubscriptionUsage {
  entries: Map<string, UsageEntry>;
  totals: Map<number, { data: number; voice: number; sms: number }>;
}

/** A subscription change as stored: the plan is the requested one, the SIM the one it moved to, by id. */
export interface SubscriptionChangeRecord extends Omit<SubscriptionChange, 'plan' | 'sim'> {
  sim: string | null;
}

/** A subscription add-on as stored: the add-on by id (the catalogue holds it). */
export interface SubscriptionAddonRecord extends Omit<SubscriptionAddon, 'addon'> {
  addon: string;
}

/** How the simulated donor answers: after `delayMs` per step, or only through the control plane. */
export interface PortingSetting {
  mode: 'delay' | 'manual';
  delayMs: number;
}

export interface PortingRecord extends Omit<Porting, 'donorProvider' | 'recipientProvider'> {
  /** A service provider id; the wire form embeds the provider. */
  donorProvider: string | null;
  /** Whether the account PIN given is a sandbox value the donor rejects (the PIN itself is never kept). */
  accountPinRejected: boolean;
  /** Counts status changes: a scheduled step whose count is stale does nothing. */
  step: number;
  timing: PortingSetting;
}

export interface PortOutCredentialsRecord {
  accountNumber: string;
  accountPin: string;
  expiresAt: string;
}

export interface PortOutRecord extends PortOut {
  step: number;
  timing: PortingSetting;
  credentials: PortOutCredentialsRecord | null;
}

/** A token a Connect Session handed out: a user token (bearer, from the embeds' exchange) or a browser's cookie. */
export interface ConnectGrant {
  /** SHA-256 of the token, hex: the token itself is never kept. */
  hash: string;
  kind: 'user' | 'browser';
  /** The user it acts for (a session without a user gets one before any grant). */
  user: string;
  expiresAt: string;
}

/** A Connect Session as stored: the wire fields (but the url, shown once) and what Connect needs. */
export interface ConnectSessionRecord {
  object: 'connectSession';
  id: string;
  appearance: { theme?: 'light' | 'dark' };
  callbackUrl: string | null;
  intent: ConnectSessionIntent;
  user: string | null;
  /** A new user to make (or an existing one by email to sign in) when the session is first used. */
  userDetails: UserDetails | null;
  createdAt: string;
  /** When the url's token stops working (the session's lifetime). */
  expiresAt: string;
  /** SHA-256 of the url's token, hex (kept once used, so a second use reads as used); null for a session with no token. */
  secretHash: string | null;
  usedAt: string | null;
  completedAt: string | null;
  /** What the flow made or changed (a subscription, a porting, an address), for its success page. */
  result: string | null;
  grants: ConnectGrant[];
}

export interface ProjectSettings {
  activation: ActivationSetting;
  /** Absent in snapshots made before portings: the simulator's default then applies. */
  porting?: PortingSetting;
}

export interface ProjectState {
  id: string;
  settings: ProjectSettings;
  users: Collection<UserRecord>;
  addresses: Collection<AddressRecord>;
  plans: Collection<PlanRecord>;
  sims: Collection<SimRecord>;
  subscriptions: Collection<SubscriptionRecord>;
  portings: Collection<PortingRecord>;
  portOuts: Collection<PortOutRecord>;
  connectSessions: Collection<ConnectSessionRecord>;
  /** Indexes, rebuilt from the records on restore (never stored in a snapshot). */
  emails: Map<string, string>;
  addressesByUser: IdIndex;
  iccids: Map<string, string>;
  phoneNumbers: Map<string, string>;
  subscriptionsByUser: IdIndex;
  subscriptionAddons: Collection<SubscriptionAddonRecord>;
  addonsBySubscription: IdIndex;
  devices: Collection<DeviceRecord>;
  imeis: Map<string, string>;
  devicesBySim: Map<string, string>;
  subscriptionChanges: Collection<SubscriptionChangeRecord>;
  /** The pending change of a subscription, by subscription id (at most one). */
  pendingChanges: Map<string, string>;
  /** Usage per subscription id. */
  usage: Map<string, SubscriptionUsage>;
  /** Thresholds already reported, by `subscription:period` (not kept in snapshots). */
  usageThresholds: Map<string, Set<string>>;
}

/** The JSON form of a project in a snapshot. */
export interface ProjectSnapshot {
  id: string;
  settings: ProjectSettings;
  users: UserRecord[];
  addresses: AddressRecord[];
  plans: PlanRecord[];
  sims: SimRecord[];
  subscriptions: SubscriptionRecord[];
  /** Absent in snapshots made before subscription add-ons existed. */
  subscriptionAddons?: SubscriptionAddonRecord[];
  /** Absent in snapshots made before devices existed. */
  devices?: DeviceRecord[];
  /** Absent in snapshots made before subscription changes existed. */
  subscriptionChanges?: SubscriptionChangeRecord[];
  /** Absent in snapshots made before usage existed. */
  usage?: (UsageEntry & { subscription: string })[];
  portings?: PortingRecord[];
  portOuts?: PortOutRecord[];
  /** Absent in snapshots made before Connect Sessions existed. */
  connectSessions?: ConnectSessionRecord[];
}

export type Actor = { type: 'apiKey'; apiKey: string } | { type: 'system' } | { type: 'user'; user: string };

export type { DomainEvent } from './domain-event.js';
