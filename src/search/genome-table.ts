import type { Nodes } from './genome-buffer.js';
import { GenomeStore } from './genome-store.js';

/**
 * Genomes found by structure: an open-addressing table over a GenomeStore (hash, then
 * exact comparison of opcodes, literals and horizon gene), so that a lookup needs neither
 * an S-expression nor any allocation. The fitness memo's tables and the genomes an epoch's
 * hall of fame took in (island.ts) are such tables.
 */
export class GenomeTable extends GenomeStore {
  /** Entry index + 1 by slot; 0 is empty. */
  private slots = new Int32Array(64);

  override clear(): void {
    super.clear();
    this.slots.fill(0);
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
