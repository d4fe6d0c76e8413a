import { describe, expect, it } from 'vitest';
import { compareRanked } from '../../src/core/fitness.js';
import { depth, parse, print, subtreeEnd, type Genome } from '../../src/core/genome.js';
import { primitiveSet } from '../../src/core/primitives.js';
import { derive } from '../../src/core/rng.js';
import { ENTRY_NODES, FitnessMemo } from '../../src/search/fitness-memo.js';
import { arities, depthAt, GenomeBuffer, hashAt, subtreeEndAt } from '../../src/search/genome-buffer.js';
import { GenomeMemo } from '../../src/search/genome-memo.js';
import type { Member } from '../../src/search/member.js';
import { Population } from '../../src/search/population.js';
import { bestIndices, firstIndex, rankedIndices, RankedList } from '../../src/search/selection.js';
import { growGenome, variationSpec } from '../../src/search/variation.js';
import { SURCHARGE } from '../core/fixtures.js';

const ps = primitiveSet(3, 2);
const v = variationSpec(ps, SURCHARGE, 2, { maxSize: 40, maxDepth: 10, initDepth: 5, mutationDepth: 3 }, true);
const g = (s: string) => parse(s, ps);

function genomes(n: number, seed: string): Genome[] {
  const rng = derive(1, 'population-test', seed);
  return Array.from({ length: n }, () => growGenome(rng, v));
}

describe('genomes in typed arrays', () => {
  it('subtree ends, depth and round trips agree with the plain genome functions', () => {
    const arity = arities(ps);
    for (const x of genomes(300, 'shape')) {
      const b = new GenomeBuffer().load(x);
      expect(b.toGenome()).toEqual(x);
      expect(depthAt(b.ops, 0, b.len, arity)).toBe(depth(x, ps));
      for (let i = 0; i < x.ops.length; i++) expect(subtreeEndAt(b.ops, i, arity)).toBe(subtreeEnd(x, i, ps));
    }
  });

  it('hashes equal genomes equally, wherever they are held, and tells the horizon gene apart', () => {
    const pop = new Population(ps);
    const f = { reward: 0, dl: 0, fitness: 0 };
    pop.addGenome(new GenomeBuffer().load(g('(add x0 2)')), f);
    pop.addGenome(new GenomeBuffer().load(g('(mul answer truth)')), f);
    pop.addGenome(new GenomeBuffer().load(g('(add x0 2)')), f);
    pop.addGenome(new GenomeBuffer().load(g('(lifetime (add x0 2))')), f);
    const b = new GenomeBuffer().load(g('(add x0 2)'));
    expect(hashAt(b, 0, b.len, false)).toBe(pop.hash[0]);
    expect(pop.same(0, 2)).toBe(true);
    expect(pop.same(0, 1)).toBe(false);
    expect(pop.same(0, 3)).toBe(false);
    expect(pop.expr(3)).toBe('(lifetime (add x0 2))');
    expect(pop.genome(2)).toEqual(g('(add x0 2)'));
  });

  it('views the genome it holds now, with its horizon gene, however often it is refilled or grown', () => {
    const b = new GenomeBuffer();
    const seen = (view: ReturnType<GenomeBuffer['view']>) => print({ ops: Array.from(view.ops), vals: Array.from(view.vals), horizon: view.horizon }, ps);
    expect(seen(b.load(g('(add x0 2)')).view())).toBe('(add x0 2)');
    expect(seen(b.load(g('(sub x1 3)')).view())).toBe('(sub x1 3)');
    expect(seen(b.load(g('(lifetime (sub x1 3))')).view())).toBe('(lifetime (sub x1 3))');
    // Grown past its first arrays (64 nodes): a view of the old arrays would still read '(sub x1 3)'.
    const big = `(add ${'(neg '.repeat(70)}x0${')'.repeat(70)} 1)`;
    expect(seen(b.load(g(big)).view())).toBe(big);
    expect(seen(b.load(g('(mul x0 4)')).view())).toBe('(mul x0 4)');
    expect(seen(b.load(g('(lifetime (mul x0 4))')).view())).toBe('(lifetime (mul x0 4))');
  });
});

describe('Population', () => {
  it('ranks exactly as compareRanked on its members, ties broken by text and duplicates equal', () => {
    const rng = derive(3, 'rank');
    for (let t = 0; t < 50; t++) {
      // Few fitness and DL values: many ties, broken by the printed genome.
      const kinds = genomes(1 + rng.int(10), `kinds${t}`).map((x) => ({ x, fitness: rng.int(3) / 2, dl: rng.int(2) }));
      const pop = new Population(ps);
      const members = [];
      for (let i = 0; i < 1 + rng.int(40); i++) {
        const k = kinds[rng.int(kinds.length)];
        pop.addGenome(new GenomeBuffer().load(k.x), { reward: 0, dl: k.dl, fitness: k.fitness });
        members.push({ expr: print(k.x, ps), reward: 0, dl: k.dl, fitness: k.fitness });
      }
      for (let i = 0; i < pop.size; i++) for (let j = 0; j < pop.size; j++) expect(Math.sign(pop.compare(i, j))).toBe(Math.sign(compareRanked(members[i], members[j])));
      const list = new RankedList(members);
      for (const n of [1, 2, 5, 40]) expect(bestIndices(pop, n)).toEqual(bestIndices(list, n));
      expect(firstIndex(pop)).toBe(firstIndex(list));
      expect(pop.member(firstIndex(pop))).toEqual(members[firstIndex(list)]);
    }
  });

  it('ranks every member as a stable sort by compareRanked does, through runs and merges of any length', () => {
    const rng = derive(3, 'rank-all');
    for (let t = 0; t < 40; t++) {
      const kinds = genomes(1 + rng.int(30), `all${t}`).map((x) => ({ x, fitness: rng.int(4) / 3, dl: rng.int(3) }));
      const pop = new Population(ps);
      const members: Member[] = [];
      for (let i = 0; i < rng.int(150); i++) {
        const k = kinds[rng.int(kinds.length)];
        pop.addGenome(new GenomeBuffer().load(k.x), { reward: 0, dl: k.dl, fitness: k.fitness });
        members.push({ expr: print(k.x, ps), reward: 0, dl: k.dl, fitness: k.fitness });
      }
      const sorted = Array.from(members, (_, i) => i).sort((i, j) => compareRanked(members[i], members[j]));
      expect(Array.from(rankedIndices(pop))).toEqual(sorted);
    }
  });

  it('prints each genome as print does, whether its text is shared with other populations or not', () => {
    const texts = new GenomeMemo<string>(60);
    const a = new Population(ps, texts);
    const b = new Population(ps, texts);
    const f = { reward: 0, dl: 0, fitness: 0 };
    const xs = genomes(40, 'texts');
    for (const x of xs) a.addGenome(new GenomeBuffer().load(x), f);
    for (const x of [...xs].reverse()) b.addGenome(new GenomeBuffer().load(x), f);
    for (let i = 0; i < xs.length; i++) {
      expect(a.expr(i)).toBe(print(xs[i], ps));
      expect(b.expr(xs.length - 1 - i)).toBe(print(xs[i], ps));
    }
  });
});

describe('GenomeMemo', () => {
  it('finds values by structure, and lets the older of two generations go when the younger reaches its limit', () => {
    const pop = new Population(ps);
    const f = { reward: 0, dl: 0, fitness: 0 };
    for (const s of ['(add x0 2)', '(add x0 3)', '(lifetime (add x0 2))', '(mul answer truth)', '(add x0 2)', '(sub x0 1)', '(neg x1)']) pop.addGenome(new GenomeBuffer().load(g(s)), f);
    const memo = new GenomeMemo<string>(9);
    memo.set(pop, 0, 'a');
    expect(memo.get(pop, 0)).toBe('a');
    expect(memo.get(pop, 4)).toBe('a'); // the same genome elsewhere
    expect(memo.get(pop, 1)).toBeUndefined(); // another literal
    expect(memo.get(pop, 2)).toBeUndefined(); // another horizon gene
    memo.set(pop, 1, 'b');
    memo.set(pop, 2, 'c');
    const all = () => [0, 1, 2, 3, 5, 6].map((k) => memo.get(pop, k));
    expect(all()).toEqual(['a', 'b', 'c', undefined, undefined, undefined]);
    // 9 nodes in the young table; 3 more pass the limit: it becomes the old one, kept.
    memo.set(pop, 3, 'd');
    // A hit in the old table moves its genome to the young one: d, a (6 nodes), then f (8).
    expect(memo.get(pop, 0)).toBe('a');
    memo.set(pop, 6, 'f');
    // 3 more pass the limit again: the young table (d, a, f) becomes the old one, and b and c go.
    memo.set(pop, 5, 'e');
    expect([memo.get(pop, 1), memo.get(pop, 2)]).toEqual([undefined, undefined]);
    expect([memo.get(pop, 5), memo.get(pop, 0), memo.get(pop, 3)]).toEqual(['e', 'a', 'd']);
  });
});

describe('FitnessMemo', () => {
  const load = (s: string) => new GenomeBuffer().load(g(s));
  const find = (memo: FitnessMemo, s: string) => {
    const b = load(s);
    return memo.find(b, 0, b.len, b.lifetime, hashAt(b, 0, b.len, b.lifetime)) ? memo.fitness : undefined;
  };
  const set = (memo: FitnessMemo, s: string, fitness: number) => {
    const b = load(s);
    memo.set(b, 0, b.len, b.lifetime, hashAt(b, 0, b.len, b.lifetime), { reward: fitness, dl: 1, fitness });
  };

  it('finds a genome by structure, never a different one, and keeps many', () => {
    const memo = new FitnessMemo(Infinity);
    const all = [...new Set(genomes(2000, 'memo').map((x) => print(x, ps)))];
    all.forEach((s, i) => set(memo, s, i));
    expect(memo.size).toBe(all.length);
    all.forEach((s, i) => expect(find(memo, s)).toBe(i));
    expect(find(memo, '(lifetime (add (add x0 x1) (add s0 (neg 3))))')).toBeUndefined();
  });

  it('holds at most two generations of its limit, and keeps what is still in use', () => {
    // Each 3-node genome weighs 3 + ENTRY_NODES: two per generation.
    const memo = new FitnessMemo(2 * (3 + ENTRY_NODES));
    const s = (k: number) => `(add x0 ${k})`;
    set(memo, s(1), 1);
    set(memo, s(2), 2);
    set(memo, s(3), 3); // 1, 2 old; young: 3
    expect(find(memo, s(1))).toBe(1); // copied into young: 3, 1
    set(memo, s(4), 4); // 3, 1 old; 2 dropped; young: 4
    expect(find(memo, s(2))).toBeUndefined();
    expect(memo.size).toBe(3);
    // A hit in the old table that fills the young one: the old becomes the young one's source as it is emptied.
    set(memo, s(5), 5); // young: 4, 5
    expect(find(memo, s(1))).toBe(1); // 4, 5 old; young: 1
    expect(find(memo, s(3))).toBeUndefined();
    expect([4, 5, 1].map((k) => find(memo, s(k)))).toEqual([4, 5, 1]);
  });
});
