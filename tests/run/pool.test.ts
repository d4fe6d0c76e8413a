import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/run/load-config.js';
import { workerOldGenerationMb } from '../../src/run/pool.js';
import { ROOT } from '../cli/cli.js';

const config = (sets: string[]) => loadConfig(`${ROOT}/configs/default.json`, sets);

describe('workerOldGenerationMb', () => {
  it('is the README\'s 11 MB on the default config and 30 MB with search.maxSize=1000', () => {
    expect(workerOldGenerationMb(config([]))).toBe(11);
    expect(workerOldGenerationMb(config(['search.maxSize=1000']))).toBe(30);
  });

  it('grows with what the worker may print: the populations and the hall of fame, at the largest genome size', () => {
    const base = workerOldGenerationMb(config([]));
    expect(workerOldGenerationMb(config(['search.population=5000']))).toBeGreaterThan(base + 15);
    expect(workerOldGenerationMb(config(['hallOfFame=10000']))).toBeGreaterThan(base + 4);
  });

  it('grows with the world: 8 bytes per context and per sensor for each episode, twice', () => {
    const small = workerOldGenerationMb(config(['world.contexts=8', 'world.sensors=8', 'train.contexts=1', 'labeller.biasSensor=0', 'train.episodes=100000']));
    const large = workerOldGenerationMb(config(['world.contexts=64', 'world.sensors=64', 'train.contexts=1', 'labeller.biasSensor=0', 'train.episodes=100000']));
    // (64 + 64 − 16) columns × 8 bytes × (100,000 training + default deployment episodes) × 2.
    expect(large - small).toBeGreaterThanOrEqual(Math.floor((2 * 8 * 112 * 100_000) / 2 ** 20));
  });
});

describe('the worker bundle', () => {
  it('holds all of the worker code, packages included: the build bundles it (each worker loads one file)', () => {
    const bundle = readFileSync(`${ROOT}/dist/src/run/worker.bundle.js`, 'utf8');
    // Nothing to resolve but node's own modules: an imported package (seedrandom's CommonJS
    // alea) cost each worker its resolution and node's CommonJS export lexer, ~13 ms at start-up.
    const imports = [...bundle.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(imports.filter((p) => !p.startsWith('node:'))).toEqual([]);
    expect(bundle).toContain('// node_modules/seedrandom/lib/alea.js\n');
    // Every module the worker runs is in it, down to the evaluator's kernels.
    for (const module of ['dist/src/run/epoch-worker.js', 'dist/src/search/island.js', 'dist/src/core/run-program.js']) expect(bundle).toContain(`// ${module}\n`);
  });
});
