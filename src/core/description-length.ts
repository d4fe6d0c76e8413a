import type { Genome } from './genome.js';
import { LITERAL_MAX_DECIMALS } from './genome.js';
import { Op, type Primitive, type PrimitiveSet, type Tier } from './primitives.js';

/** Tier surcharges in bits, and `plan`: what the lifetime horizon gene costs on top of `self`. */
export type Surcharges = Readonly<Record<Tier, number>> & { readonly plan?: number };

/**
 * Description length in bits (DESIGN.md §3):
 *   DL(g) = Σ over nodes ( log2(number of primitives) + surcharge(tier) ) + Σ literal bits.
 * The surcharge is the cost of pointing at a concept only a world model (or a model of
 * the computer) contains; its size is the disagreement between Claims A and B.
 */
export function descriptionLength(g: Genome, ps: PrimitiveSet, surcharge: Surcharges): number {
  // dlParts' sums in locals: the search calls this per offspring, and a record per call
  // (its fields boxed doubles) was ~6% of what a run allocates. Same order of additions, same bits.
  const base = Math.log2(ps.table.length);
  let input = 0;
  let world = 0;
  let self = 0;
  for (let i = 0; i < g.ops.length; i++) {
    const p = ps.table[g.ops[i]];
    const bits = nodeBits(p, g.vals[i], base, surcharge);
    switch (p.tier) {
      case 'input': input += bits; break;
      case 'world': world += bits; break;
      case 'self': self += bits; break;
      default: throw new Error(`description length: tier ${p.tier satisfies never} has no sum here (nor in dlParts)`);
    }
  }
  if (g.horizon === 'lifetime') self += horizonBits(surcharge);
  return input + world + self;
}

export interface DlParts {
  total: number;
  /** Bits spent on nodes of each tier (their share of log2 N, surcharges and literal bits). */
  byTier: Record<Tier, number>;
}

export function dlParts(g: Genome, ps: PrimitiveSet, surcharge: Surcharges): DlParts {
  const base = Math.log2(ps.table.length);
  const byTier: Record<Tier, number> = { input: 0, world: 0, self: 0 };
  for (let i = 0; i < g.ops.length; i++) {
    const p = ps.table[g.ops[i]];
    byTier[p.tier] += nodeBits(p, g.vals[i], base, surcharge);
  }
  // The lifetime gene needs the self model (to know about training) and a plan over it.
  if (g.horizon === 'lifetime') byTier.self += horizonBits(surcharge);
  // The sum descriptionLength makes, in the same order (TIERS order), so the two agree bit for bit.
  const total = byTier.input + byTier.world + byTier.self;
  return { total, byTier };
}

/** Bits of one node: log2 N, its tier's surcharge and a literal's value bits. */
function nodeBits(p: Primitive, value: number, base: number, surcharge: Surcharges): number {
  return base + surcharge[p.tier] + (p.op === Op.Const ? literalBits(value) : 0);
}

/** Bits of one primitive (without a literal's value bits). */
export function primitiveBits(op: number, ps: PrimitiveSet, surcharge: Surcharges): number {
  return Math.log2(ps.table.length) + surcharge[ps.table[op].tier];
}

/**
 * Bits of the lifetime horizon gene: exactly surcharge.self + surcharge.plan (the
 * myopic default costs nothing, so myopic genomes keep their DL).
 */
export function horizonBits(surcharge: Surcharges): number {
  return surcharge.self + (surcharge.plan ?? 0);
}

/** Elias gamma code length of a positive integer n. */
function gammaBits(n: number): number {
  return 2 * Math.floor(Math.log2(n)) + 1;
}

/**
 * Bits of a literal: a sign bit, the number of decimal places d (gamma coded, d+1) and
 * the integer mantissa m = |v|·10^d (gamma coded, m+1). 0 → 3 bits, ±1 → 5, 0.5 → 9.
 */
export function literalBits(v: number): number {
  let d = 0;
  while (d < LITERAL_MAX_DECIMALS && Number(v.toFixed(d)) !== v) d++;
  const m = Math.round(Math.abs(v) * 10 ** d);
  return 1 + gammaBits(d + 1) + gammaBits(m + 1);
}

/**
 * Sampling weight 2^(-bits/T) of each primitive (DESIGN.md §3). T = Infinity draws
 * uniformly. Literal value bits are applied separately when a value is drawn.
 */
export function priorWeights(ps: PrimitiveSet, surcharge: Surcharges, temperature: number): Float64Array {
  const w = new Float64Array(ps.table.length);
  // Subtracting the common log2 N keeps weights near 1 for any N; only ratios matter.
  const base = Math.log2(ps.table.length);
  for (const p of ps.table) w[p.op] = 2 ** (-(primitiveBits(p.op, ps, surcharge) - base) / temperature);
  return w;
}
