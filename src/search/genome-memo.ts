import { GenomeTable } from './genome-table.js';
import type { PopulationData } from './population-data.js';

/** One generation of a GenomeMemo: a table of genomes and their values by entry. */
interface Generation<V> {
  table: GenomeTable;
  /** By entry; never shortened (an array's length set to 0 drops its storage): entries past the table's size are stale. */
  values: V[];
}

/**
 * Values of genomes found by structure (a worker's printed S-expressions, population.ts;
 * its snapshots' behavioural classes, epoch-worker.ts), so that a genome seen before needs
 * no text to be looked up. Bounded like BoundedMemo: new entries go into a young table;
 * when its genomes reach `limit` nodes it becomes the old one and the previous old table is
 * emptied for reuse, and a hit in the old table is copied into the young one. Memory stays
 * flat however long a run is, and no full clear makes every entry miss at once.
 */
export class GenomeMemo<V> {
  private young: Generation<V> = { table: new GenomeTable(), values: [] };
  private old: Generation<V> = { table: new GenomeTable(), values: [] };

  constructor(readonly limit: number) {}

  /** The value kept for genome k of `from`, or undefined. */
  get(from: PopulationData, k: number): V | undefined {
    const start = from.start[k];
    const len = from.len[k];
    const lifetime = from.lifetime[k] === 1;
    const hash = from.hash[k];
    const e = this.young.table.find(from, start, len, lifetime, hash);
    if (e >= 0) return this.young.values[e];
    const o = this.old.table.find(from, start, len, lifetime, hash);
    if (o < 0) return undefined;
    // Copied from `from`, not from the old table: making room may empty that table.
    const value = this.old.values[o];
    this.set(from, k, value);
    return value;
  }

  /** Keep `value` for genome k of `from` (not held: `get` returned undefined). */
  set(from: PopulationData, k: number, value: V): void {
    if (this.young.table.nodes + from.len[k] > this.limit && this.young.table.size > 0) {
      const emptied = this.old;
      emptied.table.clear();
      this.old = this.young;
      this.young = emptied;
    }
    this.young.table.addFrom(from, k);
    this.young.values[this.young.table.size - 1] = value;
  }
}
