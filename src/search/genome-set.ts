import { GenomeStore } from './genome-store.js';
import type { PopulationData } from './population-data.js';

/**
 * Genomes looked up by structure (hash, then nodes): the genomes an epoch's hall of fame
 * took in. An open-addressing table of store indices + 1 by hash: most lookups miss at
 * their first slot. (A scan per member of every generation was the island loop's largest
 * cost with a hall of thousands; a Map keyed by the 32-bit hash boxed half the keys.)
 */
export class GenomeSet {
  private readonly store = new GenomeStore();
  private slots = new Int32Array(64);

  clear(): void {
    if (this.store.size > 0) this.slots.fill(0);
    this.store.clear();
  }

  /** Whether member k of `from` (a population or population data) is held. */
  has(from: PopulationData, k: number): boolean {
    const { slots, store } = this;
    const mask = slots.length - 1;
    const hash = from.hash[k];
    for (let s = hash & mask; slots[s] !== 0; s = (s + 1) & mask) {
      if (store.holds(slots[s] - 1, from, from.start[k], from.len[k], from.lifetime[k] === 1, hash)) return true;
    }
    return false;
  }

  /** Add member k of `from` (the caller knows it is not held). */
  add(from: PopulationData, k: number): void {
    if (2 * (this.store.size + 1) > this.slots.length) this.rehash(2 * this.slots.length);
    this.store.addFrom(from, k);
    this.place(this.store.size - 1);
  }

  private place(j: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    let s = this.store.hash[j] & mask;
    while (slots[s] !== 0) s = (s + 1) & mask;
    slots[s] = j + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let j = 0; j < this.store.size; j++) this.place(j);
  }
}
