import { compareRanked } from '../core/fitness.js';
import type { Member } from './member.js';
import { best } from './selection.js';

/**
 * Ring migration at the epoch barrier (DEAP's migRing): the `size` best of island i
 * replace the `size` worst of island i+1 (mod n). All emigrants are chosen before any
 * island changes, and islands are visited by index, so the result depends only on the
 * populations, never on which thread finished first.
 */
export function migrateRing(populations: readonly Member[][], size: number): Member[][] {
  return populations.map((_, i) => migrateInto(populations, i, size));
}

/**
 * Island i's population after ring migration: it needs only islands i and i−1, so the
 * search can start island i's next epoch as soon as those two have finished theirs.
 */
export function migrateInto(populations: readonly (readonly Member[])[], i: number, size: number): Member[] {
  const n = populations.length;
  const here = populations[i];
  if (n < 2 || size === 0) return [...here];
  const incoming = best(populations[(i - 1 + n) % n], size);
  const kept = [...here].sort(compareRanked).slice(0, here.length - incoming.length);
  return [...kept, ...incoming];
}
