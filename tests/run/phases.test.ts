import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { World } from '../../src/core/world.js';
import { EpochWorker } from '../../src/run/epoch-worker.js';
import { loadConfig } from '../../src/run/load-config.js';
import { Phases, type Worlds } from '../../src/run/phases.js';
import { runEvolution } from '../../src/run/run.js';
import type { EpochInput } from '../../src/search/island.js';
import { ROOT } from '../cli/cli.js';

const config = (sets: string[] = []) => loadConfig(`${ROOT}/configs/default.json`, ['train.episodes=300', 'deploy.episodes=300', 'search.population=40', ...sets]);
const epoch0: EpochInput = { island: 1, epoch: 0, population: null, startGeneration: 0, endGeneration: 3, snapshotGenerations: [] };

/** The same worlds with every training label negated: a run on them scores differently. */
function tampered(worlds: Worlds): Worlds {
  const copy = structuredClone(worlds);
  for (const w of Object.values(copy)) w.train.label = w.train.label.map((y) => -y);
  return copy;
}

describe('Phases: the worlds of a run', () => {
  it('builds each phase\'s world once, for its problem too, and lists it', () => {
    const phases = new Phases(config());
    const w = phases.worldAt(0);
    expect(phases.worldAt(5)).toBe(w);
    expect(phases.at(0).world).toBe(w);
    expect(Object.values(phases.worlds())).toEqual([w]);
  });

  it('takes a world it is given (a copy, as a worker gets it) and builds the phases it is not given', () => {
    // phi steps up at generation 10: two model phases, two worlds.
    const c = config(['schedule.generations.phi=[{"from":10,"value":0.8}]']);
    const main = new Phases(c);
    main.worldAt(0);
    const given = structuredClone(main.worlds());
    const worker = new Phases(c, given);
    expect(worker.at(0).world).toBe(Object.values(given)[0]);
    const later: World = worker.at(10).world;
    expect(Object.values(given)).not.toContain(later);
    expect(later).toEqual(main.worldAt(10));
    expect(later.train.truth).not.toEqual(worker.at(0).world.train.truth);
  });
});

describe('workers given the main thread\'s worlds', () => {
  it('run epochs byte-identical to a worker that builds its own, and do run on what they are given', () => {
    const c = config();
    const main = new Phases(c);
    main.worldAt(0);
    const own = new EpochWorker(c).run(epoch0);
    expect(new EpochWorker(c, new Phases(c, structuredClone(main.worlds()))).run(epoch0)).toEqual(own);
    // Negated labels: the worker scored its population on the world it was sent.
    const other = new EpochWorker(c, new Phases(c, tampered(main.worlds()))).run(epoch0);
    expect(other.population.reward).not.toEqual(own.population.reward);
  });

  it('through a pool: the first task carries them, and the run is the in-process one', async () => {
    const { openEpochPool } = (await import(`${ROOT}/dist/src/run/pool.js`)) as typeof import('../../src/run/pool.js');
    const c = config();
    const main = new Phases(c);
    main.worldAt(0);
    const own = new EpochWorker(c).run(epoch0);
    const pool = openEpochPool([c], 1);
    const otherPool = openEpochPool([c], 1);
    try {
      const sent = await pool.runner(c, () => main.worlds()).runIsland(epoch0);
      expect(sent.population.reward).toEqual(own.population.reward);
      expect(sent.hallOfFame).toEqual(own.hallOfFame);
      const wrong = await otherPool.runner(c, () => tampered(main.worlds())).runIsland(epoch0);
      expect(wrong.population.reward).not.toEqual(own.population.reward);
      // A failure to build them is the main thread's, not a worker's, and the pool goes on.
      const failing = pool.runner(c, () => {
        throw new Error('no room');
      });
      await expect(failing.runIsland(epoch0)).rejects.toThrow(/^building the world to send to the workers: no room$/);
      expect((await pool.runner(c).runIsland(epoch0)).population.reward).toEqual(own.population.reward);
    } finally {
      await Promise.all([pool.close(), otherPool.close()]);
    }
  });
});

describe('islands run in process (--workers 0)', () => {
  it('use the run\'s own problems: the main thread\'s world, not one built again', async () => {
    const { inProcessRunner } = await import('../../src/run/pool.js');
    const c = config();
    const own = new EpochWorker(c).run(epoch0);
    const runs = new Phases(c);
    expect(await inProcessRunner(c, runs).runIsland(epoch0)).toEqual(own);
    // Built once, in the phases it was given: the problem it scored on is the run's.
    const problem = runs.at(0);
    expect(Object.values(runs.worlds())).toEqual([problem.world]);
    // Phases on negated labels: the runner scores on what it was given.
    const wrong = await inProcessRunner(c, new Phases(c, tampered(runs.worlds()))).runIsland(epoch0);
    expect(wrong.population.reward).not.toEqual(own.population.reward);
  });

  it('are reported as they finish: a report does not wait on the event loop while more epochs run', async () => {
    // Turns of the event loop between two reports. An in-process island epoch takes a turn
    // of its own (so that signals are seen), so a report that yielded to the event loop per
    // genome it described, or per step of an asynchronous checkpoint, let the search run
    // hundreds of turns ahead of what a Ctrl-C keeps.
    let turns = 0;
    let running = true;
    const tick = () => {
      turns++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const between: number[] = [];
    let last = 0;
    const c = config(['search.budget=16000', 'checkpoint.every=10']);
    try {
      await runEvolution(c, join(mkdtempSync(join(tmpdir(), 'mesa-evo-inproc-')), 'run'), {
        workers: 0,
        onProgress: () => {
          between.push(turns - last);
          last = turns;
        },
      });
    } finally {
      running = false;
    }
    expect(between.length).toBe(11); // generation 0's epoch and 10 more, each checkpointed
    expect(Math.max(...between)).toBeLessThanOrEqual(c.search.islands);
  });
});

describe('the hall of fame\'s assessments, held beyond the memo (Phases.holdOnly)', () => {
  it('keeps what it is told to however many genomes are described after, and lets the rest go', () => {
    const phases = new Phases(config());
    const [kept, dropped] = ['(mul answer truth)', '(mul answer label)'].map((expr) => phases.describe(expr, 0));
    phases.holdOnly(['(mul answer truth)', '(mul answer s0)'], 5); // s0's genome was never described: nothing to hold
    // More genomes than the memo's two generations of 2,000 hold.
    for (let k = 1; k <= 4_100; k++) phases.describe(`(mul answer (sub x0 ${k}))`, 0);
    expect(phases.describe('(mul answer truth)', 0)).toBe(kept); // the same object: not assessed again
    const again = phases.describe('(mul answer label)', 0);
    expect(again).not.toBe(dropped);
    expect(again).toEqual(dropped);
  });

  it('holds only assessments of the phase it is told, so a genome is described anew in another', () => {
    // phi steps down at generation 10: two phases.
    const phases = new Phases(config(['schedule.generations.phi=[{"from":10,"value":0.6}]']));
    const early = phases.describe('(mul answer label)', 3);
    phases.holdOnly(['(mul answer label)'], 12);
    const late = phases.describe('(mul answer label)', 12);
    expect(late).not.toEqual(early);
    phases.holdOnly(['(mul answer label)'], 12);
    for (let k = 1; k <= 4_100; k++) phases.describe(`(mul answer (sub x0 ${k}))`, 12);
    expect(phases.describe('(mul answer label)', 12)).toBe(late);
  });
});
