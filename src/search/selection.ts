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

/** Up to this many, `best` keeps a sorted list of the leaders instead of sorting the population. */
const PARTIAL_LIMIT = 32;

/**
 * The `n` best members, best first, by the search's total order. Equal members (the
 * same genome) keep population order, exactly as a stable sort of the population would:
 * for small `n` (elites, the best of a generation) one pass inserts each member after
 * the leaders that rank before or equal to it, which is the same list without the sort.
 */
export function best<T extends Ranked>(pop: readonly T[], n: number): T[] {
  if (n > PARTIAL_LIMIT) return [...pop].sort(compareRanked).slice(0, n);
  const top: T[] = [];
  if (n <= 0) return top;
  for (const m of pop) {
    if (top.length === n && compareRanked(m, top[n - 1]) >= 0) continue;
    let i = top.length;
    while (i > 0 && compareRanked(m, top[i - 1]) < 0) i--;
    top.splice(i, 0, m);
    if (top.length > n) top.pop();
  }
  return top;
}

/** The best member (the first of `best(pop, 1)`) in one pass. */
export function first<T extends Ranked>(pop: readonly T[]): T {
  let top = pop[0];
  for (let i = 1; i < pop.length; i++) if (compareRanked(pop[i], top) < 0) top = pop[i];
  return top;
}
