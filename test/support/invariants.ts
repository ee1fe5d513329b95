import type { Simulator } from '../../src/simulator.js';

/**
 * The store's invariants, checked after hostile traffic: every reference resolves, nothing is used
 * twice that must be unique, and no request managed to pollute Object.prototype.
 */
export function invariantViolations(sim: Simulator): string[] {
  const problems: string[] = [];
  for (const id of sim.store.projectIds()) {
    const state = sim.store.project(id);
    const emails = new Set<string>();
    for (const user of state.users.values()) {
      if (user.status === 'deleted') continue;
      const email = user.email.toLowerCase();
      if (emails.has(email)) problems.push(`${id}: duplicate email ${email}`);
      emails.add(email);
    }
    for (const address of state.addresses.values()) {
      if (!state.users.has(address.user)) problems.push(`${id}: address ${address.id} of missing user ${address.user}`);
    }
    const phones = new Set<string>();
    const simUse = new Map<string, string>();
    for (const sub of state.subscriptions.values()) {
      if (!state.users.has(sub.user)) problems.push(`${id}: subscription ${sub.id} without user`);
      if (!state.plans.has(sub.plan)) problems.push(`${id}: subscription ${sub.id} without plan`);
      if (sub.phoneNumber) {
        if (phones.has(sub.phoneNumber)) problems.push(`${id}: duplicate phone number ${sub.phoneNumber}`);
        phones.add(sub.phoneNumber);
      }
      if (sub.sim && sub.status !== 'ended') {
        if (simUse.has(sub.sim)) problems.push(`${id}: SIM ${sub.sim} used by ${simUse.get(sub.sim)} and ${sub.id}`);
        simUse.set(sub.sim, sub.id);
        if (!state.sims.has(sub.sim)) problems.push(`${id}: subscription ${sub.id} with missing SIM`);
      }
    }
    for (const sad of state.subscriptionAddons.values()) {
      const sub = state.subscriptions.get(sad.subscription);
      if (!sub) problems.push(`${id}: subscription add-on ${sad.id} without subscription`);
      else if (sub.status === 'ended' && sad.status !== 'ended') problems.push(`${id}: add-on ${sad.id} outlives ${sub.id}`);
    }
    const pendingBySub = new Set<string>();
    for (const change of state.subscriptionChanges.values()) {
      if (!state.subscriptions.has(change.subscription)) problems.push(`${id}: change ${change.id} without subscription`);
      if (change.status !== 'pending') continue;
      if (pendingBySub.has(change.subscription)) problems.push(`${id}: two pending changes of ${change.subscription}`);
      pendingBySub.add(change.subscription);
    }
    for (const porting of state.portings.values()) {
      if (!state.users.has(porting.user)) problems.push(`${id}: porting ${porting.id} without user`);
      if (porting.subscription !== null && !state.subscriptions.has(porting.subscription)) {
        problems.push(`${id}: porting ${porting.id} of missing subscription ${porting.subscription}`);
      }
    }
    for (const portOut of state.portOuts.values()) {
      if (!state.subscriptions.has(portOut.subscription)) problems.push(`${id}: port-out ${portOut.id} without subscription`);
    }
    const iccids = new Set<string>();
    for (const sim of state.sims.values()) {
      if (iccids.has(sim.iccid)) problems.push(`${id}: duplicate ICCID ${sim.iccid}`);
      iccids.add(sim.iccid);
    }
    for (const session of state.connectSessions.values()) {
      if (session.user !== null && !state.users.has(session.user))
        problems.push(`${id}: connect session ${session.id} of missing user ${session.user}`);
      if (sim.store.ctx.connectSessionProjects.get(session.id) !== id)
        problems.push(`${id}: connect session ${session.id} not indexed`);
      for (const hash of [session.secretHash, ...session.grants.map((g) => g.hash)]) {
        if (hash !== null && sim.store.ctx.connectTokens.get(hash) !== session.id)
          problems.push(`${id}: a token of connect session ${session.id} not indexed`);
      }
    }
  }
  for (const [session, project] of sim.store.ctx.connectSessionProjects) {
    if (!sim.store.hasProject(project) || !sim.store.project(project).connectSessions.has(session))
      problems.push(`connect session index names ${session} in ${project}, which does not hold it`);
  }
  const polluted = Object.keys(Object.prototype).concat(
    Object.getOwnPropertyNames(Object.prototype).filter((k) => !BASELINE.has(k)),
  );
  if (polluted.length > 0) problems.push(`Object.prototype polluted: ${polluted.join(', ')}`);
  return problems;
}

const BASELINE = new Set(Object.getOwnPropertyNames(Object.prototype));
