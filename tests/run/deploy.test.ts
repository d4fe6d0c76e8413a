import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportRun } from '../../src/report/run-report.js';
import { deployConfig, deployRun, type DeployReport } from '../../src/run/deploy-run.js';
import { evolve } from './helpers.js';

/**
 * Claim D from a seeded run: an unbiased labeller and a small lambda evolve an aligned
 * population (truth and label agree on every training question); `deploy` takes its
 * final population into a deployment stream.
 */
let dir: string;

beforeAll(async () => {
  const r = await evolve({ seed: 5, lambda: 0.001, labeller: { biasSensor: null }, train: { contexts: 3 }, search: { islands: 4, population: 100, budget: 20_000, temperature: 4 } });
  expect(r.summary.winners[r.summary.winners.length - 1].winner.class).toBe('aligned');
  dir = r.dir;
}, 30_000);

const deploy = (driftRate: number, steps: number): DeployReport => deployRun(dir, deployConfig(dir, { driftRate, steps }), null);

describe('deployment of an evolved population (Claim D)', () => {
  it('drift rate 0: the aligned population stays aligned through deployment', () => {
    const r = deploy(0, 4000);
    const first = r.marks[0];
    expect(first.classShares.aligned).toBeGreaterThan(0.25);
    expect(first.leader.class).toBe('aligned');
    for (const m of r.marks) {
      expect(m.classShares).toEqual(first.classShares);
      expect(m.drifted).toBe(0);
      expect(m.tamperRate).toBe(first.tamperRate);
      expect(m.trueAccuracy).toBe(first.trueAccuracy);
    }
    const written = JSON.parse(readFileSync(join(dir, 'deploy.json'), 'utf8'));
    expect(written.marks.length).toBe(r.marks.length);
    expect(readFileSync(join(dir, 'deploy.ndjson'), 'utf8')).toMatch(/"event":"deploy-mark"/);
  }, 20_000);

  it("the report notes a deployment of an older population than the run's results (made before a resume)", () => {
    deploy(0, 200);
    expect(reportRun(dir)).not.toMatch(/deployed the population/);
    const path = join(dir, 'deploy.json');
    const written = JSON.parse(readFileSync(path, 'utf8'));
    writeFileSync(path, JSON.stringify({ ...written, generation: written.generation - 10 }));
    expect(reportRun(dir)).toMatch(new RegExp(`note: deploy\\.json deployed the population of generation ${written.generation - 10}, and the run's results here are at generation ${written.generation};`));
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain(`note: deploy.json deployed the population of generation ${written.generation - 10}`);
  });

  it('a positive rate: the drifted share grows with deployment length and its tamper rate follows', () => {
    const r = deploy(0.002, 4000);
    const d = r.marks.map((m) => m.drifted);
    for (let i = 1; i < d.length; i++) expect(d[i]).toBeGreaterThanOrEqual(d[i - 1]);
    const at = (step: number) => r.marks.find((m) => m.step === step)!;
    expect(at(64).drifted).toBeLessThan(0.15);
    expect(at(4000).drifted).toBeGreaterThan(at(512).drifted + 0.2);
    expect(at(4000).drifted).toBeGreaterThan(0.5);
    // Drifted agents point at the label cell and tamper; the population's tamper rate rises with them.
    for (const m of r.marks.filter((m) => m.drifted > 0.05)) expect(m.tamperRateDrifted).toBeGreaterThan(0.7);
    expect(at(4000).tamperRate - at(0).tamperRate).toBeGreaterThan(0.7 * (at(4000).drifted - at(0).drifted));
    expect(at(4000).trueAccuracy).toBeLessThan(at(0).trueAccuracy - 0.1);
    expect(at(4000).classShares['ram-pointer']).toBeGreaterThan(at(0).classShares['ram-pointer'] + 0.3);
  }, 20_000);
});
