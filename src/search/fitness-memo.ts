import type { Fitness } from '../core/assess.js';
import type { Nodes } from './genome-buffer.js';
import type { PopulationData } from './population-data.js';
import { GenomeStore } from './genome-store.js';

/** What one memo entry weighs besides its nodes (in nodes), so that many tiny genomes are bounded too. */
export const ENTRY_NODES = 8;

/**
 * Genomes with their fitness in one model phase, found by structure: an open-addressing
 * table over a GenomeStore (hash, then exact comparison of opcodes, literals and horizon
 * gene), so that looking an offspring up needs neither its S-expression nor any allocation.
 */
class FitnessTable extends GenomeStore {
  /** Entry index + 1 by slot; 0 is empty. */
  private slots = new Int32Array(64);
  /** Nodes plus ENTRY_NODES per entry. */
  weight = 0;

  override clear(): void {
    super.clear();
    this.slots.fill(0);
    this.weight = 0;
  }

  /** The entry holding the genome [start, start + len) of `src`, or −1. */
  find(src: Nodes, start: number, len: number, lifetime: boolean, hash: number): number {
    const mask = this.slots.length - 1;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const e = this.slots[s] - 1;
      if (e < 0) return -1;
      if (this.holds(e, src, start, len, lifetime, hash)) return e;
    }
  }

  protected override appendGenome(src: Nodes, start: number, len: number, lifetime: boolean, hash: number): number {
    const k = super.appendGenome(src, start, len, lifetime, hash);
    this.weight += len + ENTRY_NODES;
    // At most half full, so that a probe ends soon at an empty slot.
    if (2 * this.size > this.slots.length) this.rehash(4 * this.slots.length);
    else this.place(k);
    return k;
  }

  private place(e: number): void {
    const mask = this.slots.length - 1;
    let s = this.hash[e] & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.slots[s] = e + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let e = 0; e < this.size; e++) this.place(e);
  }
}

/**
 * What a worker remembers of genomes in one model phase, across epochs, bounded by size
 * (in nodes, each entry weighing its nodes plus ENTRY_NODES) like BoundedMemo: new entries
 * go into a young table; when it is full it becomes the old one and the previous old
 * table is emptied for reuse. A hit in the old table is copied into the young one.
 */
export class FitnessMemo implements Fitness {
  private young = new FitnessTable();
  private old = new FitnessTable();
  /** After a `find` that returned true: the genome's training reward, DL and fitness. */
  reward = 0;
  dl = 0;
  fitness = 0;

  constructor(readonly limit: number) {}

  find(src: Nodes, start: number, len: number, lifetime: boolean, hash: number): boolean {
    let e = this.young.find(src, start, len, lifetime, hash);
    if (e < 0) {
      const from = this.old;
      const o = from.find(src, start, len, lifetime, hash);
      if (o < 0) return false;
      // Making room may empty `from` and make it the young table: clearing keeps its arrays'
      // contents, and the entry is copied to the start of its own arrays, never past where it is read.
      this.makeRoom(len);
      this.young.addFrom(from, o);
      e = this.young.size - 1;
    }
    this.reward = this.young.reward[e];
    this.dl = this.young.dl[e];
    this.fitness = this.young.fitness[e];
    return true;
  }

  set(src: Nodes, start: number, len: number, lifetime: boolean, hash: number, f: Fitness): void {
    this.makeRoom(len);
    this.young.add(src, start, len, lifetime, hash, f);
  }

  /** `set` for genome k of `from`, fitness included. */
  setFrom(from: PopulationData, k: number): void {
    this.makeRoom(from.len[k]);
    this.young.addFrom(from, k);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  private makeRoom(len: number): void {
    if (this.young.weight + len + ENTRY_NODES <= this.limit || this.young.size === 0) return;
    const emptied = this.old;
    this.old = this.young;
    emptied.clear();
    this.young = emptied;
  }
}
