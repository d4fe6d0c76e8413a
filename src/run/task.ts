import type { EpochInput, EpochOutput } from '../search/island.js';
import type { Config } from './config.js';

/** The only types that cross threads: a validated config and one island epoch. */
export interface IslandTask {
  config: Config;
  input: EpochInput;
}

export type IslandResult = EpochOutput;
