// The baseline: bare Hono "hello" on @hono/node-server, the same stack gigs-mock serves from.
// With a file as the second argument it answers that file's text as JSON instead (pre-serialised):
// the same bytes as a gigs-mock answer, so the cost of the answer's size can be told apart.
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const file = process.argv[3];
const text = file ? readFileSync(file, 'utf8') : undefined;
const app = new Hono().get('*', (c) =>
  text === undefined ? c.json({ hello: 'world' }) : c.body(text, 200, { 'content-type': 'application/json' }),
);
serve({ fetch: app.fetch, port: Number(process.argv[2] ?? 0), hostname: '127.0.0.1' }, (info) => {
  console.log(`listening on http://127.0.0.1:${info.port}`);
});
process.on('SIGTERM', () => process.exit(0));
