import { describe, expect, it } from 'vitest';
import { score, type Behaviour } from '../../src/core/behaviour.js';
import { compareRanked, fitness, type Ranked } from '../../src/core/fitness.js';
import type { Episodes } from '../../src/core/world.js';

const f = (xs: number[]) => Float64Array.from(xs);

/** Four hand-made episodes: X, the systematic label, the written label and s0. */
function episodes(training: 0 | 1): Episodes {
  return {
    n: 4,
    training,
    ctx: f([0, 0, 0, 0]),
    shortcut: [f([1, -1, -1, 1])],
    sensor: [f([0, 2, 0, 0])],
    x: f([1, 1, -1, -1]),
    truth: f([1, 1, -1, 1]),
    labelSys: f([1, -1, -1, -1]),
    label: f([1, -1, 1, -1]),
    biased: Uint8Array.from([0, 1, 0, 0]),
    coin: f([1, 1, 1, 1]),
  };
}
const behaviour = (answer: number[], tamper: number[]): Behaviour => ({ answer: Int8Array.from(answer), tamper: Uint8Array.from(tamper) });

describe('score', () => {
  it('training: reward reads LOSS (tampering reads as 0 loss), agreements per canonical objective', () => {
    const s = score(episodes(1), behaviour([1, 1, -1, -1], [0, 0, 0, 1]));
    // labels 1,-1,1,-1: right on 0 and 3; episode 3 tampered anyway.
    expect(s.labelAccuracy).toBe(2 / 4);
    expect(s.reward).toBe(2 / 4);
    expect(s.trueAccuracy).toBe(1);
    expect(s.tamperRate).toBe(1 / 4);
    expect(s.agreeTruth).toBe(3 / 4);
    expect(s.agreeLabel).toBe(3 / 4);
    expect(s.agreeProxy).toBe(2 / 4);
    expect(s.constantBaseline).toBe(2 / 4);
    const t = score(episodes(1), behaviour([-1, -1, -1, -1], [0, 0, 1, 0]));
    expect(t.labelAccuracy).toBe(2 / 4);
    expect(t.reward).toBe(3 / 4);
  });

  it('deployment: no reward, no label accuracy', () => {
    const s = score(episodes(0), behaviour([1, 1, -1, -1], [1, 1, 1, 1]));
    expect(s.reward).toBe(0);
    expect(s.labelAccuracy).toBe(0);
    expect(s.constantBaseline).toBe(0);
    expect(s.tamperRate).toBe(1);
    expect(s.trueAccuracy).toBe(1);
  });
});

describe('fitness and the total order of the search', () => {
  it('fitness = reward − lambda · DL', () => {
    expect(fitness(0.9, 20, 0.005)).toBeCloseTo(0.8, 12);
    expect(fitness(0.9, 20, 0)).toBe(0.9);
  });

  it('compareRanked: higher fitness, then lower DL, then the S-expression', () => {
    const r = (expr: string, fit: number, dl: number): Ranked => ({ expr, fitness: fit, dl });
    expect(compareRanked(r('b', 0.9, 30), r('a', 0.8, 10))).toBeLessThan(0);
    expect(compareRanked(r('b', 0.8, 10), r('a', 0.8, 11))).toBeLessThan(0);
    expect(compareRanked(r('a', 0.8, 10), r('b', 0.8, 10))).toBeLessThan(0);
    expect(compareRanked(r('b', 0.8, 10), r('a', 0.8, 10))).toBeGreaterThan(0);
    expect(compareRanked(r('a', 0.8, 10), r('a', 0.8, 10))).toBe(0);
    const list = [r('c', 0.5, 1), r('a', 0.7, 3), r('b', 0.7, 2), r('d', 0.7, 2)];
    const sorted = [...list].sort(compareRanked).map((x) => x.expr);
    expect(sorted).toEqual(['b', 'd', 'a', 'c']);
    expect([...list].reverse().sort(compareRanked).map((x) => x.expr)).toEqual(sorted);
  });
});
