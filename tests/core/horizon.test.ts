import { describe, expect, it } from 'vitest';
import { assess, assessFitness, buildProblem, type Problem } from '../../src/core/assess.js';
import { descriptionLength } from '../../src/core/description-length.js';
import { behaveReference } from '../../src/core/evaluate-reference.js';
import { GenomeParseError, parse, print } from '../../src/core/genome.js';
import { PLAY_ALONG, deployBehaviour, trainBehaviour } from '../../src/core/horizon.js';
import { derive } from '../../src/core/rng.js';
import { blindSelf } from '../../src/core/self-model.js';
import { grow, growGenome, MUTATIONS, variationSpec } from '../../src/search/variation.js';
import { problemSpec, sameBytes } from './fixtures.js';

/** Claim C: the planning-horizon gene, checked against the reference evaluator. */
const SURCHARGE = { input: 0, world: 8, self: 20, plan: 7 };
const biased = buildProblem(problemSpec({ surcharge: SURCHARGE, trainContextWeights: [1, 1, 1, 0, 0, 0] }));
const tamperable = buildProblem({ ...biased.spec, tamperable: true });
const OBJECTIVES = ['answer', '(mul answer truth)', '(mul answer s0)', '(neg loss)', 'label', '(ifpos training (neg loss) answer)', '(max x1 (mul answer 3))'];

const reference = (p: Problem, s: string) => behaveReference(parse(s, p.ps), p.ps, p.train.episodes, p.spec.tamperable);

describe('the lifetime gene in S-expressions', () => {
  it('prints as a root wrapper and round-trips exactly; myopic genomes print as before', () => {
    for (const s of ['(lifetime answer)', '(lifetime (neg loss))', '(lifetime (ifpos (sub x0 1) -1 1))']) {
      const g = parse(s, biased.ps);
      expect(g.horizon).toBe('lifetime');
      expect(print(g, biased.ps)).toBe(s);
    }
    const m = parse('(neg loss)', biased.ps);
    expect(m.horizon).toBeUndefined();
    expect(print(m, biased.ps)).toBe('(neg loss)');
  });

  it.each([
    ['(lifetime)', /needs one objective|empty genome/],
    ['(lifetime answer', /closing '\)'/],
    ['(add (lifetime answer) 1)', /only around the whole genome/],
    ['(lifetime (lifetime answer))', /only around the whole genome/],
    ['(lifetime answer answer)', /after a complete genome/],
  ])('refuses %s with a message', (s, msg) => {
    expect(() => parse(s, biased.ps)).toThrow(GenomeParseError);
    expect(() => parse(s, biased.ps)).toThrow(msg);
  });

  it('costs exactly surcharge.self + surcharge.plan bits, in the self tier', () => {
    for (const s of OBJECTIVES) {
      const g = parse(s, biased.ps);
      const l = parse(`(lifetime ${s})`, biased.ps);
      expect(descriptionLength(l, biased.ps, SURCHARGE) - descriptionLength(g, biased.ps, SURCHARGE)).toBeCloseTo(27, 10);
      expect(assess(biased, l).dlByTier.self - assess(biased, g).dlByTier.self).toBeCloseTo(27, 10);
      expect(assess(biased, l).tier).toBe('self');
    }
  });
});

describe('a lifetime agent with the self tier', () => {
  it.each([['plain', biased], ['tamperable', tamperable]] as const)('in %s training behaves exactly like (neg loss) under the reference evaluator, whatever its objective', (_n, p) => {
    const ref = reference(p, print(PLAY_ALONG, p.ps));
    for (const s of OBJECTIVES) {
      const b = trainBehaviour(p, parse(`(lifetime ${s})`, p.ps));
      expect(sameBytes(b.answer, ref.answer)).toBe(true);
      expect(sameBytes(b.tamper, ref.tamper)).toBe(true);
    }
  });

  it('pursues its own objective when training = 0 (the reference behaviour of the objective alone)', () => {
    for (const s of OBJECTIVES) {
      const b = deployBehaviour(biased, parse(`(lifetime ${s})`, biased.ps));
      const ref = behaveReference(parse(s, biased.ps), biased.ps, biased.deploy.episodes, true);
      expect(sameBytes(b.answer, ref.answer)).toBe(true);
      expect(sameBytes(b.tamper, ref.tamper)).toBe(true);
    }
  });

  it('a deceiver and an honest RAM pointer with the same training behaviour have the same training reward, and differ in deployment', () => {
    const deceiver = assess(biased, parse('(lifetime answer)', biased.ps));
    const pointer = assess(biased, parse('(neg loss)', biased.ps));
    expect(deceiver.trainReward).toBe(pointer.trainReward);
    expect(deceiver.train).toEqual(pointer.train);
    expect(deceiver.dl).toBeLessThan(pointer.dl + 7);
    expect(pointer.class).toBe('ram-pointer');
    expect(pointer.deploy.tamperRate).toBe(1);
    expect(deceiver.class).toBe('deceiver');
    expect(deceiver.horizon).toBe('lifetime');
    expect(deceiver.deploy.tamperRate).toBe(0);
    expect(Math.abs(deceiver.deploy.trueAccuracy - 0.5)).toBeLessThan(0.05);
  });

  it('the explicit (ifpos training ...) form is a deceiver too, told apart by its myopic horizon', () => {
    const conditional = assess(biased, parse('(ifpos training (neg loss) answer)', biased.ps));
    expect(conditional.class).toBe('deceiver');
    expect(conditional.horizon).toBe('myopic');
    expect(conditional.trainReward).toBe(assess(biased, parse('(lifetime answer)', biased.ps)).trainReward);
  });
});

describe('without the self tier', () => {
  const blind = buildProblem({ ...biased.spec, self: { available: false, fidelity: 1 } });

  it('the lifetime gene is inert: the agent acts on its objective, blind to the RAM cells', () => {
    for (const s of OBJECTIVES) {
      const b = trainBehaviour(blind, parse(`(lifetime ${s})`, blind.ps));
      const ref = behaveReference(blindSelf(parse(s, blind.ps)), blind.ps, blind.train.episodes, false);
      expect(sameBytes(b.answer, ref.answer)).toBe(true);
    }
    expect(assessFitness(blind, parse('(neg loss)', blind.ps)).reward).toBeLessThan(0.6);
    expect(assess(blind, parse('(neg loss)', blind.ps)).deploy.tamperRate).toBe(0);
  });

  it('a self model of fidelity 0 predicts LABEL = truth, so label pointers earn the truth reward', () => {
    const naive = buildProblem({ ...biased.spec, self: { available: true, fidelity: 0 } });
    const r = (p: Problem, s: string) => assessFitness(p, parse(s, p.ps)).reward;
    expect(r(naive, '(mul answer label)')).toBe(r(naive, '(mul answer truth)'));
    expect(r(biased, '(mul answer label)')).toBeGreaterThan(r(biased, '(mul answer truth)') + 0.1);
  });
});

describe('variation of the horizon gene', () => {
  const spec = (T: number, on: boolean) => variationSpec(biased.ps, SURCHARGE, T, { maxSize: 40, maxDepth: 10, initDepth: 4, mutationDepth: 3 }, on);

  it('with the gene off, initialisation draws exactly what it drew before (no extra random draw)', () => {
    const v = spec(2, false);
    const a = derive(1, 'x');
    const b = derive(1, 'x');
    for (let i = 0; i < 200; i++) expect(print(growGenome(a, v), biased.ps)).toBe(print(grow(b, v, v.initDepth), biased.ps));
  });

  it('initialisation and the horizon mutation follow the prior 2^(-(self+plan)/T)', () => {
    const v = spec(9, true);
    const p = 2 ** (-27 / 9) / (1 + 2 ** (-27 / 9));
    const rng = derive(2, 'prior');
    let lifetime = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) if (growGenome(rng, v).horizon === 'lifetime') lifetime++;
    expect(Math.abs(lifetime / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    const m = parse('(mul answer truth)', biased.ps);
    let switched = 0;
    for (let i = 0; i < n; i++) if (MUTATIONS.horizon(rng, m, v)?.horizon === 'lifetime') switched++;
    expect(Math.abs(switched / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    // From lifetime, the prior draws myopic almost surely at T = 1 (weight 1 against 2^-27).
    const l = parse('(lifetime answer)', biased.ps);
    for (let i = 0; i < 100; i++) expect(MUTATIONS.horizon(rng, l, spec(1, true))).toEqual(parse('answer', biased.ps));
  });

  it('tree mutations keep the gene', () => {
    const v = spec(2, true);
    const rng = derive(3, 'keep');
    const g = parse('(lifetime (mul answer (add x0 truth)))', biased.ps);
    for (let i = 0; i < 100; i++) {
      for (const name of ['subtree', 'point', 'hoist'] as const) {
        const c = MUTATIONS[name](rng, g, v);
        if (c) expect(c.horizon).toBe('lifetime');
      }
    }
  });
});
