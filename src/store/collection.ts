import { DomainError, Messages } from './errors.js';

export interface PageQuery {
  after?: string | undefined;
  before?: string | undefined;
  limit?: number | undefined;
}

export interface Page<T> {
  items: T[];
  moreItemsAfter: string | null;
  moreItemsBefore: string | null;
}

/**
 * Objects of one kind in creation order, listed newest first. Each id maps to its position, so a
 * page after or before a cursor costs O(limit) however long the list is (plus the items a filter
 * skips). Removed items leave a hole that listing skips; holes are compacted now and then.
 */
export class Collection<T extends { id: string }> {
  #slots: (T | undefined)[] = [];
  #index = new Map<string, number>();
  #holes = 0;
  /** Slots before this index are all holes: oldest() starts here. */
  #head = 0;

  get size(): number {
    return this.#index.size;
  }

  has(id: string): boolean {
    return this.#index.has(id);
  }

  get(id: string): T | undefined {
    const at = this.#index.get(id);
    return at === undefined ? undefined : this.#slots[at];
  }

  add(item: T): T {
    this.#index.set(item.id, this.#slots.length);
    this.#slots.push(item);
    return item;
  }

  /** Replaces an item in place (it keeps its position in the order). */
  replace(item: T): T {
    const at = this.#index.get(item.id);
    if (at === undefined) throw new RangeError(`no item ${item.id}`);
    this.#slots[at] = item;
    return item;
  }

  remove(id: string): T | undefined {
    const at = this.#index.get(id);
    if (at === undefined) return undefined;
    const item = this.#slots[at];
    this.#slots[at] = undefined;
    this.#index.delete(id);
    this.#holes++;
    if (this.#holes > 1024 && this.#holes > this.#slots.length / 2) this.#compact();
    return item;
  }

  /** The oldest item, in amortised O(1) (for bounded logs that drop their oldest entries). */
  oldest(): T | undefined {
    while (this.#head < this.#slots.length && this.#slots[this.#head] === undefined) this.#head++;
    return this.#slots[this.#head];
  }

  /** Oldest first. */
  *values(): IterableIterator<T> {
    for (const item of this.#slots) if (item !== undefined) yield item;
  }

  /** Newest first, optionally filtered. */
  *newestFirst(filter?: (item: T) => boolean): IterableIterator<T> {
    for (let i = this.#slots.length - 1; i >= 0; i--) {
      const item = this.#slots[i];
      if (item !== undefined && (!filter || filter(item))) yield item;
    }
  }

  find(predicate: (item: T) => boolean): T | undefined {
    for (const item of this.newestFirst()) if (predicate(item)) return item;
    return undefined;
  }

  page(query: PageQuery, filter: (item: T) => boolean = () => true): Page<T> {
    const limit = query.limit ?? 10;
    if (query.after !== undefined && query.before !== undefined) {
      throw new DomainError('invalid', Messages.cursorConflict, {
        details: [{ property: 'before', code: 'propertyInvalid', message: Messages.cursorConflict }],
      });
    }
    const cursor = query.after ?? query.before;
    let at = this.#slots.length;
    if (cursor !== undefined) {
      const found = this.#index.get(cursor);
      if (found === undefined) {
        const property = query.after !== undefined ? 'after' : 'before';
        throw new DomainError('invalid', Messages.unknownCursor, {
          details: [{ property, code: 'propertyInvalid', message: Messages.unknownCursor }],
        });
      }
      at = found;
    }
    const slots = this.#slots;
    const matches = (i: number): T | undefined => {
      const item = slots[i];
      return item !== undefined && filter(item) ? item : undefined;
    };
    const items: T[] = [];
    if (query.before !== undefined) {
      // Walk towards newer items, then present them newest first.
      let i = at + 1;
      for (; i < slots.length && items.length < limit; i++) {
        const item = matches(i);
        if (item) items.push(item);
      }
      items.reverse();
      let newerExists = false;
      for (; i < slots.length && !newerExists; i++) newerExists = matches(i) !== undefined;
      let olderExists = false;
      for (let j = at; j >= 0 && !olderExists; j--) olderExists = matches(j) !== undefined;
      return finish(items, olderExists, newerExists);
    }
    let i = at - 1;
    for (; i >= 0 && items.length < limit; i--) {
      const item = matches(i);
      if (item) items.push(item);
    }
    let olderExists = false;
    for (; i >= 0 && !olderExists; i--) olderExists = matches(i) !== undefined;
    let newerExists = false;
    if (cursor !== undefined) for (let j = at; j < slots.length && !newerExists; j++) newerExists = matches(j) !== undefined;
    return finish(items, olderExists, newerExists);
  }

  toJSON(): T[] {
    return [...this.values()];
  }

  /**
   * The items as they are now, holes included (undefined): a flat copy of the slots (a memory copy,
   * no walk over the items). A streamed snapshot takes this at its start and serialises it later
   * (items are replaced, never changed in place, so the copy keeps the items of that moment).
   */
  capture(): readonly (T | undefined)[] {
    return this.#slots.slice();
  }

  static from<T extends { id: string }>(items: Iterable<T>): Collection<T> {
    const collection = new Collection<T>();
    for (const item of items) collection.add(item);
    return collection;
  }

  #compact(): void {
    const live = [...this.values()];
    this.#slots = [];
    this.#index.clear();
    this.#holes = 0;
    this.#head = 0;
    for (const item of live) this.add(item);
  }
}

function finish<T extends { id: string }>(items: T[], olderExists: boolean, newerExists: boolean): Page<T> {
  const first = items[0];
  const last = items[items.length - 1];
  return {
    items,
    moreItemsAfter: olderExists && last ? last.id : null,
    moreItemsBefore: newerExists && first ? first.id : null,
  };
}

/** Maps every item of a page (records -> wire objects). */
export function mapPage<T, U>(page: Page<T>, fn: (item: T) => U): Page<U> {
  return { items: page.items.map(fn), moreItemsAfter: page.moreItemsAfter, moreItemsBefore: page.moreItemsBefore };
}
