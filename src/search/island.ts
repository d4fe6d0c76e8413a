import { assessFitness, type Fitness, type Problem } from '../core/assess.js';
import { noClasses, type BehaviourClass } from '../core/classify.js';
import { grown } from '../core/grown.js';
import { derive, weights, type Rng, type Weights } from '../core/rng.js';
import type { EvaluationClock } from './evaluation-clock.js';
import type { FitnessMemo } from './fitness-memo.js';
import { GenomeBuffer, hashAt } from './genome-buffer.js';
import { GenomeMemo } from './genome-memo.js';
import { GenomeTable } from './genome-table.js';
import { HallOfFame, type Scores } from './hall-of-fame.js';
import type { FameEntry, Member } from './member.js';
import { Population } from './population.js';
import { sizeOf, type PopulationData } from './population-data.js';
import { bestIndices, firstIndex, rankedIndices, sortIndices, tournamentIndex } from './selection.js';
import { bufferWithinLimits, crossoverInto, growGenomeInto, MUTATION_LIST, MUTATION_NAMES, type MutationName, type VariationSpec } from './variation.js';

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
  population: PopulationData | null;
  startGeneration: number;
  /** Last generation this epoch produces (inclusive). */
  endGeneration: number;
  /** Generations (within this epoch) at which to record class shares. */
  snapshotGenerations: number[];
  /**
   * The scores of the last entry of the run's full hall of fame as merged some epochs
   * before (search.ts), or absent. The run's hall only gets better, so a member ranking
   * after it on scores alone could never enter: the epoch's hall is not offered it.
   */
  fameBound?: Scores;
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
  population: PopulationData;
  /** The population's member indices best first: a stable sort by compareRanked (what migration needs). */
  rank: Int32Array;
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
  /** Behavioural class of member i of `pop` in a problem (callers memoise: it needs a deployment evaluation). */
  classOf: (p: Problem, pop: Population, i: number) => BehaviourClass;
  /**
   * Genomes already assessed in a problem (a model phase), by structure. A worker keeps
   * them across epochs, so repeated offspring are not evaluated again.
   */
  memoFor: (problem: Problem) => FitnessMemo;
  /** When given, the wall time of each evaluation is added to it (the bench's clock reading of (4)). */
  clock?: EvaluationClock;
}

/** The fitness a member is added with until it is assessed (EpochLoop.assessFrom). */
const UNASSESSED: Fitness = { reward: NaN, dl: NaN, fitness: NaN };

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
 *       append child to next
 *     evaluate next's children in order (from the memo where it holds them)
 *     population ← next
 *   record stats, snapshots and hall-of-fame entries as they happen
 */
export function runEpoch(ctx: IslandContext, input: EpochInput): EpochOutput {
  const loop = new EpochLoop(ctx, input);
  let generation = input.startGeneration;
  if (input.population === null) loop.initialPopulation(generation);
  else loop.incoming(input.population);
  while (generation < input.endGeneration) {
    generation++;
    if (loop.enterPhase(generation)) loop.reevaluate();
    loop.nextGeneration();
    loop.record(generation);
  }
  return loop.output();
}

/**
 * The arrays an epoch works in, kept per context (that is, per worker thread) and reused by
 * every epoch it runs: they only grow, to the largest population and genome seen, so that a
 * long run allocates them a few times rather than once per epoch.
 */
interface Workspace {
  populations: [Population, Population];
  child: GenomeBuffer;
  /** Open-addressing table of member indices + 1 for counting distinct genomes (generationStats). */
  distinctSlots: Int32Array;
  /** Genomes the epoch has offered its hall of fame in the current model phase (EpochLoop.record). */
  offered: GenomeTable;
  /** Members of a generation to offer the hall of fame, best first (EpochLoop.record). */
  candidates: Int32Array;
  /** sortIndices' merge buffer (record, output). */
  sorting: Int32Array;
}

/**
 * Nodes of printed genomes a worker keeps the S-expressions of, per member of a population,
 * in each of the memo's two generations: ~5,000 at population 200, some hundreds of
 * genomes, more than the hall of fame and the best of every island hold. Printing them
 * again each epoch was ~0.3% of a run.
 */
export const TEXT_MEMO_NODES_PER_MEMBER = 25;

const workspaces = new WeakMap<IslandContext, Workspace>();

function workspaceOf(ctx: IslandContext): Workspace {
  let w = workspaces.get(ctx);
  if (w === undefined) {
    const ps = ctx.variation.ps;
    const texts = new GenomeMemo<string>(TEXT_MEMO_NODES_PER_MEMBER * ctx.spec.population);
    w = { populations: [new Population(ps, texts), new Population(ps, texts)], child: new GenomeBuffer(), distinctSlots: new Int32Array(0), offered: new GenomeTable(), candidates: new Int32Array(0), sorting: new Int32Array(0) };
    workspaces.set(ctx, w);
  }
  return w;
}

/**
 * The state of one epoch and what the loop does per member. Methods rather than closures
 * made per epoch: V8 optimises each new closure of a function afresh (a worker runs
 * hundreds of epochs), while a method is optimised once per worker. Members live in two
 * Populations (typed arrays), this generation's and the next, swapped each generation;
 * an offspring is built in one GenomeBuffer and copied into the next population.
 */
class EpochLoop {
  private readonly rng: Rng;
  private readonly mutationWeights: Weights;
  private readonly hof: HallOfFame;
  private readonly stats: GenerationStats[] = [];
  private readonly snapshots: Snapshot[] = [];
  private evaluations = 0;
  /** Filled by each assessment (no object per offspring). */
  private readonly fitness: Fitness = { reward: 0, dl: 0, fitness: 0 };
  private problem: Problem;
  /** The problem of each generation of the epoch, from its start (asked of the context once each). */
  private readonly problems: Problem[] = [];
  private memo: FitnessMemo;
  private pop: Population;
  private next: Population;
  private readonly child: GenomeBuffer;
  private readonly w: Workspace;
  constructor(private readonly ctx: IslandContext, private readonly input: EpochInput) {
    const { spec } = ctx;
    this.rng = derive(spec.seed, 'island', input.island, 'epoch', input.epoch);
    this.mutationWeights = weights(Float64Array.from(MUTATION_NAMES, (n) => spec.mutationWeights[n]));
    for (let g = input.startGeneration; g <= input.endGeneration; g++) this.problems.push(ctx.problemAt(g));
    this.problem = this.problems[0];
    // The hall's floor is input.fameBound in an epoch of one model phase. Across a change a
    // genome's fitness changes, and one the run's hall holds may be offered in either phase:
    // the hall keeps the earliest generation of a genome it holds, so each offer must reach it.
    const onePhase = this.problems.every((p) => p === this.problem);
    this.hof = new HallOfFame(spec.hallOfFame, [], onePhase ? input.fameBound : undefined);
    this.memo = ctx.memoFor(this.problem);
    this.w = workspaceOf(ctx);
    // Both are cleared: which of the two the last epoch ended in does not matter.
    [this.pop, this.next] = this.w.populations;
    this.pop.clear();
    this.next.clear();
    this.child = this.w.child;
    this.w.offered.clear();
  }

  /** Generation 0: `population` genomes grown from the prior within the limits, evaluated and recorded. */
  initialPopulation(generation: number): void {
    const { spec, variation } = this.ctx;
    const { pop, child } = this;
    while (pop.size < spec.population) {
      growGenomeInto(this.rng, child, variation);
      if (bufferWithinLimits(child, variation)) this.appendChild(pop);
    }
    this.assessFrom(pop, 0);
    this.evaluations += pop.size;
    this.record(generation);
  }

  /** The epoch's population, as it came in: fitness comes with each member (it is a function of the genome and the phase). */
  incoming(d: PopulationData): void {
    const pop = this.pop;
    for (let i = 0; i < sizeOf(d); i++) {
      pop.addFrom(d, i);
      // Known to the memo too: offspring that copy a member are not evaluated again.
      if (!this.memo.find(d, d.start[i], d.len[i], d.lifetime[i] === 1, d.hash[i])) this.memo.setFrom(d, i);
    }
  }

  output(): EpochOutput {
    const { island, epoch } = this.input;
    const pop = this.pop;
    return { island, epoch, population: pop.data(), rank: rankedIndices(pop, this.indexArrays(pop.size).sorting), stats: this.stats, snapshots: this.snapshots, hallOfFame: this.hof.list(), evaluations: this.evaluations };
  }

  /** Move to the model phase of `generation`; true when it changed (the population must be re-evaluated). */
  enterPhase(generation: number): boolean {
    const p = this.problems[generation - this.input.startGeneration];
    if (p === this.problem) return false;
    this.problem = p;
    this.memo = this.ctx.memoFor(p);
    // Fitness changes with the phase: a genome the hall of fame let go may now rank
    // before its last entry, so it must be offered again (record).
    this.w.offered.clear();
    return true;
  }

  /** Every member assessed again in the phase just entered. */
  reevaluate(): void {
    const { pop, next } = this;
    next.clear();
    for (let i = 0; i < pop.size; i++) next.addFrom(pop, i);
    this.assessFrom(next, 0);
    this.swap();
  }

  /**
   * Members `first` on of `to`, in order: each one's fitness from the memo, else by
   * evaluating it (and keeping it in the memo). The loop makes a generation's members
   * first and assesses them after (variation reads only the last generation, so the members
   * and the memo's contents are those of assessing each as it is made): the evaluator then
   * runs once per miss in a row, with its code and episodes in the caches, and the loop's
   * own work is not interleaved with it (interleaved, the loop took twice its time per offspring).
   */
  private assessFrom(to: Population, first: number): void {
    const clock = this.ctx.clock;
    const t0 = clock?.now() ?? 0;
    const evaluated = clock?.ms ?? 0;
    for (let j = first; j < to.size; j++) this.assessMember(to, j);
    if (clock !== undefined) clock.cacheMs += clock.now() - t0 - (clock.ms - evaluated);
  }

  private assessMember(to: Population, j: number): void {
    const memo = this.memo;
    const start = to.start[j];
    const len = to.len[j];
    const lifetime = to.lifetime[j] === 1;
    const hash = to.hash[j];
    if (memo.find(to, start, len, lifetime, hash)) {
      to.setFitness(j, memo);
      return;
    }
    // The clock's check inline, not through timed(): a closure per miss would allocate.
    const clock = this.ctx.clock;
    const t0 = clock === undefined ? 0 : clock.now();
    const f = assessFitness(this.problem, this.child.loadMember(to, j).view(), this.fitness);
    if (clock !== undefined) clock.ms += clock.now() - t0;
    memo.set(to, start, len, lifetime, hash, f);
    to.setFitness(j, f);
  }

  /**
   * The elites, then offspring until the population is full. A method of its own: as a loop
   * inside runEpoch, V8 compiled runEpoch on stack (OSR) and threw that code away at the
   * epoch's end, once per epoch.
   */
  nextGeneration(): void {
    const { spec } = this.ctx;
    const { pop, next } = this;
    next.clear();
    const elites = bestIndices(pop, spec.elites);
    for (let e = 0; e < elites.length; e++) next.addMember(pop, elites[e]);
    const first = next.size;
    while (next.size < spec.population) {
      const copied = this.offspring();
      if (copied < 0) this.appendChild(next);
      else this.appendChild(next, pop.hash[copied]);
    }
    this.assessFrom(next, first);
    this.evaluations += next.size - first;
    this.swap();
  }

  /** The genome in `child` appended to `to`, to be assessed (assessFrom); `hash` is its structural hash when known. */
  private appendChild(to: Population, hash = hashAt(this.child, 0, this.child.len, this.child.lifetime)): void {
    const c = this.child;
    to.add(c, 0, c.len, c.lifetime, hash, UNASSESSED);
  }

  private swap(): void {
    const done = this.pop;
    this.pop = this.next;
    this.next = done;
  }

  /**
   * An offspring into `child`: variation of tournament winners, retried within the limits,
   * at last the parent itself. Returns the parent's index when it was copied, else −1.
   */
  private offspring(): number {
    const { rng, child, pop } = this;
    const { spec, variation } = this.ctx;
    const parent = tournamentIndex(rng, pop, spec.tournament);
    for (let t = 0; t < VARIATION_TRIES; t++) {
      let made = true;
      if (rng.chance(spec.crossover)) crossoverInto(rng, child, pop, parent, tournamentIndex(rng, pop, spec.tournament), variation);
      else made = MUTATION_LIST[rng.draw(this.mutationWeights)](rng, child, pop, parent, variation);
      if (made && bufferWithinLimits(child, variation)) return -1;
    }
    child.loadMember(pop, parent);
    return parent;
  }

  /** Hall of fame, stats and (at snapshot generations) class counts of a generation. */
  record(generation: number): void {
    const pop = this.pop;
    const hof = this.hof;
    // Most members rank after the hall's floor (the run's hall as merged some epochs before:
    // they could never enter it) or its last entry on fitness or DL alone, and most of the
    // rest are genomes the epoch has offered it already (elites and their copies): the hall
    // would keep those as they are (an epoch's generations only increase) or turn them away
    // again (its last entry only gets better within a model phase; `offered` is emptied when
    // the phase changes). No text is printed for either. The rest are offered best first, so
    // that the first generation of an epoch fills the empty hall with its best members at
    // once instead of printing members that later ones push out (91 entered per epoch in
    // arbitrary order, on the default config). The hall's contents do not depend on the order.
    const offered = this.w.offered;
    const candidates = this.indexArrays(pop.size).candidates;
    let n = 0;
    for (let i = 0; i < pop.size; i++) {
      if (!hof.rejects(pop.fitness[i], pop.dl[i]) && offered.find(pop, pop.start[i], pop.len[i], pop.lifetime[i] === 1, pop.hash[i]) < 0) candidates[n++] = i;
    }
    sortIndices(pop, candidates, n, this.w.sorting);
    for (let k = 0; k < n; k++) {
      const i = candidates[k];
      // Best first: once one ranks after a full hall's last entry on scores, so do the rest.
      if (hof.rejects(pop.fitness[i], pop.dl[i])) break;
      // A copy of a genome offered earlier in this generation.
      if (offered.find(pop, pop.start[i], pop.len[i], pop.lifetime[i] === 1, pop.hash[i]) >= 0) continue;
      hof.offer(pop.member(i), generation);
      offered.addFrom(pop, i);
    }
    this.stats.push(this.generationStats(generation));
    if (this.input.snapshotGenerations.includes(generation)) this.snapshots.push(this.snapshot(generation));
  }

  /** The workspace with its index arrays (record's candidates, sortIndices' merge buffer) at least `n` long. */
  private indexArrays(n: number): Workspace {
    const w = this.w;
    w.candidates = grown(w.candidates, n);
    w.sorting = grown(w.sorting, n);
    return w;
  }

  private generationStats(generation: number): GenerationStats {
    const pop = this.pop;
    let sumFit = 0;
    let sumSize = 0;
    for (let i = 0; i < pop.size; i++) {
      sumFit += pop.fitness[i];
      sumSize += pop.len[i];
    }
    return { island: this.input.island, generation, best: pop.member(firstIndex(pop)), meanFitness: sumFit / pop.size, meanSize: sumSize / pop.size, distinct: this.distinct() };
  }

  /** Distinct genomes in the population. */
  private distinct(): number {
    const pop = this.pop;
    let size = 4;
    while (size < 2 * pop.size) size *= 2;
    if (this.w.distinctSlots.length !== size) this.w.distinctSlots = new Int32Array(size);
    const slots = this.w.distinctSlots;
    slots.fill(0);
    const mask = size - 1;
    let count = 0;
    for (let i = 0; i < pop.size; i++) {
      let s = pop.hash[i] & mask;
      for (; slots[s] !== 0; s = (s + 1) & mask) if (pop.same(slots[s] - 1, i)) break;
      if (slots[s] === 0) {
        slots[s] = i + 1;
        count++;
      }
    }
    return count;
  }

  private snapshot(generation: number): Snapshot {
    const pop = this.pop;
    const classCounts = noClasses();
    for (let i = 0; i < pop.size; i++) classCounts[this.ctx.classOf(this.problem, pop, i)]++;
    return { island: this.input.island, generation, best: pop.member(firstIndex(pop)), classCounts };
  }
}
