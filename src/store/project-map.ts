import type { ProjectState } from './types.js';

/**
 * The projects by id. Every store operation reaches a project's state through `get` in the
 * synchronous call that reads or changes it, so `get` is where a streamed snapshot (see
 * snapshot-writer.ts) that has not yet taken a project can take it first, as it was when the
 * snapshot began. Iteration is for reading only (nothing changes a project it reaches by iterating).
 */
export class ProjectMap extends Map<string, ProjectState> {
  readonly #watchers = new Set<(state: ProjectState) => void>();

  override get(id: string): ProjectState | undefined {
    const state = super.get(id);
    if (state !== undefined && this.#watchers.size > 0) for (const watcher of this.#watchers) watcher(state);
    return state;
  }

  /** Tells watcher about each project before an operation reaches it; returns the unwatch. */
  watch(watcher: (state: ProjectState) => void): () => void {
    this.#watchers.add(watcher);
    return () => this.#watchers.delete(watcher);
  }
}
