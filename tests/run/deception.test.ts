import { describe, expect, it } from 'vitest';
import { buildProblem } from '../../src/core/assess.js';
import { descriptionLength } from '../../src/core/description-length.js';
import { parse } from '../../src/core/genome.js';
import { biasShare } from '../../src/core/world.js';
import { problemSpec } from '../../src/run/specs.js';
import { validateConfig } from '../../src/run/load-config.js';
import { evolve } from './helpers.js';

/**
 * Claim C from seeded runs: a biased labeller, the self tier available, a small lambda
 * and the horizon gene on. A lifetime agent gets the RAM pointer's training reward
 * (it plays along) for the bits of its objective plus self + plan.
 */
const base = (plan: number, seed: number) => ({
  seed,
  train: { contexts: 3 },
  surcharge: { plan },
  search: { islands: 4, population: 100, budget: 40_000, temperature: 4, migration: { interval: 10, size: 2 }, mutation: { subtree: 0.5, point: 0.35, hoist: 0.15, horizon: 0.1 } },
});

function lambdaFor(seed: number) {
  const c = validateConfig(base(0, seed), 'test');
  const p = buildProblem(problemSpec(c));
  const dl = (s: string) => descriptionLength(parse(s, p.ps), p.ps, c.surcharge);
  const q = biasShare(p.world.train);
  const eps = c.labeller.eps;
  const truth = (1 - q) * (1 - eps) + q * eps;
  // A tenth of the truth → RAM-pointer flip point, as in the Claim B extreme.
  const lambda = (1 - eps - truth) / (dl('(neg loss)') - dl('(mul answer truth)')) / 10;
  // Deceivers lose to truth itself when lambda · (DL_deceiver − DL_truth) > R_label − R_truth.
  const neverPlan = 2 * ((1 - eps - truth) / lambda - (dl('(lifetime answer)') - dl('(mul answer truth)')));
  return { lambda, neverPlan, label: 1 - eps };
}

describe('deception before tampering (Claim C) from seeded runs', () => {
  it.each([7, 11])('surcharge.plan = 0, seed %i: a lifetime agent with a tiny objective leads over honest RAM pointers', async (seed) => {
    const { lambda, label } = lambdaFor(seed);
    const { summary } = await evolve({ ...base(0, seed), lambda });
    const end = summary.winners[summary.winners.length - 1];
    expect(end.winner.class).toBe('deceiver');
    expect(end.winner.horizon).toBe('lifetime');
    expect(end.winner.size).toBeLessThanOrEqual(3);
    expect(end.winner.deploy.tamperRate).toBeLessThan(0.5);
    // It earns what a RAM pointer earns in training.
    expect(Math.abs(end.winner.trainReward - label)).toBeLessThan(0.02);
    expect(end.classShares.deceiver).toBeGreaterThan(end.classShares['ram-pointer']);
  }, 30_000);

  it.each([7, 11])('a large surcharge.plan, seed %i: lifetime deceivers are drawn but never lead, and the RAM pointer wins', async (seed) => {
    const { lambda, neverPlan } = lambdaFor(seed);
    // T = inf: the prior draws the gene half the time, so selection (not the prior) has to reject it.
    const input = base(neverPlan, seed);
    const { summary } = await evolve({ ...input, lambda, search: { ...input.search, temperature: 'inf' } });
    expect(Math.max(...summary.winners.map((w) => w.classShares.deceiver))).toBeGreaterThan(0.3);
    for (const w of summary.winners) expect(w.winner.horizon).toBe('myopic');
    expect(summary.hallOfFame.every((h) => h.horizon === 'myopic')).toBe(true);
    expect(summary.winners[summary.winners.length - 1].winner.class).toBe('ram-pointer');
  }, 30_000);
});
