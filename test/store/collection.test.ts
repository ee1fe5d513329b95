import { describe, expect, it } from 'vitest';
import { Collection, mapPage } from '../../src/store/collection.js';
import { Messages } from '../../src/store/errors.js';
import { thrown } from '../helpers.js';

interface Item {
  id: string;
  n: number;
}

/** Items i0 (oldest) .. i{count-1} (newest), added in creation order. */
function numbered(count: number): Collection<Item> {
  const collection = new Collection<Item>();
  for (let n = 0; n < count; n++) collection.add({ id: `i${n}`, n });
  return collection;
}

const ids = (items: Item[]) => items.map((item) => item.id);

describe('Collection.page', () => {
  it('lists items newest first', () => {
    expect(ids(numbered(3).page({}).items)).toEqual(['i2', 'i1', 'i0']);
  });

  it('returns null cursors when everything fits on one page', () => {
    const page = numbered(3).page({});
    expect(page.moreItemsAfter).toBeNull();
    expect(page.moreItemsBefore).toBeNull();
  });

  it('returns at most 10 items when no limit is given', () => {
    expect(numbered(15).page({}).items).toHaveLength(10);
  });

  it('sets moreItemsAfter to the id of the last item when more items exist', () => {
    const page = numbered(15).page({ limit: 4 });
    expect(ids(page.items)).toEqual(['i14', 'i13', 'i12', 'i11']);
    expect(page.moreItemsAfter).toBe('i11');
  });

  it('sets moreItemsBefore to null on the first page', () => {
    expect(numbered(15).page({ limit: 4 }).moreItemsBefore).toBeNull();
  });

  it('returns the items following the after cursor with no overlap', () => {
    const collection = numbered(10);
    const first = collection.page({ limit: 4 });
    const second = collection.page({ limit: 4, after: first.moreItemsAfter! });
    expect(ids(second.items)).toEqual(['i5', 'i4', 'i3', 'i2']);
  });

  it('sets moreItemsBefore to the first item of a page that follows a cursor', () => {
    const page = numbered(10).page({ limit: 4, after: 'i6' });
    expect(page.moreItemsBefore).toBe('i5');
  });

  it('sets moreItemsAfter to null on the last page', () => {
    const page = numbered(10).page({ limit: 4, after: 'i2' });
    expect(ids(page.items)).toEqual(['i1', 'i0']);
    expect(page.moreItemsAfter).toBeNull();
  });

  it('returns an empty page with null cursors after the oldest item', () => {
    const page = numbered(3).page({ after: 'i0' });
    expect(page.items).toEqual([]);
    expect(page.moreItemsAfter).toBeNull();
    expect(page.moreItemsBefore).toBeNull();
  });

  it('visits every item exactly once when following moreItemsAfter', () => {
    const collection = numbered(23);
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = collection.page({ limit: 5, after });
      seen.push(...ids(page.items));
      after = page.moreItemsAfter ?? undefined;
    } while (after !== undefined);
    expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => `i${22 - i}`));
  });

  it('returns the items immediately preceding the before cursor, newest first', () => {
    const page = numbered(10).page({ limit: 3, before: 'i3' });
    expect(ids(page.items)).toEqual(['i6', 'i5', 'i4']);
  });

  it('sets both cursors on a before page in the middle of the list', () => {
    const page = numbered(10).page({ limit: 3, before: 'i3' });
    expect(page.moreItemsAfter).toBe('i4');
    expect(page.moreItemsBefore).toBe('i6');
  });

  it('sets moreItemsBefore to null when a before page reaches the newest item', () => {
    const page = numbered(10).page({ limit: 3, before: 'i7' });
    expect(ids(page.items)).toEqual(['i9', 'i8']);
    expect(page.moreItemsBefore).toBeNull();
    expect(page.moreItemsAfter).toBe('i8');
  });

  it('goes back to the previous page with moreItemsBefore', () => {
    const collection = numbered(10);
    const first = collection.page({ limit: 4 });
    const second = collection.page({ limit: 4, after: first.moreItemsAfter! });
    const back = collection.page({ limit: 4, before: second.moreItemsBefore! });
    expect(back.items).toEqual(first.items);
  });

  it('returns no items when limit is 0', () => {
    const page = numbered(5).page({ limit: 0 });
    expect(page.items).toEqual([]);
  });

  it('returns no items when limit is 0 after a cursor', () => {
    expect(numbered(5).page({ limit: 0, after: 'i3' }).items).toEqual([]);
  });

  it('skips removed items without counting them toward the limit', () => {
    const collection = numbered(6);
    collection.remove('i4');
    collection.remove('i3');
    expect(ids(collection.page({ limit: 3 }).items)).toEqual(['i5', 'i2', 'i1']);
  });

  it('sets moreItemsAfter to null when only removed items remain after the page', () => {
    const collection = numbered(5);
    collection.remove('i0');
    collection.remove('i1');
    const page = collection.page({ limit: 3 });
    expect(ids(page.items)).toEqual(['i4', 'i3', 'i2']);
    expect(page.moreItemsAfter).toBeNull();
  });

  it('sets moreItemsBefore to null when only removed items are newer than a before page', () => {
    const collection = numbered(5);
    collection.remove('i4');
    const page = collection.page({ limit: 2, before: 'i1' });
    expect(ids(page.items)).toEqual(['i3', 'i2']);
    expect(page.moreItemsBefore).toBeNull();
  });

  it('counts the after cursor itself as a newer item for moreItemsBefore', () => {
    const collection = numbered(5);
    collection.remove('i4');
    expect(collection.page({ after: 'i3' }).moreItemsBefore).toBe('i2');
  });

  it('keeps paging correctly after many removals compact the list', () => {
    const collection = numbered(3000);
    for (let n = 0; n < 3000; n++) if (n % 3 !== 0) collection.remove(`i${n}`);
    expect(collection.size).toBe(1000);
    const page = collection.page({ limit: 3, after: 'i1500' });
    expect(ids(page.items)).toEqual(['i1497', 'i1494', 'i1491']);
    expect(page.moreItemsBefore).toBe('i1497');
    expect(page.moreItemsAfter).toBe('i1491');
  });

  it('lists only the items that match the filter', () => {
    const page = numbered(10).page({ limit: 3 }, (item) => item.n % 2 === 0);
    expect(ids(page.items)).toEqual(['i8', 'i6', 'i4']);
    expect(page.moreItemsAfter).toBe('i4');
  });

  it('sets moreItemsAfter to null when no older item matches the filter', () => {
    const page = numbered(10).page({ limit: 2 }, (item) => item.n >= 8);
    expect(ids(page.items)).toEqual(['i9', 'i8']);
    expect(page.moreItemsAfter).toBeNull();
  });

  it('sets moreItemsBefore to null when no newer item matches the filter', () => {
    const page = numbered(10).page({ limit: 2, after: 'i5' }, (item) => item.n < 5);
    expect(ids(page.items)).toEqual(['i4', 'i3']);
    expect(page.moreItemsBefore).toBeNull();
  });

  it('accepts a cursor that the filter excludes', () => {
    const page = numbered(10).page({ limit: 2, after: 'i5' }, (item) => item.n % 2 === 0);
    expect(ids(page.items)).toEqual(['i4', 'i2']);
  });

  it('throws invalid naming after when the after cursor is unknown', () => {
    const error = thrown(() => numbered(3).page({ after: 'nope' }));
    expect(error.kind).toBe('invalid');
    expect(error.message).toBe(Messages.unknownCursor);
    expect(error.details?.[0]?.property).toBe('after');
  });

  it('throws invalid naming before when the before cursor is unknown', () => {
    const error = thrown(() => numbered(3).page({ before: 'nope' }));
    expect(error.kind).toBe('invalid');
    expect(error.details?.[0]?.property).toBe('before');
  });

  it('throws invalid when the cursor names a removed item', () => {
    const collection = numbered(3);
    collection.remove('i1');
    expect(thrown(() => collection.page({ after: 'i1' })).kind).toBe('invalid');
  });

  it('throws invalid when both after and before are given', () => {
    const error = thrown(() => numbered(5).page({ after: 'i3', before: 'i1' }));
    expect(error.kind).toBe('invalid');
    expect(error.message).toBe(Messages.cursorConflict);
  });

  it('pages after a deep cursor in a collection of 100k items', () => {
    const collection = numbered(100_000);
    const page = collection.page({ limit: 3, after: 'i50000' });
    expect(ids(page.items)).toEqual(['i49999', 'i49998', 'i49997']);
    expect(page.moreItemsAfter).toBe('i49997');
    expect(page.moreItemsBefore).toBe('i49999');
  });
});

describe('Collection', () => {
  it('keeps the position of an item that is replaced', () => {
    const collection = numbered(3);
    collection.replace({ id: 'i1', n: 100 });
    expect(collection.page({}).items).toEqual([
      { id: 'i2', n: 2 },
      { id: 'i1', n: 100 },
      { id: 'i0', n: 0 },
    ]);
  });

  it('throws when replacing an item it does not hold', () => {
    expect(() => numbered(1).replace({ id: 'nope', n: 0 })).toThrow(RangeError);
  });

  it('forgets a removed item', () => {
    const collection = numbered(3);
    expect(collection.remove('i1')).toEqual({ id: 'i1', n: 1 });
    expect(collection.has('i1')).toBe(false);
    expect(collection.get('i1')).toBeUndefined();
    expect(collection.size).toBe(2);
  });

  it('returns undefined when removing an unknown id', () => {
    expect(numbered(1).remove('nope')).toBeUndefined();
  });

  it('finds the newest item matching a predicate', () => {
    expect(numbered(10).find((item) => item.n < 5)?.id).toBe('i4');
  });

  it('iterates values oldest first', () => {
    expect(ids([...numbered(3).values()])).toEqual(['i0', 'i1', 'i2']);
  });
});

describe('mapPage', () => {
  it('maps the items and keeps the cursors', () => {
    const page = numbered(5).page({ limit: 2, after: 'i4' });
    expect(mapPage(page, (item) => item.n)).toEqual({ items: [3, 2], moreItemsAfter: 'i2', moreItemsBefore: 'i3' });
  });
});
