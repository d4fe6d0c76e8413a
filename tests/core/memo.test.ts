import { describe, expect, it } from 'vitest';
import { BoundedMemo, MemosByKey } from '../../src/core/memo.js';

describe('BoundedMemo', () => {
  it('holds at most two generations of `limit` entries, and keeps what is still in use', () => {
    const memo = new BoundedMemo<number, string>(3);
    for (let k = 0; k < 10; k++) memo.set(k, `v${k}`);
    // Roll-overs at 3, 6 and 9: old holds 6, 7, 8 and young 9; everything before is gone.
    expect(memo.size).toBe(4);
    expect(memo.get(5)).toBeUndefined();
    expect([9, 8, 7, 6].map((k) => memo.get(k))).toEqual(['v9', 'v8', 'v7', 'v6']);
    // A hit in the old generation moves to the young one and survives the next roll-over.
    const kept = new BoundedMemo<number, string>(2);
    kept.set(1, 'a');
    kept.set(2, 'b');
    kept.set(3, 'c'); // 1, 2 old
    expect(kept.get(1)).toBe('a'); // young: 3, 1
    kept.set(4, 'd'); // 3, 1 old; young: 4
    kept.set(5, 'e');
    kept.set(6, 'f'); // 4, 5 old; 3, 1 dropped
    expect(kept.get(1)).toBeUndefined();
    expect(kept.get(4)).toBe('d');
  });

  it('peek finds an entry in either generation without moving it to the young one', () => {
    const memo = new BoundedMemo<number, string>(2);
    memo.set(1, 'a');
    memo.set(2, 'b');
    memo.set(3, 'c'); // 1, 2 old; young: 3
    expect(memo.peek(1)).toBe('a');
    expect(memo.peek(3)).toBe('c');
    expect(memo.peek(9)).toBeUndefined();
    memo.set(4, 'd');
    memo.set(5, 'e'); // 3, 4 old: 1 was not kept by the peek
    expect(memo.peek(1)).toBeUndefined();
    expect(memo.peek(3)).toBe('c');
  });

  it('getOrSet computes a missing value once and returns the kept one after', () => {
    const memo = new BoundedMemo<string, number>(10);
    let calls = 0;
    const make = () => ++calls * 10;
    expect(memo.getOrSet('a', make)).toBe(10);
    expect(memo.getOrSet('a', make)).toBe(10);
    expect(memo.getOrSet('b', make)).toBe(20);
    expect(calls).toBe(2);
  });

  it('bounds the total weight when given one: large values take their share of the same budget', () => {
    const memo = new BoundedMemo<string, number[]>(1000, (_, v) => v.length);
    for (let i = 0; i < 100; i++) memo.set(`big${i}`, new Array<number>(400).fill(i));
    // Two generations of at most 1,000 units: at most 2 values of 400 each per generation.
    expect(memo.size).toBeLessThanOrEqual(4);
    const small = new BoundedMemo<string, number[]>(1000, (_, v) => v.length);
    for (let i = 0; i < 100; i++) small.set(`s${i}`, [i]);
    expect(small.size).toBe(100);
    // A value heavier than the whole budget is still kept (alone in its generation).
    const one = new BoundedMemo<string, number[]>(10, (_, v) => v.length);
    one.set('huge', new Array<number>(50).fill(0));
    expect(one.get('huge')?.length).toBe(50);
  });
});

describe('MemosByKey', () => {
  it('keeps one memo per key for the `keep` keys used last', () => {
    let made = 0;
    const memos = new MemosByKey<string, BoundedMemo<string, number>>(() => (made++, new BoundedMemo<string, number>(10)), 2);
    memos.for('a').set('x', 1);
    memos.for('b').set('x', 2);
    expect(memos.for('a').get('x')).toBe(1); // 'a' is now the last used, 'b' the oldest
    memos.for('c').set('x', 3); // pushes out 'b', not 'a'
    expect(memos.for('a').get('x')).toBe(1);
    expect(memos.for('b').get('x')).toBeUndefined();
    expect(made).toBe(4);
  });

  it('asked for the same key again and again (a snapshot, member by member), keeps the order of use', () => {
    let made = 0;
    const memos = new MemosByKey<string, BoundedMemo<string, number>>(() => (made++, new BoundedMemo<string, number>(10)), 2);
    memos.for('a').set('x', 1);
    memos.for('b').set('x', 2);
    for (let k = 0; k < 5; k++) expect(memos.for('a').get('x')).toBe(1);
    memos.for('c').set('x', 3); // 'a' was used after 'b': 'b' goes
    expect(memos.for('c').get('x')).toBe(3);
    expect(memos.for('a').get('x')).toBe(1);
    expect(memos.for('b').get('x')).toBeUndefined();
    expect(made).toBe(4);
  });

  it('keeps every key by default', () => {
    const memos = new MemosByKey<number, BoundedMemo<string, number>>(() => new BoundedMemo<string, number>(10));
    for (let k = 0; k < 50; k++) memos.for(k).set('x', k);
    for (let k = 0; k < 50; k++) expect(memos.for(k).get('x')).toBe(k);
  });
});
