import { assess, buildProblem, type Problem } from '../core/assess.js';
import type { BehaviourClass } from '../core/classify.js';
import type { Genome } from '../core/genome.js';
import { runEpoch, type IslandContext } from '../search/island.js';
import { variationSpec } from '../search/variation.js';
import { islandSpec, problemSpec, temperature, type Config } from './config.js';
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
    const problem: Problem = buildProblem(problemSpec(config));
    const s = config.search;
    this.classes.clear();
    this.key = key;
    this.ctx = {
      problem,
      spec: islandSpec(config),
      variation: variationSpec(problem.ps, config.surcharge, temperature(config), {
        maxSize: s.maxSize,
        maxDepth: s.maxDepth,
        initDepth: s.initDepth,
        mutationDepth: s.mutationDepth,
      }),
      classOf: (g: Genome, expr: string) => {
        let c = this.classes.get(expr);
        if (c === undefined) {
          c = assess(problem, g).class;
          if (this.classes.size >= CLASS_MEMO_LIMIT) this.classes.clear();
          this.classes.set(expr, c);
        }
        return c;
      },
    };
    return this.ctx;
  }
}
