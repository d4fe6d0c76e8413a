import { horizonBits, literalBits, priorWeights, type Surcharges } from '../core/description-length.js';
import type { Genome, Horizon } from '../core/genome.js';
import { Op, type PrimitiveSet } from '../core/primitives.js';
import { weights, type Rng, type Weights } from '../core/rng.js';
import { arities, depthAt, GenomeBuffer, subtreeEndAt } from './genome-buffer.js';
import { Population } from './population.js';

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
  allWeights: Weights<Float64Array>;
  terminalWeights: Weights;
  /** Literal values that can be drawn, and their weights 2^(-bits/T). */
  literalValues: number[];
  literalWeights: Weights;
  /** Prior weights of the horizon gene [myopic, lifetime]: 2^(-bits/T) with bits 0 and surcharge.self + surcharge.plan. */
  horizonWeights: Weights;
  /** By opcode: the weights of the other primitives of its arity, or null when there are none (point mutation's draw). */
  pointWeights: (Weights | null)[];
  /** Whether initialisation draws the horizon gene (else every genome starts myopic, drawing nothing). */
  horizonGene: boolean;
  /** Arity by opcode. */
  arity: Uint8Array;
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
  return { allWeights: weights(allWeights), terminalWeights: weights(terminalWeights), literalValues, literalWeights: weights(literalWeights) };
}

export function variationSpec(ps: PrimitiveSet, surcharge: Surcharges, temperature: number, limits: { maxSize: number; maxDepth: number; initDepth: number; mutationDepth: number }, horizonGene = false): VariationSpec {
  const prior = priorOf(ps, surcharge, temperature);
  const horizonWeights = weights(Float64Array.of(1, 2 ** (-horizonBits(surcharge) / temperature)));
  const all = prior.allWeights.values;
  const pointWeights = ps.table.map(({ arity }, op) => {
    const w = all.map((x, o) => (ps.table[o].arity === arity && o !== op ? x : 0));
    return w.some((x) => x !== 0) ? weights(w) : null;
  });
  return { ps, ...limits, ...prior, horizonWeights, pointWeights, horizonGene, arity: arities(ps) };
}

const HORIZONS: readonly Horizon[] = ['myopic', 'lifetime'];

/*
 * The operators write the offspring into a GenomeBuffer and read parents from a
 * Population (member indices): the island loop's own representation, so that an offspring
 * allocates nothing until it is kept. Every operator draws from the stream in the order
 * documented on it; the draws decide the result.
 */

/** Initialisation: a tree grown from the prior, and the horizon gene drawn from its prior when the gene is on. */
export function growGenomeInto(rng: Rng, out: GenomeBuffer, v: VariationSpec): void {
  out.clear(false);
  growNode(rng, v, v.initDepth, 1, out, 0);
  if (v.horizonGene) out.lifetime = HORIZONS[rng.draw(v.horizonWeights)] === 'lifetime';
}

/**
 * Nodes after which a growing tree gets only terminals. Where the prior draws functions
 * more often than it closes them (few terminals, a deep limit), a tree would otherwise
 * grow exponentially with depth — millions of nodes, out of memory — only to be refused
 * by the size limit (search.maxSize ≤ 1,000) afterwards. A tree that reaches this many is
 * still refused; no tree of depth ≤ 9 can, so the draws of such runs are unchanged.
 */
export const GROW_NODE_LIMIT = 10_000;

/**
 * Append a node at depth `d` and its subtrees, each node drawn ∝ 2^(-bits/T), only
 * terminals at `maxDepth` (a module function: a closure per call was optimised afresh
 * after each full collection). `base`: where this tree starts in `out`.
 */
function growNode(rng: Rng, v: VariationSpec, maxDepth: number, d: number, out: GenomeBuffer, base: number): void {
  const op = rng.draw(d >= maxDepth || out.len - base >= GROW_NODE_LIMIT ? v.terminalWeights : v.allWeights);
  out.push(op, op === Op.Const ? drawLiteral(rng, v) : 0);
  for (let a = 0; a < v.arity[op]; a++) growNode(rng, v, maxDepth, d + 1, out, base);
}

function drawLiteral(rng: Rng, v: VariationSpec): number {
  return v.literalValues[rng.draw(v.literalWeights)];
}

/** Whether the genome in `out` is within the size and depth limits. */
export function bufferWithinLimits(out: GenomeBuffer, v: VariationSpec): boolean {
  // A tree is never deeper than it has nodes: most offspring need no depth walk.
  return out.len <= v.maxSize && (out.len <= v.maxDepth || depthAt(out.ops, 0, out.len, v.arity) <= v.maxDepth);
}

/**
 * A variation operator: writes an offspring of member `i` of `pop` into `out`, or
 * returns false when it does not apply. Tree operators keep the parent's horizon gene.
 */
export type MutationInto = (rng: Rng, out: GenomeBuffer, pop: Population, i: number, v: VariationSpec) => boolean;

/** Draws: the node (int), then the grown subtree. Replaces the subtree at that node with a tree grown from the prior. */
const subtreeInto: MutationInto = (rng, out, pop, i, v) => {
  const s = pop.start[i];
  const n = pop.len[i];
  const at = s + rng.int(n);
  const end = subtreeEndAt(pop.ops, at, v.arity);
  out.clear(pop.lifetime[i] === 1);
  out.append(pop, s, at);
  growNode(rng, v, v.mutationDepth, 1, out, out.len);
  out.append(pop, end, s + n);
  return true;
};

/**
 * Draws: the node (int); on a literal, a coin, then on heads a coin for +1 or −1;
 * otherwise the new primitive from the prior over the others of its arity, and a literal
 * value when that is a literal. Replaces one node by another primitive of the same arity
 * drawn from the prior, or (half of the time on a literal) moves the literal by ±1. `neg`
 * and `ifpos` have no other primitive of their arity, so it does not apply to them.
 */
const pointInto: MutationInto = (rng, out, pop, i, v) => {
  const s = pop.start[i];
  const at = rng.int(pop.len[i]);
  const op = pop.ops[s + at];
  if (op === Op.Const && rng.chance(0.5)) {
    out.loadMember(pop, i);
    out.vals[at] += rng.chance(0.5) ? 1 : -1;
    return true;
  }
  const weights = v.pointWeights[op];
  if (weights === null) return false;
  out.loadMember(pop, i);
  const next = rng.draw(weights);
  out.ops[at] = next;
  out.vals[at] = next === Op.Const ? drawLiteral(rng, v) : 0;
  return true;
};

/** Draws: which function node (int over the functions below the root). Replaces the genome by that proper subtree (shrinks bloat). */
const hoistInto: MutationInto = (rng, out, pop, i, v) => {
  const s = pop.start[i];
  const n = pop.len[i];
  let functions = 0;
  for (let k = s + 1; k < s + n; k++) if (v.arity[pop.ops[k]] > 0) functions++;
  if (functions === 0) return false;
  let pick = rng.int(functions);
  let at = s + 1;
  for (; ; at++) if (v.arity[pop.ops[at]] > 0 && pick-- === 0) break;
  out.clear(pop.lifetime[i] === 1);
  out.append(pop, at, subtreeEndAt(pop.ops, at, v.arity));
  return true;
};

/** Draws: the gene from its prior. Redraws the horizon gene; does not apply when the draw leaves it unchanged. */
const horizonInto: MutationInto = (rng, out, pop, i, v) => {
  const lifetime = HORIZONS[rng.draw(v.horizonWeights)] === 'lifetime';
  if (lifetime === (pop.lifetime[i] === 1)) return false;
  out.loadMember(pop, i);
  out.lifetime = lifetime;
  return true;
};

/**
 * Draws: a node of `a` (int), then a node of `b` (int). Subtree crossover: the subtree of
 * `a` at the first replaced by the subtree of `b` at the second; the child keeps `a`'s
 * horizon gene.
 */
export function crossoverInto(rng: Rng, out: GenomeBuffer, pop: Population, a: number, b: number, v: VariationSpec): void {
  const sa = pop.start[a];
  const sb = pop.start[b];
  const i = sa + rng.int(pop.len[a]);
  const j = sb + rng.int(pop.len[b]);
  out.clear(pop.lifetime[a] === 1);
  out.append(pop, sa, i);
  out.append(pop, j, subtreeEndAt(pop.ops, j, v.arity));
  out.append(pop, subtreeEndAt(pop.ops, i, v.arity), sa + pop.len[a]);
}

/** The mutation operators by name, as the config names them. */
export const MUTATIONS_INTO = { subtree: subtreeInto, point: pointInto, hoist: hoistInto, horizon: horizonInto } as const;
export type MutationName = keyof typeof MUTATIONS_INTO;
export const MUTATION_NAMES = Object.keys(MUTATIONS_INTO) as MutationName[];
/** The operators in MUTATION_NAMES order: what a draw over the weights (in that order) indexes. */
export const MUTATION_LIST: readonly MutationInto[] = MUTATION_NAMES.map((n) => MUTATIONS_INTO[n]);

/*
 * The same operators on plain genomes (tests, scripts, one-off use): the parents are
 * loaded into a population of their own and the offspring copied out.
 */

/** A variation operator on plain genomes: a new genome, or null when it does not apply. */
export type Mutation = (rng: Rng, g: Genome, v: VariationSpec) => Genome | null;

function onGenomes(v: VariationSpec, ...genomes: Genome[]): Population {
  const pop = new Population(v.ps);
  const b = new GenomeBuffer();
  for (const g of genomes) pop.addGenome(b.load(g), { reward: 0, dl: 0, fitness: 0 });
  return pop;
}

export const MUTATIONS: Record<MutationName, Mutation> = Object.fromEntries(
  MUTATION_NAMES.map((name) => [name, (rng: Rng, g: Genome, v: VariationSpec) => {
    const out = new GenomeBuffer();
    return MUTATIONS_INTO[name](rng, out, onGenomes(v, g), 0, v) ? out.toGenome() : null;
  }]),
) as Record<MutationName, Mutation>;
export const subtreeMutation = MUTATIONS.subtree;
export const pointMutation = MUTATIONS.point;
export const hoistMutation = MUTATIONS.hoist;

export function crossover(rng: Rng, a: Genome, b: Genome, v: VariationSpec): Genome {
  const out = new GenomeBuffer();
  crossoverInto(rng, out, onGenomes(v, a, b), 0, 1, v);
  return out.toGenome();
}

/** Initialisation on plain genomes (growGenomeInto). */
export function growGenome(rng: Rng, v: VariationSpec): Genome {
  const out = new GenomeBuffer();
  growGenomeInto(rng, out, v);
  return out.toGenome();
}

/** Grow a random tree from the prior: each node drawn ∝ 2^(-bits/T); only terminals at maxDepth. */
export function grow(rng: Rng, v: VariationSpec, maxDepth: number): Genome {
  const out = new GenomeBuffer();
  growNode(rng, v, maxDepth, 1, out, 0);
  return out.toGenome();
}

export function withinLimits(g: Genome, v: VariationSpec): boolean {
  return bufferWithinLimits(new GenomeBuffer().load(g), v);
}
