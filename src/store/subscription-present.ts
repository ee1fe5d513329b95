import type { Subscription } from '../schemas/subscription.js';
import { DomainError } from './errors.js';
import { deepFreeze, frozenCopy } from './freeze.js';
import { presentPlan } from './plans.js';
import { presentPorting } from './porting-rules.js';
import { presentSim } from './sims.js';
import type { PlanRecord, PortingRecord, ProjectState, SimRecord, SubscriptionRecord, UserRecord } from './types.js';
import { presentUser } from './users.js';

/** A wire form and the records it was made from. */
interface Presented {
  plan: PlanRecord;
  user: UserRecord;
  sim: SimRecord | undefined;
  porting: PortingRecord | undefined;
  wire: Subscription;
}

/** How many recent wire forms are kept for reuse (a cache, so bounded; see present()). */
const PRESENTED_CACHE = 1024;

/** Subscriptions' wire forms: the records embed their plan, user, SIM and porting. */
export class SubscriptionPresenter {
  /**
   * Recent wire forms by record. Records are replaced, never edited, so a wire form stays right for
   * as long as its subscription, plan, user, SIM and porting records are the same objects. Reusing it (frozen)
   * lets a repeated GET skip building the object, and lets the HTTP layer reuse its serialisation.
   */
  #presented = new Map<SubscriptionRecord, Presented>();

  present(state: ProjectState, sub: SubscriptionRecord): Subscription {
    const { plan, user, sim, porting } = this.#related(state, sub);
    return this.#wire(sub, plan, user, sim, porting);
  }

  /** The wire form of the subscription as it is now, made when first asked for (events). */
  later(state: ProjectState, sub: SubscriptionRecord): () => Subscription {
    const { plan, user, sim, porting } = this.#related(state, sub);
    return () => this.#wire(sub, plan, user, sim, porting);
  }

  #related(state: ProjectState, sub: SubscriptionRecord): Omit<Presented, 'wire'> {
    const plan = state.plans.get(sub.plan);
    const user = state.users.get(sub.user);
    const sim = sub.sim ? state.sims.get(sub.sim) : undefined;
    const porting = sub.porting ? state.portings.get(sub.porting) : undefined;
    if (!plan || !user) throw new DomainError('internal', `subscription ${sub.id} refers to a missing plan or user`);
    return { plan, user, sim, porting };
  }

  #wire(
    sub: SubscriptionRecord,
    plan: PlanRecord,
    user: UserRecord,
    sim: SimRecord | undefined,
    porting: PortingRecord | undefined,
  ): Subscription {
    const cached = this.#presented.get(sub);
    if (cached && cached.plan === plan && cached.user === user && cached.sim === sim && cached.porting === porting) {
      return cached.wire;
    }
    // The subscription's one porting is both its current (`porting`, older docs) and its last one
    // (`lastPorting`, newer docs): gigs-mock makes one porting per subscription.
    const portingWire = porting ? deepFreeze(presentPorting(porting)) : null;
    // Spelled out, not spread (see presentUser), in the order of the wire schema. Deeply frozen and
    // sharing nothing with the records: it is handed to every reader, and its JSON is reused.
    const presented: Subscription = Object.freeze({
      object: 'subscription',
      id: sub.id,
      metadata: Object.freeze({ ...sub.metadata }),
      activatedAt: sub.activatedAt,
      billing: frozenCopy(sub.billing),
      canceledAt: sub.canceledAt,
      cancellationDetails: frozenCopy(sub.cancellationDetails),
      createdAt: sub.createdAt,
      currentPeriod: frozenCopy(sub.currentPeriod),
      earliestEndAt: sub.earliestEndAt,
      endedAt: sub.endedAt,
      firstUsageAt: sub.firstUsageAt,
      lastPorting: portingWire,
      phoneNumber: sub.phoneNumber,
      plan: presentPlan(plan),
      porting: portingWire,
      restrictedAt: sub.restrictedAt,
      restrictionDetails: frozenCopy(sub.restrictionDetails),
      // A pending eSIM subscription shows no SIM until it is provisioned (getting-started guide).
      sim: sim ? deepFreeze(presentSim(sim)) : null,
      status: sub.status,
      user: deepFreeze(presentUser(user)),
      userAddress: sub.userAddress,
    });
    if (this.#presented.size >= PRESENTED_CACHE) this.#presented.clear();
    this.#presented.set(sub, { plan, user, sim, porting, wire: presented });
    return presented;
  }
}
