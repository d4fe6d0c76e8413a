import { grown } from '../core/grown.js';
import { copyNodes, genomeAt, sameAt, type Nodes, type Stored } from './genome-buffer.js';
import type { Fitness } from '../core/assess.js';
import { allocateData, type PopulationData } from './population-data.js';

/**
 * Genomes with their fitness, end to end in typed arrays: genome k is the run
 * [start[k], start[k] + len[k]) of the node arrays, with its horizon gene, structural hash
 * (genome-buffer.ts hashAt), training reward, DL and fitness. The island loop's
 * populations and the fitness memo's tables are stores; nothing in one is an object of
 * its own, so the garbage collector has nothing of them to copy.
 */
export class GenomeStore implements Stored {
  ops = new Int32Array(1024);
  vals = new Float64Array(1024);
  start = new Int32Array(32);
  len = new Int32Array(32);
  lifetime = new Uint8Array(32);
  hash = new Int32Array(32);
  reward = new Float64Array(32);
  dl = new Float64Array(32);
  fitness = new Float64Array(32);
  /** Genomes held. */
  size = 0;
  /** Nodes used. */
  protected used = 0;

  /** Nodes held, of every genome. */
  get nodes(): number {
    return this.used;
  }

  /** Forget every genome (the arrays are kept for reuse). */
  clear(): void {
    this.size = 0;
    this.used = 0;
  }

  /**
   * Append the genome [start, start + len) of `src` with its hash and fitness. The fitness
   * comes as an object (an assessment, the memo, a member) or, in addFrom, from arrays:
   * numbers passed one by one to a call V8 does not inline are each boxed on the heap.
   */
  add(src: Nodes, start: number, len: number, lifetime: boolean, hash: number, f: Fitness): void {
    this.setFitness(this.appendGenome(src, start, len, lifetime, hash), f);
  }

  /** Set genome k's fitness (a member added before it was assessed). */
  setFitness(k: number, f: Fitness): void {
    this.reward[k] = f.reward;
    this.dl[k] = f.dl;
    this.fitness[k] = f.fitness;
  }

  /** Append genome k of `from` (a store, or population data) with its hash and fitness. */
  addFrom(from: PopulationData, k: number): void {
    const j = this.appendGenome(from, from.start[k], from.len[k], from.lifetime[k] === 1, from.hash[k]);
    this.reward[j] = from.reward[k];
    this.dl[j] = from.dl[k];
    this.fitness[j] = from.fitness[k];
  }

  /** Append a genome's nodes, horizon gene and hash; the caller sets its fitness. Returns its index. */
  protected appendGenome(src: Nodes, start: number, len: number, lifetime: boolean, hash: number): number {
    const k = this.size;
    if (k === this.start.length) this.growEntries(2 * k);
    if (this.used + len > this.ops.length) {
      this.ops = grown(this.ops, this.used + len);
      this.vals = grown(this.vals, this.used + len);
    }
    const used = this.used;
    copyNodes(this, used, src, start, len);
    this.start[k] = used;
    this.len[k] = len;
    this.lifetime[k] = lifetime ? 1 : 0;
    this.hash[k] = hash;
    this.used = used + len;
    this.size = k + 1;
    return k;
  }

  /** Whether genome k is the genome [start, start + len) of `src` with this horizon gene and hash. */
  holds(k: number, src: Nodes, start: number, len: number, lifetime: boolean, hash: number): boolean {
    return this.hash[k] === hash && this.len[k] === len && this.lifetime[k] === (lifetime ? 1 : 0) && sameAt(this, this.start[k], src, start, len);
  }

  /** The genomes held, as data of their own (copies of exactly the entries and nodes used; one buffer). */
  data(): PopulationData {
    const n = this.size;
    const d = allocateData(n, this.used);
    d.ops.set(this.ops.subarray(0, this.used));
    d.vals.set(this.vals.subarray(0, this.used));
    d.start.set(this.start.subarray(0, n));
    d.len.set(this.len.subarray(0, n));
    d.lifetime.set(this.lifetime.subarray(0, n));
    d.hash.set(this.hash.subarray(0, n));
    d.reward.set(this.reward.subarray(0, n));
    d.dl.set(this.dl.subarray(0, n));
    d.fitness.set(this.fitness.subarray(0, n));
    return d;
  }

  genome(k: number): ReturnType<typeof genomeAt> {
    return genomeAt(this, this.start[k], this.len[k], this.lifetime[k] === 1);
  }

  private growEntries(n: number): void {
    this.start = grown(this.start, n);
    this.len = grown(this.len, n);
    this.hash = grown(this.hash, n);
    this.reward = grown(this.reward, n);
    this.dl = grown(this.dl, n);
    this.fitness = grown(this.fitness, n);
    this.lifetime = grown(this.lifetime, n);
  }
}
