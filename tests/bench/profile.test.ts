import { describe, expect, it } from 'vitest';
import { loopPart } from '../../scripts/bench/profile.js';

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
    expect(loopPart(stack('copyNodes genome-buffer.js', 'appendGenome genome-store.js', 'appendGenome population.js', 'add genome-store.js', 'addChild island.js', ...loop))).toBe('adding offspring');
    expect(loopPart(stack('copyNodes genome-buffer.js', 'appendGenome genome-store.js', 'appendGenome genome-table.js', 'appendGenome fitness-memo.js', 'add genome-store.js', 'set fitness-memo.js', 'addChild island.js', ...loop))).toBe('memo');
    expect(loopPart(stack('sameAt genome-buffer.js', 'holds genome-store.js', 'find genome-table.js', 'find fitness-memo.js', 'addChild island.js', ...loop))).toBe('memo');
    expect(loopPart(stack('hashAt genome-buffer.js', 'addChild island.js', ...loop))).toBe('memo');
    expect(loopPart(stack('addChild island.js', ...loop))).toBe('memo');
  });

  it('gives a store append to whoever called it: members taken in, elites, the hall of fame', () => {
    const append = ['copyNodes genome-buffer.js', 'appendGenome genome-store.js'];
    expect(loopPart(stack(...append, 'addFrom genome-store.js', 'incoming island.js', 'runEpoch island.js'))).toBe('taking in members');
    expect(loopPart(stack(...append, 'addFrom genome-store.js', 'addMember population.js', ...loop))).toBe('loop, other');
    expect(loopPart(stack(...append, 'appendGenome genome-table.js', 'addFrom genome-store.js', 'record island.js', 'runEpoch island.js'))).toBe('statistics, hall of fame, output');
  });

  it("counts the class memo of snapshots with statistics, random draws with their caller, and what has no epoch as start-up", () => {
    expect(loopPart(stack('getOrSet memo.js', 'classOf epoch-worker.js', 'snapshot island.js', 'record island.js', 'runEpoch island.js'))).toBe('statistics, hall of fame, output');
    expect(loopPart(stack('next rng.js', 'int rng.js', 'tournamentIndex selection.js', 'offspring island.js', ...loop))).toBe('selection');
    expect(loopPart(stack('draw rng.js', 'growNode variation.js', 'subtreeInto variation.js', 'offspring island.js', ...loop))).toBe('variation');
    expect(loopPart([{ functionName: 'postMessage', url: '' }, { functionName: 'onMessage', url: 'file:///x/node_modules/piscina/dist/worker.js' }])).toBe('messages, start-up');
  });
});
