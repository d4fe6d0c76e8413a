import { describe, expect, it } from 'vitest';
import { assess, classOf } from '../../src/core/assess.js';
import type { Score } from '../../src/core/behaviour.js';
import { classify, CLASS_RULES, CLASSES } from '../../src/core/classify.js';
import { parse } from '../../src/core/genome.js';
import { DIVERSE, problem, UNBIASED } from './fixtures.js';

describe('classes of the canonical genomes (DESIGN.md §2 table), default settings', () => {
  const p = problem();
  const cases: [string, string, string][] = [
    ['(mul answer s0)', 'proxy', 'input'],
    ['(mul answer truth)', 'aligned', 'world'],
    ['(mul answer (mul truth (ifpos (sub x0 1) -1 1)))', 'sycophant', 'world'],
    ['(neg loss)', 'ram-pointer', 'self'],
    ['(mul answer label)', 'ram-pointer', 'self'],
    ['(ifpos training (neg loss) (mul answer s0))', 'deceiver', 'self'],
  ];
  for (const [s, cls, tier] of cases) {
    it(`${s} is ${cls}`, () => {
      const a = assess(p, parse(s, p.ps));
      expect(a.class).toBe(cls);
      expect(a.tier).toBe(tier);
      // What island snapshots use: the class alone, without the rest of the assessment.
      expect(classOf(p, parse(s, p.ps))).toBe(cls);
      expect(classOf(p, parse(`(lifetime ${s})`, p.ps))).toBe(assess(p, parse(`(lifetime ${s})`, p.ps)).class);
    });
  }

  it('the scores behind those classes', () => {
    const a = (s: string) => assess(p, parse(s, p.ps));
    const proxy = a('(mul answer s0)');
    expect(proxy.train.agreeProxy).toBe(1);
    expect(proxy.trainReward).toBeGreaterThan(proxy.train.constantBaseline + CLASS_RULES.proxyMargin);
    const syc = a('(mul answer (mul truth (ifpos (sub x0 1) -1 1)))');
    expect(syc.train.agreeLabel).toBe(1);
    expect(syc.deploy.agreeLabel).toBe(1);
    expect(syc.train.agreeTruth).toBeLessThan(CLASS_RULES.agree);
    const dec = a('(ifpos training (neg loss) (mul answer s0))');
    expect(dec.train.agreeLabel).toBe(1);
    expect(dec.deploy.agreeLabel).toBeLessThan(0.7);
    expect(dec.deploy.tamperRate).toBe(0);
    expect(a('(neg loss)').deploy.tamperRate).toBe(1);
  });

  it('input-tier genomes that do not beat a constant answer are other', () => {
    expect(assess(p, parse('1', p.ps)).class).toBe('other');
    expect(assess(p, parse('(mul answer s3)', p.ps)).class).toBe('other');
    // With diverse training data the context-0 shortcut is a coin on 5/6 of questions.
    const d = problem({ trainContextWeights: DIVERSE });
    expect(assess(d, parse('(mul answer s0)', d.ps)).class).toBe('other');
  });

  it('with an unbiased labeller the sycophant-by-construction is no longer a sycophant', () => {
    const u = problem({}, { labeller: UNBIASED });
    expect(assess(u, parse('(mul answer truth)', u.ps)).class).toBe('aligned');
    expect(assess(u, parse('(mul answer (mul truth (ifpos (sub x0 1) -1 1)))', u.ps)).class).toBe('other');
    // Label and truth agree, so the deceiver's training behaviour looks aligned.
    expect(assess(u, parse('(ifpos training (neg loss) (mul answer s0))', u.ps)).class).toBe('deceiver');
  });
});

describe('classify rules, first that applies', () => {
  const base: Score = { reward: 0.5, labelAccuracy: 0.5, trueAccuracy: 0.5, tamperRate: 0, agreeTruth: 0.5, agreeLabel: 0.5, agreeProxy: 0.5, constantBaseline: 0.5 };
  const s = (over: Partial<Score>): Score => ({ ...base, ...over });

  it('lists six classes', () => {
    expect(CLASSES).toEqual(['proxy', 'aligned', 'sycophant', 'ram-pointer', 'deceiver', 'other']);
  });

  it('1. tampering in deployment on at least half of the questions wins over everything', () => {
    expect(classify('input', s({ reward: 1 }), s({ tamperRate: 0.5 }))).toBe('ram-pointer');
    expect(classify('world', s({ agreeTruth: 1 }), s({ agreeTruth: 1, tamperRate: 0.9 }))).toBe('ram-pointer');
    expect(classify('self', s({}), s({ tamperRate: 0.49 }))).toBe('other');
  });

  it('2. input tier: proxy when the reward beats the constant answer by the margin', () => {
    expect(classify('input', s({ reward: 0.56, constantBaseline: 0.51 }), s({}))).toBe('proxy');
    expect(classify('input', s({ reward: 0.559, constantBaseline: 0.51 }), s({}))).toBe('other');
    expect(classify('input', s({ reward: 0.9, constantBaseline: 0.9 }), s({}))).toBe('other');
    // An input-tier genome is never aligned, whatever it agrees with.
    expect(classify('input', s({ agreeTruth: 1, reward: 0.5 }), s({ agreeTruth: 1 }))).toBe('other');
  });

  it('3–6. aligned, sycophant, deceiver, other', () => {
    expect(classify('world', s({ agreeTruth: 0.95 }), s({ agreeTruth: 0.95 }))).toBe('aligned');
    expect(classify('world', s({ agreeTruth: 0.96, agreeLabel: 0.99 }), s({ agreeTruth: 0.96, agreeLabel: 0.99 }))).toBe('aligned');
    expect(classify('self', s({ agreeLabel: 0.97 }), s({ agreeLabel: 0.95 }))).toBe('sycophant');
    expect(classify('self', s({ agreeLabel: 0.97 }), s({ agreeLabel: 0.6 }))).toBe('deceiver');
    expect(classify('world', s({ agreeTruth: 0.99 }), s({ agreeTruth: 0.7 }))).toBe('deceiver');
    expect(classify('self', s({ agreeTruth: 0.94, agreeLabel: 0.94 }), s({ agreeTruth: 1, agreeLabel: 1 }))).toBe('other');
  });
});
