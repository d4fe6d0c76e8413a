import { assessFitness, type Fitness, type Problem } from '../core/assess.js';
import { noClasses, type BehaviourClass } from '../core/classify.js';
import { compact, parse, print, type Genome } from '../core/genome.js';
import { derive, type Rng } from '../core/rng.js';
import { HallOfFame } from './hall-of-fame.js';
import type { FameEntry, Member } from './member.js';
import { BoundedMemo } from './memo.js';
import { best, first, tournament } from './selection.js';
import { crossover, growGenome, MUTATION_NAMES, MUTATIONS, withinLimits, type MutationName, type VariationSpec } from './variation.js';

/** Settings of the generational loop inside one island. */
export interface IslandSpec {
  seed: number;
  population: number;
  elites: number;
  tournament: number;
  /** Probability that an offspring comes from crossover rather than mutation. */
  crossover: number;
  mutationWeights: Record<MutationName, number>;
  hallOfFame: number;
}

/** One island epoch: the unit of parallel work. Plain data only. */
export interface EpochInput {
  island: number;
  epoch: number;
  /** The population at `startGeneration`, or null to initialise it (generation 0). */
  population: Member[] | null;
  startGeneration: number;
  /** Last generation this epoch produces (inclusive). */
  endGeneration: number;
  /** Generations (within this epoch) at which to record class shares. */
  snapshotGenerations: number[];
}

export interface GenerationStats {
  island: number;
  generation: number;
  best: Member;
  meanFitness: number;
  meanSize: number;
  distinct: number;
}

export interface Snapshot {
  island: number;
  generation: number;
  best: Member;
  classCounts: Record<BehaviourClass, number>;
}

export interface EpochOutput {
  island: number;
  epoch: number;
  population: Member[];
  stats: GenerationStats[];
  snapshots: Snapshot[];
  hallOfFame: FameEntry[];
  /** Offspring evaluated in this epoch (cache hits included: budget counts genomes, not work). */
  evaluations: number;
}

export interface IslandContext {
  /** The problem, when it is the same at every generation (no model schedule). */
  problem: Problem;
  /**
   * With a model schedule: the problem at a generation, the same object for every
   * generation of one phase (schedule.ts), so fitness is re-evaluated exactly when the
   * phase changes. Absent: `problem` throughout.
   */
  problemAt?: (generation: number) => Problem;
  variation: VariationSpec;
  spec: IslandSpec;
  /** Behavioural class of a genome at a generation (callers memoise: it needs a deployment evaluation). */
  classOf: (g: Genome, expr: string, generation: number) => BehaviourClass;
  /**
   * Genomes already parsed and assessed in a problem (a model phase), by S-expression. A
   * worker keeps them across epochs, so survivors are not parsed again and repeated
   * offspring are not evaluated again; without it, each epoch starts empty ones.
   */
  memoFor?: (problem: Problem) => BoundedMemo<string, Assessed>;
}

/**
 * A genome with its S-expression and fitness: what the memo keeps and the loop selects
 * from. Never changed once built, so every member with that genome shares one.
 */
export interface Assessed extends Member {
  readonly genome: Genome;
}

/** Attempts at producing an offspring within the size and depth limits before copying the parent. */
const VARIATION_TRIES = 4;

/**
 * Run one island epoch:
 *
 *   rng ← derive(seed, island, epoch)
 *   if no population: population ← N genomes grown from the prior (generation 0)
 *   for g in start+1 .. end:
 *     if the model phase changes at g: re-evaluate the population in the new phase
 *     next ← the `elites` best of population
 *     while |next| < N:
 *       child ← crossover(tournament, tournament) with probability pc,
 *               else a mutation drawn by weight from tournament
 *       (retry out-of-limit or inapplicable variation; at last copy the parent)
 *       evaluate child
 *     population ← next
 *   record stats, snapshots and hall-of-fame entries as they happen
 */
export function runEpoch(ctx: IslandContext, input: EpochInput): EpochOutput {
  const { spec } = ctx;
  const rng = derive(spec.seed, 'island', input.island, 'epoch', input.epoch);
  const epochMemos = new Map<Problem, BoundedMemo<string, Assessed>>();
  const memoFor = ctx.memoFor ?? ((p: Problem) => epochMemos.get(p) ?? epochMemos.set(p, new BoundedMemo<string, Assessed>(Infinity)).get(p)!);
  const problemAt = ctx.problemAt ?? (() => ctx.problem);
  let problem = problemAt(input.startGeneration);
  let cache = memoFor(problem);
  const evaluate = (g: Genome): Assessed => {
    const expr = print(g, problem.ps);
    let hit = cache.get(expr);
    if (!hit) {
      hit = assessed(expr, assessFitness(problem, g), compact(g));
      cache.set(expr, hit);
    }
    return hit;
  };
  // Only members coming in (the epoch's population) need their genome looked up or parsed.
  // They keep their own fitness, as they always have; the memo supplies the genome.
  const incoming = (m: Member): Assessed => {
    const hit = cache.get(m.expr);
    if (hit) return assessed(m.expr, m, hit.genome);
    const x = assessed(m.expr, m, compact(parse(m.expr, problem.ps)));
    cache.set(m.expr, x);
    return x;
  };

  const hof = new HallOfFame(spec.hallOfFame);
  const stats: GenerationStats[] = [];
  const snapshots: Snapshot[] = [];
  let evaluations = 0;
  const record = (generation: number, pop: Assessed[]) => {
    for (const x of pop) hof.offer(x, generation);
    stats.push(generationStats(input.island, generation, pop));
    if (input.snapshotGenerations.includes(generation)) snapshots.push(snapshot(ctx, input.island, generation, pop));
  };

  let pop: Assessed[];
  let generation = input.startGeneration;
  if (input.population === null) {
    pop = [];
    while (pop.length < spec.population) {
      const g = growGenome(rng, ctx.variation);
      if (withinLimits(g, ctx.variation)) pop.push(evaluate(g));
    }
    evaluations += pop.length;
    record(generation, pop);
  } else {
    pop = input.population.map(incoming);
  }
  const mutationWeights = MUTATION_NAMES.map((n) => spec.mutationWeights[n]);
  while (generation < input.endGeneration) {
    generation++;
    if (problemAt(generation) !== problem) {
      problem = problemAt(generation);
      cache = memoFor(problem);
      pop = pop.map((x) => evaluate(x.genome));
    }
    const next = best(pop, spec.elites);
    while (next.length < spec.population) {
      next.push(evaluate(offspring(rng, ctx, pop, mutationWeights)));
      evaluations++;
    }
    pop = next;
    record(generation, pop);
  }
  return { island: input.island, epoch: input.epoch, population: pop.map(memberOf), stats, snapshots, hallOfFame: hof.list(), evaluations };
}

function assessed(expr: string, f: Fitness, genome: Genome): Assessed {
  return { expr, reward: f.reward, dl: f.dl, fitness: f.fitness, genome };
}

/** The plain member (what leaves the epoch), without the genome. */
function memberOf(x: Assessed): Member {
  return { expr: x.expr, reward: x.reward, dl: x.dl, fitness: x.fitness };
}

function offspring(rng: Rng, ctx: IslandContext, pop: Assessed[], mutationWeights: number[]): Genome {
  const { spec, variation } = ctx;
  const parent = tournament(rng, pop, spec.tournament).genome;
  for (let t = 0; t < VARIATION_TRIES; t++) {
    let child: Genome | null;
    if (rng.chance(spec.crossover)) {
      child = crossover(rng, parent, tournament(rng, pop, spec.tournament).genome, variation);
    } else {
      child = MUTATIONS[MUTATION_NAMES[rng.weighted(mutationWeights)]](rng, parent, variation);
    }
    if (child && withinLimits(child, variation)) return child;
  }
  return parent;
}

function generationStats(island: number, generation: number, pop: Assessed[]): GenerationStats {
  let sumFit = 0;
  let sumSize = 0;
  const distinct = new Set<string>();
  for (const x of pop) {
    sumFit += x.fitness;
    sumSize += x.genome.ops.length;
    distinct.add(x.expr);
  }
  return { island, generation, best: memberOf(first(pop)), meanFitness: sumFit / pop.length, meanSize: sumSize / pop.length, distinct: distinct.size };
}

function snapshot(ctx: IslandContext, island: number, generation: number, pop: Assessed[]): Snapshot {
  const classCounts = noClasses();
  for (const x of pop) classCounts[ctx.classOf(x.genome, x.expr, generation)]++;
  return { island, generation, best: memberOf(first(pop)), classCounts };
}
