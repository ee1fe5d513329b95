import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { wallTimers } from './engine/clock.js';
import { SnapshotBody } from './schemas/snapshot.js';
import type { Simulator, SimulatorSnapshot } from './simulator.js';

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
    if (!existsSync(this.file)) return false;
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (err) {
      throw new StateFileError(`${this.file} is not valid JSON: ${(err as Error).message}`);
    }
    const checked = SnapshotBody.safeParse(parsed);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new StateFileError(`${this.file} is not a gigs-mock state file (${issue?.path.join('.')}: ${issue?.message})`);
    }
    const snapshot = checked.data as SimulatorSnapshot;
    this.#sim.restore(snapshot);
    // Time went on while the simulator was down: a running clock picks up at wall time, and work
    // that fell due meanwhile runs on the next settle.
    if (!snapshot.clock.frozen)
      this.#sim.clock.restore({ frozen: false, value: Math.max(snapshot.clock.value, wallTimers.now()) });
    this.#lastRevision = this.#sim.revision;
    return true;
  }

  /** Saves now if anything changed since the last save (or always, with force). */
  save(force = false): boolean {
    const revision = this.#sim.revision;
    if (!force && revision === this.#lastRevision) return false;
    const data = JSON.stringify(this.#sim.snapshot());
    const temp = `${this.file}.${process.pid}.tmp`;
    const fd = openSync(temp, 'w');
    try {
      writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, this.file);
    syncDirectory(dirname(this.file));
    this.#lastRevision = revision;
    return true;
  }

  start(intervalMs: number, onError: (error: Error) => void): void {
    this.#timer = wallTimers.every(intervalMs, () => {
      try {
        this.save();
      } catch (err) {
        onError(err as Error);
      }
    });
  }

  stop(): void {
    this.#timer?.stop();
    this.#timer = undefined;
  }
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
