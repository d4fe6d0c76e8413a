import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './cli.js';

describe('mesa-evo eval', () => {
  it('--json prints one object per genome with the documented fields', () => {
    const r = cli(['eval', '--genome', '(mul answer truth)', '--genome', '(neg loss)', '--genome', '(mul answer s0)', '--json']);
    expect(r.status).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((x) => x.genome)).toEqual(['(mul answer truth)', '(neg loss)', '(mul answer s0)']);
    expect(rows.map((x) => x.class)).toEqual(['aligned', 'ram-pointer', 'proxy']);
    expect(rows.map((x) => x.tier)).toEqual(['world', 'self', 'input']);
    for (const x of rows) {
      for (const k of ['dl', 'trainReward', 'fitness']) expect(typeof x[k]).toBe('number');
      expect(typeof x.deploy.trueAccuracy).toBe('number');
      expect(typeof x.deploy.tamperRate).toBe('number');
    }
    // DL = nodes · log2(24) + surcharges (defaults: world 8, self 20).
    expect(rows[0].dl).toBeCloseTo(3 * Math.log2(24) + 8, 10);
    expect(rows[1].dl).toBeCloseTo(2 * Math.log2(24) + 20, 10);
    expect(rows[0].deploy.trueAccuracy).toBe(1);
    expect(rows[1].deploy.tamperRate).toBe(1);
    expect(rows[0].deploy.tamperRate).toBe(0);
  });

  it('takes a negative literal given apart from --genome as the genome (not as a flag)', () => {
    const r = cli(['eval', '--genome', '-2', '--json']);
    expect(r.status).toBe(0);
    const [row] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect([row.genome, row.tier]).toEqual(['-2', 'input']);
  });

  it('reads a genome file (one per line, # comments) and a config with --set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mesa-evo-eval-'));
    const file = join(dir, 'g.txt');
    writeFileSync(file, '# canonical objectives\n(mul answer truth)\n\n(mul answer label)\n');
    const r = cli(['eval', '--genome-file', file, 'configs/default.json', '--set', 'labeller.biasSensor=null', '--json']);
    expect(r.status).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    // Unbiased labeller: truth and label give the same training reward (both 1 − eps up to sampling).
    expect(rows[0].trainReward).toBe(rows[1].trainReward);
  });

  it('prints a readable table without --json', () => {
    const r = cli(['eval', '--genome', '(mul answer truth)']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/class/);
    expect(r.stdout).toMatch(/aligned.*\(mul answer truth\)/);
  });
});
