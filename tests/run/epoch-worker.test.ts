import { describe, expect, it } from 'vitest';
import { classOf } from '../../src/core/assess.js';
import { noClasses } from '../../src/core/classify.js';
import { parse } from '../../src/core/genome.js';
import { EpochWorker } from '../../src/run/epoch-worker.js';
import { loadConfig } from '../../src/run/load-config.js';
import { Phases } from '../../src/run/phases.js';
import { primitivesOf } from '../../src/run/specs.js';
import type { EpochOutput } from '../../src/search/island.js';
import { membersOf } from '../../src/search/population-data.js';

describe("an epoch worker's memos", () => {
  it("a snapshot's class counts are its members' classes, remembered by structure within and across epochs", () => {
    const config = loadConfig('configs/default.json', ['search.population=80', 'train.episodes=300', 'deploy.episodes=300']);
    const problem = new Phases(config).at(0);
    const ps = primitivesOf(config);
    const counted = (out: EpochOutput) => {
      const counts = noClasses();
      for (const m of membersOf(out.population, ps)) counts[classOf(problem, parse(m.expr, ps))]++;
      return counts;
    };
    const worker = new EpochWorker(config);
    const first = worker.run({ island: 0, epoch: 0, population: null, startGeneration: 0, endGeneration: 0, snapshotGenerations: [0] });
    // Generation 3, mostly genomes the memo met at generation 0 (elites, copies, repeats).
    const later = worker.run({ island: 0, epoch: 1, population: first.population, startGeneration: 0, endGeneration: 3, snapshotGenerations: [3] });
    expect(first.stats[0].distinct).toBeGreaterThan(30);
    expect(first.snapshots[0].classCounts).toEqual(counted(first));
    expect(later.snapshots[0].classCounts).toEqual(counted(later));
    // More than one class, so that a memo answering with another genome's class shows.
    expect(Object.values(counted(first)).filter((n) => n > 0).length).toBeGreaterThan(1);
  });
});
