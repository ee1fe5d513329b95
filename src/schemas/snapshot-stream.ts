import { z } from '@hono/zod-openapi';
import {
  CrossChecks,
  type Issue,
  Job,
  PROJECT_ITEMS,
  ProjectHead,
  type ProjectShape,
  projectRules,
  type SnapshotFrame,
  type SnapshotIssue,
  type SnapshotShape,
  snapshotFields,
  toIssue,
} from './snapshot.js';

/** Everything of a snapshot but its jobs and projects (the first line of a streamed one). */
const StreamedFrame = z.object(snapshotFields).omit({ jobs: true });

export type SnapshotFrameData = Omit<z.infer<typeof SnapshotFrame>, 'projects'>;
export type CheckedProject = ProjectShape;
export type ProjectItemList = keyof typeof PROJECT_ITEMS;

/**
 * The checks of SnapshotBody for a snapshot read an item at a time (snapshot-reader.ts): each job
 * and each project's items checked as they come and kept in their checked form, each project's
 * rules once it is whole, then what holds across projects. The same schemas and rules, so a
 * streamed load refuses exactly what PUT /__mock/snapshot refuses. Each method returns the issues
 * found (the reader stops at the first).
 */
export class StreamedSnapshotCheck {
  readonly #across = new CrossChecks();
  #project: Record<string, unknown> | undefined;
  #index = -1;

  frame(raw: unknown): { data?: Omit<SnapshotFrameData, 'jobs'>; issues: SnapshotIssue[] } {
    const checked = StreamedFrame.safeParse(raw);
    return checked.success ? { data: checked.data, issues: [] } : { issues: checked.error.issues.map((x) => toIssue(x)) };
  }

  job(raw: unknown, i: number): { data?: z.infer<typeof Job>; issues: SnapshotIssue[] } {
    const checked = Job.safeParse(raw);
    return checked.success
      ? { data: checked.data, issues: [] }
      : { issues: checked.error.issues.map((x) => toIssue(x, ['jobs', i])) };
  }

  /** A project begins: its id and settings. */
  project(raw: unknown): SnapshotIssue[] {
    this.#index++;
    const checked = ProjectHead.safeParse(raw);
    if (!checked.success) return checked.error.issues.map((x) => toIssue(x, ['projects', this.#index]));
    this.#project = { ...checked.data };
    for (const list of Object.keys(PROJECT_ITEMS)) this.#project[list] = [];
    return [];
  }

  item(list: ProjectItemList, raw: unknown): SnapshotIssue[] {
    const items = this.#project?.[list] as unknown[];
    const checked = PROJECT_ITEMS[list].safeParse(raw);
    if (!checked.success) return checked.error.issues.map((x) => toIssue(x, ['projects', this.#index, list, items.length]));
    items.push(checked.data);
    return [];
  }

  /** The project is whole: its rules, and what it adds to the checks across projects. */
  endProject(): { data?: CheckedProject; issues: SnapshotIssue[] } {
    const project = this.#project as CheckedProject;
    this.#project = undefined;
    const issues: SnapshotIssue[] = [];
    const issue: Issue = (path, message) => issues.push({ path: ['projects', this.#index, ...path], message });
    projectRules(project, issue);
    this.#across.project(project, this.#index, (path, message) => issues.push({ path, message }));
    return issues.length > 0 ? { issues } : { data: project, issues };
  }

  finish(frame: Pick<SnapshotShape, 'faults' | 'jobs'>): SnapshotIssue[] {
    const issues: SnapshotIssue[] = [];
    this.#across.finish(frame, (path, message) => issues.push({ path, message }));
    return issues;
  }
}
