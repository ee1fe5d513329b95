// Run by scripts/smoke-package.sh after `npm install msw`: code that calls https://api.gigs.com,
// answered by an in-process gigs-mock through MSW, from CommonJS.
const assert = require('node:assert/strict');
const { setupServer } = require('msw/node');
const { createSimulator, GUIDE_PLAN_ID } = require('gigs-mock');
const { gigsHandlers } = require('gigs-mock/msw');
const { runThroughMsw } = require('./run-msw.cjs');

runThroughMsw({ setupServer, createSimulator, gigsHandlers, GUIDE_PLAN_ID, assert }, 'require').catch((err) => {
  console.error(err);
  process.exit(1);
});
