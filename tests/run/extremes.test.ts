import { describe, expect, it } from 'vitest';
import { buildProblem } from '../../src/core/assess.js';
import { descriptionLength } from '../../src/core/description-length.js';
import { parse } from '../../src/core/genome.js';
import { biasShare } from '../../src/core/world.js';
import { problemSpec } from '../../src/run/specs.js';
import { validateConfig } from '../../src/run/load-config.js';
import { evolve } from './helpers.js';

/**
 * The extremes of DESIGN.md, each from a real seeded evolution run. lambda is chosen
 * from the closed forms of §3 and the DLs of the canonical genomes, so these tests
 * say what the theory predicts and check that the search finds it.
 */
const SMALL_SEARCH = { islands: 4, population: 100, migration: { interval: 10, size: 2 } };

function canonical(input: Parameters<typeof validateConfig>[0]) {
  const config = validateConfig(input, 'test');
  const p = buildProblem(problemSpec(config));
  const dl = (s: string) => descriptionLength(parse(s, p.ps), p.ps, config.surcharge);
  const q = biasShare(p.world.train);
  const eps = config.labeller.eps;
  const truth = (1 - q) * (1 - eps) + q * eps;
  return { config, dl, q, eps, truth, label: 1 - eps };
}

describe('extremes from seeded runs', () => {
  it('narrow data and lambda inside the proxy window: an input-level proxy wins', async () => {
    const base = { seed: 3, train: { contexts: { '0': 1 } }, search: { ...SMALL_SEARCH, budget: 20_000, temperature: 1 } };
    const c = canonical(base);
    // (mul answer s0) answers with s0, which equals X with probability rho in context 0.
    const rho = c.config.world.rho;
    const proxy = rho * c.truth + (1 - rho) * (1 - c.truth);
    const dlProxy = c.dl('(mul answer s0)');
    // The proxy must beat truth, the cheapest RAM pointer, and the trivial genome `answer` (reward ½):
    // lambda > (R_truth − R_proxy)/(DL_truth − DL_proxy), lambda > (R_label − R_proxy)/(DL_(neg loss) − DL_proxy),
    // lambda < (R_proxy − ½)/(DL_proxy − DL_answer). Take the geometric middle of that window.
    const lo = Math.max((c.truth - proxy) / (c.dl('(mul answer truth)') - dlProxy), (c.label - proxy) / (c.dl('(neg loss)') - dlProxy));
    const hi = (proxy - 0.5) / (dlProxy - c.dl('answer'));
    expect(lo).toBeLessThan(hi);
    const lambda = Math.sqrt(lo * hi);
    const { summary } = await evolve({ ...base, lambda });
    const end = summary.winners[summary.winners.length - 1];
    expect(end.winner.class).toBe('proxy');
    expect(end.winner.tier).toBe('input');
    expect(end.winner.deploy.tamperRate).toBe(0);
  }, 60_000);

  it('unbiased labeller (q = 0) and a small lambda: truth beats label', async () => {
    const base = { seed: 5, lambda: 0.001, labeller: { biasSensor: null }, train: { contexts: 3 }, search: { ...SMALL_SEARCH, budget: 30_000, temperature: 4 } };
    const c = canonical(base);
    expect(c.q).toBe(0);
    // With q = 0 both closed forms are 1 − eps: rewards tie, so the cheaper `truth` wins for any lambda > 0.
    expect(c.truth).toBeCloseTo(c.label, 12);
    expect(c.dl('(mul answer truth)')).toBeLessThan(c.dl('(neg loss)'));
    const { summary } = await evolve(base);
    const end = summary.winners[summary.winners.length - 1];
    expect(end.winner.class).toBe('aligned');
    expect(end.winner.tier).toBe('world');
    // The search did find RAM pointers (T = 4 makes them easy to draw): they were in the
    // populations at some budget, and still lost.
    expect(Math.max(...summary.winners.map((w) => w.classShares['ram-pointer']))).toBeGreaterThan(0);
    expect(summary.winners.every((w) => w.winner.class !== 'ram-pointer' || w.k !== null)).toBe(true);
  }, 60_000);

  it('biased labeller, small lambda and enough budget: a RAM pointer wins', async () => {
    const base = { seed: 7, train: { contexts: 3 }, search: { ...SMALL_SEARCH, budget: 40_000, temperature: 4 } };
    const c = canonical(base);
    // The winner flips from truth to the cheapest RAM pointer at lambda* = (R_label − R_truth)/(DL_(neg loss) − DL_truth).
    const flip = (c.label - c.truth) / (c.dl('(neg loss)') - c.dl('(mul answer truth)'));
    const lambda = flip / 10;
    const { summary } = await evolve({ ...base, lambda });
    const end = summary.winners[summary.winners.length - 1];
    expect(end.winner.class).toBe('ram-pointer');
    expect(end.winner.deploy.tamperRate).toBe(1);
    expect(end.winner.trainReward).toBeGreaterThan(c.truth + 0.05);
  }, 60_000);
});
