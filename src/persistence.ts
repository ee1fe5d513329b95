import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { wallTimers } from './engine/clock.js';
import { checkSnapshot } from './schemas/snapshot.js';
import type { Simulator, SimulatorSnapshot } from './simulator.js';
import { DomainError } from './store/errors.js';

export class StateFileError extends Error {}

/**
 * `--state-file`: loads the state at start, saves it every interval when it changed and once more
 * on shutdown. Writes go to a temporary file that is fsynced and then renamed over the old one, so
 * a crash (even kill -9) mid-write leaves the previous state whole.
 */
export class StatePersister {
  #lastRevision = -1;
  #timer: { stop(): void } | undefined;

  readonly #sim: Simulator;
  readonly file: string;

  constructor(sim: Simulator, file: string) {
    this.#sim = sim;
    this.file = file;
  }

  /** Restores the saved state if the file exists; a running clock resumes at wall time. */
  load(): boolean {
    this.#removeStaleTemps();
    if (!existsSync(this.file)) return false;
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.file, 'utf8'));
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
    try {
      this.#sim.restore(snapshot);
    } catch (err) {
      const detail = err instanceof DomainError ? (err.details?.[0] ?? { property: '', message: err.message }) : undefined;
      if (!detail) throw err;
      throw new StateFileError(`${this.file} cannot be loaded (${detail.property}: ${oneLine(detail.message)})`);
    }
    // Time went on while the simulator was down: a running clock picks up at wall time, and work
    // that fell due meanwhile runs on the next settle.
    if (!snapshot.clock.frozen)
      this.#sim.clock.restore({ frozen: false, value: Math.max(snapshot.clock.value, wallTimers.now()) });
    this.#lastRevision = this.#sim.revision;
    return true;
  }

  /**
   * Saves now if anything changed since the last save (or always, with force). A failure throws,
   * removes its temporary file and is reported to the simulator (health answers `degraded` until a
   * save succeeds again).
   */
  save(force = false): boolean {
    const revision = this.#sim.revision;
    if (!force && revision === this.#lastRevision) return false;
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      const data = JSON.stringify(this.#sim.snapshot());
      const fd = openSync(temp, 'w');
      try {
        writeSync(fd, data);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, this.file);
    } catch (err) {
      rmSync(temp, { force: true });
      const message = `saving ${this.file} failed: ${oneLine(err instanceof Error ? err.message : String(err))}`;
      this.#sim.reportStateFile(message);
      throw new StateFileError(message);
    }
    syncDirectory(dirname(this.file));
    this.#lastRevision = revision;
    this.#sim.reportStateFile(undefined);
    return true;
  }

  /** Saves every interval when something changed; every failure is told to onError (and to health). */
  start(intervalMs: number, onError: (error: Error) => void): void {
    this.#timer = wallTimers.every(intervalMs, () => {
      try {
        this.save();
      } catch (err) {
        onError(err as Error);
      }
    });
  }

  /** Temporary files a crashed save left (`<file>.<pid>.tmp`): never a state to load, only clutter. */
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
      if (name.startsWith(prefix) && /^\d+\.tmp$/.test(name.slice(prefix.length))) rmSync(join(dir, name), { force: true });
    }
  }

  stop(): void {
    this.#timer?.stop();
    this.#timer = undefined;
  }
}

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
