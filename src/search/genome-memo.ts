import { GenomeTable } from './genome-table.js';
import type { PopulationData } from './population-data.js';

/**
 * Values of genomes found by structure (a worker's printed S-expressions, population.ts),
 * so that a genome seen before needs no text to be looked up: a GenomeTable with a value
 * per entry. Emptied when its genomes reach `limit` nodes (what it let go is made again
 * when asked for), so that memory stays flat however long a run is.
 */
export class GenomeMemo<V> {
  private readonly table = new GenomeTable();
  /** By entry; never shortened (an array's length set to 0 drops its storage): entries past the table's size are stale. */
  private readonly values: V[] = [];

  constructor(readonly limit: number) {}

  /** The value kept for genome k of `from`, or undefined. */
  get(from: PopulationData, k: number): V | undefined {
    const e = this.table.find(from, from.start[k], from.len[k], from.lifetime[k] === 1, from.hash[k]);
    return e < 0 ? undefined : this.values[e];
  }

  /** Keep `value` for genome k of `from` (not held: `get` returned undefined). */
  set(from: PopulationData, k: number, value: V): void {
    if (this.table.nodes + from.len[k] > this.limit && this.table.size > 0) this.table.clear();
    this.table.addFrom(from, k);
    this.values[this.table.size - 1] = value;
  }
}
