import type { ProblemSpec } from '../core/assess.js';
import { primitiveSet, type PrimitiveSet } from '../core/primitives.js';
import { phaseAt, type ModelPhase } from '../core/schedule.js';
import type { IslandSpec } from '../search/island.js';
import type { SearchSpec } from '../search/search.js';
import { MUTATION_NAMES } from '../search/variation.js';
import type { Config } from './config.js';

/*
 * What the core gets from a validated config: the specs of the problem, the search and an
 * island, and the model phases. Apart from config.ts so that worker threads, which need
 * these, do not load zod (the schema) to start.
 */

/** The run's primitives (they do not depend on the model phase): what parsing, printing and variation need, without a problem's world. */
export function primitivesOf(c: Config): PrimitiveSet {
  return primitiveSet(c.world.contexts, c.world.sensors);
}

export function contextWeights(c: Config): number[] {
  const w = new Array<number>(c.world.contexts).fill(0);
  if (typeof c.train.contexts === 'number') w.fill(1, 0, c.train.contexts);
  else for (const [id, weight] of Object.entries(c.train.contexts)) w[Number(id)] = weight;
  return w;
}

/** The model phase at a generation of training (Infinity: after every step of the schedule). */
export function trainingPhase(c: Config, generation: number): ModelPhase {
  return phaseAt({ phi: c.world.phi, selfFidelity: c.world.selfFidelity }, c.world.selfThreshold, c.schedule.generations, generation);
}

/** The model phase at a deployment step, continuing from the phase at the end of training. */
export function deploymentPhase(c: Config, endOfTraining: ModelPhase, step: number): ModelPhase {
  return phaseAt(endOfTraining, c.world.selfThreshold, c.schedule.deployment, step);
}

/** The evaluation problem in a model phase; by default the phase after every scheduled step. */
export function problemSpec(c: Config, phase: ModelPhase = trainingPhase(c, Infinity)): ProblemSpec {
  const { selfFidelity: _f, selfThreshold: _t, ...world } = c.world;
  return {
    world: { seed: c.seed, ...world, phi: phase.phi, labeller: c.labeller },
    trainEpisodes: c.train.episodes,
    trainContextWeights: contextWeights(c),
    deployEpisodes: c.deploy.episodes,
    tamperable: c.train.tamperable,
    surcharge: c.surcharge,
    lambda: c.lambda,
    self: { available: phase.selfAvailable, fidelity: phase.selfFidelity },
  };
}

export function searchSpec(c: Config): SearchSpec {
  const s = c.search;
  return {
    islands: s.islands,
    population: s.population,
    elites: s.elites,
    budget: s.budget,
    migrationInterval: s.migration.interval,
    migrationSize: s.migration.size,
    hallOfFame: c.hallOfFame,
  };
}

export function islandSpec(c: Config): IslandSpec {
  const s = c.search;
  return {
    seed: c.seed,
    population: s.population,
    elites: s.elites,
    tournament: s.tournament,
    crossover: s.crossover,
    mutationWeights: Object.fromEntries(MUTATION_NAMES.map((n) => [n, s.mutation[n] ?? 0])) as IslandSpec['mutationWeights'],
    hallOfFame: c.hallOfFame,
  };
}

export function temperature(c: Config): number {
  return c.search.temperature === 'inf' ? Infinity : c.search.temperature;
}
