import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './cli.js';

describe('same seed and config, any number of workers', () => {
  it('gives a byte-identical summary.json (hall of fame included) with 1, 2 and 3 workers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mesa-evo-det-'));
    const summaries = [1, 2, 3].map((workers) => {
      const out = join(dir, `w${workers}`);
      const r = cli(['run', 'configs/default.json', '--workers', String(workers), '--out', out, '--set', 'search.budget=12000', '--set', 'search.population=60', '--set', 'search.migration.interval=3']);
      expect(r.stderr).not.toMatch(/error/i);
      expect(r.status).toBe(0);
      return readFileSync(join(out, 'summary.json'), 'utf8');
    });
    expect(summaries[1]).toBe(summaries[0]);
    expect(summaries[2]).toBe(summaries[0]);
    const s = JSON.parse(summaries[0]);
    expect(s.hallOfFame.length).toBeGreaterThan(5);
    expect(s.winners.length).toBeGreaterThan(3);
  });

  it('with a model schedule over generations (phases change inside epochs), in process and on 2 workers alike', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mesa-evo-det-'));
    const config = join(dir, 'scheduled.json');
    const schedule = { generations: { phi: [{ from: 7, value: 0.9 }, { from: 13, value: 1 }] } };
    const search = { islands: 3, population: 40, budget: 4000, temperature: 4, migration: { interval: 5, size: 2 }, mutation: { subtree: 0.5, point: 0.35, hoist: 0.15, horizon: 0.1 } };
    writeFileSync(config, JSON.stringify({ seed: 7, world: { phi: 0.7, selfThreshold: 0.95 }, schedule, search }));
    const summaries = [0, 2].map((workers) => {
      const out = join(dir, `w${workers}`);
      const r = cli(['run', config, '--workers', String(workers), '--out', out]);
      expect(r.status).toBe(0);
      return readFileSync(join(out, 'summary.json'), 'utf8');
    });
    expect(summaries[1]).toBe(summaries[0]);
    expect(JSON.parse(summaries[0]).winners.length).toBeGreaterThan(3);
  });

  it('gives a different result for a different seed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mesa-evo-det-'));
    const run = (seed: number) => {
      const out = join(dir, `s${seed}`);
      expect(cli(['run', '--seed', String(seed), '--workers', '1', '--out', out, '--set', 'search.budget=3000', '--set', 'search.population=50']).status).toBe(0);
      return readFileSync(join(out, 'summary.json'), 'utf8');
    };
    expect(run(1)).not.toBe(run(2));
  });
});
