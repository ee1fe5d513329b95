import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { divergences } from '../divergences.js';

export interface EndpointRecord {
  endpoint: string;
  calls: number;
  statuses: Record<string, number>;
  schemaViolations: { status: number; path: string; message: string }[];
  unknownFields: string[];
  statusDifferences: { expected: string; actual: number; test: string }[];
}

export interface SoftCheckRecord {
  name: string;
  passed: boolean;
  detail: string;
  test: string;
}

export interface ReportPart {
  file: string;
  endpoints: EndpointRecord[];
  softChecks: SoftCheckRecord[];
}

export interface SkippedRecord {
  /** `file > describe > test`, as vitest names it. */
  test: string;
  reason: string;
}

/** What one test file observed; written as a part file and merged at the end of the run. */
export class Recorder {
  readonly #endpoints = new Map<string, EndpointRecord>();
  readonly #soft: SoftCheckRecord[] = [];
  currentTest = '';

  endpoint(name: string): EndpointRecord {
    let record = this.#endpoints.get(name);
    if (!record) {
      record = { endpoint: name, calls: 0, statuses: {}, schemaViolations: [], unknownFields: [], statusDifferences: [] };
      this.#endpoints.set(name, record);
    }
    return record;
  }

  soft(name: string, passed: boolean, detail: string): void {
    this.#soft.push({ name, passed, detail, test: this.currentTest });
  }

  write(dir: string, file: string): void {
    const part: ReportPart = { file, endpoints: [...this.#endpoints.values()], softChecks: this.#soft };
    mkdirSync(partsDir(dir), { recursive: true });
    writeFileSync(join(partsDir(dir), `${file.replace(/[^A-Za-z0-9.-]/g, '_')}.json`), JSON.stringify(part));
  }
}

const partsDir = (dir: string) => join(dir, '.contracts-report-parts');

export interface Report {
  target: string;
  runId: string;
  startedAt: string;
  finishedAt: string;
  endpoints: EndpointRecord[];
  softChecks: SoftCheckRecord[];
  skipped: SkippedRecord[];
  divergences: typeof divergences;
  summary: {
    endpoints: number;
    calls: number;
    schemaViolations: number;
    unknownFields: number;
    statusDifferences: number;
    softFailed: number;
    skipped: number;
  };
}

/** The shape of vitest's TestModule this needs (vitest/node), so the report can be tested alone. */
export interface ModuleResult {
  relativeModuleId: string;
  children: { allTests(): Iterable<{ fullName: string; result(): { state: string; note?: string | undefined } }> };
}

/**
 * What vitest skipped, from vitest's own results: every test whose state is "skipped", with the
 * note ctx.skip(reason) gave it. Read after the run, so it holds whole files whose tests were all
 * skipped too (their afterAll never writes a part).
 */
export function skippedTests(modules: Iterable<ModuleResult>): SkippedRecord[] {
  const skipped: SkippedRecord[] = [];
  for (const module of modules) {
    const file = module.relativeModuleId.split('/').at(-1) ?? module.relativeModuleId;
    for (const test of module.children.allTests()) {
      const result = test.result();
      if (result.state !== 'skipped') continue;
      skipped.push({ test: `${file} > ${test.fullName}`, reason: result.note ?? 'skipped in the suite (no reason given)' });
    }
  }
  return skipped.sort((a, b) => a.test.localeCompare(b.test));
}

/** Merges the part files and vitest's skipped tests into contracts-report.json and contracts-report.md. */
export function writeReport(
  dir: string,
  meta: { target: string; runId: string; startedAt: string },
  skipped: SkippedRecord[],
): Report {
  const merged = new Map<string, EndpointRecord>();
  const softChecks: SoftCheckRecord[] = [];
  let files: string[] = [];
  try {
    files = readdirSync(partsDir(dir)).filter((f) => f.endsWith('.json'));
  } catch {
    files = [];
  }
  for (const file of files) {
    const part = JSON.parse(readFileSync(join(partsDir(dir), file), 'utf8')) as ReportPart;
    softChecks.push(...part.softChecks);
    for (const e of part.endpoints) {
      const into = merged.get(e.endpoint);
      if (!into) {
        merged.set(e.endpoint, structuredClone(e));
        continue;
      }
      into.calls += e.calls;
      for (const [status, n] of Object.entries(e.statuses)) into.statuses[status] = (into.statuses[status] ?? 0) + n;
      into.schemaViolations.push(...e.schemaViolations);
      into.unknownFields = [...new Set([...into.unknownFields, ...e.unknownFields])];
      into.statusDifferences.push(...e.statusDifferences);
    }
  }
  rmSync(partsDir(dir), { recursive: true, force: true });
  const endpoints = [...merged.values()].sort((a, b) => a.endpoint.localeCompare(b.endpoint));
  const report: Report = {
    ...meta,
    finishedAt: new Date().toISOString(),
    endpoints,
    softChecks,
    skipped,
    divergences,
    summary: {
      endpoints: endpoints.length,
      calls: endpoints.reduce((n, e) => n + e.calls, 0),
      schemaViolations: endpoints.reduce((n, e) => n + e.schemaViolations.length, 0),
      unknownFields: endpoints.reduce((n, e) => n + e.unknownFields.length, 0),
      statusDifferences: endpoints.reduce((n, e) => n + e.statusDifferences.length, 0),
      softFailed: softChecks.filter((s) => !s.passed).length,
      skipped: skipped.length,
    },
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'contracts-report.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, 'contracts-report.md'), markdown(report));
  return report;
}

function markdown(r: Report): string {
  const lines = [
    '# gigs-mock contract report',
    '',
    `Target: ${r.target}  `,
    `Run: ${r.runId}, ${r.startedAt} to ${r.finishedAt}`,
    '',
    `${r.summary.endpoints} endpoints, ${r.summary.calls} calls; ${r.summary.schemaViolations} schema violations, ` +
      `${r.summary.unknownFields} unknown fields, ${r.summary.statusDifferences} status differences, ${r.summary.softFailed} soft checks failed, ` +
      `${r.summary.skipped} tests skipped.`,
    '',
    '## Endpoints',
    '',
    '| Endpoint | Calls | Statuses | Schema violations | Unknown fields | Status differences |',
    '|---|---|---|---|---|---|',
    ...r.endpoints.map(
      (e) =>
        `| \`${e.endpoint}\` | ${e.calls} | ${Object.entries(e.statuses)
          .map(([s, n]) => `${s}x${n}`)
          .join(
            ' ',
          )} | ${e.schemaViolations.map((v) => `${v.path}: ${v.message}`).join('; ') || '-'} | ${e.unknownFields.join(', ') || '-'} | ${
          e.statusDifferences.map((d) => `expected ${d.expected}, got ${d.actual}`).join('; ') || '-'
        } |`,
    ),
    '',
    '## Soft checks (uncertain facts: recorded, never failed)',
    '',
    '| Check | Result | Detail |',
    '|---|---|---|',
    ...r.softChecks.map((s) => `| ${s.name} | ${s.passed ? 'as expected' : 'DIFFERENT'} | ${s.detail.replace(/\|/g, '\\|')} |`),
    '',
    '## Skipped (as vitest reports them)',
    '',
    ...(r.skipped.length ? r.skipped.map((s) => `- ${s.test}: ${s.reason}`) : ['- none']),
    '',
    '## Known differences between gigs-mock and the Gigs API',
    '',
    ...r.divergences.map((d) => `- **${d.id}** (${d.endpoint}): ${d.description} Why: ${d.reason}`),
    '',
  ];
  return lines.join('\n');
}
