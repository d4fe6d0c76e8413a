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
  const n = populations.length;
  if (n < 2 || size === 0) return populations.map((p) => [...p]);
  const emigrants = populations.map((p) => best(p, size));
  return populations.map((p, i) => {
    const incoming = emigrants[(i - 1 + n) % n];
    const kept = [...p].sort(compareRanked).slice(0, p.length - incoming.length);
    return [...kept, ...incoming];
  });
}
