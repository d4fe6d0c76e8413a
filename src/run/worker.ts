import { workerData } from 'piscina';
import type { EpochInput, EpochOutput } from '../search/island.js';
import type { Config } from './config.js';
import { EpochWorker } from './epoch-worker.js';

/** The piscina worker: one island epoch per task. The run's config comes once, as the pool's workerData. */
const worker = new EpochWorker(workerData as Config);

/**
 * Fault injection for the fault-handling tests: MESA_EVO_FAULT="throw|exit:ISLAND:GENERATION"
 * makes the epoch of that island containing that generation throw, or kill its thread.
 */
const fault = /^(throw|exit):(\d+):(\d+)$/.exec(process.env.MESA_EVO_FAULT ?? '');

export default function runIslandTask(input: EpochInput): EpochOutput {
  if (fault) {
    const { island, startGeneration, endGeneration } = input;
    const g = Number(fault[3]);
    if (island === Number(fault[2]) && g > startGeneration && g <= endGeneration) {
      if (fault[1] === 'exit') process.exit(3);
      throw new Error(`injected fault at generation ${g}`);
    }
  }
  return worker.run(input);
}
