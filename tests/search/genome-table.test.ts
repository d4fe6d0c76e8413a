import { describe, expect, it } from 'vitest';
import { GenomeTable } from '../../src/search/genome-table.js';
import { allocateData, type PopulationData } from '../../src/search/population-data.js';

/** A table as a set of members of `d`: whether it holds member k, and adding member k. */
function setOf() {
  const table = new GenomeTable();
  return {
    has: (d: PopulationData, k: number) => table.find(d, d.start[k], d.len[k], d.lifetime[k] === 1, d.hash[k]) >= 0,
    add: (d: PopulationData, k: number) => table.addFrom(d, k),
    clear: () => table.clear(),
  };
}

/** Data of members given as [nodes, lifetime gene, hash]: hashes are forced, to make collisions. */
function data(members: [number[], boolean, number][]): PopulationData {
  const d = allocateData(members.length, members.reduce((s, [ops]) => s + ops.length, 0));
  let at = 0;
  members.forEach(([ops, lifetime, hash], i) => {
    d.start[i] = at;
    d.len[i] = ops.length;
    d.lifetime[i] = lifetime ? 1 : 0;
    d.hash[i] = hash;
    ops.forEach((op, j) => {
      d.ops[at + j] = op;
      d.vals[at + j] = op === 0 ? 0.5 * i : 0;
    });
    at += ops.length;
  });
  return d;
}

describe('GenomeTable', () => {
  it('holds genomes by structure, not by hash alone', () => {
    // 0 and 1 share a hash but differ in nodes; 2 is 0 with another horizon gene; 3 equals 0.
    const d = data([[[1, 2, 3], false, 7], [[1, 2, 4], false, 7], [[1, 2, 3], true, 7], [[1, 2, 3], false, 7], [[5], false, 9]]);
    const set = setOf();
    expect(set.has(d, 0)).toBe(false);
    set.add(d, 0);
    expect([0, 1, 2, 3, 4].map((k) => set.has(d, k))).toEqual([true, false, false, true, false]);
    set.add(d, 1);
    set.add(d, 4);
    expect([0, 1, 2, 3, 4].map((k) => set.has(d, k))).toEqual([true, true, false, true, true]);
    set.clear();
    expect([0, 1, 2, 3, 4].map((k) => set.has(d, k))).toEqual([false, false, false, false, false]);
  });

  it('tells literals apart', () => {
    // Op 0 nodes carry a literal that differs by member (0.5 · index).
    const d = data([[[0], false, 3], [[0], false, 3]]);
    const set = setOf();
    set.add(d, 0);
    expect(set.has(d, 1)).toBe(false);
  });

  it('keeps every genome through growth, with many hashes alike', () => {
    // 300 distinct genomes whose hashes take 7 values (negative ones too); the even ones are added.
    const d = data(Array.from({ length: 300 }, (_, i): [number[], boolean, number] => [[1, 2 + (i % 50), 3 + Math.floor(i / 50)], false, (i % 7) - 3]));
    const set = setOf();
    for (let k = 0; k < 300; k += 2) set.add(d, k);
    expect(Array.from({ length: 300 }, (_, k) => set.has(d, k))).toEqual(Array.from({ length: 300 }, (_, k) => k % 2 === 0));
    set.clear();
    expect(set.has(d, 0)).toBe(false);
  });
});
