import type { Fitness } from '../core/assess.js';
import type { Nodes } from './genome-buffer.js';
import type { PopulationData } from './population-data.js';
import { GenomeTable } from './genome-table.js';

/** What one memo entry weighs besides its nodes (in nodes), so that many tiny genomes are bounded too. */
export const ENTRY_NODES = 8;

/** Genomes with their fitness in one model phase, found by structure, with their weight. */
class FitnessTable extends GenomeTable {
  /** Nodes plus ENTRY_NODES per entry. */
  weight = 0;

  override clear(): void {
    super.clear();
    this.weight = 0;
  }

  protected override appendGenome(src: Nodes, start: number, len: number, lifetime: boolean, hash: number): number {
    this.weight += len + ENTRY_NODES;
    return super.appendGenome(src, start, len, lifetime, hash);
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
