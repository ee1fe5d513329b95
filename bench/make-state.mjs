// Writes a state file with N users and, per user, an address and a subscription that is active,
// pending (activation due 5s after the frozen start time) or absent. Built through the library's
// store methods, so it is the same data the API would make.
import { createSimulator, ManualClock } from '../dist/index.js';
import { StatePersister } from '../dist/persistence.js';
import { fill } from './data.mjs';

const [users, subs, out] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
const sim = createSimulator({ clock: new ManualClock(), seed: 'bench', activationDelay: '5s', eventLogSize: 1 });
fill(sim, users, subs);
new StatePersister(sim, out).save(true);
const state = sim.store.project('p');
console.log(JSON.stringify({ users: state.users.size, subscriptions: state.subscriptions.size, jobs: sim.scheduler.size }));
