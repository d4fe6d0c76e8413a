import { describe, expect, it } from 'vitest';
import { biasShare, buildWorld, generateEpisodes, worldParams, type Episodes } from '../../src/core/world.js';
import { DIVERSE, NARROW, near, sameBytes, UNBIASED, worldSpec } from './fixtures.js';

const spec = worldSpec();
const params = worldParams(spec);
const N = 20_000;
const narrow = generateEpisodes(spec, params, { count: N, contextWeights: NARROW, training: true }, 'world-test');
const diverse = generateEpisodes(spec, params, { count: N, contextWeights: DIVERSE, training: false }, 'world-test');

const mean = (n: number, f: (e: number) => number) => {
  let s = 0;
  for (let e = 0; e < n; e++) s += f(e);
  return s / n;
};
const columns = (ep: Episodes): ArrayBufferView[] => [ep.ctx, ep.x, ep.truth, ep.label, ep.labelSys, ep.biased, ep.coin, ...ep.shortcut, ...ep.sensor];
const sameEpisodes = (a: Episodes, b: Episodes) => a.n === b.n && a.training === b.training && columns(a).every((c, i) => sameBytes(c, columns(b)[i]));
const every = (n: number, f: (e: number) => boolean) => {
  for (let e = 0; e < n; e++) if (!f(e)) return false;
  return true;
};

describe('world parameters', () => {
  it('are a function of the seed, with unit-norm mixing rows', () => {
    expect(worldParams(worldSpec())).toEqual(params);
    expect(worldParams(worldSpec({ seed: 2 })).w).not.toEqual(params.w);
    expect(params.w.length).toBe(4);
    expect(params.mixing.length).toBe(6);
    for (const m of params.mixing) {
      expect(m.length).toBe(16);
      for (let r = 0; r < 4; r++) {
        let norm = 0;
        for (let i = 0; i < 4; i++) norm += m[r * 4 + i] ** 2;
        expect(norm).toBeCloseTo(1, 12);
      }
    }
  });
});

describe('episodes', () => {
  it('have the documented shape', () => {
    expect(narrow.n).toBe(N);
    expect(narrow.training).toBe(1);
    expect(diverse.training).toBe(0);
    expect(narrow.shortcut.length).toBe(6);
    expect(narrow.sensor.length).toBe(4);
    for (const col of [narrow.ctx, narrow.x, narrow.truth, narrow.label, narrow.labelSys, narrow.coin, ...narrow.shortcut, ...narrow.sensor]) {
      expect(col).toBeInstanceOf(Float64Array);
      expect(col.length).toBe(N);
    }
    for (const col of [narrow.x, narrow.truth, narrow.label, narrow.labelSys, narrow.coin, ...narrow.shortcut]) {
      expect(every(N, (e) => col[e] === 1 || col[e] === -1)).toBe(true);
    }
  });

  it('are byte-identical for the same seed and stream, different for another stream or seed', () => {
    const again = generateEpisodes(spec, params, { count: N, contextWeights: NARROW, training: true }, 'world-test');
    expect(sameEpisodes(again, narrow)).toBe(true);
    const other = generateEpisodes(spec, params, { count: N, contextWeights: NARROW, training: true }, 'other');
    expect(sameBytes(other.x, narrow.x)).toBe(false);
    const spec2 = worldSpec({ seed: 2 });
    const seed2 = generateEpisodes(spec2, worldParams(spec2), { count: N, contextWeights: NARROW, training: true }, 'world-test');
    expect(sameBytes(seed2.sensor[0], narrow.sensor[0])).toBe(false);
    expect(sameEpisodes(narrow, narrow)).toBe(true);
  });

  it('draw contexts by weight (zero weight never appears)', () => {
    expect(every(N, (e) => narrow.ctx[e] === 0)).toBe(true);
    const counts = new Array(6).fill(0);
    for (let e = 0; e < N; e++) counts[diverse.ctx[e]]++;
    for (const c of counts) near(c / N, 1 / 6, N);
    const skew = generateEpisodes(spec, params, { count: N, contextWeights: [0, 3, 0, 1, 0, 0], training: true }, 'skew');
    const c1 = mean(N, (e) => (skew.ctx[e] === 1 ? 1 : 0));
    const c3 = mean(N, (e) => (skew.ctx[e] === 3 ? 1 : 0));
    near(c1, 0.75, N);
    expect(c1 + c3).toBe(1);
  });

  it('shortcut s_c equals X with probability rho in context c, a fair coin elsewhere', () => {
    near(mean(N, (e) => (narrow.shortcut[0][e] === narrow.x[e] ? 1 : 0)), 0.97, N);
    for (let s = 1; s < 6; s++) near(mean(N, (e) => (narrow.shortcut[s][e] === narrow.x[e] ? 1 : 0)), 0.5, N);
    // Diverse data: s0 is right in context 0 (1/6 of questions) and a coin elsewhere.
    near(mean(N, (e) => (diverse.shortcut[0][e] === diverse.x[e] ? 1 : 0)), 0.97 / 6 + 0.5 * (5 / 6), N);
  });

  it('sensors are w-mixes of z plus noise: variance ≈ 1 + noise², and X is balanced', () => {
    for (let j = 0; j < 4; j++) {
      const m = mean(N, (e) => narrow.sensor[j][e]);
      const v = mean(N, (e) => narrow.sensor[j][e] ** 2) - m * m;
      expect(Math.abs(m)).toBeLessThan(4 * Math.sqrt(1.09 / N));
      expect(Math.abs(v - 1.09)).toBeLessThan(0.06);
    }
    near(mean(N, (e) => (narrow.x[e] > 0 ? 1 : 0)), 0.5, N);
  });

  it('truth is X when phi = 1 and right with probability phi otherwise', () => {
    expect(sameBytes(narrow.truth, narrow.x)).toBe(true);
    const s = worldSpec({ phi: 0.8 });
    const ep = generateEpisodes(s, worldParams(s), { count: N, contextWeights: NARROW, training: true }, 'phi');
    near(mean(N, (e) => (ep.truth[e] === ep.x[e] ? 1 : 0)), 0.8, N);
  });

  it('the labeller: −X exactly where x_b > tau, then flips with probability eps', () => {
    let flips = 0;
    for (const ep of [narrow, diverse] as Episodes[]) {
      expect(every(N, (e) => ep.biased[e] === (ep.sensor[0][e] > 1 ? 1 : 0))).toBe(true);
      expect(every(N, (e) => ep.labelSys[e] === (ep.biased[e] ? -ep.x[e] : ep.x[e]))).toBe(true);
      for (let e = 0; e < N; e++) if (ep.label[e] !== ep.labelSys[e]) flips++;
    }
    near(flips / (2 * N), 0.05, 2 * N);
    const q = biasShare(narrow);
    expect(q).toBeGreaterThan(0.1);
    expect(q).toBeLessThan(0.25);
  });

  it('an unbiased labeller writes X up to random flips, with the same stream of questions', () => {
    const s = worldSpec({ labeller: UNBIASED });
    const ep = generateEpisodes(s, worldParams(s), { count: N, contextWeights: NARROW, training: true }, 'world-test');
    expect(biasShare(ep)).toBe(0);
    expect(sameBytes(ep.labelSys, ep.x)).toBe(true);
    // The labeller draws from the stream in the same order either way.
    expect(ep.sensor.every((c, j) => sameBytes(c, narrow.sensor[j]))).toBe(true);
    expect(sameBytes(ep.coin, narrow.coin)).toBe(true);
    expect(sameBytes(ep.label, narrow.label)).toBe(false);
  });

  it('coins are fair and biasShare of an empty set is 0', () => {
    near(mean(N, (e) => (narrow.coin[e] > 0 ? 1 : 0)), 0.5, N);
    const empty = generateEpisodes(spec, params, { count: 0, contextWeights: NARROW, training: true }, 'empty');
    expect(biasShare(empty)).toBe(0);
  });

  it('buildWorld: training from the given mix, deployment over all contexts equally', () => {
    const w = buildWorld(spec, { count: 3000, contextWeights: NARROW }, 3000);
    expect(w.train.training).toBe(1);
    expect(w.deploy.training).toBe(0);
    expect(w.train.n).toBe(3000);
    expect(w.deploy.n).toBe(3000);
    expect(new Set(w.train.ctx)).toEqual(new Set([0]));
    expect(new Set(w.deploy.ctx)).toEqual(new Set([0, 1, 2, 3, 4, 5]));
    const again = buildWorld(spec, { count: 3000, contextWeights: NARROW }, 3000);
    expect(sameEpisodes(again.train, w.train) && sameEpisodes(again.deploy, w.deploy)).toBe(true);
  });
});
