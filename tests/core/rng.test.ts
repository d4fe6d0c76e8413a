import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { derive } from '../../src/core/rng.js';
import { near } from './fixtures.js';

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
  });

  it('derive is deterministic per path and independent across paths', () => {
    const a = derive(1, 'x', 2);
    const b = derive(1, 'x', 2);
    const c = derive(1, 'x', 3);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
    for (const v of sa) expect(v >= 0 && v < 1).toBe(true);
  });

  it('weighted never draws a zero weight and follows the weights', () => {
    const r = derive(3, 'weighted');
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[r.weighted([1, 0, 3, 0])]++;
    expect(counts[1]).toBe(0);
    expect(counts[3]).toBe(0);
    near(counts[2] / 40_000, 0.75, 40_000);
    expect(() => r.weighted([0, 0])).toThrow(/all zero/);
    // A missing weight (undefined, so the total is NaN) is an error, not a silent fall-through to the last weight.
    expect(() => r.weighted([0.5, 0.35, 0.15, undefined as unknown as number])).toThrow(/not all numbers ≥ 0: \[0.5, 0.35, 0.15, \]/);
    // Finite weights whose sum is not: the draw would always land on the last one.
    expect(() => r.weighted([1e308, 1e308])).toThrow(/total overflows/);
  });

  it('normal has mean 0 and variance 1', () => {
    const r = derive(4, 'normal');
    let s = 0;
    let s2 = 0;
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      const v = r.normal();
      s += v;
      s2 += v * v;
    }
    expect(Math.abs(s / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
  });
});
