import { compareRanked, type Ranked } from '../core/fitness.js';
import type { Rng } from '../core/rng.js';

/** Tournament selection: the best of `k` members drawn uniformly with replacement. */
export function tournament<T extends Ranked>(rng: Rng, pop: readonly T[], k: number): T {
  let best = pop[rng.int(pop.length)];
  for (let i = 1; i < k; i++) {
    const c = pop[rng.int(pop.length)];
    if (compareRanked(c, best) < 0) best = c;
  }
  return best;
}

/** The `n` best members, best first, by the search's total order. */
export function best<T extends Ranked>(pop: readonly T[], n: number): T[] {
  return [...pop].sort(compareRanked).slice(0, n);
}
