import { describe, expect, it } from 'vitest';
import { depth, parse, print, subtreeEnd, type Genome } from '../../src/core/genome.js';
import { Op, primitiveSet } from '../../src/core/primitives.js';
import { derive } from '../../src/core/rng.js';
import {
  crossover,
  grow,
  GROW_NODE_LIMIT,
  hoistMutation,
  MUTATION_NAMES,
  MUTATIONS,
  pointMutation,
  subtreeMutation,
  variationSpec,
  withinLimits,
} from '../../src/search/variation.js';
import { SURCHARGE } from '../core/fixtures.js';

const ps = primitiveSet(6, 4);
const limits = { maxSize: 40, maxDepth: 10, initDepth: 4, mutationDepth: 3 };
const v1 = variationSpec(ps, SURCHARGE, 1, limits);
const vInf = variationSpec(ps, SURCHARGE, Infinity, limits);
const g = (s: string) => parse(s, ps);

/** A well-formed prefix genome: every function gets its arguments, nothing left over, round-trips. */
function wellFormed(x: Genome): boolean {
  if (x.ops.length === 0 || x.ops.length !== x.vals.length) return false;
  let need = 1;
  for (let i = 0; i < x.ops.length; i++) {
    if (need === 0) return false;
    need += ps.table[x.ops[i]].arity - 1;
  }
  if (need !== 0) return false;
  for (let i = 0; i < x.ops.length; i++) if (x.ops[i] !== Op.Const && x.vals[i] !== 0) return false;
  const back = parse(print(x, ps), ps);
  return JSON.stringify(back) === JSON.stringify(x);
}

function sample(n: number, seed: string, maxDepth: number, v = vInf): Genome[] {
  const rng = derive(1, 'variation-test', seed);
  return Array.from({ length: n }, () => grow(rng, v, maxDepth));
}

describe('grow', () => {
  it('is deterministic for a given stream and respects the depth it is given', () => {
    expect(sample(50, 'a', 5)).toEqual(sample(50, 'a', 5));
    expect(sample(50, 'a', 5)).not.toEqual(sample(50, 'b', 5));
    for (const d of [1, 2, 3, 6]) {
      for (const x of sample(200, `depth${d}`, d)) {
        expect(depth(x, ps)).toBeLessThanOrEqual(d);
        expect(wellFormed(x)).toBe(true);
      }
    }
    for (const x of sample(100, 'one', 1)) expect(x.ops.length).toBe(1);
  });

  it('draws primitives with probability ∝ 2^(-bits/T)', () => {
    // At depth 1 only terminals are drawn: 13 input terminals, truth, and 3 self ones.
    const count = (v: typeof v1, seed: string) => {
      const c = new Map<number, number>();
      for (const x of sample(17_000, seed, 1, v)) c.set(x.ops[0], (c.get(x.ops[0]) ?? 0) + 1);
      return (op: number) => c.get(op) ?? 0;
    };
    const flat = count(vInf, 'flat');
    const n = 17_000;
    for (const op of [Op.Answer, Op.Truth, Op.Label, Op.Loss, Op.Training, Op.Const]) {
      expect(Math.abs(flat(op) / n - 1 / 17)).toBeLessThan(4 * Math.sqrt((1 / 17) * (16 / 17) / n));
    }
    const prior = count(v1, 'prior');
    const pTruth = 2 ** -8 / (13 + 2 ** -8 + 3 * 2 ** -20);
    expect(prior(Op.Truth)).toBeLessThanOrEqual(Math.ceil(n * pTruth + 4 * Math.sqrt(n * pTruth)));
    expect(prior(Op.Label) + prior(Op.Loss) + prior(Op.Training)).toBe(0);
    expect(Math.abs(prior(Op.Answer) / n - 1 / 13)).toBeLessThan(4 * Math.sqrt((1 / 13) * (12 / 13) / n));
  });

  it('draws literals from −4…4 only', () => {
    const lits = new Set<number>();
    for (const x of sample(3000, 'lits', 4)) x.ops.forEach((op, i) => op === Op.Const && lits.add(x.vals[i]));
    expect([...lits].sort((a, b) => a - b)).toEqual([-4, -3, -2, -1, 0, 1, 2, 3, 4]);
  });

  it('withinLimits checks size and depth', () => {
    const v = variationSpec(ps, SURCHARGE, 1, { ...limits, maxSize: 5, maxDepth: 3 });
    expect(withinLimits(g('(add (neg x0) x1)'), v)).toBe(true);
    expect(withinLimits(g('(add (neg (neg x0)) x1)'), v)).toBe(false);
    expect(withinLimits(g('(add (add x0 x1) (add x2 x3))'), v)).toBe(false);
    expect(withinLimits(g('(add (add x0 x1) (neg x2))'), v)).toBe(false);
    expect(withinLimits(g('(add (add x0 x1) x2)'), v)).toBe(true);
  });
});

describe('mutation and crossover', () => {
  const parents = sample(300, 'parents', 6).filter((x) => x.ops.length >= 3);
  const frozen = JSON.stringify(parents);

  it('every operator returns a well-formed genome and never changes its input', () => {
    const rng = derive(2, 'ops');
    let n = 0;
    for (const parent of parents) {
      for (const name of MUTATION_NAMES) {
        const child = MUTATIONS[name](rng, parent, vInf);
        if (child) {
          expect(wellFormed(child), `${name} of ${print(parent, ps)}`).toBe(true);
          n++;
        }
      }
      const other = parents[rng.int(parents.length)];
      expect(wellFormed(crossover(rng, parent, other, vInf))).toBe(true);
    }
    expect(n).toBeGreaterThan(parents.length * 2);
    expect(JSON.stringify(parents)).toBe(frozen);
  });

  it('a prior that opens functions faster than it closes them stops at GROW_NODE_LIMIT nodes, with a complete tree', () => {
    // One context and one sensor leave few terminals: at T = 1 and depth 100 such trees grew to millions of nodes.
    const few = primitiveSet(1, 1);
    const deep = variationSpec(few, SURCHARGE, 1, { maxSize: 1000, maxDepth: 100, initDepth: 100, mutationDepth: 100 });
    const rng = derive(1, 'grow-limit');
    const sizes = Array.from({ length: 20 }, () => {
      const g = grow(rng, deep, 100);
      expect(subtreeEnd(g, 0, few)).toBe(g.ops.length);
      return g.ops.length;
    });
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(GROW_NODE_LIMIT);
    expect(Math.max(...sizes)).toBeLessThan(GROW_NODE_LIMIT + 300);
  });

  it('subtree mutation replaces one subtree by a grown one of at most mutationDepth', () => {
    const rng = derive(3, 'subtree');
    let grew = 0;
    for (const parent of parents) {
      const child = subtreeMutation(rng, parent, vInf)!;
      // Same prefix up to the mutation point, same suffix after the replaced subtree.
      let i = 0;
      while (i < parent.ops.length && i < child.ops.length && parent.ops[i] === child.ops[i] && parent.vals[i] === child.vals[i]) i++;
      if (i === parent.ops.length && i === child.ops.length) continue; // redrew the same subtree
      if (child.ops.length !== parent.ops.length) grew++;
      expect(depth(child, ps)).toBeLessThanOrEqual(depth(parent, ps) + limits.mutationDepth);
    }
    expect(grew).toBeGreaterThan(0);
  });

  it('point mutation keeps the shape and changes one node to another of the same arity', () => {
    const rng = derive(4, 'point');
    for (const parent of parents) {
      const child = pointMutation(rng, parent, vInf);
      if (child === null) {
        // Only neg (arity 1) and ifpos (arity 3) have no other primitive of their arity to become.
        expect(parent.ops.some((op) => op === Op.Neg || op === Op.IfPos)).toBe(true);
        continue;
      }
      expect(child.ops.length).toBe(parent.ops.length);
      const diff = child.ops.map((op, i) => i).filter((i) => child.ops[i] !== parent.ops[i] || child.vals[i] !== parent.vals[i]);
      expect(diff.length).toBe(1);
      const at = diff[0];
      expect(ps.table[child.ops[at]].arity).toBe(ps.table[parent.ops[at]].arity);
      if (parent.ops[at] === Op.Const && child.ops[at] === Op.Const) {
        expect(Math.abs(child.vals[at] - parent.vals[at])).toBe(1);
      } else {
        expect(child.ops[at]).not.toBe(parent.ops[at]);
      }
    }
  });

  it('point mutation nudges a literal by ±1 or replaces it with another terminal', () => {
    const rng = derive(5, 'literal');
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(print(pointMutation(rng, g('3'), vInf)!, ps));
    expect(seen.has('2')).toBe(true);
    expect(seen.has('4')).toBe(true);
    expect(seen.has('answer')).toBe(true);
    expect(seen.has('3')).toBe(false);
    expect(print(pointMutation(rng, g('(ifpos x0 1 2)'), vInf) ?? g('0'), ps)).not.toBe('(ifpos x0 1 2)');
  });

  it('hoist returns a proper subtree rooted at a function, or null when there is none', () => {
    const rng = derive(6, 'hoist');
    expect(hoistMutation(rng, g('(mul answer truth)'), vInf)).toBeNull();
    expect(hoistMutation(rng, g('answer'), vInf)).toBeNull();
    for (let i = 0; i < 20; i++) {
      const h = print(hoistMutation(rng, g('(add (neg x0) (ifpos s1 (mul answer 2) truth))'), vInf)!, ps);
      expect(['(neg x0)', '(ifpos s1 (mul answer 2) truth)', '(mul answer 2)']).toContain(h);
    }
  });

  it('crossover swaps in a subtree of the second parent', () => {
    const rng = derive(7, 'crossover');
    const a = g('(add x0 x1)');
    const b = g('(mul truth (neg loss))');
    const bSubs = new Set(['(mul truth (neg loss))', 'truth', '(neg loss)', 'loss']);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const c = print(crossover(rng, a, b, vInf), ps);
      seen.add(c);
      const ok = [...bSubs].some((s) => c === s || c === `(add ${s} x1)` || c === `(add x0 ${s})`);
      expect(ok, c).toBe(true);
    }
    expect(seen.size).toBe(12);
  });

  it('is reproducible: the same stream gives the same offspring', () => {
    const run = () => {
      const rng = derive(8, 'repro');
      return parents.slice(0, 50).map((p) => print(MUTATIONS[MUTATION_NAMES[rng.int(3)]](rng, p, v1) ?? p, ps));
    };
    expect(run()).toEqual(run());
    expect(subtreeEnd(parents[0], 0, ps)).toBe(parents[0].ops.length);
  });
});
