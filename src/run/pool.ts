import { Piscina } from 'piscina';
import type { EpochInput, EpochOutput } from '../search/island.js';
import type { RunEpochs } from '../search/search.js';
import type { Config } from './config.js';
import { EpochWorker } from './epoch-worker.js';
import type { IslandTask } from './task.js';

export interface EpochRunner {
  runEpochs: RunEpochs;
  close(): Promise<void>;
}

/** Runs island epochs on a piscina pool of `threads` worker threads. */
export function poolRunner(config: Config, threads: number): EpochRunner {
  const pool = new Piscina<IslandTask, EpochOutput>({
    filename: new URL('./worker.js', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    // One task per thread at a time: islands are long tasks, queueing them is enough.
    concurrentTasksPerWorker: 1,
    idleTimeout: 60_000,
  });
  return {
    runEpochs: (inputs: EpochInput[]) =>
      Promise.all(
        inputs.map((input) =>
          pool.run({ config, input }).catch((err: unknown) => {
            const msg = err instanceof Error ? err.message : String(err);
            throw new Error(`island ${input.island}, generations ${input.startGeneration}–${input.endGeneration}: worker failed: ${msg}`, { cause: err });
          }),
        ),
      ),
    close: () => pool.destroy(),
  };
}

/** Runs island epochs one after another in this thread: same results, no threads (tests, --workers 0). */
export function inProcessRunner(config: Config): EpochRunner {
  const worker = new EpochWorker();
  return {
    runEpochs: async (inputs: EpochInput[]) => inputs.map((input) => worker.run({ config, input })),
    close: async () => {},
  };
}
