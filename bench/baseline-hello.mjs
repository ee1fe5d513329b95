// The baseline: bare Hono "hello" on @hono/node-server, the same stack gigs-mock serves from.
// With a file as the second argument it answers that file's text as JSON instead (pre-serialised):
// the same bytes as a gigs-mock answer, so the cost of the answer's size can be told apart.
// With `post` instead, it answers a POST by parsing its JSON body and returning a 201 user made of
// it with no other work: the floor under gigs-mock's POST /users.
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const mode = process.argv[3];
const text = mode && mode !== 'post' ? readFileSync(mode, 'utf8') : undefined;
const app = new Hono()
  .get('*', (c) => (text === undefined ? c.json({ hello: 'world' }) : c.body(text, 200, { 'content-type': 'application/json' })))
  .post('*', async (c) => {
    const body = await c.req.json();
    return c.json(
      {
        object: 'user',
        id: 'usr_0U0AaAaAaAaAaAaAaAaAaAaAaAaA',
        metadata: {},
        birthday: null,
        createdAt: '2026-11-27T00:00:00Z',
        email: body.email,
        emailVerified: false,
        fullName: body.fullName ?? null,
        preferredLocale: 'en-US',
        status: 'active',
      },
      201,
    );
  });
serve({ fetch: app.fetch, port: Number(process.argv[2] ?? 0), hostname: '127.0.0.1' }, (info) => {
  console.log(`listening on http://127.0.0.1:${info.port}`);
});
process.on('SIGTERM', () => process.exit(0));
