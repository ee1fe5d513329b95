import type { SimCredentials } from '../schemas/sim.js';
import type { Subscription } from '../schemas/subscription.js';
import type { Simulator } from '../simulator.js';
import type { PageQuery } from '../store/collection.js';
import type { UserView } from './views/user-sections.js';
import type { ProjectSummary } from './views/world.js';

/**
 * What the inspector's pages read. Reads only, through the store's own list and get methods, so
 * the pages show what the API would answer; a list is always one page (the store pages in
 * O(page size)), never every object of a big project.
 */

const USERS_PER_PAGE = 25;
const SHOWN_PER_SECTION = 50;

export function projectSummaries(sim: Simulator, offset: number, limit: number): { projects: ProjectSummary[]; total: number } {
  const ids = sim.store.projectIds();
  const projects = ids.slice(offset, offset + limit).map((id) => {
    const state = sim.store.project(id);
    return { id, users: state.users.size, subscriptions: state.subscriptions.size, sims: state.sims.size };
  });
  return { projects, total: ids.length };
}

export function projectPageData(
  sim: Simulator,
  project: string,
  cursor: { after?: string | undefined; before?: string | undefined },
) {
  const state = sim.store.project(project);
  const query: PageQuery = { limit: USERS_PER_PAGE };
  if (cursor.after) query.after = cursor.after;
  else if (cursor.before) query.before = cursor.before;
  return { users: sim.store.users.list(project, query), total: state.users.size };
}

/** The user a search term leads to: an id of theirs (user, subscription, SIM, porting, device), an email, a phone number or an ICCID. */
export function findInProject(sim: Simulator, project: string, term: string): { user?: string } {
  const { store } = sim;
  const state = store.project(project);
  const ofSubscription = (id: string | null | undefined) => (id ? state.subscriptions.get(id)?.user : undefined);
  const ofSim = (id: string | undefined) => (id ? ofSubscription(state.sims.get(id)?.subscription) : undefined);
  let user: string | undefined;
  if (term.startsWith('usr_')) user = state.users.get(term)?.id;
  else if (term.startsWith('sub_')) user = ofSubscription(term);
  else if (term.startsWith('sim_')) user = ofSim(term);
  else if (term.startsWith('prt_')) user = state.portings.get(term)?.user;
  else if (term.startsWith('dev_')) user = state.devices.get(term)?.user ?? undefined;
  else if (term.includes('@')) user = store.users.search(project, term)[0]?.id;
  else if (term.startsWith('+')) user = ofSubscription(state.phoneNumbers.get(term));
  else if (/^\d{10,22}[A-Za-z]?$/.test(term)) {
    user = ofSim(state.iccids.get(term.toUpperCase()));
    // A phone number typed without its +.
    user ??= ofSubscription(state.phoneNumbers.get(`+${term}`));
  }
  return user === undefined ? {} : { user };
}

export function userView(sim: Simulator, project: string, userId: string, back: string): UserView {
  const { store } = sim;
  const state = store.project(project);
  const user = store.users.get(project, userId);
  const subscriptions: Subscription[] = [...state.subscriptionsByUser.get(userId)]
    .reverse()
    .slice(0, SHOWN_PER_SECTION)
    .map((id) => store.subscriptions.get(project, id));
  const credentials = new Map<string, SimCredentials>();
  for (const s of subscriptions) if (s.sim) credentials.set(s.sim.id, store.sims.credentials(project, s.sim.id));
  const subscriptionIds = subscriptions.map((s) => s.id);
  return {
    project,
    user,
    back,
    addresses: store.addresses.list(project, userId, { limit: SHOWN_PER_SECTION }).items,
    subscriptions,
    credentials,
    portings: store.portings.list(project, { limit: SHOWN_PER_SECTION }, { user: [userId] }).items,
    devices: store.devices.list(project, { limit: SHOWN_PER_SECTION }, { user: [userId] }).items,
    connectSessions: [...state.connectSessions.values()]
      .filter((session) => session.user === userId)
      .reverse()
      .slice(0, SHOWN_PER_SECTION)
      .map((session) => ({
        id: session.id,
        intent: session.intent.type,
        createdAt: session.createdAt,
        state: session.completedAt
          ? 'completed'
          : session.usedAt
            ? 'in use'
            : Date.parse(session.expiresAt) <= sim.clock.now()
              ? 'expired'
              : 'not opened',
      })),
    addons:
      subscriptionIds.length === 0
        ? []
        : store.subscriptionAddons.list(project, { limit: SHOWN_PER_SECTION }, { subscription: subscriptionIds }).items,
  };
}
