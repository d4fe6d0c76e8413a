import { assess } from '../core/assess.js';
import type { BehaviourClass } from '../core/classify.js';
import type { Genome } from '../core/genome.js';
import { runEpoch, type Assessed, type IslandContext } from '../search/island.js';
import { BoundedMemo } from '../search/memo.js';
import { variationSpec } from '../search/variation.js';
import { islandSpec, temperature, type Config } from './config.js';
import { Phases } from './phases.js';
import type { IslandResult, IslandTask } from './task.js';

/**
 * What each worker remembers across epochs, bounded by size rather than entries so that
 * memory stays flat whatever genomes grow to (search.maxSize allows 1,000 nodes):
 * - classes (a class never changes for a genome and a model phase): keys of 800,000
 *   characters in each of the memo's two generations, ~5,000 classes of default-size genomes;
 * - assessed genomes: 100,000 nodes (plus 8 per entry) in each generation, ~4,000 genomes of
 *   default size, so survivors are not parsed again and offspring that repeat a recent
 *   genome are not evaluated again.
 */
const CLASS_MEMO_CHARS = 800_000;
const GENOME_MEMO_NODES = 100_000;
const ENTRY_NODES = 8;

/**
 * Builds (once per config) everything an island epoch needs and runs epochs. Used by
 * the piscina worker and by the in-process runner, so both compute the same thing.
 */
export class EpochWorker {
  private key = '';
  private config: Config | null = null;
  private ctx: IslandContext | null = null;
  private classes = classMemo();

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
    this.classes = classMemo();
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
      memo: phases.scheduled ? undefined : new BoundedMemo<string, Assessed>(GENOME_MEMO_NODES, (_, a) => a.genome.ops.length + ENTRY_NODES),
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

function classMemo(): BoundedMemo<string, BehaviourClass> {
  return new BoundedMemo<string, BehaviourClass>(CLASS_MEMO_CHARS, (key) => key.length);
}
