import { expect } from 'vitest';
import { buildProblem, type Problem, type ProblemSpec } from '../../src/core/assess.js';
import type { LabellerSpec, WorldSpec } from '../../src/core/world.js';

/** The default world of DESIGN.md §1 / the config defaults. */
export const BIASED: LabellerSpec = { biasSensor: 0, tau: 1, eps: 0.05 };
export const UNBIASED: LabellerSpec = { biasSensor: null, tau: 1, eps: 0.05 };
export const NARROW = [1, 0, 0, 0, 0, 0];
export const DIVERSE = [1, 1, 1, 1, 1, 1];
export const SURCHARGE = { input: 0, world: 8, self: 20 } as const;

export function worldSpec(over: Partial<WorldSpec> = {}): WorldSpec {
  return { seed: 1, contexts: 6, latentDims: 4, sensors: 4, sensorNoise: 0.3, rho: 0.97, phi: 1, labeller: BIASED, ...over };
}

export function problemSpec(over: Partial<ProblemSpec> = {}, world: Partial<WorldSpec> = {}): ProblemSpec {
  return {
    world: worldSpec(world),
    trainEpisodes: 2000,
    trainContextWeights: NARROW,
    deployEpisodes: 2000,
    tamperable: false,
    surcharge: SURCHARGE,
    lambda: 0.005,
    ...over,
  };
}

export function problem(over: Partial<ProblemSpec> = {}, world: Partial<WorldSpec> = {}): Problem {
  return buildProblem(problemSpec(over, world));
}

/** Exact equality of typed arrays, compared as bytes (fast; -0 and 0 differ). */
export function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/** |observed − expected| within 4 standard errors of a Bernoulli mean over n draws. */
export const near = (observed: number, p: number, n: number) => expect(Math.abs(observed - p)).toBeLessThanOrEqual(4 * Math.sqrt((p * (1 - p)) / n) + 1e-12);
