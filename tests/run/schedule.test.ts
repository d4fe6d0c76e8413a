import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trainingPhase } from '../../src/run/specs.js';
import { validateConfig } from '../../src/run/load-config.js';
import { resumeEvolution, runEvolution } from '../../src/run/run.js';
import { Stopper } from '../../src/run/stopper.js';
import { UserError } from '../../src/run/errors.js';

/**
 * A growing world model over generations: phi steps up, and the self tier (RAM
 * pointers, the lifetime plan) becomes available only once phi passes the threshold.
 * Fitness depends on the generation, so the island loop re-evaluates at each step.
 */
const INPUT = {
  seed: 7,
  lambda: 0.002,
  train: { contexts: 3 },
  surcharge: { plan: 0 },
  world: { phi: 0.7, selfThreshold: 0.95 },
  schedule: { generations: { phi: [{ from: 12, value: 0.9 }, { from: 24, value: 1 }] } },
  search: { islands: 3, population: 60, budget: 12_000, temperature: 4, migration: { interval: 5, size: 2 }, mutation: { subtree: 0.5, point: 0.35, hoist: 0.15, horizon: 0.1 } },
  checkpoint: { every: 5 },
};

const out = () => join(mkdtempSync(join(tmpdir(), 'mesa-evo-sched-')), 'run');

describe('model schedules over generations', () => {
  it('phases follow the steps; the self tier arrives with phi ≥ threshold', () => {
    const c = validateConfig(INPUT, 'test');
    expect(trainingPhase(c, 0)).toEqual({ phi: 0.7, selfFidelity: 1, selfAvailable: false });
    expect(trainingPhase(c, 12)).toEqual({ phi: 0.9, selfFidelity: 1, selfAvailable: false });
    expect(trainingPhase(c, 30)).toEqual({ phi: 1, selfFidelity: 1, selfAvailable: true });
  });

  it('no RAM pointer or deceiver leads before the self tier exists; after it, one does; interrupted and resumed runs end byte-identical', async () => {
    const config = validateConfig(INPUT, 'test');
    const ref = await runEvolution(config, out(), { workers: 0 });
    for (const w of ref.summary.winners) {
      if (w.generation < 24) {
        expect(w.winner.class).not.toBe('ram-pointer');
        expect(w.winner.class).not.toBe('deceiver');
      }
    }
    const end = ref.summary.winners[ref.summary.winners.length - 1];
    expect(end.generation).toBeGreaterThan(40);
    expect(['deceiver', 'ram-pointer']).toContain(end.winner.class);

    // Stop after the phase change at generation 12, then resume from the checkpoint.
    const dir = out();
    const stopper = new Stopper();
    const first = await runEvolution(config, dir, { workers: 0, stopper, onProgress: (p) => p.generation >= 15 && stopper.request('SIGINT') });
    expect(first.interrupted).toBe('SIGINT');
    const resumed = await resumeEvolution(dir, { workers: 0 });
    expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe(readFileSync(join(ref.dir, 'summary.json'), 'utf8'));
    expect(resumed.summary.complete).toBe(true);
  }, 40_000);

  it('schedules are validated: steps must increase, values are probabilities', () => {
    const bad = (schedule: unknown) => () => validateConfig({ schedule }, 'cfg');
    expect(bad({ generations: { phi: [{ from: 5, value: 0.5 }, { from: 5, value: 1 }] } })).toThrow(/schedule\.generations\.phi.*increasing/);
    expect(bad({ deployment: { selfFidelity: [{ from: 0, value: 2 }] } })).toThrow(UserError);
    expect(bad({ deployment: { selfFidelity: [{ from: 0, value: 2 }] } })).toThrow(/schedule\.deployment\.selfFidelity\.0\.value/);
    expect(bad({ generations: { phi: [{ at: 0, value: 1 }] } })).toThrow(/schedule\.generations\.phi\.0\.from/);
  });
});

describe('runs made before the dynamics fields existed', () => {
  it('resume: config.json and checkpoint.json without the new fields still match (defaults filled in)', async () => {
    const dir = out();
    const input = { seed: 2, search: { islands: 2, population: 30, budget: 3000, migration: { interval: 3, size: 1 } }, checkpoint: { every: 3 } };
    const stopper = new Stopper();
    await runEvolution(validateConfig(input, 'test'), dir, { workers: 0, stopper, onProgress: (p) => p.generation >= 6 && stopper.request('SIGINT') });
    const strip = (c: Record<string, any>) => {
      delete c.schedule;
      delete c.world.selfFidelity;
      delete c.world.selfThreshold;
      delete c.surcharge.plan;
      for (const k of ['steps', 'drift', 'trainingSignal', 'selectionInterval']) delete c.deploy[k];
      return c;
    };
    const configPath = join(dir, 'config.json');
    writeFileSync(configPath, JSON.stringify(strip(JSON.parse(readFileSync(configPath, 'utf8'))), null, 2));
    const ckptPath = join(dir, 'checkpoint.json');
    const file = JSON.parse(readFileSync(ckptPath, 'utf8'));
    strip(file.payload.config);
    file.sha256 = createHash('sha256').update(JSON.stringify(file.payload)).digest('hex');
    writeFileSync(ckptPath, JSON.stringify(file));
    const r = await resumeEvolution(dir, { workers: 0 });
    expect(r.summary.complete).toBe(true);
  }, 20_000);
});
