import { describe, expect, it } from 'vitest';
import { compareRanked } from '../../src/core/fitness.js';
import { derive, type Rng } from '../../src/core/rng.js';
import { HallOfFame } from '../../src/search/hall-of-fame.js';
import type { FameEntry } from '../../src/search/member.js';

const entry = (expr: string, fitness: number, dl: number, generation: number): FameEntry => ({ expr, fitness, dl, reward: fitness + 0.005 * dl, generation });

function shuffle<T>(rng: Rng, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * 60 distinct genomes, each seen in 1–3 generations; many share a fitness so that ties
 * go to DL and then to the S-expression.
 */
function updates(): FameEntry[] {
  const rng = derive(1, 'hof-updates');
  const out: FameEntry[] = [];
  for (let i = 0; i < 60; i++) {
    const fitness = [0.5, 0.6, 0.7, 0.8][rng.int(4)] + (i % 7 === 0 ? 0.01 * rng.int(3) : 0);
    const dl = [10, 12, 20][rng.int(3)];
    const expr = `(g${String(i).padStart(2, '0')})`;
    const times = 1 + rng.int(3);
    for (let t = 0; t < times; t++) out.push(entry(expr, fitness, dl, rng.int(50)));
  }
  return out;
}

describe('HallOfFame', () => {
  it('keeps the best `size` distinct genomes, best first, with the earliest generation', () => {
    const all = updates();
    const hof = new HallOfFame(10);
    for (const e of all) hof.update(e);
    const list = hof.list();
    // Expected: distinct genomes, earliest generation each, sorted, top 10.
    const byExpr = new Map<string, FameEntry>();
    for (const e of all) {
      const held = byExpr.get(e.expr);
      if (!held || e.generation < held.generation) byExpr.set(e.expr, e);
    }
    const expected = [...byExpr.values()].sort(compareRanked).slice(0, 10);
    expect(list).toEqual(expected);
    expect(new Set(list.map((e) => e.expr)).size).toBe(10);
  });

  it('gives the same result for any order of updates', () => {
    const all = updates();
    const reference = new HallOfFame(10);
    for (const e of all) reference.update(e);
    const rng = derive(2, 'hof-shuffle');
    for (let k = 0; k < 50; k++) {
      const hof = new HallOfFame(10);
      for (const e of shuffle(rng, all)) hof.update(e);
      expect(hof.list()).toEqual(reference.list());
    }
    // Also when built from initial entries, or merged in chunks as the search merges islands.
    const merged = new HallOfFame(10, shuffle(rng, all).slice(0, 40));
    for (const e of all.slice(40).reverse()) merged.update(e);
    for (const e of all) merged.update(e);
    expect(merged.list()).toEqual(reference.list());
  });

  it('reports new, kept and rejected', () => {
    const hof = new HallOfFame(2);
    expect(hof.update(entry('a', 0.5, 10, 3))).toBe('new');
    expect(hof.update(entry('b', 0.6, 10, 3))).toBe('new');
    expect(hof.update(entry('a', 0.5, 10, 1))).toBe('kept');
    expect(hof.list().find((e) => e.expr === 'a')!.generation).toBe(1);
    expect(hof.update(entry('a', 0.5, 10, 9))).toBe('kept');
    expect(hof.list().find((e) => e.expr === 'a')!.generation).toBe(1);
    expect(hof.update(entry('c', 0.4, 10, 0))).toBe('rejected');
    expect(hof.offer({ expr: 'c', reward: 0, fitness: 0.4, dl: 10 }, 0)).toBe('rejected');
    expect(hof.offer({ expr: 'a', reward: 0, fitness: 0.5, dl: 10 }, 5)).toBe('kept');
    expect(hof.held('a')!.generation).toBe(1);
    expect(hof.held('c')).toBeUndefined();
    expect(hof.update(entry('d', 0.5, 9, 4))).toBe('new');
    expect(hof.list().map((e) => e.expr)).toEqual(['b', 'd']);
    // Equal fitness and DL: the S-expression that sorts first wins.
    expect(hof.update(entry('c', 0.5, 9, 4))).toBe('new');
    expect(hof.list().map((e) => e.expr)).toEqual(['b', 'c']);
  });

  it('forgets a genome it lets go: offered again, it is rejected, not kept', () => {
    const hof = new HallOfFame(2);
    hof.update(entry('a', 0.5, 10, 1));
    hof.update(entry('b', 0.6, 10, 1));
    expect(hof.update(entry('c', 0.7, 10, 2))).toBe('new'); // a goes
    expect(hof.update(entry('a', 0.5, 10, 0))).toBe('rejected');
    expect(hof.list().map((e) => [e.expr, e.generation])).toEqual([['c', 2], ['b', 1]]);
  });

  it("with a floor, turns away exactly the members ranking after it on scores, rejects and offer agreeing, full or not; its bound is the last entry's scores once full", () => {
    const all = updates();
    const floor = { fitness: 0.7, dl: 12 };
    const after = (e: FameEntry) => e.fitness < floor.fitness || (e.fitness === floor.fitness && e.dl > floor.dl);
    const floored = new HallOfFame(100, [], floor);
    const free = new HallOfFame(100);
    for (const e of all) {
      expect(floored.rejects(e.fitness, e.dl)).toBe(after(e));
      expect(floored.update(e) === 'rejected').toBe(after(e));
      free.update(e);
    }
    expect(all.some(after) && !all.every(after)).toBe(true);
    expect(floored.list()).toEqual(free.list().filter((e) => !after(e)));
    expect(floored.bound()).toBeUndefined();
    const full = new HallOfFame(10, all);
    const last = full.list().at(-1)!;
    expect(full.bound()).toEqual({ fitness: last.fitness, dl: last.dl });
  });

  it('list returns copies', () => {
    const hof = new HallOfFame(3, [entry('a', 0.5, 10, 2)]);
    hof.list()[0].generation = 99;
    expect(hof.list()[0].generation).toBe(2);
  });
});
