import { Piscina } from 'piscina';
import { changePoints } from '../core/schedule.js';
import type { EpochInput, EpochOutput } from '../search/island.js';
import type { RunIsland } from '../search/search.js';
import type { Config } from './config.js';
import { EpochWorker } from './epoch-worker.js';

export interface EpochRunner {
  runIsland: RunIsland;
  close(): Promise<void>;
}

/**
 * Young-generation cap of each worker's heap (MB). V8 grows a busy thread's young
 * generation towards 48 MB; the island loop's garbage dies young, so a smaller one costs
 * no measurable time and lowers resident memory by 30–50 MB (README "Performance").
 */
const WORKER_YOUNG_GENERATION_MB = 8;

/**
 * Old-generation cap of each worker's heap (MB), from the config. A worker's live data is
 * bounded (its memos, the populations of the islands it runs, the episodes) and measured
 * at 13–15 MB on the default config, but without a cap V8 lets a busy thread's heap grow
 * lazily towards 65 MB over hundreds of generations, so resident memory kept rising long
 * after the live data stopped. The cap is several times the live data: 48 MB, plus 8 kB
 * per population member (a member's genome is ~1 kB) and 400 bytes per episode of each
 * model phase's worlds. A worker over it fails with an out-of-memory error naming the island.
 */
export function workerOldGenerationMb(config: Config): number {
  const members = config.search.islands * config.search.population;
  const phases = 1 + changePoints(config.schedule.generations).length;
  const episodes = (config.train.episodes + config.deploy.episodes) * phases;
  return Math.ceil(48 + (members * 8 * 1024 + episodes * 400) / 2 ** 20);
}

/**
 * Runs island epochs on a piscina pool of `threads` worker threads, one task per thread
 * at a time, in the order the search makes them ready (search.ts starts an island's
 * next epoch as soon as its inputs exist, so there is no barrier to balance).
 */
export function poolRunner(config: Config, threads: number): EpochRunner {
  const pool = new Piscina<EpochInput, EpochOutput>({
    filename: new URL('./worker.js', import.meta.url).href,
    workerData: config,
    minThreads: threads,
    maxThreads: threads,
    // One task per thread at a time: islands are long tasks, queueing them is enough.
    concurrentTasksPerWorker: 1,
    idleTimeout: 60_000,
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB, maxOldGenerationSizeMb: workerOldGenerationMb(config) },
  });
  return {
    runIsland: (input: EpochInput) =>
      pool.run(input).catch((err: unknown) => {
        const msg = err instanceof Error ? err.message : String(err);
        throw new Error(`island ${input.island}, generations ${input.startGeneration}–${input.endGeneration}: worker failed: ${msg}`, { cause: err });
      }),
    close: () => pool.destroy(),
  };
}

/** Runs island epochs in this thread: same results, no threads (tests, --workers 0). */
export function inProcessRunner(config: Config): EpochRunner {
  const worker = new EpochWorker();
  return {
    runIsland: async (input: EpochInput) => worker.run({ config, input }),
    close: async () => {},
  };
}
