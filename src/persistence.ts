import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { type FileHandle, link, open, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { type ClockState, wallTimers } from './engine/clock.js';
import { checkSnapshot } from './schemas/snapshot.js';
import type { Simulator, SimulatorSnapshot } from './simulator.js';
import { DomainError } from './store/errors.js';
import { SnapshotReadError, SnapshotReader } from './store/snapshot-reader.js';

export class StateFileError extends Error {}

/**
 * `--state-file`: loads the state at start, saves it every interval when it changed (in the
 * background) and once more on shutdown. Writes go to a temporary file that is fsynced and then
 * renamed over the old one, so a crash (even kill -9) mid-write leaves the previous state whole.
 * A save holds the state of the moment it began (SnapshotWriter), however long it takes.
 */
export class StatePersister {
  #lastRevision = -1;
  #timer: { stop(): void } | undefined;
  /** The save running in the background (start()), if any; a newer save or stop() gives it up. */
  #saving: { done: Promise<unknown>; abandoned: boolean } | undefined;

  readonly #sim: Simulator;
  readonly file: string;

  constructor(sim: Simulator, file: string) {
    this.#sim = sim;
    this.file = file;
  }

  /**
   * Restores the saved state if the file exists; a running clock resumes at wall time. A file in
   * the layout saves write (one item a line) is read a line at a time, each item checked and each
   * project built as it comes, so loading holds the state and one line rather than the whole text
   * and its parse; any other JSON (hand-edited, pretty-printed, older) is read whole.
   */
  load(): boolean {
    this.#removeStaleTemps();
    if (!existsSync(this.file)) return false;
    const fd = openSync(this.file, 'r');
    let snapshot: { clock: ClockState };
    try {
      const first = firstLine(fd);
      const streamed = first !== undefined && SnapshotReader.isStreamed(first) ? this.#loadStreamed(readLines(fd)) : undefined;
      snapshot = streamed ?? this.#loadWhole(readFileSync(this.file, 'utf8'));
    } finally {
      closeSync(fd);
    }
    // Time went on while the simulator was down: a running clock picks up at wall time, and work
    // that fell due meanwhile runs on the next settle.
    if (!snapshot.clock.frozen)
      this.#sim.clock.restore({ frozen: false, value: Math.max(snapshot.clock.value, wallTimers.now()) });
    this.#lastRevision = this.#sim.revision;
    return true;
  }

  /** The state read a line at a time; undefined when the file is not in that layout after all. */
  #loadStreamed(lines: Iterable<string>): { clock: ClockState } | undefined {
    const reader = new SnapshotReader();
    try {
      for (const line of lines) reader.line(line);
      const read = reader.finish();
      this.#restore(() => this.#sim.restoreRead(read));
      return read.frame;
    } catch (err) {
      if (!(err instanceof SnapshotReadError)) throw err;
      if (err.issue) throw new StateFileError(`${this.file} is not a gigs-mock state file (${oneLine(err.message)})`);
      // Not laid out as saves write it (a hand edit), or not JSON: what the whole file says decides.
      return undefined;
    }
  }

  #loadWhole(text: string): { clock: ClockState } {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new StateFileError(`${this.file} is not valid JSON: ${(err as Error).message}`);
    }
    // The same check as PUT /__mock/snapshot, plus this simulator's project rules (restore).
    const checked = checkSnapshot(parsed);
    if (!checked.success) {
      const issue = checked.issues[0];
      throw new StateFileError(
        `${this.file} is not a gigs-mock state file (${issue?.path.join('.')}: ${oneLine(issue?.message ?? '')})`,
      );
    }
    const snapshot = checked.data as SimulatorSnapshot;
    this.#restore(() => this.#sim.restore(snapshot));
    return snapshot;
  }

  #restore(restore: () => void): void {
    try {
      restore();
    } catch (err) {
      const detail = err instanceof DomainError ? (err.details?.[0] ?? { property: '', message: err.message }) : undefined;
      if (!detail) throw err;
      throw new StateFileError(`${this.file} cannot be loaded (${detail.property}: ${oneLine(detail.message)})`);
    }
  }

  /**
   * Throws (StateFileError) when saves could not work: a new file is written now; for an existing
   * one (just loaded, perhaps big) a temporary file is made beside it, as a save would.
   */
  checkWritable(): void {
    if (!existsSync(this.file)) {
      this.save(true);
      return;
    }
    const probe = `${this.file}.${process.pid}.tmp`;
    try {
      // A save renames a temporary file over the state file: the folder must take one.
      closeSync(openSync(probe, 'w'));
    } catch (err) {
      throw this.#failed(err);
    } finally {
      rmSync(probe, { force: true });
    }
  }

  /**
   * Saves now, in one go, if anything changed since the last save (or always, with force): for the
   * start and the shutdown, when nothing else is served. A background save still running is given
   * up (this one is newer). A failure throws, removes its temporary file and is reported to the
   * simulator (health answers `degraded` until a save succeeds again).
   */
  save(force = false): boolean {
    const revision = this.#sim.revision;
    if (!force && revision === this.#lastRevision) return false;
    if (this.#saving) this.#saving.abandoned = true;
    const temp = `${this.file}.${process.pid}.tmp`;
    const writer = this.#sim.snapshotWriter();
    try {
      const fd = openSync(temp, 'w');
      try {
        let position = 0;
        for (const chunk of writer.chunks(CHUNK_CHARS)) position += writeAllSync(fd, chunk, position);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, this.file);
    } catch (err) {
      writer.close();
      rmSync(temp, { force: true });
      throw this.#failed(err);
    }
    syncDirectory(dirname(this.file));
    this.#saved(revision);
    return true;
  }

  /**
   * Saves in the background: the snapshot of this moment (SnapshotWriter), written a slice of at
   * most SLICE_MS at a time with the file writes in between, so requests are served meanwhile.
   * Resolves false when nothing changed, or when the save was given up for a newer one.
   */
  async saveInBackground(force = false): Promise<boolean> {
    const revision = this.#sim.revision;
    if (!force && revision === this.#lastRevision) return false;
    if (this.#saving) this.#saving.abandoned = true;
    const saving = { done: Promise.resolve() as Promise<unknown>, abandoned: false };
    const run = this.#writeInBackground(saving, revision);
    saving.done = run.catch(() => undefined);
    this.#saving = saving;
    try {
      return await run;
    } finally {
      if (this.#saving === saving) this.#saving = undefined;
    }
  }

  async #writeInBackground(saving: { abandoned: boolean }, revision: number): Promise<boolean> {
    const n = ++backgroundSaves;
    const temp = `${this.file}.${process.pid}.${n}.tmp`;
    const previous = `${this.file}.${process.pid}.${n}.old`;
    const writer = this.#sim.snapshotWriter();
    let handle: FileHandle | undefined;
    let linked = false;
    try {
      handle = await open(temp, 'w');
      let position = 0;
      // Each awaited write hands the event loop back between slices.
      for (const chunk of writer.chunks(CHUNK_CHARS, SLICE_MS)) {
        if (saving.abandoned) break;
        position += await writeAll(handle, chunk, position);
      }
      if (!saving.abandoned) await handle.sync();
      await handle.close();
      handle = undefined;
      // Renaming over a big file frees it, which takes the kernel tens of milliseconds (63 ms for
      // 229 MB here) on the calling thread: a second link keeps it alive through the rename, and
      // it is freed off the event loop after (where links work; elsewhere the rename frees it).
      linked = await link(this.file, previous).then(
        () => true,
        () => false,
      );
      if (saving.abandoned) {
        await rm(temp, { force: true });
        return false;
      }
      // Checked and renamed in one turn: a newer save() cannot land between them and be overwritten.
      renameSync(temp, this.file);
    } catch (err) {
      await handle?.close().catch(() => undefined);
      await rm(temp, { force: true }).catch(() => undefined);
      if (saving.abandoned) return false;
      throw this.#failed(err);
    } finally {
      writer.close();
      if (linked) await rm(previous, { force: true }).catch(() => undefined);
    }
    await syncDirectoryInBackground(dirname(this.file));
    this.#saved(revision);
    return true;
  }

  #failed(err: unknown): StateFileError {
    const message = `saving ${this.file} failed: ${oneLine(err instanceof Error ? err.message : String(err))}`;
    this.#sim.reportStateFile(message);
    return new StateFileError(message);
  }

  #saved(revision: number): void {
    this.#lastRevision = revision;
    this.#sim.reportStateFile(undefined);
  }

  /**
   * Saves in the background every interval when something changed (the next waits for the last to
   * finish); every failure is told to onError (and to health).
   */
  start(intervalMs: number, onError: (error: Error) => void): void {
    this.#timer = wallTimers.every(intervalMs, () => {
      if (this.#saving) return;
      this.saveInBackground().catch((err: Error) => onError(err));
    });
  }

  /**
   * Files a crashed save left (`<file>.<pid>.tmp`, and a background save's `<file>.<pid>.<n>.tmp`
   * and `.old`, a second link to the state it replaced): never a state to load, only clutter.
   */
  #removeStaleTemps(): void {
    const dir = dirname(this.file);
    const prefix = `${basename(this.file)}.`;
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (name.startsWith(prefix) && /^\d+(?:\.\d+\.(?:tmp|old)|\.tmp)$/.test(name.slice(prefix.length)))
        rmSync(join(dir, name), { force: true });
    }
  }

  /** Stops the interval and gives up a background save still running (resolves once it has stopped). */
  async stop(): Promise<void> {
    this.#timer?.stop();
    this.#timer = undefined;
    const saving = this.#saving;
    if (!saving) return;
    saving.abandoned = true;
    await saving.done;
  }
}

/** Longest stretch a background save holds the event loop. */
const SLICE_MS = 10;
/** Text handed to one file write. */
const CHUNK_CHARS = 1 << 20;
let backgroundSaves = 0;

function writeAllSync(fd: number, text: string, position: number): number {
  const bytes = Buffer.from(text, 'utf8');
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
  return bytes.length;
}

async function writeAll(handle: FileHandle, text: string, position: number): Promise<number> {
  const bytes = Buffer.from(text, 'utf8');
  for (let done = 0; done < bytes.length; ) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position + done);
    done += bytesWritten;
  }
  return bytes.length;
}

/**
 * The file's lines (without their newline), read a chunk at a time: each chunk is searched once,
 * so a long line costs its length, not its length times the chunks it spans.
 */
function* readLines(fd: number): Generator<string> {
  const buffer = Buffer.allocUnsafe(READ_BYTES);
  const decoder = new StringDecoder('utf8');
  let parts: string[] = [];
  for (let position = 0; ; ) {
    const read = readSync(fd, buffer, 0, buffer.length, position);
    if (read === 0) break;
    position += read;
    const text = decoder.write(buffer.subarray(0, read));
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      parts.push(text.slice(start, end));
      const line = parts.join('');
      // A CRLF file (edited on Windows) reads the same: the CR is JSON whitespace.
      yield line.endsWith('\r') ? line.slice(0, -1) : line;
      parts = [];
      start = end + 1;
    }
    if (start < text.length) parts.push(text.slice(start));
  }
  parts.push(decoder.end());
  const last = parts.join('');
  if (last.length > 0) yield last;
}

/** The first line, if it ends within the first READ_BYTES (a streamed file's first line is short). */
function firstLine(fd: number): string | undefined {
  const buffer = Buffer.allocUnsafe(READ_BYTES);
  const read = readSync(fd, buffer, 0, buffer.length, 0);
  const end = buffer.subarray(0, read).indexOf(10);
  return end < 0 ? undefined : buffer.subarray(0, end).toString('utf8');
}

const READ_BYTES = 1 << 20;

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').slice(0, 500);
}

/** Makes the rename itself durable (best effort: not every platform can fsync a directory). */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // ignore
  }
}

/** syncDirectory off the event loop (a directory fsync may wait for a journal commit). */
async function syncDirectoryInBackground(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // ignore, as syncDirectory does
  }
}
