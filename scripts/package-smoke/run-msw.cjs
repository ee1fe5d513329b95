// The guide's first calls against https://api.gigs.com, as Gigs' embeds make them (plain fetch),
// under setupServer(...gigsHandlers(sim)); nothing may reach the network (onUnhandledRequest: error).
async function runThroughMsw({ setupServer, createSimulator, gigsHandlers, GUIDE_PLAN_ID, assert }, how) {
  const sim = createSimulator({ seed: 'msw-smoke', activationMode: 'immediate' });
  const server = setupServer(...gigsHandlers(sim));
  server.listen({ onUnhandledRequest: 'error' });
  try {
    const base = 'https://api.gigs.com/projects/smoke';
    const headers = { Authorization: 'Bearer smoke', 'Content-Type': 'application/json' };
    const post = async (path, body) =>
      (await fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })).json();
    const user = await post('/users', { email: 'jerry@example.com', fullName: 'Jerry Seinfeld' });
    assert.equal(user.object, 'user');
    const address = await post(`/users/${user.id}/addresses`, {
      line1: '129 West 81st Street',
      city: 'New York City',
      state: 'NY',
      postalCode: '10024',
      country: 'US',
    });
    const sub = await post('/subscriptions', { plan: GUIDE_PLAN_ID, user: user.id, sim: 'auto', userAddress: address.id });
    assert.equal(sub.status, 'active');
    const missing = await fetch(`${base}/subscriptions/sub_0000000000000000000000000000`, { headers });
    assert.equal(missing.status, 404);
    console.log(`msw (${how}): guide answered through gigsHandlers (${sub.id} active, 404 as Gigs answers it)`);
  } finally {
    server.close();
  }
}

module.exports = { runThroughMsw };
