// The getting-started guide in-process, given one build of the library (required or imported):
// user, address, subscription with sim "auto", activation on a manual clock, credentials and the
// QR code served by the same app; then startSimulator's qrCodeUrl, fetched over HTTP.
async function runGuide(lib, how) {
  const { createSimulator, ManualClock, startSimulator, GUIDE_PLAN_ID, assert } = lib;
  const sim = createSimulator({ clock: new ManualClock(), seed: 'smoke' });
  const call = async (method, path, body) => {
    const res = await sim.app.request(`/projects/smoke${path}`, {
      method,
      headers: { authorization: 'Bearer smoke', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  const user = await call('POST', '/users', { email: 'jerry@example.com', fullName: 'Jerry Seinfeld' });
  assert.equal(user.status, 201, JSON.stringify(user.body));
  const address = await call('POST', `/users/${user.body.id}/addresses`, {
    line1: '129 West 81st Street',
    city: 'New York City',
    state: 'NY',
    postalCode: '10024',
    country: 'US',
  });
  assert.equal(address.status, 201, JSON.stringify(address.body));
  const created = await call('POST', '/subscriptions', {
    plan: GUIDE_PLAN_ID,
    sim: 'auto',
    user: user.body.id,
    userAddress: address.body.id,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.status, 'pending');
  sim.advance('5s');
  const active = await call('GET', `/subscriptions/${created.body.id}`);
  assert.equal(active.body.status, 'active');
  const credentials = await call('GET', `/sims/${active.body.sim.id}/credentials`);
  assert.match(credentials.body.activationCode, /^LPA:1\$/);
  const qr = await sim.app.request(new URL(credentials.body.qrCodeUrl).pathname);
  assert.equal(qr.headers.get('content-type'), 'image/png');

  // A listening server puts its own URL in qrCodeUrl, so the link works as it is.
  const server = await startSimulator({ seed: 'smoke', activationMode: 'immediate' });
  try {
    const post = (path, body) =>
      fetch(`${server.url}/projects/smoke${path}`, {
        method: 'POST',
        headers: { authorization: 'Bearer smoke', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.json());
    const u = await post('/users', { email: 'elaine@example.com', fullName: 'Elaine Benes' });
    const s = await post('/subscriptions', { plan: 'pln_0SNlurA049MEWV3eTravelEuTest', sim: 'auto', user: u.id });
    assert.equal(s.status, 'active', JSON.stringify(s));
    const c = await fetch(`${server.url}/projects/smoke/sims/${s.sim.id}/credentials`, {
      headers: { authorization: 'Bearer smoke' },
    }).then((r) => r.json());
    assert.ok(c.qrCodeUrl.startsWith(`${server.url}/`), c.qrCodeUrl);
    const png = await fetch(c.qrCodeUrl);
    assert.equal(png.status, 200);
  } finally {
    await server.close();
  }
  console.log(`${how}: guide ran in-process (${created.body.id} active, QR code served)`);
}

module.exports = { runGuide };
