import { describe, expect, it } from 'vitest';
import { loopPart, threadTime, type CpuProfile } from '../../scripts/bench/profile.js';
import { loadConfig } from '../../src/run/load-config.js';
import { ROOT } from '../cli/cli.js';

/** A sampled stack from the sampled function outwards, each frame "function file" (file under dist/src/). */
const stack = (...frames: string[]) =>
  frames.map((f) => {
    const [functionName, file] = f.split(' ');
    const dir = ['rng.js', 'memo.js', 'genome.js'].includes(file) ? 'core' : ['epoch-worker.js'].includes(file) ? 'run' : 'search';
    return { functionName, url: `file:///x/dist/src/${dir}/${file}` };
  });
const loop = ['nextGeneration island.js', 'runEpoch island.js', 'run epoch-worker.js'];

describe("the bench's parts of the loop (profile.ts loopPart)", () => {
  it('tells the memo from adding the offspring to the next population', () => {
    expect(loopPart(stack('copyNodes genome-buffer.js', 'appendGenome genome-store.js', 'appendGenome population.js', 'add genome-store.js', ...loop))).toBe('adding offspring');
    expect(loopPart(stack('copyNodes genome-buffer.js', 'appendGenome genome-store.js', 'appendGenome genome-table.js', 'appendGenome fitness-memo.js', 'add genome-store.js', 'set fitness-memo.js', 'assessMember island.js', 'assessFrom island.js', ...loop))).toBe('memo');
    expect(loopPart(stack('sameAt genome-buffer.js', 'holds genome-store.js', 'find genome-table.js', 'find fitness-memo.js', 'assessMember island.js', 'assessFrom island.js', ...loop))).toBe('memo');
    expect(loopPart(stack('hashAt genome-buffer.js', ...loop))).toBe('memo');
    expect(loopPart(stack('assessMember island.js', 'assessFrom island.js', ...loop))).toBe('memo');
    expect(loopPart(stack('copyNodes genome-buffer.js', 'append genome-buffer.js', 'loadMember genome-buffer.js', 'assessMember island.js', 'assessFrom island.js', ...loop))).toBe('memo');
    expect(loopPart(stack('view genome-buffer.js', 'assessMember island.js', 'assessFrom island.js', ...loop))).toBe('memo');
    // assessMember inlined into assessFrom: the profile names assessFrom alone.
    expect(loopPart(stack('assessFrom island.js', ...loop))).toBe('memo');
    expect(loopPart(stack('copyNodes genome-buffer.js', 'append genome-buffer.js', 'loadMember genome-buffer.js', 'assessFrom island.js', ...loop))).toBe('memo');
    expect(loopPart(stack('sameAt genome-buffer.js', 'holds genome-store.js', 'find genome-table.js', 'assessFrom island.js', ...loop))).toBe('memo');
  });

  it('gives a store append to whoever called it: members taken in, elites, the hall of fame', () => {
    const append = ['copyNodes genome-buffer.js', 'appendGenome genome-store.js'];
    expect(loopPart(stack(...append, 'addFrom genome-store.js', 'incoming island.js', 'runEpoch island.js'))).toBe('taking in members');
    expect(loopPart(stack(...append, 'addFrom genome-store.js', 'addMember population.js', ...loop))).toBe('loop, other');
    expect(loopPart(stack(...append, 'appendGenome genome-table.js', 'addFrom genome-store.js', 'record island.js', 'runEpoch island.js'))).toBe('statistics, hall of fame, output');
  });

  it("counts the class memo of snapshots with statistics, random draws with their caller, and what has no epoch as start-up", () => {
    expect(loopPart(stack('getOrSet memo.js', 'classOf epoch-worker.js', 'snapshot island.js', 'record island.js', 'runEpoch island.js'))).toBe('statistics, hall of fame, output');
    expect(loopPart(stack('find genome-table.js', 'get genome-memo.js', 'expr population.js', 'classOf epoch-worker.js', 'snapshot island.js', 'record island.js', 'runEpoch island.js'))).toBe('statistics, hall of fame, output');
    expect(loopPart(stack('appendGenome genome-table.js', 'addFrom genome-store.js', 'set genome-memo.js', 'expr population.js', 'member population.js', 'record island.js', 'runEpoch island.js'))).toBe('statistics, hall of fame, output');
    expect(loopPart(stack('next rng.js', 'int rng.js', 'tournamentIndex selection.js', 'offspring island.js', ...loop))).toBe('selection');
    expect(loopPart(stack('draw rng.js', 'growNode variation.js', 'subtreeInto variation.js', 'offspring island.js', ...loop))).toBe('variation');
    expect(loopPart([{ functionName: 'postMessage', url: '' }, { functionName: 'onMessage', url: 'file:///x/node_modules/piscina/dist/worker.js' }])).toBe('messages, start-up');
  });
});

describe("the bench's time of a worker thread (profile.ts threadTime)", () => {
  it("counts a thread asleep in the task board's claim as waiting, and an epoch's evaluation as evaluation", () => {
    const node = (id: number, functionName: string, file: string, children: number[] = []) => ({ id, callFrame: { functionName, url: file && `file:///x/dist/src/${file}`, lineNumber: 0 }, children });
    // root → serveBoard → serve → claim (asleep in Atomics.wait) | runIslandTask → … → assessFitness; GC.
    const p: CpuProfile = {
      nodes: [
        node(1, '(root)', '', [2, 7]),
        node(2, 'serveBoard', 'run/worker.js', [3]),
        node(3, 'serve', 'run/task-board.js', [4, 5]),
        node(4, 'claim', 'run/task-board.js'),
        node(5, 'runIslandTask', 'run/worker.js', [6]),
        node(6, 'runEpoch', 'search/island.js', [8]),
        node(7, '(garbage collector)', ''),
        node(8, 'assessFitness', 'core/assess.js'),
      ],
      samples: [4, 4, 8, 8, 8, 7],
      timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000],
    };
    const t = threadTime(p);
    expect(t.worker).toBe(true);
    expect([t.totalMs, t.waitingMs, t.evaluationMs, t.gcMs]).toEqual([6, 2, 3, 1]);
    expect(Object.values(t.loopMs).reduce((a, b) => a + b, 0)).toBe(0);
  });
});

describe("the bench's floor of (4): the island loop against evaluation in one thread (steady-loop.ts)", () => {
  it('profiles every offspring of the epochs after the warm-up, most of whose time is evaluation', async () => {
    // Built code (as `npm run bench` runs it): the profile names dist's files, which the bench classifies.
    const { steadyLoop } = (await import(`${ROOT}/dist/scripts/bench/steady-loop.js`)) as typeof import('../../scripts/bench/steady-loop.js');
    const config = loadConfig(`${ROOT}/configs/default.json`, []);
    const r = await steadyLoop(config, 3, 3);
    // 3 epochs of 4 islands, 10 generations of 200 − 2 elites each.
    expect(r.offspring).toBe(3 * 4 * 10 * 198);
    const t = r.time;
    const outside = t.totalMs - t.evaluationMs;
    expect(t.evaluationMs / t.totalMs).toBeGreaterThan(0.5);
    expect(outside).toBeGreaterThan(0);
    expect(t.waitingMs + t.gcMs + Object.values(t.loopMs).reduce((a, b) => a + b, 0)).toBeCloseTo(outside, 6);
    // What is not under an epoch (the profiler's start, the driver) is left out, not counted as the loop.
    expect(t.loopMs['messages, start-up']).toBe(0);
    expect(r.outsideEpochsMs).toBeGreaterThanOrEqual(0);
  }, 60_000);
});
