import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPTIONS, optionsTable } from '../src/config.js';
import { defaultPlans } from '../src/scenarios/catalogue.js';
import { scenarios } from '../src/scenarios/index.js';
import { makeSim } from './helpers.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('holds both quick-start commands', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });

  it('holds the configuration table exactly as the CLI describes its options', () => {
    expect(readme).toContain(optionsTable());
    for (const option of OPTIONS) for (const env of option.env) expect(readme).toContain(`\`${env}\``);
  });

  it('documents every scenario', () => {
    for (const scenario of scenarios) expect(readme).toContain(`| \`${scenario.name}\` |`);
  });

  it('lists every catalogue plan id', () => {
    for (const plan of defaultPlans()) expect(readme).toContain(`\`${plan.id}\``);
  });

  it('has a coverage row for every public route of the OpenAPI document', async () => {
    const res = await makeSim().app.request('/openapi.json');
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    for (const [path, methods] of Object.entries(doc.paths)) {
      const short = path.replace('/projects/{project}', '');
      for (const method of Object.keys(methods)) expect(readme).toContain(`| \`${method.toUpperCase()} ${short}\` |`);
    }
  });
});
