// A simulator holding N users, each with an address and an active subscription, built in-process
// through the store (as the API would), then served like the CLI serves. With N=0 it is the empty
// baseline. Run with --expose-gc: a full GC after building measures what the data keeps, not the
// garbage of building it.
import { createSimulator, listen, ManualClock } from '../dist/index.js';

const count = Number(process.argv[2] ?? 0);
const sim = createSimulator({ clock: new ManualClock(), seed: 'bench' });
sim.store.ensureProject('p');
for (let i = 0; i < count; i++) {
  const user = sim.store.users.create('p', { email: `user${i}@example.com`, fullName: `User ${i}` });
  const address = sim.store.addresses.create('p', user.id, {
    line1: `${i} Main St`,
    city: 'Springfield',
    state: 'IL',
    postalCode: '62701',
    country: 'US',
  });
  sim.store.subscriptions.create(
    'p',
    { plan: 'pln_0SNlurA049MEWV3eTravelEuTest', user: user.id, sim: 'auto', userAddress: address.id },
    { mode: 'immediate' },
  );
}
globalThis.gc?.();
const server = await listen(sim, { port: 0 });
console.log(`listening on ${server.url}`);
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
