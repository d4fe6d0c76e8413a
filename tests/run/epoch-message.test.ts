import { describe, expect, it } from 'vitest';
import { packInput, packOutput, unpackInput, unpackOutput } from '../../src/run/epoch-message.js';
import type { EpochInput, EpochOutput } from '../../src/search/island.js';

const members = [
  { expr: '(mul answer truth)', reward: 0.75, dl: 12.5, fitness: 0.7125 },
  { expr: '(lifetime (neg loss))', reward: -0, dl: 1e-300, fitness: -Infinity },
  { expr: 'answer', reward: 1 / 3, dl: 3, fitness: 1 / 3 - 0.009 },
];

describe('epoch messages', () => {
  it('carry populations through structured cloning exactly, member by member', () => {
    const input: EpochInput = { island: 2, epoch: 7, population: members, startGeneration: 70, endGeneration: 80, snapshotGenerations: [75] };
    expect(unpackInput(structuredClone(packInput(input)))).toEqual(input);
    expect(Object.is(unpackInput(structuredClone(packInput(input))).population![1].reward, -0)).toBe(true);
    const initial: EpochInput = { ...input, population: null };
    expect(unpackInput(structuredClone(packInput(initial)))).toEqual(initial);
    const output: EpochOutput = { island: 2, epoch: 7, population: members, stats: [], snapshots: [], hallOfFame: [], evaluations: 2000 };
    expect(unpackOutput(structuredClone(packOutput(output)))).toEqual(output);
    expect(unpackOutput(structuredClone(packOutput({ ...output, population: [] }))).population).toEqual([]);
  });
});
