import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EpochWorker } from '../../src/run/epoch-worker.js';
import { loadConfig } from '../../src/run/load-config.js';
import { timed, type EvaluationClock } from '../../src/search/evaluation-clock.js';
import type { EpochInput } from '../../src/search/island.js';
import { cli } from '../cli/cli.js';

/** A clock that moves by one at each reading: each timed call adds exactly 1. */
const ticking = (): EvaluationClock & { readings: number } => {
  const c = { readings: 0, ms: 0, cacheMs: 0, now: () => ++c.readings };
  return c;
};

describe('the evaluation clock (the bench reading of time outside evaluation)', () => {
  it('adds the time of each timed call, also of one that throws, and without a clock only calls', () => {
    const c = ticking();
    expect(timed(c, () => 7)).toBe(7);
    expect(() => timed(c, () => { throw new Error('x'); })).toThrow('x');
    expect(c.ms).toBe(2);
    expect(timed(undefined, () => 8)).toBe(8);
  });

  it("times each evaluation of an island epoch (a genome's fitness and its class for a snapshot, once per distinct genome, and the phase's problem) and changes nothing it computes", () => {
    const config = loadConfig('configs/default.json', ['search.population=60', 'train.episodes=300', 'deploy.episodes=300']);
    const first: EpochInput = { island: 0, epoch: 0, population: null, startGeneration: 0, endGeneration: 0, snapshotGenerations: [0] };
    const c = ticking();
    const clocked = new EpochWorker(config, undefined, c).run(first);
    expect(clocked).toEqual(new EpochWorker(config).run(first));
    expect(clocked.stats[0].distinct).toBeGreaterThan(20);
    expect(c.ms).toBe(2 * clocked.stats[0].distinct + 1);
    // The cache's time: the one assessment of the population, 2 readings around it and 2
    // in it per distinct genome's evaluation, less those evaluations (1 each).
    expect(c.cacheMs).toBe(clocked.stats[0].distinct + 1);
    // With real time: a whole epoch, snapshots included, takes longer than its evaluations.
    const real: EvaluationClock = { now: () => performance.now(), ms: 0, cacheMs: 0 };
    const worker = new EpochWorker(config, undefined, real);
    const t0 = performance.now();
    const out = worker.run(first);
    const next = worker.run({ island: 0, epoch: 1, population: out.population, startGeneration: 0, endGeneration: 5, snapshotGenerations: [3] });
    expect(real.ms).toBeGreaterThan(0);
    expect(real.cacheMs).toBeGreaterThan(0);
    expect(real.ms + real.cacheMs).toBeLessThan(performance.now() - t0);
    expect(next).toEqual(new EpochWorker(config).run({ island: 0, epoch: 1, population: out.population, startGeneration: 0, endGeneration: 5, snapshotGenerations: [3] }));
  });

  it('with MESA_EVO_EVALUATION_CLOCK, each worker of a run writes its evaluation time, and the run is the same', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mesa-evo-clock-'));
    const run = (out: string, env: Record<string, string> = {}) => {
      const r = cli(['run', 'configs/default.json', '--workers', '2', '--out', join(dir, out), '--set', 'search.budget=12000', '--set', 'search.population=60', '--set', 'search.migration.interval=3'], { env });
      expect(r.status, r.stderr).toBe(0);
      return readFileSync(join(dir, out, 'summary.json'), 'utf8');
    };
    const clockDir = mkdtempSync(join(tmpdir(), 'mesa-evo-clock-files-'));
    expect(run('clocked', { MESA_EVO_EVALUATION_CLOCK: clockDir })).toBe(run('plain'));
    const files = readdirSync(clockDir);
    expect(files).toHaveLength(2);
    const elapsedMs = (JSON.parse(readFileSync(join(dir, 'clocked', 'log.ndjson'), 'utf8').trim().split('\n').at(-1)!) as { elapsedMs: number }).elapsedMs;
    for (const f of files) {
      const { ms, cacheMs } = JSON.parse(readFileSync(join(clockDir, f), 'utf8')) as { ms: number; cacheMs: number };
      expect(ms).toBeGreaterThan(0);
      expect(cacheMs).toBeGreaterThan(0);
      expect(ms + cacheMs).toBeLessThan(elapsedMs);
    }
  });
});
