import { GenomeStore } from './genome-store.js';
import type { PopulationData } from './population-data.js';

/**
 * Genomes looked up by structure (hash, then nodes): the genomes an epoch's hall of fame
 * took in. Most lookups miss on the hash alone; a hall of thousands made a scan per
 * member of every generation the island loop's largest cost.
 */
export class GenomeSet {
  private readonly store = new GenomeStore();
  private readonly byHash = new Map<number, number[]>();

  clear(): void {
    this.store.clear();
    this.byHash.clear();
  }

  /** Whether member k of `from` (a population or population data) is held. */
  has(from: PopulationData, k: number): boolean {
    const held = this.byHash.get(from.hash[k]);
    if (held === undefined) return false;
    for (let h = 0; h < held.length; h++) {
      if (this.store.holds(held[h], from, from.start[k], from.len[k], from.lifetime[k] === 1, from.hash[k])) return true;
    }
    return false;
  }

  /** Add member k of `from` (the caller knows it is not held). */
  add(from: PopulationData, k: number): void {
    const j = this.store.size;
    this.store.addFrom(from, k);
    const held = this.byHash.get(from.hash[k]);
    if (held === undefined) this.byHash.set(from.hash[k], [j]);
    else held.push(j);
  }
}
