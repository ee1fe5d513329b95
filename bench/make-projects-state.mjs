// Writes a state file of N projects, each loaded with the populated scenario (250 users with
// addresses, subscriptions in every status, SIMs, devices, usage, add-ons, plan changes and
// portings): node bench/make-projects-state.mjs N out (after npm run build).
import { statSync } from 'node:fs';
import { createSimulator, ManualClock } from '../dist/index.js';
import { StatePersister } from '../dist/persistence.js';

const [count, out] = [Number(process.argv[2]), process.argv[3]];
const sim = createSimulator({ clock: new ManualClock(), seed: 'bench', eventLogSize: 1, maxProjects: Math.max(1000, count) });
for (let i = 0; i < count; i++) sim.loadScenario('populated', `proj-${i}`);
new StatePersister(sim, out).save(true);
console.log(JSON.stringify({ projects: count, bytes: statSync(out).size, jobs: sim.scheduler.size }));
