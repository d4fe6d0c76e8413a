import { describe, expect, it } from 'vitest';
import { derive } from '../../src/core/rng.js';
import type { Member } from '../../src/search/member.js';
import { compareRanked } from '../../src/core/fitness.js';
import { BoundedMemo } from '../../src/core/memo.js';
import { best, first, RankedList, tournament } from '../../src/search/selection.js';

const pop: Member[] = [0.3, 0.9, 0.1, 0.5, 0.7].map((f, i) => ({ expr: `m${i}`, fitness: f, dl: 10, reward: f }));
const list = new RankedList(pop);

describe('selection', () => {
  it('best returns the n best, best first, without changing the population', () => {
    const before = pop.map((m) => m.expr);
    expect(best(pop, 3).map((m) => m.expr)).toEqual(['m1', 'm4', 'm3']);
    expect(best(pop, 0)).toEqual([]);
    expect(pop.map((m) => m.expr)).toEqual(before);
  });

  it('tournament: size 1 is uniform, a large size picks the best', () => {
    const rng = derive(1, 'tournament');
    const counts = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const m = tournament(rng, list, 1).expr;
      counts.set(m, (counts.get(m) ?? 0) + 1);
    }
    for (const m of pop) expect(Math.abs(counts.get(m.expr)! / 5000 - 0.2)).toBeLessThan(4 * Math.sqrt(0.16 / 5000));
    let bestCount = 0;
    for (let i = 0; i < 500; i++) if (tournament(rng, list, 40).expr === 'm1') bestCount++;
    expect(bestCount).toBeGreaterThan(495);
    // Size 2: the worst member wins only if drawn twice (1/25).
    let worst = 0;
    for (let i = 0; i < 5000; i++) if (tournament(rng, list, 2).expr === 'm2') worst++;
    expect(Math.abs(worst / 5000 - 0.04)).toBeLessThan(4 * Math.sqrt(0.04 * 0.96 / 5000));
  });

  it('best and first equal a stable sort of the population, duplicates and ties included', () => {
    const rng = derive(7, 'best');
    for (let t = 0; t < 200; t++) {
      // Few distinct genomes: many duplicates (equal members) and fitness ties broken by DL or text.
      const kinds = Array.from({ length: 1 + rng.int(12) }, (_, k) => ({ expr: `g${k}`, fitness: rng.int(4) / 4, dl: rng.int(3), reward: 0 }));
      const p = Array.from({ length: 1 + rng.int(60) }, () => ({ ...kinds[rng.int(kinds.length)] }));
      const sorted = [...p].sort(compareRanked);
      for (const n of [1, 2, 5, 40, 70]) {
        const got = best(p, n);
        expect(got.length).toBe(Math.min(n, p.length));
        got.forEach((m, i) => expect(m).toBe(sorted[i]));
      }
      expect(first(p)).toBe(sorted[0]);
    }
  });

  it('a bounded memo keeps recent entries and at most twice its limit', () => {
    const memo = new BoundedMemo<number, number>(10);
    for (let i = 0; i < 100; i++) {
      memo.set(i, i * i);
      expect(memo.get(i)).toBe(i * i);
      expect(memo.size).toBeLessThanOrEqual(20);
    }
    expect(memo.get(95)).toBe(95 * 95);
    expect(memo.get(5)).toBeUndefined();
  });
});
