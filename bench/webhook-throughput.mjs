// Webhook deliveries per second: a simulator in this process sends COUNT signed deliveries to a
// receiver in another process on loopback; every one must arrive (none lost). User events are
// extra events (not in Gigs' index): without extraEvents the loop below would send nothing.
import { fork } from 'node:child_process';
import { createSimulator, ManualClock } from '../dist/index.js';

const count = Number(process.argv[2] ?? 10_000);
const receiver = fork(new URL('./webhook-receiver-count.mjs', import.meta.url), [], {
  stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
});
const url = await new Promise((resolve) => receiver.once('message', (m) => resolve(m.url)));
const sim = createSimulator({ clock: new ManualClock(), seed: 'bench', webhookUrls: [url], extraEvents: true });
sim.store.ensureProject('p');
const started = performance.now();
for (let i = 0; i < count; i++) sim.store.users.create('p', { email: `u${i}@example.com` });
await sim.webhooks.idle();
const seconds = (performance.now() - started) / 1000;
receiver.send('count');
const received = await new Promise((resolve) => receiver.once('message', (m) => resolve(m.count)));
const succeeded = sim.webhooks.deliveries({ status: 'succeeded' }, count).length;
receiver.kill();
console.log(JSON.stringify({ count, received, succeeded, seconds, perSecond: Math.round(count / seconds) }));
