import type { Ranked } from '../core/fitness.js';

/**
 * One member of a population as plain data: what crosses between threads, goes into
 * checkpoints and logs. The genome travels as its S-expression.
 */
export interface Member extends Ranked {
  expr: string;
  reward: number;
  dl: number;
  fitness: number;
}

/** A hall-of-fame entry: a member and the generation it first entered a hall of fame. */
export interface FameEntry extends Member {
  generation: number;
}
