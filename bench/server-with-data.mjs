// A simulator holding N users, each with an address and an active subscription, built in-process
// through the store (as the API would), then served like the CLI serves. With N=0 it is the empty
// baseline. Run with --expose-gc: a full GC after building measures what the data keeps, not the
// garbage of building it.
import { createSimulator, listen, ManualClock } from '../dist/index.js';
import { fill } from './data.mjs';

const count = Number(process.argv[2] ?? 0);
const sim = createSimulator({ clock: new ManualClock(), seed: 'bench' });
fill(sim, count, 'active');
globalThis.gc?.();
const server = await listen(sim, { port: 0 });
console.log(`listening on ${server.url}`);
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
