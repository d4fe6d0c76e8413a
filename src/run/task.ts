import type { EpochInput, EpochOutput } from '../search/island.js';
import type { Config } from './config.js';

/** What an island epoch needs: a validated config (sent to a pool's threads once, as workerData) and the epoch's input (sent with each task). */
export interface IslandTask {
  config: Config;
  input: EpochInput;
}

export type IslandResult = EpochOutput;
