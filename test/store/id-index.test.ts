import { describe, expect, it } from 'vitest';
import { IdIndex } from '../../src/store/id-index.js';

describe('IdIndex', () => {
  it('returns no ids for an unknown key', () => {
    expect(new IdIndex().get('usr_1')).toEqual([]);
  });

  it('keeps the ids of a key in insertion order', () => {
    const index = new IdIndex();
    for (const id of ['a', 'b', 'c']) index.add('usr_1', id);
    expect(index.get('usr_1')).toEqual(['a', 'b', 'c']);
  });

  it('keeps keys apart', () => {
    const index = new IdIndex();
    index.add('usr_1', 'a');
    index.add('usr_2', 'b');
    expect(index.get('usr_1')).toEqual(['a']);
    expect(index.get('usr_2')).toEqual(['b']);
  });

  it('removes one id and keeps the others in order', () => {
    const index = new IdIndex();
    for (const id of ['a', 'b', 'c']) index.add('usr_1', id);
    index.remove('usr_1', 'b');
    expect(index.get('usr_1')).toEqual(['a', 'c']);
    index.remove('usr_1', 'a');
    expect(index.get('usr_1')).toEqual(['c']);
    index.add('usr_1', 'd');
    expect(index.get('usr_1')).toEqual(['c', 'd']);
  });

  it('forgets a key when its last id is removed', () => {
    const index = new IdIndex();
    index.add('usr_1', 'a');
    index.remove('usr_1', 'a');
    expect(index.get('usr_1')).toEqual([]);
    index.add('usr_1', 'b');
    expect(index.get('usr_1')).toEqual(['b']);
  });

  it('ignores removing an id it does not hold', () => {
    const index = new IdIndex();
    index.add('usr_1', 'a');
    index.remove('usr_1', 'z');
    index.remove('usr_2', 'a');
    expect(index.get('usr_1')).toEqual(['a']);
  });
});
