import { print, type Genome } from '../core/genome.js';
import type { PrimitiveSet } from '../core/primitives.js';
import { copyNodes, genomeAt, hashAt, type Stored } from './genome-buffer.js';
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

/**
 * Data for `size` members of `nodes` nodes in all, zeroed: every array a view of one
 * buffer, so that making it is one allocation and cloning it to another thread copies one
 * buffer (numbers first, for the alignment of the 8-byte views).
 */
export function allocateData(size: number, nodes: number): PopulationData {
  const buffer = new ArrayBuffer(8 * (3 * size + nodes) + 4 * (nodes + 3 * size) + size);
  let at = 0;
  const f64 = (n: number) => new Float64Array(buffer, (at += 8 * n) - 8 * n, n);
  const i32 = (n: number) => new Int32Array(buffer, (at += 4 * n) - 4 * n, n);
  const reward = f64(size);
  const dl = f64(size);
  const fitness = f64(size);
  const vals = f64(nodes);
  const ops = i32(nodes);
  const start = i32(size);
  const len = i32(size);
  const hash = i32(size);
  const lifetime = new Uint8Array(buffer, at, size);
  return { ops, vals, start, len, lifetime, hash, reward, dl, fitness };
}

export function sizeOf(d: PopulationData): number {
  return d.len.length;
}

/** Member i's genome as a plain Genome. */
function genomeOf(d: PopulationData, i: number): Genome {
  return genomeAt(d, d.start[i], d.len[i], d.lifetime[i] === 1);
}

/** The members, printed (checkpoints, tests). */
export function membersOf(d: PopulationData, ps: PrimitiveSet): Member[] {
  return Array.from({ length: sizeOf(d) }, (_, i) => ({ expr: print(genomeOf(d, i), ps), reward: d.reward[i], dl: d.dl[i], fitness: d.fitness[i] }));
}

/** Members as data, their genomes from `genome` (a parser: the caller says what a bad text means). */
export function dataOf(members: readonly Member[], genome: (expr: string) => Genome): PopulationData {
  const genomes = members.map((m) => genome(m.expr));
  const d = allocateData(members.length, genomes.reduce((n, g) => n + g.ops.length, 0));
  let at = 0;
  genomes.forEach((g, i) => {
    const n = g.ops.length;
    d.ops.set(g.ops, at);
    d.vals.set(g.vals, at);
    d.start[i] = at;
    d.len[i] = n;
    d.lifetime[i] = g.horizon === 'lifetime' ? 1 : 0;
    d.hash[i] = hashAt(d, at, n, g.horizon === 'lifetime');
    d.reward[i] = members[i].reward;
    d.dl[i] = members[i].dl;
    d.fitness[i] = members[i].fitness;
    at += n;
  });
  return d;
}

/** A population of the listed members of populations, in the order listed: parts of [data, member indices]. */
export function picked(parts: readonly (readonly [PopulationData, ArrayLike<number>])[]): PopulationData {
  let size = 0;
  let nodes = 0;
  for (const [d, indices] of parts) {
    size += indices.length;
    for (let k = 0; k < indices.length; k++) nodes += d.len[indices[k]];
  }
  const out = allocateData(size, nodes);
  let j = 0;
  let at = 0;
  for (const [d, indices] of parts) {
    for (let k = 0; k < indices.length; k++, j++) {
      const i = indices[k];
      const n = d.len[i];
      copyNodes(out, at, d, d.start[i], n);
      out.start[j] = at;
      out.len[j] = n;
      out.lifetime[j] = d.lifetime[i];
      out.hash[j] = d.hash[i];
      out.reward[j] = d.reward[i];
      out.dl[j] = d.dl[i];
      out.fitness[j] = d.fitness[i];
      at += n;
    }
  }
  return out;
}
