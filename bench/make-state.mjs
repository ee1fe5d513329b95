// Writes a state file with N users and, per user, an address and a subscription that is active,
// pending (activation due 5s after the frozen start time) or absent. Built through the library's
// store methods, so it is the same data the API would make.
import { createSimulator, ManualClock } from '../dist/index.js';
import { StatePersister } from '../dist/persistence.js';

const [users, subs, out] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
const sim = createSimulator({ clock: new ManualClock(), seed: 'bench', activationDelay: '5s', eventLogSize: 1 });
const project = 'p';
sim.store.ensureProject(project);
const plan = 'pln_0SNlurA049MEWV3eTravelEuTest';
for (let i = 0; i < users; i++) {
  const user = sim.store.users.create(project, { email: `user${i}@example.com`, fullName: `User ${i}` });
  if (subs === 'none') continue;
  const address = sim.store.addresses.create(project, user.id, {
    line1: `${i} Main St`,
    city: 'Springfield',
    state: 'IL',
    postalCode: '62701',
    country: 'US',
  });
  sim.store.subscriptions.create(
    project,
    { plan, user: user.id, sim: 'auto', userAddress: address.id },
    subs === 'active' ? { mode: 'immediate' } : { mode: 'delay', delayMs: 5000 },
  );
}
new StatePersister(sim, out).save(true);
const state = sim.store.project(project);
console.log(JSON.stringify({ users: state.users.size, subscriptions: state.subscriptions.size, jobs: sim.scheduler.size }));
