import { horizonBits, literalBits, priorWeights, type Surcharges } from '../core/description-length.js';
import { depth, slice, splice, subtreeEnd, withHorizon, type Genome, type Horizon } from '../core/genome.js';
import { Op, type PrimitiveSet } from '../core/primitives.js';
import type { Rng } from '../core/rng.js';

/** Limits and the sampling prior that every variation operator respects. */
export interface VariationSpec {
  ps: PrimitiveSet;
  maxSize: number;
  maxDepth: number;
  /** Depth of trees grown by initialisation. */
  initDepth: number;
  /** Depth of subtrees grown by subtree mutation. */
  mutationDepth: number;
  /** Weights 2^(-bits/T) of every primitive, and of terminals only (functions zeroed). */
  allWeights: Float64Array;
  terminalWeights: Float64Array;
  /** Literal values that can be drawn, and their weights 2^(-bits/T). */
  literalValues: number[];
  literalWeights: Float64Array;
  /** Prior weights of the horizon gene [myopic, lifetime]: 2^(-bits/T) with bits 0 and surcharge.self + surcharge.plan. */
  horizonWeights: Float64Array;
  /** By opcode: the weights of the other primitives of its arity, or null when there are none (point mutation's draw). */
  pointWeights: (Float64Array | null)[];
  /** Whether initialisation draws the horizon gene (else every genome starts myopic, drawing nothing). */
  horizonGene: boolean;
}

/** Ephemeral constants are small integers: what objectives like (ifpos (sub x0 1) -1 1) need. */
export const LITERAL_RANGE = 4;

/** The sampling prior's weights 2^(−bits/T): of every primitive, of terminals only, and of the literal values. */
export function priorOf(ps: PrimitiveSet, surcharge: Surcharges, temperature: number): Pick<VariationSpec, 'allWeights' | 'terminalWeights' | 'literalValues' | 'literalWeights'> {
  const allWeights = priorWeights(ps, surcharge, temperature);
  const terminalWeights = allWeights.map((w, op) => (ps.table[op].arity === 0 ? w : 0));
  const literalValues: number[] = [];
  for (let v = -LITERAL_RANGE; v <= LITERAL_RANGE; v++) literalValues.push(v);
  const literalWeights = Float64Array.from(literalValues, (v) => 2 ** (-literalBits(v) / temperature));
  return { allWeights, terminalWeights, literalValues, literalWeights };
}

export function variationSpec(ps: PrimitiveSet, surcharge: Surcharges, temperature: number, limits: { maxSize: number; maxDepth: number; initDepth: number; mutationDepth: number }, horizonGene = false): VariationSpec {
  const prior = priorOf(ps, surcharge, temperature);
  const horizonWeights = Float64Array.of(1, 2 ** (-horizonBits(surcharge) / temperature));
  const pointWeights = ps.table.map(({ arity }, op) => {
    const w = prior.allWeights.map((x, o) => (ps.table[o].arity === arity && o !== op ? x : 0));
    return w.some((x) => x !== 0) ? w : null;
  });
  return { ps, ...limits, ...prior, horizonWeights, pointWeights, horizonGene };
}

const HORIZONS: readonly Horizon[] = ['myopic', 'lifetime'];

/** Initialisation: a tree grown from the prior, and the horizon gene drawn from its prior when the gene is on. */
export function growGenome(rng: Rng, v: VariationSpec): Genome {
  const g = grow(rng, v, v.initDepth);
  return v.horizonGene ? withHorizon(g, HORIZONS[rng.weighted(v.horizonWeights)]) : g;
}

/** Redraw the horizon gene from its prior; null when the draw leaves it unchanged. */
export const horizonMutation: Mutation = (rng, g, v) => {
  const h = HORIZONS[rng.weighted(v.horizonWeights)];
  return h === (g.horizon ?? 'myopic') ? null : withHorizon(g, h);
};

/** A tree operator that keeps the parent's horizon gene. */
function keepingHorizon(m: Mutation): Mutation {
  return (rng, g, v) => {
    const child = m(rng, g, v);
    return child && g.horizon ? withHorizon(child, g.horizon) : child;
  };
}

/** Grow a random tree from the prior: each node drawn ∝ 2^(-bits/T); only terminals at maxDepth. */
export function grow(rng: Rng, v: VariationSpec, maxDepth: number): Genome {
  const g = { ops: [] as number[], vals: [] as number[] };
  growNode(rng, v, maxDepth, 1, g);
  return g;
}

/**
 * Nodes after which a growing tree gets only terminals. Where the prior draws functions
 * more often than it closes them (few terminals, a deep limit), a tree would otherwise
 * grow exponentially with depth — millions of nodes, out of memory — only to be refused
 * by the size limit (search.maxSize ≤ 1,000) afterwards. A tree that reaches this many is
 * still refused; no tree of depth ≤ 9 can, so the draws of such runs are unchanged.
 */
export const GROW_NODE_LIMIT = 10_000;

/** Append a node at depth `d` and its subtrees (a module function: a closure per call was optimised afresh after each full collection). */
function growNode(rng: Rng, v: VariationSpec, maxDepth: number, d: number, g: { ops: number[]; vals: number[] }): void {
  const op = rng.weighted(d >= maxDepth || g.ops.length >= GROW_NODE_LIMIT ? v.terminalWeights : v.allWeights);
  g.ops.push(op);
  g.vals.push(op === Op.Const ? drawLiteral(rng, v) : 0);
  for (let a = 0; a < v.ps.table[op].arity; a++) growNode(rng, v, maxDepth, d + 1, g);
}

function drawLiteral(rng: Rng, v: VariationSpec): number {
  return v.literalValues[rng.weighted(v.literalWeights)];
}

export function withinLimits(g: Genome, v: VariationSpec): boolean {
  return g.ops.length <= v.maxSize && depth(g, v.ps) <= v.maxDepth;
}

/** A variation operator: returns a new genome, or null when it does not apply. Never mutates its input. */
export type Mutation = (rng: Rng, g: Genome, v: VariationSpec) => Genome | null;

/** Replace a uniformly chosen subtree with a tree grown from the prior. */
export const subtreeMutation: Mutation = (rng, g, v) => {
  const at = rng.int(g.ops.length);
  return splice(g, at, subtreeEnd(g, at, v.ps), grow(rng, v, v.mutationDepth));
};

/**
 * Replace one node by another primitive of the same arity drawn from the prior. Half
 * of the time a literal instead moves by ±1. `neg` and `ifpos` have no other primitive
 * of their arity, so the operator does not apply to them (null).
 */
export const pointMutation: Mutation = (rng, g, v) => {
  const at = rng.int(g.ops.length);
  const op = g.ops[at];
  if (op === Op.Const && rng.chance(0.5)) {
    const vals = g.vals.slice();
    vals[at] = g.vals[at] + (rng.chance(0.5) ? 1 : -1);
    return { ops: g.ops, vals }; // genomes are never changed in place: the child shares the parent's opcodes
  }
  const weights = v.pointWeights[op];
  if (weights === null) return null;
  const ops = g.ops.slice();
  const vals = g.vals.slice();
  const next = rng.weighted(weights);
  ops[at] = next;
  vals[at] = next === Op.Const ? drawLiteral(rng, v) : 0;
  return { ops, vals };
};

/** Replace the genome by one of its proper subtrees rooted at a function (shrinks bloat). */
export const hoistMutation: Mutation = (rng, g, v) => {
  const fns: number[] = [];
  for (let i = 1; i < g.ops.length; i++) if (v.ps.table[g.ops[i]].arity > 0) fns.push(i);
  if (fns.length === 0) return null;
  const at = fns[rng.int(fns.length)];
  return slice(g, at, subtreeEnd(g, at, v.ps));
};

/** The mutation operators by name, as the config names them. Tree operators keep the horizon gene; `horizon` switches it. */
export const MUTATIONS = {
  subtree: keepingHorizon(subtreeMutation),
  point: keepingHorizon(pointMutation),
  hoist: keepingHorizon(hoistMutation),
  horizon: horizonMutation,
} as const;
export type MutationName = keyof typeof MUTATIONS;
export const MUTATION_NAMES = Object.keys(MUTATIONS) as MutationName[];
/** The operators in MUTATION_NAMES order: what a draw over the weights (in that order) indexes. */
export const MUTATION_LIST: readonly Mutation[] = MUTATION_NAMES.map((n) => MUTATIONS[n]);

/** Subtree crossover: a uniformly chosen subtree of `a` replaced by one of `b`; the child keeps `a`'s horizon gene. */
export function crossover(rng: Rng, a: Genome, b: Genome, v: VariationSpec): Genome {
  const i = rng.int(a.ops.length);
  const j = rng.int(b.ops.length);
  const child = splice(a, i, subtreeEnd(a, i, v.ps), b, j, subtreeEnd(b, j, v.ps));
  return a.horizon ? withHorizon(child, a.horizon) : child;
}
