// Run by scripts/smoke-package.sh from a CommonJS project that installed the packed tarball:
// require() must load the CommonJS build, and the guide must work in-process on a manual clock.
const assert = require('node:assert/strict');
const { createSimulator, ManualClock, startSimulator, GUIDE_PLAN_ID } = require('gigs-mock');
const { runGuide } = require('./run-guide.cjs');

runGuide({ createSimulator, ManualClock, startSimulator, GUIDE_PLAN_ID, assert }, 'require').catch((err) => {
  console.error(err);
  process.exit(1);
});
