import { compareRanked, type Ranked } from '../core/fitness.js';
import type { Rng } from '../core/rng.js';

/**
 * Members ranked by the search's total order (compareRanked), by index: an array of
 * members (RankedList) or the island loop's population held in typed arrays
 * (population.ts). Selection is written once, over indices.
 */
export interface Ranking {
  readonly size: number;
  /** compareRanked of members i and j: negative when i ranks before j. */
  compare(i: number, j: number): number;
}

/** Tournament selection: the index of the best of `k` members drawn uniformly with replacement. */
export function tournamentIndex(rng: Rng, r: Ranking, k: number): number {
  let best = rng.int(r.size);
  for (let i = 1; i < k; i++) {
    const c = rng.int(r.size);
    if (r.compare(c, best) < 0) best = c;
  }
  return best;
}

/** Up to this many, `bestIndices` keeps a sorted list of the leaders instead of sorting the population. */
const PARTIAL_LIMIT = 32;

/**
 * The indices of the `n` best members, best first, by the search's total order. Equal
 * members (the same genome) keep population order, exactly as a stable sort of the
 * population would: for small `n` (elites, the best of a generation) one pass inserts each
 * member after the leaders that rank before or equal to it, which is the same list
 * without the sort.
 */
export function bestIndices(r: Ranking, n: number): number[] {
  if (n > PARTIAL_LIMIT) return Array.from(rankedIndices(r).subarray(0, n));
  const top: number[] = [];
  if (n <= 0) return top;
  for (let m = 0; m < r.size; m++) {
    if (top.length === n && r.compare(m, top[n - 1]) >= 0) continue;
    let i = top.length;
    while (i > 0 && r.compare(m, top[i - 1]) < 0) i--;
    top.splice(i, 0, m);
    if (top.length > n) top.pop();
  }
  return top;
}

/** Runs this long are sorted by insertion before they are merged. */
const INSERTION_RUN = 8;

/**
 * Every member's index, best first: a stable sort by r.compare, so the same order as
 * Array.prototype.sort gives (members equal under it are the same genome, kept in
 * population order).
 */
export function rankedIndices(r: Ranking, scratch?: Int32Array): Int32Array {
  const all = new Int32Array(r.size);
  for (let i = 0; i < all.length; i++) all[i] = i;
  sortIndices(r, all, all.length, scratch);
  return all;
}

/**
 * Sort the member indices `a[0, n)` best first by r.compare, stably, in place; `scratch`
 * (at least n long; by default a new array) is the merges' other buffer. A merge sort of
 * its own: the builtin sort calls the comparator from outside JavaScript at every
 * comparison, which V8 cannot inline (ranking each epoch's population that way was 0.3% of
 * a run). The island loop passes a scratch array it keeps: a small typed array each
 * generation is memory outside the heap, allocated and freed each time.
 */
export function sortIndices(r: Ranking, a: Int32Array, n: number, scratch: Int32Array = new Int32Array(n)): void {
  const into = a;
  let b = scratch;
  for (let lo = 0; lo < n; lo += INSERTION_RUN) {
    const hi = Math.min(lo + INSERTION_RUN, n);
    for (let i = lo + 1; i < hi; i++) {
      const x = a[i];
      let j = i;
      // Strictly before: an equal member stays after the one it followed.
      for (; j > lo && r.compare(x, a[j - 1]) < 0; j--) a[j] = a[j - 1];
      a[j] = x;
    }
  }
  for (let width = INSERTION_RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      // The right run's member goes first only when it ranks strictly before: stable.
      while (i < mid && j < hi) b[k++] = r.compare(a[j], a[i]) < 0 ? a[j++] : a[i++];
      while (i < mid) b[k++] = a[i++];
      while (j < hi) b[k++] = a[j++];
    }
    const t = a;
    a = b;
    b = t;
  }
  // An odd number of merges left the result in the other buffer.
  if (a !== into) into.set(a.subarray(0, n));
}

/** The index of the best member (the first of `bestIndices(r, 1)`) in one pass. */
export function firstIndex(r: Ranking): number {
  let top = 0;
  for (let i = 1; i < r.size; i++) if (r.compare(i, top) < 0) top = i;
  return top;
}

/** An array of members as a Ranking. */
export class RankedList<T extends Ranked> implements Ranking {
  constructor(readonly members: readonly T[]) {}

  get size(): number {
    return this.members.length;
  }

  compare(i: number, j: number): number {
    return compareRanked(this.members[i], this.members[j]);
  }
}

/** Tournament selection over a list of members: the best of `k` members drawn uniformly with replacement. */
export function tournament<T extends Ranked>(rng: Rng, pop: RankedList<T>, k: number): T {
  return pop.members[tournamentIndex(rng, pop, k)];
}

/** The `n` best members of an array, best first (bestIndices). */
export function best<T extends Ranked>(pop: readonly T[], n: number): T[] {
  return bestIndices(new RankedList(pop), n).map((i) => pop[i]);
}

/** The best member of an array (firstIndex). */
export function first<T extends Ranked>(pop: readonly T[]): T {
  return pop[firstIndex(new RankedList(pop))];
}
