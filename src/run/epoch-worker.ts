import { classOf, type Problem } from '../core/assess.js';
import type { BehaviourClass } from '../core/classify.js';
import type { Genome } from '../core/genome.js';
import { runEpoch, type Assessed, type EpochInput, type EpochOutput, type IslandContext } from '../search/island.js';
import { BoundedMemo } from '../search/memo.js';
import { variationSpec } from '../search/variation.js';
import { islandSpec, temperature, type Config } from './config.js';
import { Phases } from './phases.js';

/**
 * What each worker remembers across epochs, bounded by size rather than entries so that
 * memory stays flat whatever genomes grow to (search.maxSize allows 1,000 nodes):
 * - classes (a class never changes for a genome and a model phase): keys of 200,000
 *   characters in each of the memo's two generations, ~3,000 classes of default-size
 *   genomes, several budget marks' populations;
 * - assessed genomes: 25,000 nodes (plus 8 per entry) in each generation, ~1,000 genomes of
 *   default size, so survivors are not parsed again and offspring that repeat a recent
 *   genome are not evaluated again.
 * Both were 4 times larger. Runs took the same time with 10,000 to 100,000 nodes (a repeat
 * is mostly of a recent genome; the misses a small memo adds cost about what a large one
 * costs the garbage collector), but every worker's heap then grew for hundreds of
 * generations (README "Performance").
 */
const CLASS_MEMO_CHARS = 200_000;
const GENOME_MEMO_NODES = 25_000;
const ENTRY_NODES = 8;
const MEMO_PHASES = 2;

/**
 * Everything an island epoch of one run needs, built once from its config, and the
 * memos kept across epochs. Used by the piscina worker (config from workerData) and by
 * the in-process runner, so both compute the same thing.
 */
export class EpochWorker {
  private readonly ctx: IslandContext;

  constructor(config: Config) {
    const phases = new Phases(config);
    const problem = phases.at(0);
    const s = config.search;
    const classes = new BoundedMemo<string, BehaviourClass>(CLASS_MEMO_CHARS, (key) => key.length);
    const memos = new Map<Problem, BoundedMemo<string, Assessed>>();
    this.ctx = {
      problem,
      problemAt: (generation) => phases.at(generation),
      spec: islandSpec(config),
      variation: variationSpec(problem.ps, config.surcharge, temperature(config), {
        maxSize: s.maxSize,
        maxDepth: s.maxDepth,
        initDepth: s.initDepth,
        mutationDepth: s.mutationDepth,
      }, (s.mutation.horizon ?? 0) > 0),
      // Fitness depends on the model phase: one memo per phase, for the latest phases the islands are in.
      memoFor: (p: Problem) => {
        let memo = memos.get(p);
        if (memo === undefined) {
          memo = new BoundedMemo<string, Assessed>(GENOME_MEMO_NODES, (_, a) => a.genome.ops.length + ENTRY_NODES);
          memos.set(p, memo);
          // Phases only move forward; islands of one worker can be an epoch apart, so keep two.
          if (memos.size > MEMO_PHASES) memos.delete(memos.keys().next().value!);
        }
        return memo;
      },
      classOf: (g: Genome, expr: string, generation: number) => {
        const key = `${phases.key(generation)} ${expr}`;
        let c = classes.get(key);
        if (c === undefined) {
          c = classOf(phases.at(generation), g);
          classes.set(key, c);
        }
        return c;
      },
    };
  }

  run(input: EpochInput): EpochOutput {
    return runEpoch(this.ctx, input);
  }
}
