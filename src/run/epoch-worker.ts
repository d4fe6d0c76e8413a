import { assess } from '../core/assess.js';
import type { BehaviourClass } from '../core/classify.js';
import type { Genome } from '../core/genome.js';
import { runEpoch, type IslandContext } from '../search/island.js';
import { variationSpec } from '../search/variation.js';
import { islandSpec, temperature, type Config } from './config.js';
import { Phases } from './phases.js';
import type { IslandResult, IslandTask } from './task.js';

/** Classes remembered per worker (a class never changes for a given genome and world); bounded so memory stays flat. */
const CLASS_MEMO_LIMIT = 10_000;

/**
 * Builds (once per config) everything an island epoch needs and runs epochs. Used by
 * the piscina worker and by the in-process runner, so both compute the same thing.
 */
export class EpochWorker {
  private key = '';
  private ctx: IslandContext | null = null;
  private readonly classes = new Map<string, BehaviourClass>();

  run(task: IslandTask): IslandResult {
    return runEpoch(this.context(task.config), task.input);
  }

  private context(config: Config): IslandContext {
    const key = JSON.stringify(config);
    if (this.ctx && key === this.key) return this.ctx;
    const phases = new Phases(config);
    const problem = phases.at(0);
    const s = config.search;
    this.classes.clear();
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
      classOf: (g: Genome, expr: string, generation: number) => {
        const key = `${phases.key(generation)} ${expr}`;
        let c = this.classes.get(key);
        if (c === undefined) {
          c = assess(phases.at(generation), g).class;
          if (this.classes.size >= CLASS_MEMO_LIMIT) this.classes.clear();
          this.classes.set(key, c);
        }
        return c;
      },
    };
    return this.ctx;
  }
}
