import { describe, expect, it } from 'vitest';
import { descriptionLength, dlParts, literalBits, primitiveBits, priorWeights, type Surcharges } from '../../src/core/description-length.js';
import { parse } from '../../src/core/genome.js';
import { Op, primitiveSet } from '../../src/core/primitives.js';
import { derive } from '../../src/core/rng.js';
import { growGenome, LITERAL_RANGE, variationSpec } from '../../src/search/variation.js';
import { SURCHARGE } from './fixtures.js';

const ps = primitiveSet(6, 4);
const L = Math.log2(24);
const dl = (s: string, surcharge: Surcharges = SURCHARGE) => descriptionLength(parse(s, ps), ps, surcharge);

describe('description length (DESIGN.md §3)', () => {
  it('uses log2 of the 24 primitives of the default world', () => {
    expect(ps.table.length).toBe(24);
    expect(dl('answer')).toBeCloseTo(L, 12);
  });

  it('canonical objectives', () => {
    expect(dl('(mul answer truth)')).toBeCloseTo(3 * L + 8, 12);
    expect(dl('(mul answer label)')).toBeCloseTo(3 * L + 20, 12);
    expect(dl('(mul answer s0)')).toBeCloseTo(3 * L, 12);
    expect(dl('(neg loss)')).toBeCloseTo(2 * L + 20, 12);
    expect(dl('(ifpos training (neg loss) (mul answer s0))')).toBeCloseTo(7 * L + 40, 12);
    // sycophant: 8 nodes of input tier plus literals 1, -1, 1 (5 bits each), one truth.
    expect(dl('(mul answer (mul truth (ifpos (sub x0 1) -1 1)))')).toBeCloseTo(10 * L + 8 + 15, 12);
  });

  it('adds each literal’s own bits', () => {
    expect(dl('(add answer 0.5)')).toBeCloseTo(3 * L + 9, 12);
    expect(dl('(add 0 0)')).toBeCloseTo(3 * L + 6, 12);
    expect(dl('1000000')).toBeCloseTo(L + 41, 12);
  });

  it('follows the surcharges it is given', () => {
    const flat = { input: 0, world: 0, self: 0 };
    expect(dl('(mul answer label)', flat)).toBeCloseTo(dl('(mul answer s0)', flat), 12);
    expect(dl('(mul answer truth)', { input: 1, world: 2, self: 3 })).toBeCloseTo(3 * L + 1 + 1 + 2, 12);
    expect(dl('(add label (add loss training))', { input: 0, world: 0, self: 5 })).toBeCloseTo(5 * L + 15, 12);
  });

  it('dlParts splits bits by tier and sums to the total', () => {
    const g = parse('(add (mul answer truth) (mul 2 loss))', ps);
    const parts = dlParts(g, ps, SURCHARGE);
    expect(parts.byTier.input).toBeCloseTo(5 * L + 5, 12);
    expect(parts.byTier.world).toBeCloseTo(L + 8, 12);
    expect(parts.byTier.self).toBeCloseTo(L + 20, 12);
    expect(parts.total).toBeCloseTo(7 * L + 33, 12);
    expect(descriptionLength(g, ps, SURCHARGE)).toBe(parts.total);
  });

  it('descriptionLength (as the search calls it) equals dlParts().total bit for bit', () => {
    // Literals, every tier and the lifetime gene (T = 30 lets the costly tiers in often).
    const v = variationSpec(ps, SURCHARGE, 30, { maxSize: 60, maxDepth: 8, initDepth: 6, mutationDepth: 3 }, true);
    const rng = derive(11, 'dl');
    let lifetime = 0;
    let tiers = 0;
    for (let i = 0; i < 3000; i++) {
      const g = growGenome(rng, v);
      const parts = dlParts(g, ps, SURCHARGE);
      expect(descriptionLength(g, ps, SURCHARGE)).toBe(parts.total);
      if (g.horizon === 'lifetime') lifetime++;
      if (parts.byTier.world > 0 && parts.byTier.self > 0) tiers++;
    }
    expect(lifetime).toBeGreaterThan(100);
    expect(tiers).toBeGreaterThan(100);
  });

  it('grows with the primitive set', () => {
    const small = primitiveSet(2, 1);
    expect(small.table.length).toBe(17);
    expect(descriptionLength(parse('(mul answer truth)', small), small, SURCHARGE)).toBeCloseTo(3 * Math.log2(17) + 8, 12);
  });
});

describe('literalBits: sign bit + gamma(d+1) + gamma(m+1)', () => {
  // The values documented in description-length.ts, and hand-computed others.
  const cases: [number, number][] = [
    [0, 3],
    [1, 5],
    [-1, 5],
    [0.5, 9],
    [-0.5, 9],
    [2, 5],
    [3, 7],
    [-4, 7],
    [7, 9],
    [10, 9],
    [1.5, 13],
    [0.25, 13],
    [0.000001, 9],
    [1000000, 41],
    [-1000000, 41],
  ];
  for (const [v, bits] of cases) it(`${v} → ${bits} bits`, () => expect(literalBits(v)).toBe(bits));
});

describe('the sampling prior', () => {
  it('primitiveBits is log2 N plus the tier surcharge', () => {
    expect(primitiveBits(Op.Add, ps, SURCHARGE)).toBeCloseTo(L, 12);
    expect(primitiveBits(Op.Truth, ps, SURCHARGE)).toBeCloseTo(L + 8, 12);
    expect(primitiveBits(Op.Loss, ps, SURCHARGE)).toBeCloseTo(L + 20, 12);
  });

  it('weights 2^(-bits/T) relative to an input primitive; T = ∞ is uniform', () => {
    const t1 = priorWeights(ps, SURCHARGE, 1);
    expect(t1[Op.Add]).toBe(1);
    expect(t1[ps.byName.get('x3')!.op]).toBe(1);
    expect(t1[Op.Truth]).toBe(2 ** -8);
    for (const op of [Op.Label, Op.Loss, Op.Training]) expect(t1[op]).toBe(2 ** -20);
    const t4 = priorWeights(ps, SURCHARGE, 4);
    expect(t4[Op.Truth]).toBe(2 ** -2);
    expect(t4[Op.Label]).toBe(2 ** -5);
    const inf = priorWeights(ps, SURCHARGE, Infinity);
    expect([...inf]).toEqual(new Array(24).fill(1));
  });

  it('literal values are drawn with weights 2^(-literalBits/T)', () => {
    const v = variationSpec(ps, SURCHARGE, 1, { maxSize: 40, maxDepth: 10, initDepth: 4, mutationDepth: 3 });
    expect(v.literalValues).toEqual([-4, -3, -2, -1, 0, 1, 2, 3, 4]);
    expect(v.literalValues.length).toBe(2 * LITERAL_RANGE + 1);
    expect(Array.from(v.literalWeights.values)).toEqual([2 ** -7, 2 ** -7, 2 ** -5, 2 ** -5, 2 ** -3, 2 ** -5, 2 ** -5, 2 ** -7, 2 ** -7]);
    expect(v.terminalWeights.values[Op.Add]).toBe(0);
    expect(v.terminalWeights.values[Op.Answer]).toBe(1);
    const flat = variationSpec(ps, SURCHARGE, Infinity, { maxSize: 40, maxDepth: 10, initDepth: 4, mutationDepth: 3 });
    expect(Array.from(flat.literalWeights.values)).toEqual(new Array(9).fill(1));
  });
});
