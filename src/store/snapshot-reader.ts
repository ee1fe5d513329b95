import type { SnapshotIssue } from '../schemas/snapshot.js';
import {
  type CheckedProject,
  type ProjectItemList,
  type SnapshotFrameData,
  StreamedSnapshotCheck,
} from '../schemas/snapshot-stream.js';
import { buildProject } from './context.js';
import { PROJECT_LISTS } from './snapshot-writer.js';
import type { ProjectSnapshot, ProjectState } from './types.js';

/** A line that is not JSON or not where the layout has it (`issue` unset), or an item that does not check. */
export class SnapshotReadError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly issue?: SnapshotIssue,
  ) {
    super(message);
  }
}

/** A snapshot read in full and checked, its projects built but not yet in place. */
export interface ReadSnapshot {
  frame: SnapshotFrameData;
  projects: ProjectState[];
}

const HEADER_START = '{"format":';
const HEADER_END = ',"jobs":[';
const PROJECTS = '],"projects":[';
const FIRST_LIST = `,"${PROJECT_LISTS[0]}":[`;

/**
 * Reads the layout SnapshotWriter writes (one item a line) a line at a time, checking each item as
 * it comes (StreamedSnapshotCheck) and building each project as soon as it is whole, so loading a
 * big state file holds the state being built and one line, never the whole text and its parse.
 * A file in any other layout (hand-edited, pretty-printed, from an older version) is read whole
 * instead: see `isStreamed`.
 */
export class SnapshotReader {
  readonly #check = new StreamedSnapshotCheck();
  #state: 'header' | 'jobs' | 'projects' | 'list' | 'end' = 'header';
  #line = 0;
  #frame: Omit<SnapshotFrameData, 'jobs'> | undefined;
  readonly #jobs: SnapshotFrameData['jobs'] = [];
  #list = 0;
  #projectId = '';
  readonly #projects: ProjectState[] = [];
  /** Items read in the current list, and whether the last one ended with the comma of another. */
  #items = 0;
  #comma = false;
  /** The last project closed with `]},`: another must follow. */
  #anotherProject = false;

  /** True when the text's first line is the writer's: the rest is read a line at a time. */
  static isStreamed(firstLine: string): boolean {
    return firstLine.startsWith(HEADER_START) && firstLine.endsWith(HEADER_END);
  }

  line(text: string): void {
    this.#line++;
    switch (this.#state) {
      case 'header': {
        if (!SnapshotReader.isStreamed(text)) this.#layout();
        const frame = this.#check.frame(this.#parse(`${text.slice(0, -HEADER_END.length)}}`));
        this.#fail(frame.issues);
        this.#frame = frame.data;
        this.#state = 'jobs';
        return;
      }
      case 'jobs': {
        if (text === PROJECTS) {
          this.#endList();
          this.#state = 'projects';
          return;
        }
        const job = this.#check.job(this.#parse(this.#item(text)), this.#jobs.length);
        this.#fail(job.issues);
        this.#jobs.push(job.data as SnapshotFrameData['jobs'][number]);
        return;
      }
      case 'projects': {
        if (text === ']}' && !this.#anotherProject) {
          this.#state = 'end';
          return;
        }
        if (!text.startsWith('{"id":') || !text.endsWith(FIRST_LIST)) this.#layout();
        if (this.#projects.length > 0 && !this.#anotherProject) this.#layout();
        const head = this.#parse(`${text.slice(0, -FIRST_LIST.length)}}`);
        this.#fail(this.#check.project(head));
        this.#projectId = (head as { id: string }).id;
        this.#list = 0;
        this.#state = 'list';
        return;
      }
      case 'list': {
        if (text.startsWith(']')) {
          this.#closeList(text);
          return;
        }
        this.#fail(this.#check.item(PROJECT_LISTS[this.#list] as ProjectItemList, this.#parse(this.#item(text))));
        return;
      }
      case 'end':
        if (text.trim() !== '') this.#layout();
    }
  }

  /** The snapshot, once every line was read. */
  finish(): ReadSnapshot {
    if (this.#state !== 'end') throw new SnapshotReadError(`line ${this.#line}: the file ends early`, this.#line);
    const frame = { ...(this.#frame as Omit<SnapshotFrameData, 'jobs'>), jobs: this.#jobs };
    this.#fail(this.#check.finish(frame));
    return { frame, projects: this.#projects };
  }

  #closeList(text: string): void {
    this.#endList();
    const next = PROJECT_LISTS[this.#list + 1];
    if (next !== undefined && text === `],"${next}":[`) {
      this.#list++;
      return;
    }
    if (next !== undefined || (text !== ']}' && text !== ']},')) this.#layout();
    this.#anotherProject = text === ']},';
    const project = this.#check.endProject();
    this.#fail(project.issues);
    // The checked items are the parser's own objects: the project takes them as they are.
    this.#projects.push(buildProject(project.data as CheckedProject as ProjectSnapshot));
    this.#state = 'projects';
  }

  /** An item line without its comma; items are separated by commas and the last has none (JSON). */
  #item(text: string): string {
    if (this.#items > 0 && !this.#comma) this.#layout();
    this.#items++;
    this.#comma = text.endsWith(',');
    return this.#comma ? text.slice(0, -1) : text;
  }

  #endList(): void {
    if (this.#comma) this.#layout();
    this.#items = 0;
  }

  #parse(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new SnapshotReadError(`line ${this.#line}: ${(err as Error).message}`, this.#line);
    }
  }

  #fail(issues: SnapshotIssue[]): void {
    const issue = issues[0];
    if (issue) throw new SnapshotReadError(`${issue.path.join('.')}: ${issue.message}`, this.#line, issue);
  }

  #layout(): never {
    throw new SnapshotReadError(
      `line ${this.#line}: not where a gigs-mock state file has it (${this.#state === 'list' ? this.#projectId : this.#state})`,
      this.#line,
    );
  }
}
