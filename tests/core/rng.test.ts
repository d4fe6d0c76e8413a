import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { derive } from '../../src/core/rng.js';

describe('derive', () => {
  it("draws exactly seedrandom's Alea stream for the path's key", () => {
    for (const [seed, path] of [
      [1, ['island', 0, 'epoch', 0]],
      [7, ['island', 3, 'epoch', 912]],
      ['x', []],
    ] as const) {
      const ours = derive(seed, ...path);
      const theirs = seedrandom.alea([String(seed), ...path.map(String)].join('/'));
      for (let i = 0; i < 10_000; i++) expect(ours.next()).toBe(theirs());
    }
  });

  it('keeps streams of different paths apart and repeats a path exactly', () => {
    const draws = (...path: (string | number)[]) => Array.from({ length: 5 }, ((r) => () => r.next())(derive(1, ...path)));
    expect(draws('island', 0)).toEqual(draws('island', 0));
    expect(draws('island', 0)).not.toEqual(draws('island', 1));
  });

  it('derives int, chance, normal and weighted from next() as documented', () => {
    const a = derive(3, 'd');
    const b = seedrandom.alea('3/d');
    expect(a.int(10)).toBe(Math.floor(b() * 10));
    expect(a.chance(0.5)).toBe(b() < 0.5);
    const u = 1 - b();
    const v = b();
    expect(a.normal()).toBe(Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
    const r = b() * 6;
    expect(a.weighted([1, 2, 3])).toBe(r < 1 ? 0 : r < 3 ? 1 : 2);
    expect(() => derive(1).weighted([0, 0])).toThrow(/all zero/);
  });
});
