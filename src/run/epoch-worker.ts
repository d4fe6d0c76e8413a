import { assess } from '../core/assess.js';
import type { BehaviourClass } from '../core/classify.js';
import type { Genome } from '../core/genome.js';
import { runEpoch, type Assessed, type IslandContext } from '../search/island.js';
import { BoundedMemo } from '../search/memo.js';
import { variationSpec } from '../search/variation.js';
import { islandSpec, temperature, type Config } from './config.js';
import { Phases } from './phases.js';
import type { IslandResult, IslandTask } from './task.js';

/** Classes remembered per worker (a class never changes for a given genome and world); bounded so memory stays flat. */
const CLASS_MEMO_LIMIT = 5_000;
/**
 * Assessed genomes remembered per worker across epochs (at most twice this many, ~1 kB
 * each): survivors are not parsed again and offspring that repeat a recent genome are
 * not evaluated again.
 */
const GENOME_MEMO_LIMIT = 4_096;

/**
 * Builds (once per config) everything an island epoch needs and runs epochs. Used by
 * the piscina worker and by the in-process runner, so both compute the same thing.
 */
export class EpochWorker {
  private key = '';
  private config: Config | null = null;
  private ctx: IslandContext | null = null;
  private classes = new BoundedMemo<string, BehaviourClass>(CLASS_MEMO_LIMIT);

  run(task: IslandTask): IslandResult {
    return runEpoch(this.context(task.config), task.input);
  }

  private context(config: Config): IslandContext {
    // A pool passes the same config object with every task (piscina workerData); in-process callers may not.
    if (this.ctx && config === this.config) return this.ctx;
    const key = JSON.stringify(config);
    this.config = config;
    if (this.ctx && key === this.key) return this.ctx;
    const phases = new Phases(config);
    const problem = phases.at(0);
    const s = config.search;
    this.classes = new BoundedMemo(CLASS_MEMO_LIMIT);
    this.key = key;
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
      // Fitness depends on the model phase: a memo across epochs is safe only without a schedule.
      memo: phases.scheduled ? undefined : new BoundedMemo<string, Assessed>(GENOME_MEMO_LIMIT),
      classOf: (g: Genome, expr: string, generation: number) => {
        const key = `${phases.key(generation)} ${expr}`;
        let c = this.classes.get(key);
        if (c === undefined) {
          c = assess(phases.at(generation), g).class;
          this.classes.set(key, c);
        }
        return c;
      },
    };
    return this.ctx;
  }
}
