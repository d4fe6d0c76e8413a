import { classOf, type Problem } from '../core/assess.js';
import type { BehaviourClass } from '../core/classify.js';
import { timed, type EvaluationClock } from '../search/evaluation-clock.js';
import { FitnessMemo } from '../search/fitness-memo.js';
import { runEpoch, type EpochInput, type EpochOutput, type IslandContext } from '../search/island.js';
import { MemosByKey } from '../core/memo.js';
import { GenomeMemo } from '../search/genome-memo.js';
import type { Population } from '../search/population.js';
import { variationSpec } from '../search/variation.js';
import type { Config } from './config.js';
import { islandSpec, primitivesOf, temperature } from './specs.js';
import { Phases } from './phases.js';

/**
 * What each worker remembers across epochs, bounded by size rather than entries so that
 * memory stays flat whatever genomes grow to (search.maxSize allows 1,000 nodes):
 * - classes (a class never changes for a genome and a model phase): per phase, by
 *   structure, 10,000 nodes in each of the memo's two generations, ~600 default-size
 *   genomes, a budget mark's populations and the last mark's (marks come at doubling
 *   budgets, so a mark shares few genomes with any but the last: a larger memo only grew
 *   with the marks after generation 100). Keyed by printed text, as it was, a snapshot
 *   printed most of its members (~0.3% of a default run, session 22);
 * - assessed genomes (fitness-memo.ts, by structure, in typed arrays): 25 nodes per member
 *   of a population (plus 8 per entry) in each generation, about one generation of an
 *   island's offspring (5,000 nodes, ~200 genomes of default size, at population 200), so
 *   offspring that repeat a recent genome are not evaluated again.
 * Both were larger (100,000 nodes, 800,000 characters). On the default config, runs took
 * the same time with 2,000 to 100,000 nodes: a repeat is mostly of a recent genome, and the
 * entries a large memo keeps live long enough to be promoted to the old generation, so
 * the collector pays for them about what their hits save. What a large memo did do was
 * let every worker's heap grow for hundreds of generations (README "Performance").
 */
const CLASS_MEMO_NODES = 10_000;
const GENOME_MEMO_NODES_PER_MEMBER = 25;
const MEMO_PHASES = 2;

/**
 * Everything an island epoch of one run needs, built once from its config, and the
 * memos kept across epochs. Used by the piscina worker (one per config its tasks bring) and by
 * the in-process runner, so both compute the same thing.
 */
export class EpochWorker {
  private readonly ctx: IslandContext;

  /**
   * `phases`: the run's problems by model phase. A worker thread's own, made from the worlds
   * its first task brought (Phases builds the rest); in process (`--workers 0`), the run's,
   * so that the main thread and the islands share one problem per phase. `clock`: when
   * given, the wall time of every evaluation (fitness, a snapshot's class, a phase's problem
   * built) is added to it.
   */
  constructor(config: Config, phases: Phases = new Phases(config), clock?: EvaluationClock) {
    const s = config.search;
    // Fitness and class depend on the model phase: one memo per phase, for the latest phases the islands are in.
    const classes = new MemosByKey<Problem, GenomeMemo<BehaviourClass>>(() => new GenomeMemo(CLASS_MEMO_NODES), MEMO_PHASES);
    const memos = new MemosByKey<Problem, FitnessMemo>(() => new FitnessMemo(GENOME_MEMO_NODES_PER_MEMBER * s.population), MEMO_PHASES);
    this.ctx = {
      // Building a phase's problem (count tables, the evaluator) is the evaluator's work too.
      problemAt: (generation) => timed(clock, () => phases.at(generation)),
      spec: islandSpec(config),
      variation: variationSpec(primitivesOf(config), config.surcharge, temperature(config), {
        maxSize: s.maxSize,
        maxDepth: s.maxDepth,
        initDepth: s.initDepth,
        mutationDepth: s.mutationDepth,
      }, (s.mutation.horizon ?? 0) > 0),
      memoFor: (p: Problem) => memos.for(p),
      classOf: (p: Problem, pop: Population, i: number) => {
        const memo = classes.for(p);
        let c = memo.get(pop, i);
        if (c === undefined) memo.set(pop, i, (c = timed(clock, () => classOf(p, pop.genome(i)))));
        return c;
      },
      ...(clock && { clock }),
    };
  }

  run(input: EpochInput): EpochOutput {
    return runEpoch(this.ctx, input);
  }
}
