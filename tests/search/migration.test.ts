import { describe, expect, it } from 'vitest';
import { compareRanked } from '../../src/core/fitness.js';
import { derive } from '../../src/core/rng.js';
import type { Member } from '../../src/search/member.js';
import { migrateRing } from '../../src/search/migration.js';
import { best } from '../../src/search/selection.js';

const m = (expr: string, fitness: number): Member => ({ expr, fitness, dl: 10, reward: fitness + 0.05 });

/** Island i holds members `i:0 … i:5` with distinct fitnesses, in scrambled order. */
function islands(n: number): Member[][] {
  const rng = derive(1, 'migration');
  return Array.from({ length: n }, (_, i) => {
    const pop = Array.from({ length: 6 }, (_, j) => m(`(i${i} m${j})`, i * 0.01 + j * 0.1 + rng.next() * 0.001));
    return pop.map((x) => ({ x, key: rng.next() })).sort((a, b) => a.key - b.key).map((y) => y.x);
  });
}
const names = (pop: Member[]) => pop.map((x) => x.expr).sort();

describe('migrateRing', () => {
  it('moves the best of island i into island i+1, replacing its worst', () => {
    const pops = islands(3);
    const frozen = JSON.stringify(pops);
    const out = migrateRing(pops, 2);
    expect(JSON.stringify(pops)).toBe(frozen);
    for (let i = 0; i < 3; i++) {
      const from = pops[(i + 2) % 3];
      const here = pops[i];
      const emigrants = best(from, 2);
      const survivors = [...here].sort(compareRanked).slice(0, 4);
      expect(out[i].length).toBe(6);
      expect(names(out[i])).toEqual(names([...survivors, ...emigrants]));
      // The worst two of island i are gone, its best are still there.
      for (const gone of [...here].sort(compareRanked).slice(4)) expect(out[i]).not.toContainEqual(gone);
      expect(out[i]).toContainEqual(best(here, 1)[0]);
      // Emigrants are copies: the source island still holds them.
      for (const e of emigrants) expect(out[(i + 2) % 3]).toContainEqual(e);
    }
    // The ring: island 0 receives from island 2.
    expect(out[0].map((x) => x.expr)).toContain('(i2 m5)');
    expect(out[1].map((x) => x.expr)).toContain('(i0 m5)');
    expect(out[0].map((x) => x.expr)).not.toContain('(i1 m5)');
  });

  it('depends only on the populations, not on the order members are listed in', () => {
    const pops = islands(4);
    const rng = derive(2, 'scramble');
    const scrambled = pops.map((p) => [...p].sort(() => rng.next() - 0.5));
    expect(migrateRing(scrambled, 3)).toEqual(migrateRing(pops, 3));
  });

  it('size 0 or a single island leaves populations unchanged (as copies)', () => {
    const pops = islands(3);
    const same = migrateRing(pops, 0);
    expect(same).toEqual(pops);
    expect(same[0]).not.toBe(pops[0]);
    const one = [pops[0]];
    expect(migrateRing(one, 2)).toEqual(one);
  });

  it('two islands swap their best', () => {
    const a = [m('a1', 0.9), m('a2', 0.5), m('a3', 0.1)];
    const b = [m('b1', 0.8), m('b2', 0.4), m('b3', 0.2)];
    const [na, nb] = migrateRing([a, b], 1);
    expect(na.map((x) => x.expr)).toEqual(['a1', 'a2', 'b1']);
    expect(nb.map((x) => x.expr)).toEqual(['b1', 'b2', 'a1']);
  });
});
