import { expect } from 'vitest';
import type { z } from 'zod';
import { ErrorBody } from '../../src/schemas/error.js';
import type { Recorder } from './report.js';
import { dedupePaths, unknownFields } from './schema-check.js';
import type { Target } from './target.js';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  endpoint: string;
}

export interface RequestOptions {
  body?: unknown;
  /** The zod schema of a 2xx body; error bodies are always checked against the Gigs error schema. */
  schema?: z.ZodType;
  /** Replaces the bearer token; `null` sends none. */
  token?: string | null;
  headers?: Record<string, string>;
  /** Raw body text (for malformed JSON). */
  rawBody?: string;
}

const ID_NAMES: Record<string, string> = {
  usr: '{user}',
  adr: '{address}',
  pln: '{plan}',
  sub: '{subscription}',
  sim: '{sim}',
  add: '{addon}',
  sad: '{subscriptionAddon}',
  sch: '{subscriptionChange}',
  dev: '{device}',
  prt: '{porting}',
  pto: '{portOut}',
};

/** `/projects/gigs/users/usr_123` -> `GET /projects/{project}/users/{user}`. */
export function endpointName(method: string, path: string, project: string): string {
  const template = path
    .split('?')[0]
    ?.split('/')
    .map((segment, i, all) => {
      if (i === 2 && all[1] === 'projects' && segment === encodeURIComponent(project)) return '{project}';
      const prefix = /^([a-z]{3})_[0-9A-Za-z]+$/.exec(segment)?.[1];
      return prefix && ID_NAMES[prefix] ? ID_NAMES[prefix] : segment;
    })
    .join('/');
  return `${method.toUpperCase()} ${template}`;
}

/** Speaks HTTP to the target and records what it saw for the drift report. */
export class Api {
  constructor(
    readonly target: Target,
    readonly recorder: Recorder,
  ) {}

  /** Path relative to the project: `/users` -> `/projects/{project}/users`. */
  p(path: string): string {
    return `/projects/${encodeURIComponent(this.target.project)}${path}`;
  }

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    const token = options.token === undefined ? this.target.token : options.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${this.target.baseUrl}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // keep the text: a non-JSON body is itself a finding
    }
    const endpoint = endpointName(method, path, this.target.project);
    const record = this.recorder.endpoint(endpoint);
    record.calls++;
    record.statuses[res.status] = (record.statuses[res.status] ?? 0) + 1;
    const schema = res.status >= 400 ? ErrorBody : options.schema;
    if (schema && parsed !== undefined) {
      const result = schema.safeParse(parsed);
      if (!result.success) {
        for (const issue of result.error.issues) {
          record.schemaViolations.push({ status: res.status, path: issue.path.join('.') || '(body)', message: issue.message });
        }
      } else {
        const unknown = dedupePaths(unknownFields(schema, parsed));
        record.unknownFields = [...new Set([...record.unknownFields, ...unknown])];
      }
    }
    return { status: res.status, body: parsed as T, endpoint };
  }

  get<T = any>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, options);
  }
  post<T = any>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('POST', path, { ...options, body });
  }
  patch<T = any>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PATCH', path, { ...options, body });
  }
  delete<T = any>(path: string, options?: RequestOptions) {
    return this.request<T>('DELETE', path, options);
  }

  /** A hard expectation on the status; a mismatch is recorded before the test fails. */
  expectStatus(res: ApiResponse, expected: number | number[]): void {
    const allowed = Array.isArray(expected) ? expected : [expected];
    if (!allowed.includes(res.status)) {
      this.recorder.endpoint(res.endpoint).statusDifferences.push({
        expected: allowed.join(' or '),
        actual: res.status,
        test: this.recorder.currentTest,
      });
    }
    expect(res.status, `${res.endpoint}: ${JSON.stringify(res.body)?.slice(0, 300)}`).toBeOneOf(allowed);
  }

  /** The body matched its schema (violations are recorded by request() and fail here). */
  expectValid(res: ApiResponse): void {
    const violations = this.recorder.endpoint(res.endpoint).schemaViolations.filter((v) => v.status === res.status);
    expect(violations, `${res.endpoint} schema violations`).toEqual([]);
  }

  /** An uncertain fact: recorded in the report, never failed. */
  soft(name: string, passed: boolean, detail: string): void {
    this.recorder.soft(name, passed, detail);
  }
}
