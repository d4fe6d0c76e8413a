import type { Assessment } from '../core/assess.js';
import { shares, type BehaviourClass } from '../core/classify.js';
import { biasShare } from '../core/world.js';
import { evaluationsDone, type SearchSpec, type SearchState } from '../search/search.js';
import type { Config } from './config.js';
import type { Phases } from './phases.js';

export const SUMMARY_VERSION = 1;

/** The last generation a summary's run finished, or null when it stopped before generation 0 was (it evaluated nothing). */
export function lastGeneration(budget: { generations: number; evaluations: number }): number | null {
  return budget.evaluations === 0 ? null : budget.generations;
}

/** Where a partial summary's run stopped, for messages: "at generation N", or before generation 0 was finished. */
export function stoppedAt(budget: { generations: number; evaluations: number }): string {
  const g = lastGeneration(budget);
  return g === null ? 'before generation 0 was finished' : `at generation ${g}`;
}

export interface WinnerAtBudget {
  /** Budget 2^k evaluations; null for the end of the run. */
  k: number | null;
  generation: number;
  evaluations: number;
  /** Share of all islands' members in each behavioural class. */
  classShares: Record<BehaviourClass, number>;
  winner: Assessment;
}

export interface Summary {
  version: number;
  seed: number;
  /** Closed forms of DESIGN.md §3 on this world's training data, for reading the results. */
  closedForms: { q: number; eps: number; truthReward: number; labelReward: number };
  budget: { target: number; generations: number; evaluations: number; episodeEvaluations: number };
  complete: boolean;
  winners: WinnerAtBudget[];
  hallOfFame: (Assessment & { generation: number })[];
}

/**
 * The run's results: only values that the seed and config determine, so the file is
 * byte-identical for any number of workers. Timings go to the log.
 */
export function buildSummary(config: Config, spec: SearchSpec, phases: Phases, state: SearchState, finalGeneration: number): Summary {
  // Each genome is described in the model phase of the generation it is reported at (schedule.ts).
  const describe = (expr: string, generation: number) => phases.describe(expr, generation);
  const q = biasShare(phases.at(state.generation).world.train);
  const eps = config.labeller.eps;
  const evaluations = evaluationsDone(spec, state);
  return {
    version: SUMMARY_VERSION,
    seed: config.seed,
    closedForms: { q, eps, truthReward: (1 - q) * (1 - eps) + q * eps, labelReward: 1 - eps },
    budget: { target: spec.budget, generations: state.generation, evaluations, episodeEvaluations: evaluations * config.train.episodes },
    complete: state.generation >= finalGeneration,
    winners: state.marks.map((m) => ({
      k: m.k,
      generation: m.generation,
      evaluations: m.evaluations,
      classShares: shares(m.classCounts),
      winner: describe(m.best.expr, m.generation),
    })),
    hallOfFame: state.hallOfFame.map((e) => ({ ...describe(e.expr, state.generation), generation: e.generation })),
  };
}

