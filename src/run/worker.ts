import { EpochWorker } from './epoch-worker.js';
import type { IslandResult, IslandTask } from './task.js';

/** The piscina worker: one island epoch per task. */
const worker = new EpochWorker();

export default function runIslandTask(task: IslandTask): IslandResult {
  return worker.run(task);
}
