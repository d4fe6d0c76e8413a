import { buildProblem, type Problem } from '../../src/core/assess.js';
import { print, type Genome } from '../../src/core/genome.js';
import { derive } from '../../src/core/rng.js';
import { grow, variationSpec, withinLimits } from '../../src/search/variation.js';
import type { Config } from '../../src/run/config.js';
import { problemSpec, temperature } from '../../src/run/specs.js';
import { loadConfig } from '../../src/run/load-config.js';

/** Genomes of the sample grow to this depth and are kept from this size on (mean ≈ 17 nodes). */
export const SAMPLE_DEPTH = 6;
export const SAMPLE_MIN_SIZE = 13;

/** The default config with `episodes` training episodes. */
export function benchConfig(episodes: number, sets: string[] = []): Config {
  return loadConfig('configs/default.json', [`train.episodes=${episodes}`, ...sets], {});
}

export function benchProblem(episodes: number): Problem {
  return buildProblem(problemSpec(benchConfig(episodes)));
}

/**
 * `count` distinct genomes from the search's own prior (variation.ts grow at the default
 * config's temperature), grown to depth 6 and kept when they have at least 13 nodes and
 * fit the search's size and depth limits: the prior alone averages ~6 nodes.
 */
export function sampleGenomes(p: Problem, config: Config, count: number, stream = 'genomes'): Genome[] {
  const s = config.search;
  const v = variationSpec(p.ps, config.surcharge, temperature(config), { maxSize: s.maxSize, maxDepth: s.maxDepth, initDepth: SAMPLE_DEPTH, mutationDepth: s.mutationDepth });
  const rng = derive(config.seed, 'bench', stream);
  const seen = new Set<string>();
  const out: Genome[] = [];
  while (out.length < count) {
    const g = grow(rng, v, SAMPLE_DEPTH);
    if (g.ops.length < SAMPLE_MIN_SIZE || !withinLimits(g, v)) continue;
    const key = print(g, p.ps);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(g);
  }
  return out;
}
