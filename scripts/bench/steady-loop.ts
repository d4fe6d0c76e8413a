import { Session } from 'node:inspector/promises';
import type { Config } from '../../src/run/config.js';
import { EpochWorker } from '../../src/run/epoch-worker.js';
import { HallOfFame } from '../../src/search/hall-of-fame.js';
import type { PopulationData } from '../../src/search/population-data.js';
import { FameBounds } from '../../src/search/search.js';
import { LOOP_PARTS, threadTime, type CpuProfile, type ThreadTime } from './profile.js';

/** What is not under an epoch: in a worker, messages and start-up; here, the profiler's start and the driver (left out). */
const OUTSIDE_EPOCHS = 'messages, start-up';

/** The loop's parts a steady loop reports (profile.ts LOOP_PARTS but what it leaves out). */
export const STEADY_LOOP_PARTS = LOOP_PARTS.filter((k) => k !== OUTSIDE_EPOCHS);

export interface SteadyLoop {
  /** Offspring made in the profiled epochs. */
  offspring: number;
  wallMs: number;
  /**
   * The profiled thread's time by part (profile.ts threadTime): evaluation, garbage
   * collection, the loop's parts. Samples outside the epochs (the profiler's start, ~50 ms,
   * and this driver: in a worker they would be messages and start-up) are left out.
   */
  time: ThreadTime;
  /** The time left out (ms). */
  outsideEpochsMs: number;
}

/**
 * The island loop against evaluation in this thread, after `warm` epochs of every island
 * (V8 has optimised both by then): `epochs` more epochs of each island, profiled every
 * 100 µs. Each island's next epoch starts from its last population, without migration.
 * No threads, messages, module loading or start-up: the floor that criterion (4)'s share
 * outside evaluation cannot go below on this config, and a quieter A/B of loop changes
 * than whole runs (`npm run bench -- loop`).
 */
export async function steadyLoop(config: Config, warm: number, epochs: number): Promise<SteadyLoop> {
  const worker = new EpochWorker(config);
  const { islands, migration } = config.search;
  const populations: (PopulationData | null)[] = Array.from({ length: islands }, () => null);
  let offspring = 0;
  // The run's hall of fame, merged after each epoch, and its bound as the search hands it to an epoch.
  const hall = new HallOfFame(config.hallOfFame);
  const bounds = new FameBounds(islands, undefined);
  const epoch = (e: number) => {
    const fameBound = bounds.for(e);
    for (let island = 0; island < islands; island++) {
      const start = e * migration.interval;
      const out = worker.run({ island, epoch: e, population: populations[island], startGeneration: start, endGeneration: start + migration.interval, snapshotGenerations: [], ...(fameBound && { fameBound }) });
      populations[island] = out.population;
      offspring += out.evaluations;
      for (const entry of out.hallOfFame) hall.update(entry);
    }
    bounds.merged(e, hall);
  };
  for (let e = 0; e < warm; e++) epoch(e);
  offspring = 0;
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    const t0 = performance.now();
    for (let e = warm; e < warm + epochs; e++) epoch(e);
    const wallMs = performance.now() - t0;
    const { profile } = await session.post('Profiler.stop');
    const time = threadTime(profile as unknown as CpuProfile);
    const outsideEpochsMs = time.loopMs[OUTSIDE_EPOCHS];
    time.loopMs[OUTSIDE_EPOCHS] = 0;
    time.totalMs -= outsideEpochsMs;
    return { offspring, wallMs, time, outsideEpochsMs };
  } finally {
    session.disconnect();
  }
}
