/**
 * Fills project `p` with `count` users, each with an address and a subscription that is active,
 * pending (activation due 5s later), renewing (active on a monthly plan) or absent, through the store as the API would.
 */
export function fill(sim, count, subscriptions) {
  sim.store.ensureProject('p');
  for (let i = 0; i < count; i++) {
    const user = sim.store.users.create('p', { email: `user${i}@example.com`, fullName: `User ${i}` });
    if (subscriptions === 'none') continue;
    const address = sim.store.addresses.create('p', user.id, {
      line1: `${i} Main St`,
      city: 'Springfield',
      state: 'IL',
      postalCode: '62701',
      country: 'US',
    });
    sim.store.subscriptions.create(
      'p',
      // renewing: the guide's monthly plan, so every month of an advance renews each one.
      {
        plan: subscriptions === 'renewing' ? 'pln_0SNlurA049MEWV3V0q7gjQbM4EVo' : 'pln_0SNlurA049MEWV3eTravelEuTest',
        user: user.id,
        sim: 'auto',
        userAddress: address.id,
      },
      subscriptions === 'active' || subscriptions === 'renewing' ? { mode: 'immediate' } : { mode: 'delay', delayMs: 5000 },
    );
  }
}
