import { assessFitness, type Fitness, type Problem } from '../core/assess.js';
import { noClasses, type BehaviourClass } from '../core/classify.js';
import { compact, parse, print, type Genome } from '../core/genome.js';
import { derive, type Rng } from '../core/rng.js';
import { HallOfFame } from './hall-of-fame.js';
import type { FameEntry, Member } from './member.js';
import type { BoundedMemo } from '../core/memo.js';
import { best, first, tournament } from './selection.js';
import { crossover, growGenome, MUTATION_LIST, MUTATION_NAMES, withinLimits, type MutationName, type VariationSpec } from './variation.js';

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
  /**
   * The problem at a generation: the same object for every generation of one model phase
   * (schedule.ts; one object throughout without a schedule), so fitness is re-evaluated
   * exactly when the phase changes.
   */
  problemAt: (generation: number) => Problem;
  variation: VariationSpec;
  spec: IslandSpec;
  /** Behavioural class of a genome in a problem (callers memoise: it needs a deployment evaluation). */
  classOf: (p: Problem, g: Genome, expr: string) => BehaviourClass;
  /**
   * Genomes already parsed and assessed in a problem (a model phase), by S-expression. A
   * worker keeps them across epochs, so survivors are not parsed again and repeated
   * offspring are not evaluated again.
   */
  memoFor: (problem: Problem) => BoundedMemo<string, Assessed>;
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
  const loop = new EpochLoop(ctx, input);
  let generation = input.startGeneration;
  let pop = input.population === null ? loop.initialPopulation(generation) : input.population.map((m) => loop.incoming(m));
  while (generation < input.endGeneration) {
    generation++;
    if (loop.enterPhase(generation)) pop = pop.map((x) => loop.evaluate(x.genome));
    pop = loop.nextGeneration(pop);
    loop.record(generation, pop);
  }
  return loop.output(pop);
}

/**
 * The state of one epoch and what the loop does per member. Methods rather than closures
 * made per epoch: V8 optimises each new closure of a function afresh (a worker runs
 * hundreds of epochs), while a method is optimised once per worker.
 */
class EpochLoop {
  private readonly rng: Rng;
  private readonly mutationWeights: number[];
  private readonly hof: HallOfFame;
  private readonly stats: GenerationStats[] = [];
  private readonly snapshots: Snapshot[] = [];
  private evaluations = 0;
  private problem: Problem;
  private cache: BoundedMemo<string, Assessed>;

  constructor(private readonly ctx: IslandContext, private readonly input: EpochInput) {
    const { spec } = ctx;
    this.rng = derive(spec.seed, 'island', input.island, 'epoch', input.epoch);
    this.mutationWeights = MUTATION_NAMES.map((n) => spec.mutationWeights[n]);
    this.hof = new HallOfFame(spec.hallOfFame);
    this.problem = ctx.problemAt(input.startGeneration);
    this.cache = ctx.memoFor(this.problem);
  }

  /** Generation 0: `population` genomes grown from the prior within the limits, evaluated and recorded. */
  initialPopulation(generation: number): Assessed[] {
    const { spec, variation } = this.ctx;
    const pop: Assessed[] = [];
    while (pop.length < spec.population) {
      const g = growGenome(this.rng, variation);
      if (withinLimits(g, variation)) pop.push(this.evaluate(g));
    }
    this.evaluations += pop.length;
    this.record(generation, pop);
    return pop;
  }

  output(pop: Assessed[]): EpochOutput {
    const { island, epoch } = this.input;
    return { island, epoch, population: pop.map(memberOf), stats: this.stats, snapshots: this.snapshots, hallOfFame: this.hof.list(), evaluations: this.evaluations };
  }

  /** Move to the model phase of `generation`; true when it changed (the population must be re-evaluated). */
  enterPhase(generation: number): boolean {
    const p = this.ctx.problemAt(generation);
    if (p === this.problem) return false;
    this.problem = p;
    this.cache = this.ctx.memoFor(p);
    return true;
  }

  evaluate(g: Genome): Assessed {
    const expr = print(g, this.problem.ps);
    let hit = this.cache.get(expr);
    if (!hit) {
      hit = assessed(expr, assessFitness(this.problem, g), compact(g));
      this.cache.set(expr, hit);
    }
    return hit;
  }

  /**
   * Only members coming in (the epoch's population) need their genome looked up or parsed.
   * A hit is the member itself: fitness is a function of the genome and the phase, and the
   * memo is the phase's.
   */
  incoming(m: Member): Assessed {
    return this.cache.getOrSet(m.expr, () => assessed(m.expr, m, compact(parse(m.expr, this.problem.ps))));
  }

  /**
   * The elites, then offspring until the population is full. A method of its own: as a loop
   * inside runEpoch, V8 compiled runEpoch on stack (OSR) and threw that code away at the
   * epoch's end, once per epoch.
   */
  nextGeneration(pop: Assessed[]): Assessed[] {
    const { spec } = this.ctx;
    const next = best(pop, spec.elites);
    while (next.length < spec.population) {
      next.push(this.evaluate(offspring(this.rng, this.ctx, pop, this.mutationWeights)));
      this.evaluations++;
    }
    return next;
  }

  /** Hall of fame, stats and (at snapshot generations) class counts of a generation. */
  record(generation: number, pop: Assessed[]): void {
    for (const x of pop) this.hof.offer(x, generation);
    this.stats.push(generationStats(this.input.island, generation, pop));
    if (this.input.snapshotGenerations.includes(generation)) this.snapshots.push(snapshot(this.ctx, this.problem, this.input.island, generation, pop));
  }
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
      child = MUTATION_LIST[rng.weighted(mutationWeights)](rng, parent, variation);
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

function snapshot(ctx: IslandContext, problem: Problem, island: number, generation: number, pop: Assessed[]): Snapshot {
  const classCounts = noClasses();
  for (const x of pop) classCounts[ctx.classOf(problem, x.genome, x.expr)]++;
  return { island, generation, best: memberOf(first(pop)), classCounts };
}
