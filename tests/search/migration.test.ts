import { describe, expect, it } from 'vitest';
import { compareRanked } from '../../src/core/fitness.js';
import { parse } from '../../src/core/genome.js';
import { primitiveSet } from '../../src/core/primitives.js';
import { derive } from '../../src/core/rng.js';
import type { Member } from '../../src/search/member.js';
import { migrateRing, type RankedPopulation } from '../../src/search/migration.js';
import { dataOf, membersOf, type PopulationData } from '../../src/search/population-data.js';
import { best } from '../../src/search/selection.js';

const ps = primitiveSet(6, 4);
const m = (expr: string, fitness: number): Member => ({ expr, fitness, dl: 10, reward: fitness + 0.05 });

/** Members as an island's output: the data and its rank (a stable sort by compareRanked, as island.ts makes it). */
function ranked(members: Member[]): RankedPopulation {
  const rank = members.map((x, i) => ({ x, i })).sort((a, b) => compareRanked(a.x, b.x)).map((e) => e.i);
  return { population: dataOf(members, (e) => parse(e, ps)), rank: Int32Array.from(rank) };
}

/** Island i holds members `(mul s_i j)` for j = 1 … 6 with distinct fitnesses, in scrambled order. */
function islands(n: number): Member[][] {
  const rng = derive(1, 'migration');
  return Array.from({ length: n }, (_, i) => {
    const pop = Array.from({ length: 6 }, (_, j) => m(`(mul s${i} ${j + 1})`, i * 0.01 + j * 0.1 + rng.next() * 0.001));
    return pop.map((x) => ({ x, key: rng.next() })).sort((a, b) => a.key - b.key).map((y) => y.x);
  });
}
const members = (d: PopulationData) => membersOf(d, ps);
const names = (pop: Member[]) => pop.map((x) => x.expr).sort();

describe('migrateRing', () => {
  it('moves the best of island i into island i+1, replacing its worst', () => {
    const pops = islands(3);
    const input = pops.map(ranked);
    const frozen = structuredClone(input);
    const out = migrateRing(input, 2).map(members);
    expect(input).toEqual(frozen);
    for (let i = 0; i < 3; i++) {
      const from = pops[(i + 2) % 3];
      const here = pops[i];
      const emigrants = best(from, 2);
      const survivors = [...here].sort(compareRanked).slice(0, 4);
      // Survivors best first, then the emigrants best first.
      expect(out[i]).toEqual([...survivors, ...emigrants]);
      // The worst two of island i are gone, its best are still there.
      for (const gone of [...here].sort(compareRanked).slice(4)) expect(out[i]).not.toContainEqual(gone);
      // Emigrants are copies: the source island still holds them.
      for (const e of emigrants) expect(out[(i + 2) % 3]).toContainEqual(e);
    }
    // The ring: island 0 receives from island 2.
    expect(names(out[0])).toContain('(mul s2 6)');
    expect(names(out[1])).toContain('(mul s0 6)');
    expect(names(out[0])).not.toContain('(mul s1 6)');
  });

  it('depends only on the populations, not on the order members are listed in', () => {
    const pops = islands(4);
    const rng = derive(2, 'scramble');
    const scrambled = pops.map((p) => [...p].sort(() => rng.next() - 0.5));
    expect(migrateRing(scrambled.map(ranked), 3).map(members)).toEqual(migrateRing(pops.map(ranked), 3).map(members));
  });

  it('size 0 or a single island leaves populations unchanged (the same data: data is never changed)', () => {
    const input = islands(3).map(ranked);
    const same = migrateRing(input, 0);
    same.forEach((d, i) => expect(d).toBe(input[i].population));
    expect(migrateRing([input[0]], 2)[0]).toBe(input[0].population);
  });

  it('two islands swap their best', () => {
    const a = [m('(mul s0 1)', 0.9), m('(mul s0 2)', 0.5), m('(mul s0 3)', 0.1)];
    const b = [m('(mul s1 1)', 0.8), m('(mul s1 2)', 0.4), m('(mul s1 3)', 0.2)];
    const [na, nb] = migrateRing([ranked(a), ranked(b)], 1).map(members);
    expect(na.map((x) => x.expr)).toEqual(['(mul s0 1)', '(mul s0 2)', '(mul s1 1)']);
    expect(nb.map((x) => x.expr)).toEqual(['(mul s1 1)', '(mul s1 2)', '(mul s0 1)']);
  });

  it('a migration size above the population replaces the whole island', () => {
    const [na] = migrateRing(islands(2).map(ranked), 10).map(members);
    expect(names(na)).toEqual(names(islands(2)[1]));
  });
});
