import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/store/errors.js';
import { mergeMetadata } from '../../src/store/metadata.js';

const tenKeys = () => Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, `v${i}`]));

describe('mergeMetadata', () => {
  it('sets a new key and keeps the others', () => {
    expect(mergeMetadata({ a: '1' }, { b: '2' })).toEqual({ a: '1', b: '2' });
  });

  it('updates an existing key', () => {
    expect(mergeMetadata({ a: '1', b: '2' }, { a: 'x' })).toEqual({ a: 'x', b: '2' });
  });

  it('deletes a key whose value is null', () => {
    expect(mergeMetadata({ a: '1', b: '2' }, { a: null })).toEqual({ b: '2' });
  });

  it('ignores a null value for a key that does not exist', () => {
    expect(mergeMetadata({ a: '1' }, { b: null })).toEqual({ a: '1' });
  });

  it('stores an empty string value', () => {
    expect(mergeMetadata({ a: '1' }, { a: '' })).toEqual({ a: '' });
  });

  it('changes nothing for an empty patch', () => {
    expect(mergeMetadata({ a: '1' }, {})).toEqual({ a: '1' });
  });

  it('changes nothing when no patch is given', () => {
    expect(mergeMetadata({ a: '1' }, undefined)).toEqual({ a: '1' });
  });

  it('does not modify the current metadata', () => {
    const current = { a: '1' };
    mergeMetadata(current, { a: null, b: '2' });
    expect(current).toEqual({ a: '1' });
  });

  it('accepts exactly 10 keys', () => {
    expect(Object.keys(mergeMetadata({}, tenKeys()))).toHaveLength(10);
  });

  it('throws invalid naming metadata when the result would have 11 keys', () => {
    let error: unknown;
    try {
      mergeMetadata(tenKeys(), { k10: 'v10' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('invalid');
    expect((error as DomainError).details?.[0]?.property).toBe('metadata');
  });

  it('allows updating a key when 10 keys are already set', () => {
    expect(mergeMetadata(tenKeys(), { k0: 'new' }).k0).toBe('new');
  });

  it('allows adding a key when the same patch deletes another at the limit', () => {
    const merged = mergeMetadata(tenKeys(), { k0: null, extra: 'x' });
    expect(Object.keys(merged)).toHaveLength(10);
    expect(merged.extra).toBe('x');
  });

  it('keeps __proto__ and constructor keys as plain own data', () => {
    const merged = mergeMetadata({}, JSON.parse('{"__proto__":"p","constructor":"c"}'));
    expect(Object.keys(merged).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(merged, '__proto__')?.value).toBe('p');
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(merged))).toEqual(JSON.parse('{"__proto__":"p","constructor":"c"}'));
  });

  it('does not change Object.prototype through __proto__ or constructor keys', () => {
    const before = Object.getOwnPropertyNames(Object.prototype);
    const merged = mergeMetadata({ a: '1' }, JSON.parse('{"__proto__":"p","constructor":"c"}'));
    mergeMetadata(merged, JSON.parse('{"__proto__":"q"}'));
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(before);
    expect({}.constructor).toBe(Object);
  });

  it('deletes a __proto__ key with null', () => {
    const current = mergeMetadata({}, JSON.parse('{"__proto__":"p","a":"1"}'));
    expect(Object.keys(mergeMetadata(current, JSON.parse('{"__proto__":null}')))).toEqual(['a']);
  });
});
