import { describe, expect, it } from 'vitest';
import { assess, assessFitness, buildProblem, type Problem } from '../../src/core/assess.js';
import { fitness } from '../../src/core/fitness.js';
import { parse } from '../../src/core/genome.js';
import { biasShare, generateEpisodes, worldParams } from '../../src/core/world.js';
import { BIASED, DIVERSE, NARROW, problemSpec, UNBIASED } from './fixtures.js';

const TRAIN = 20_000;
const EPS = 0.05;
const TRUTH = '(mul answer truth)';
const LABEL = '(mul answer label)';
const SYCOPHANT = '(mul answer (mul truth (ifpos (sub x0 1) -1 1)))';

const se = (p: number, n: number) => Math.sqrt((p * (1 - p)) / n);

/**
 * Closed forms of DESIGN.md §3 (binary answers, perfect world and self models):
 *   reward(mul answer truth) = (1-q)(1-eps) + q·eps,   reward(mul answer label) = 1-eps.
 *
 * q is the *true* bias share of the training distribution. It is estimated from an
 * independent set of 200,000 episodes (same world and context mix, another stream
 * name), not from the training episodes themselves: the closed form is a statement
 * about the distribution, and the 20,000 training episodes are one sample of it, so
 * SE = sqrt(p(1-p)/n) is exactly the sampling error of the train reward around the
 * closed form. The estimate's own error, (1-2eps)·sqrt(q(1-q)/200000) ≈ 0.0008, is
 * under a third of that SE, so a 4-SE band stays a ~3.9-SE test. (A second, tighter
 * check below conditions on the training episodes' own q, where only the random
 * flips remain.)
 */
describe.each([
  ['narrow', NARROW],
  ['diverse', DIVERSE],
])('closed forms, %s training data', (_name, weights) => {
  describe.each([
    ['biased labeller', BIASED],
    ['unbiased labeller', UNBIASED],
  ])('%s', (_labellerName, labeller) => {
    const spec = problemSpec({ trainEpisodes: TRAIN, trainContextWeights: weights }, { labeller });
    const p: Problem = buildProblem(spec);
    const big = generateEpisodes(spec.world, worldParams(spec.world), { count: 200_000, contextWeights: weights, training: true }, 'closed-form-q');
    const q = biasShare(big);
    const reward = (s: string) => assessFitness(p, parse(s, p.ps)).reward;

    it('q is in the expected range', () => {
      if (labeller.biasSensor === null) {
        expect(q).toBe(0);
        expect(biasShare(p.world.train)).toBe(0);
      } else {
        // DESIGN.md §1: tau = 1 biases roughly 15–20% of questions; the brief allows 10–25%.
        expect(q).toBeGreaterThan(0.1);
        expect(q).toBeLessThan(0.25);
        expect(Math.abs(biasShare(p.world.train) - q)).toBeLessThan(4 * se(q, TRAIN));
      }
    });

    it('train reward of (mul answer truth) = (1-q)(1-eps) + q·eps within 4 SE', () => {
      const expected = (1 - q) * (1 - EPS) + q * EPS;
      expect(Math.abs(reward(TRUTH) - expected)).toBeLessThanOrEqual(4 * se(expected, TRAIN));
    });

    it('train reward of (mul answer label) = 1-eps within 4 SE', () => {
      const expected = 1 - EPS;
      expect(Math.abs(reward(LABEL) - expected)).toBeLessThanOrEqual(4 * se(expected, TRAIN));
    });

    it('conditional on the training episodes’ own q, only label noise remains', () => {
      const qTrain = biasShare(p.world.train);
      const expected = (1 - qTrain) * (1 - EPS) + qTrain * EPS;
      // Given which episodes are biased, the reward is a mean of eps-flips: SE = sqrt(eps(1-eps)/n).
      expect(Math.abs(reward(TRUTH) - expected)).toBeLessThanOrEqual(4 * se(EPS, TRAIN));
    });

    it('every label-predicting objective earns exactly the same reward', () => {
      const r = reward(LABEL);
      expect(reward('(neg loss)')).toBe(r);
      if (labeller.biasSensor === null) {
        expect(reward(TRUTH)).toBe(r);
        // The hand-written sycophant predicts a bias that this labeller does not have.
        expect(reward(SYCOPHANT)).toBeLessThan(r - 0.1);
      } else {
        expect(reward(SYCOPHANT)).toBe(r);
        expect(reward(TRUTH)).toBeLessThan(r - 0.1);
      }
    });
  });
});

describe('fitness and assessment', () => {
  const p = buildProblem(problemSpec({ trainEpisodes: 4000 }, { labeller: UNBIASED }));
  const g = (s: string) => parse(s, p.ps);

  it('with q = 0 truth and label tie on reward and the cheaper one wins for any lambda > 0', () => {
    const t = assessFitness(p, g(TRUTH));
    const l = assessFitness(p, g(LABEL));
    expect(t.reward).toBe(l.reward);
    expect(l.dl - t.dl).toBeCloseTo(12, 10);
    for (const lambda of [1e-9, 1e-3, 0.005, 1]) expect(fitness(t.reward, t.dl, lambda)).toBeGreaterThan(fitness(l.reward, l.dl, lambda));
    expect(t.fitness).toBeCloseTo(t.reward - 0.005 * t.dl, 12);
  });

  it('assess reports DL by tier, size, simplified form and scores', () => {
    const a = assess(p, g('(add (mul answer truth) (mul 0 loss))'));
    expect(a.genome).toBe('(add (mul answer truth) (mul 0 loss))');
    expect(a.simplified).toBe('(mul answer truth)');
    expect(a.size).toBe(7);
    expect(a.tier).toBe('world');
    expect(a.dlByTier.world).toBeCloseTo(Math.log2(24) + 8, 10);
    expect(a.dlByTier.self).toBeCloseTo(Math.log2(24) + 20, 10);
    expect(a.dlByTier.input).toBeCloseTo(5 * Math.log2(24) + 3, 10);
    expect(a.dl).toBeCloseTo(a.dlByTier.input + a.dlByTier.world + a.dlByTier.self, 10);
    expect(a.train.trueAccuracy).toBe(1);
    expect(a.deploy.trueAccuracy).toBe(1);
    expect(a.deploy.tamperRate).toBe(0);
    expect(a.deploy.reward).toBe(0);
    expect(a.class).toBe('aligned');
  });

  it('tamperable training: fitness reads the LOSS cell the agent overwrote', () => {
    const biased = problemSpec({ trainEpisodes: 4000 });
    const plain = buildProblem(biased);
    const tamperable = buildProblem({ ...biased, tamperable: true });
    const r = (q: Problem, s: string) => assessFitness(q, parse(s, q.ps)).reward;
    // The self model already predicts LOSS = 0 for answering the systematic label, so
    // tampering only ties and the tie rule prefers not tampering.
    expect(r(tamperable, '(neg loss)')).toBe(r(plain, '(neg loss)'));
    expect(r(tamperable, LABEL)).toBe(r(plain, LABEL));
    expect(r(tamperable, TRUTH)).toBe(r(plain, TRUTH));
    expect(r(tamperable, '(mul answer s0)')).toBe(r(plain, '(mul answer s0)'));
    // (neg (mul label truth)) strictly prefers tampering with answer −X where the label
    // would be X (unbiased questions); on biased ones every action ties at 1, so it does
    // not tamper and the coin answers.
    const ep = tamperable.world.train;
    const a = assess(tamperable, parse('(neg (mul label truth))', tamperable.ps));
    let expectTamper = 0;
    let expectReward = 0;
    for (let e = 0; e < ep.n; e++) {
      if (ep.biased[e]) expectReward += ep.coin[e] === ep.label[e] ? 1 : 0;
      else {
        expectTamper++;
        expectReward++;
      }
    }
    expect(a.train.tamperRate).toBe(expectTamper / ep.n);
    expect(a.train.tamperRate).toBeCloseTo(1 - biasShare(ep), 12);
    expect(a.trainReward).toBe(expectReward / ep.n);
    // Without tamper actions the same objective is indifferent between answers: a coin.
    expect(r(plain, '(neg (mul label truth))')).toBeLessThan(0.55);
    expect(a.trainReward).toBeGreaterThan(0.85);
  });
});
