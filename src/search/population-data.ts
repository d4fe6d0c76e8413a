import { print, type Genome } from '../core/genome.js';
import type { PrimitiveSet } from '../core/primitives.js';
import { genomeAt, GenomeBuffer, hashAt, type Stored } from './genome-buffer.js';
import { GenomeStore } from './genome-store.js';
import type { Member } from './member.js';

/**
 * A population as plain data, in typed arrays: what crosses between threads, what
 * migration rearranges and what the search holds between epochs. Member i is the genome
 * [start[i], start[i] + len[i]) of the node arrays, with its horizon gene, structural hash
 * (genome-buffer.ts hashAt), training reward, DL and fitness, in population order.
 *
 * Why not members with their S-expressions: every epoch's population was printed by a
 * worker, split into objects by the main thread and parsed by the next worker (3–4% of a
 * worker's time, and most of the main thread's garbage). Structured cloning copies these
 * arrays whole; text is made only for checkpoints (membersOf) and read back (dataOf).
 * Never changed once made: migration builds new data (picked).
 */
export interface PopulationData extends Stored {
  hash: Int32Array;
  reward: Float64Array;
  dl: Float64Array;
  fitness: Float64Array;
}

export function sizeOf(d: PopulationData): number {
  return d.len.length;
}

/** Member i's genome as a plain Genome. */
export function genomeOf(d: PopulationData, i: number): Genome {
  return genomeAt(d, d.start[i], d.len[i], d.lifetime[i] === 1);
}

/** The members, printed (checkpoints, tests). */
export function membersOf(d: PopulationData, ps: PrimitiveSet): Member[] {
  return Array.from({ length: sizeOf(d) }, (_, i) => ({ expr: print(genomeOf(d, i), ps), reward: d.reward[i], dl: d.dl[i], fitness: d.fitness[i] }));
}

/** Members as data, their genomes from `genome` (a parser: the caller says what a bad text means). */
export function dataOf(members: readonly Member[], genome: (expr: string) => Genome): PopulationData {
  const store = new GenomeStore();
  const b = new GenomeBuffer();
  for (const m of members) {
    b.load(genome(m.expr));
    store.add(b, 0, b.len, b.lifetime, hashAt(b, 0, b.len, b.lifetime), m);
  }
  return store.data();
}

/** A population of the listed members of populations, in the order listed: parts of [data, member indices]. */
export function picked(parts: readonly (readonly [PopulationData, ArrayLike<number>])[]): PopulationData {
  let genomes = 0;
  let nodes = 0;
  for (const [d, indices] of parts) {
    genomes += indices.length;
    for (let k = 0; k < indices.length; k++) nodes += d.len[indices[k]];
  }
  const store = new GenomeStore(genomes, nodes);
  for (const [d, indices] of parts) {
    for (let k = 0; k < indices.length; k++) {
      store.addFrom(d, indices[k]);
    }
  }
  return store.data();
}
