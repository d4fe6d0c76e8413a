import type { GenomeNodes } from './genome.js';
import { LITERAL_MAX_DECIMALS } from './genome.js';
import { Op, tierRank, type PrimitiveSet, type Tier } from './primitives.js';

/** Tier surcharges in bits, and `plan`: what the lifetime horizon gene costs on top of `self`. */
export type Surcharges = Readonly<Record<Tier, number>> & { readonly plan?: number };

/**
 * Description length in bits (DESIGN.md §3):
 *   DL(g) = Σ over nodes ( log2(number of primitives) + surcharge(tier) ) + Σ literal bits.
 * The surcharge is the cost of pointing at a concept only a world model (or a model of
 * the computer) contains; its size is the disagreement between Claims A and B.
 */
export function descriptionLength(g: GenomeNodes, ps: PrimitiveSet, surcharge: Surcharges): number {
  const sums = tierSums(g, ps, surcharge);
  return sums[INPUT] + sums[WORLD] + sums[SELF];
}

export interface DlParts {
  total: number;
  /** Bits spent on nodes of each tier (their share of log2 N, surcharges and literal bits). */
  byTier: Record<Tier, number>;
}

export function dlParts(g: GenomeNodes, ps: PrimitiveSet, surcharge: Surcharges): DlParts {
  const sums = tierSums(g, ps, surcharge);
  return { total: sums[INPUT] + sums[WORLD] + sums[SELF], byTier: { input: sums[INPUT], world: sums[WORLD], self: sums[SELF] } };
}

/** Index of each tier's sum in `tierSums`' result: its rank in TIERS (the order the total adds them). */
const INPUT = tierRank('input');
const WORLD = tierRank('world');
const SELF = tierRank('self');
/**
 * The sums, reused from call to call: the search asks per offspring, and a record per call
 * (its fields boxed doubles) was ~6% of what a run allocated. Read before the next call.
 */
const sumsScratch = new Float64Array(3);

/** Bits per tier, nodes in order, then the horizon gene's (it needs the self model to know about training, and a plan over it). */
function tierSums(g: GenomeNodes, ps: PrimitiveSet, surcharge: Surcharges): Float64Array {
  const { bits, tier } = opCosts(ps, surcharge);
  const sums = sumsScratch.fill(0);
  for (let i = 0; i < g.ops.length; i++) {
    const op = g.ops[i];
    sums[tier[op]] += bits[op] + (op === Op.Const ? literalBits(g.vals[i]) : 0);
  }
  if (g.horizon === 'lifetime') sums[SELF] += horizonBits(surcharge);
  return sums;
}

/**
 * primitiveBits and the tier's index of every opcode, made once per primitive set and
 * surcharges (the objects of a run's problem): the search asks per offspring, and the
 * sum per node was log2 N and two lookups by tier name each time.
 */
function opCosts(ps: PrimitiveSet, surcharge: Surcharges): { bits: Float64Array; tier: Uint8Array } {
  let bySet = opCostCache.get(surcharge);
  if (bySet === undefined) opCostCache.set(surcharge, (bySet = new WeakMap()));
  let costs = bySet.get(ps);
  if (costs === undefined) {
    costs = { bits: Float64Array.from(ps.table, (p) => primitiveBits(p.op, ps, surcharge)), tier: Uint8Array.from(ps.table, (p) => tierRank(p.tier)) };
    bySet.set(ps, costs);
  }
  return costs;
}

const opCostCache = new WeakMap<Surcharges, WeakMap<PrimitiveSet, { bits: Float64Array; tier: Uint8Array }>>();

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
  // Integers, nearly every literal the search makes, need no decimals: no text to compare.
  if (Number.isInteger(v) && Math.abs(v) < 1e21) return 1 + gammaBits(1) + gammaBits(Math.abs(v) + 1);
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
