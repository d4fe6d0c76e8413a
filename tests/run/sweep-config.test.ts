import { describe, expect, it } from 'vitest';
import { cellSeeds, inShard } from '../../src/run/sweep.js';
import { cellConfig, cells, normaliseSweep } from '../../src/run/sweep-config.js';

const sweep = normaliseSweep(
  {
    base: { lambda: 0.5, search: { budget: 1000 } },
    set: { 'search.population': 30 },
    seeds: [7, 9],
    axes: [
      { name: 'labels', levels: [{ label: 'unbiased', set: { 'labeller.biasSensor': null } }, { label: 'tau 2', set: { 'labeller.tau': 2 } }] },
      { key: 'lambda', values: [0.001, 0.01, 0.1] },
    ],
  },
  'test sweep',
  'test',
  '.',
);

describe('sweep grid', () => {
  it('expands cells first axis slowest, with file-safe keys', () => {
    const cs = cells(sweep);
    expect(cs.map((c) => c.key)).toEqual(['labels=unbiased,lambda=0.001', 'labels=unbiased,lambda=0.01', 'labels=unbiased,lambda=0.1', 'labels=tau_2,lambda=0.001', 'labels=tau_2,lambda=0.01', 'labels=tau_2,lambda=0.1']);
    expect(cs[4].levels).toEqual({ labels: 'tau 2', lambda: '0.01' });
  });

  it('builds each cell config from base, set, levels and seed', () => {
    const c = cellConfig(sweep, cells(sweep)[4], 9, 'x');
    expect([c.lambda, c.labeller.tau, c.labeller.biasSensor, c.search.population, c.search.budget, c.seed]).toEqual([0.01, 2, 0, 30, 1000, 9]);
    expect(cellConfig(sweep, cells(sweep)[0], 7, 'x').labeller.biasSensor).toBeNull();
  });

  it('shards are disjoint and cover every cell-seed', () => {
    const all = cellSeeds(sweep, 'out');
    expect(all).toHaveLength(12);
    const shards = [1, 2, 3, 4, 5].map((index) => all.filter((cs) => inShard(cs, { index, count: 5 })).map((cs) => cs.index));
    expect(shards.flat().sort((a, b) => a - b)).toEqual(all.map((cs) => cs.index));
    expect(shards[1]).toEqual([1, 6, 11]);
  });
});
