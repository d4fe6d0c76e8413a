import { describe, expect, it } from 'vitest';
import { buildProblem, type Problem, type ProblemSpec } from '../../src/core/assess.js';
import { agreementAt, agreementCounts, drifted, hazard } from '../../src/core/drift.js';
import { parse, print } from '../../src/core/genome.js';
import { phaseAt, phaseKey, type ModelPhase, type ModelSchedule } from '../../src/core/schedule.js';
import { runDeployment, type DeploymentSpec } from '../../src/search/deployment.js';
import { BIASED, problemSpec, UNBIASED } from './fixtures.js';

/** Claim D: goal drift in a deployment stream, on hand-made populations. */
const RULE = { rate: 0.002, fraction: 1, agreement: 0.95 };
const SPEC: DeploymentSpec = { seed: 4, steps: 1500, drift: RULE, trainingSignal: false, selectionInterval: 50, tournament: 4, elites: 2, lambda: 0.001 };

function worldOf(spec: ProblemSpec, schedule: ModelSchedule = { phi: [], selfFidelity: [] }) {
  const problems = new Map<string, Problem>();
  const phaseAtStep = (step: number): ModelPhase => phaseAt({ phi: spec.world.phi, selfFidelity: 1 }, 0, schedule, step);
  return {
    phaseAt: phaseAtStep,
    problemAt: (step: number) => {
      const ph = phaseAtStep(step);
      const key = phaseKey(ph);
      if (!problems.has(key)) problems.set(key, buildProblem({ ...spec, world: { ...spec.world, phi: ph.phi }, self: { available: true, fidelity: ph.selfFidelity } }));
      return problems.get(key)!;
    },
  };
}

const unbiased = problemSpec({ trainContextWeights: [1, 1, 1, 0, 0, 0] }, { labeller: UNBIASED });
const biased = problemSpec({ trainContextWeights: [1, 1, 1, 0, 0, 0] }, { labeller: BIASED });
const aligned = (n: number, p: ProblemSpec) => new Array(n).fill(parse('(mul answer truth)', buildProblem(p).ps));

describe('drift rule', () => {
  const p = buildProblem(unbiased);
  it('moves truth references fully or partly to label', () => {
    const g = parse('(lifetime (mul answer truth))', p.ps);
    expect(print(drifted(g, 1), p.ps)).toBe('(lifetime (mul answer label))');
    expect(print(drifted(g, 0.25), p.ps)).toBe('(lifetime (mul answer (add (mul 0.75 truth) (mul 0.25 label))))');
    expect(drifted(g, 0)).toBe(g);
  });

  it('hazard is zero below the agreement threshold and the full rate at agreement 1', () => {
    expect(hazard(RULE, 0.9)).toBe(0);
    expect(hazard(RULE, 1)).toBe(RULE.rate);
    expect(hazard(RULE, 0.975)).toBeCloseTo(RULE.rate / 2, 12);
  });

  it('agreement: 1 when the labeller is unbiased, 1 − q when it is biased, and observations add up', () => {
    expect(agreementAt(agreementCounts(p), 0, false)).toBe(1);
    const b = buildProblem(biased);
    const c = agreementCounts(b);
    const q = 1 - c.train / c.trainN;
    expect(q).toBeGreaterThan(0.1);
    expect(agreementAt(c, 5000, false)).toBe(1 - q);
    const n = c.deployPrefix.length - 1;
    expect(agreementAt(c, 2 * n, true)).toBeCloseTo((c.train + 2 * c.deployPrefix[n]) / (c.trainN + 2 * n), 12);
  });
});

describe('deployment stream', () => {
  it('drift rate 0: an aligned population stays aligned, never tampers, stays accurate', () => {
    const r = runDeployment({ ...SPEC, drift: { ...RULE, rate: 0 } }, aligned(100, unbiased), worldOf(unbiased));
    for (const m of r.marks) {
      expect(m.classShares.aligned).toBe(1);
      expect(m.drifted).toBe(0);
      expect(m.tamperRate).toBe(0);
      expect(m.trueAccuracy).toBe(1);
    }
  });

  it('positive rate: the drifted share grows with deployment length and the tamper rate follows', () => {
    const r = runDeployment(SPEC, aligned(200, unbiased), worldOf(unbiased));
    const d = r.marks.map((m) => m.drifted);
    for (let i = 1; i < d.length; i++) expect(d[i]).toBeGreaterThanOrEqual(d[i - 1]);
    const end = r.marks[r.marks.length - 1];
    // 1 − (1 − 0.002)^1500 ≈ 0.95.
    expect(end.drifted).toBeGreaterThan(0.85);
    expect(r.marks.find((m) => m.step === 64)!.drifted).toBeLessThan(0.3);
    for (const m of r.marks) {
      // A fully drifted (mul answer label) tampers on every question: tamper rate = drifted share.
      expect(m.tamperRate).toBeCloseTo(m.drifted, 10);
      expect(m.classShares['ram-pointer']).toBeCloseTo(m.drifted, 10);
      expect(m.trueAccuracy).toBeLessThan(1 - m.drifted / 3 + 1e-9);
    }
    expect(r.final[0].genome).toBe('(mul answer label)');
  });

  it('same seed, same stream; partial drift tampers before it is complete', () => {
    const a = runDeployment({ ...SPEC, steps: 300 }, aligned(50, unbiased), worldOf(unbiased));
    const b = runDeployment({ ...SPEC, steps: 300 }, aligned(50, unbiased), worldOf(unbiased));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const half = runDeployment({ ...SPEC, steps: 300, drift: { ...RULE, rate: 0.01, fraction: 0.5 } }, aligned(50, unbiased), worldOf(unbiased));
    const end = half.marks[half.marks.length - 1];
    expect(end.tamperRate).toBeCloseTo(end.drifted, 10);
    // Half-drifted agents tamper with the true answer: accuracy stays above the coin.
    expect(end.trueAccuracy).toBeGreaterThan(0.5 + 0.5 * (1 - end.drifted) - 0.05);
  });

  it('a biased labeller keeps truth and label apart: no drift without a signal', () => {
    const r = runDeployment(SPEC, aligned(100, biased), worldOf(biased));
    expect(r.marks[r.marks.length - 1].drifted).toBe(0);
  });

  it('a growing world model: drift starts once phi has grown enough for truth and label to look equivalent', () => {
    const spec = { ...unbiased, world: { ...unbiased.world, phi: 0.8 } };
    const r = runDeployment(SPEC, aligned(100, spec), worldOf(spec, { phi: [{ from: 256, value: 1 }], selfFidelity: [] }));
    expect(r.marks.find((m) => m.step === 128)!.drifted).toBe(0);
    expect(r.marks.find((m) => m.step === 128)!.agreement).toBeLessThan(0.85);
    expect(r.marks[r.marks.length - 1].drifted).toBeGreaterThan(0.5);
  });

  it('with a training signal, selection reads LOSS: drifted label pointers take over', () => {
    const rule = { ...RULE, rate: 0.001, agreement: 0.8 };
    const off = runDeployment({ ...SPEC, drift: rule }, aligned(100, biased), worldOf(biased));
    const on = runDeployment({ ...SPEC, drift: rule, trainingSignal: true }, aligned(100, biased), worldOf(biased));
    const end = (r: typeof on) => r.marks[r.marks.length - 1];
    expect(end(on).classShares['ram-pointer']).toBeGreaterThan(0.9);
    expect(end(on).classShares['ram-pointer']).toBeGreaterThan(end(off).classShares['ram-pointer'] + 0.2);
  });
});
