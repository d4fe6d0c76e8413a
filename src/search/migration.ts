import { picked, sizeOf, type PopulationData } from './population-data.js';

/** An island's population at an epoch's end with its rank: member indices best first (island.ts output). */
export interface RankedPopulation {
  population: PopulationData;
  /** A stable sort of the member indices by the search's total order (fitness.ts compareRanked). */
  rank: Int32Array;
}

/**
 * Ring migration at the epoch barrier (DEAP's migRing): the `size` best of island i
 * replace the `size` worst of island i+1 (mod n). All emigrants are chosen before any
 * island changes, and islands are visited by index, so the result depends only on the
 * populations, never on which thread finished first.
 */
export function migrateRing(islands: readonly RankedPopulation[], size: number): PopulationData[] {
  return islands.map((_, i) => migrateInto(islands, i, size));
}

/**
 * Island i's population after ring migration: its members best first, less as many of its
 * worst as arrive, then the `size` best of island i−1. It needs only islands i and i−1, so
 * the search can start island i's next epoch as soon as those two have finished theirs.
 * The ranks come from the workers, which hold the genomes' texts for ties: the main thread
 * compares nothing.
 */
export function migrateInto(islands: readonly RankedPopulation[], i: number, size: number): PopulationData {
  const n = islands.length;
  const here = islands[i];
  if (n < 2 || size === 0) return here.population;
  const from = islands[(i - 1 + n) % n];
  const incoming = Math.min(size, sizeOf(from.population));
  return picked([
    [here.population, here.rank.subarray(0, Math.max(0, sizeOf(here.population) - incoming))],
    [from.population, from.rank.subarray(0, incoming)],
  ]);
}
