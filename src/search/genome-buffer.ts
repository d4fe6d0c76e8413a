import type { Genome, GenomeNodes } from '../core/genome.js';
import { grown } from '../core/grown.js';
import { Op, type PrimitiveSet } from '../core/primitives.js';

/**
 * Genomes as the island loop holds them: opcodes and literal values in typed arrays,
 * a genome being a run [start, start + len) of them, with its horizon gene as a flag.
 * Members, offspring and memo entries then live in a few long-lived arrays instead of
 * three objects each: what the garbage collector copied at every scavenge (README
 * "Performance").
 */
export interface Nodes {
  ops: Int32Array;
  vals: Float64Array;
}

/**
 * Copy the `n` nodes from `from` in `src` to `at` in `dst` (large enough). A loop, not
 * set(subarray(…)): genomes are short, and a subarray is an object per call (two per
 * member were most of migration's cost). The arrays are read once: callers pass several
 * shapes (buffer, population, memo table, data), so each read is a megamorphic lookup.
 */
export function copyNodes(dst: Nodes, at: number, src: Nodes, from: number, n: number): void {
  const dops = dst.ops;
  const dvals = dst.vals;
  const sops = src.ops;
  const svals = src.vals;
  for (let i = 0; i < n; i++) {
    dops[at + i] = sops[from + i];
    dvals[at + i] = svals[from + i];
  }
}

/** Genomes held end to end in node arrays (genome-store.ts): what a GenomeBuffer copies one from. */
export interface Stored extends Nodes {
  start: Int32Array;
  len: Int32Array;
  lifetime: Uint8Array;
}

/** Arity by opcode, as a typed array for the loops below. */
export function arities(ps: PrimitiveSet): Uint8Array {
  return Uint8Array.from(ps.table, (p) => p.arity);
}

/** Index one past the end of the subtree rooted at `at` (genome.ts subtreeEnd on typed arrays). */
export function subtreeEndAt(ops: Int32Array, at: number, arity: Uint8Array): number {
  let need = 1;
  let i = at;
  while (need > 0) need += arity[ops[i++]] - 1;
  return i;
}

let open = new Int32Array(64);

/** Depth of the genome [start, start + len) (genome.ts depth on typed arrays). */
export function depthAt(ops: Int32Array, start: number, len: number, arity: Uint8Array): number {
  if (open.length < len) open = new Int32Array(2 * len);
  let max = 0;
  let top = 0;
  for (let i = start; i < start + len; i++) {
    if (top + 1 > max) max = top + 1;
    const a = arity[ops[i]];
    if (a > 0) open[top++] = a;
    else while (top > 0 && --open[top - 1] === 0) top--;
  }
  return max;
}

/** A hash of a genome's structure: equal genomes hash equally (the memo and the distinct count check equality). */
export function hashAt(n: Nodes, start: number, len: number, lifetime: boolean): number {
  let h = lifetime ? 0x5bd1e995 : 0x811c9dc5;
  const ops = n.ops;
  const vals = n.vals;
  for (let i = start; i < start + len; i++) {
    const op = ops[i];
    h = Math.imul(h ^ op, 0x01000193);
    if (op === Op.Const) h = Math.imul(h ^ ((vals[i] * 1_000_003) | 0), 0x01000193);
  }
  return h ^ (h >>> 15);
}

/** Whether two genomes are the same (they then print the same). */
export function sameAt(a: Nodes, i: number, b: Nodes, j: number, len: number): boolean {
  const aops = a.ops;
  const avals = a.vals;
  const bops = b.ops;
  const bvals = b.vals;
  for (let k = 0; k < len; k++) if (aops[i + k] !== bops[j + k] || avals[i + k] !== bvals[j + k]) return false;
  return true;
}

/** A plain Genome of the run [start, start + len). */
export function genomeAt(n: Nodes, start: number, len: number, lifetime: boolean): Genome {
  const ops = new Array<number>(len);
  const vals = new Array<number>(len);
  for (let k = 0; k < len; k++) {
    ops[k] = n.ops[start + k];
    vals[k] = n.vals[start + k];
  }
  return lifetime ? { ops, vals, horizon: 'lifetime' } : { ops, vals };
}

/** One genome being built (an offspring, a grown tree): appended to, then copied where it is kept. */
export class GenomeBuffer implements Nodes {
  ops = new Int32Array(64);
  vals = new Float64Array(64);
  len = 0;
  lifetime = false;
  /** view()'s views of the arrays, by length (reserve drops them with the arrays). */
  private myopicViews: (GenomeNodes | undefined)[] = [];
  private lifetimeViews: (GenomeNodes | undefined)[] = [];

  clear(lifetime: boolean): void {
    this.len = 0;
    this.lifetime = lifetime;
  }

  push(op: number, val: number): void {
    if (this.len === this.ops.length) this.reserve(this.len + 1);
    this.ops[this.len] = op;
    this.vals[this.len++] = val;
  }

  /** Append nodes [from, to) of `src`. */
  append(src: Nodes, from: number, to: number): void {
    this.reserve(this.len + to - from);
    copyNodes(this, this.len, src, from, to - from);
    this.len += to - from;
  }

  /** Load a plain genome (tests, scripts, genomes made by the plain-genome operators). */
  load(g: Genome): this {
    this.clear(g.horizon === 'lifetime');
    this.reserve(g.ops.length);
    for (let k = 0; k < g.ops.length; k++) {
      this.ops[k] = g.ops[k];
      this.vals[k] = g.vals[k];
    }
    this.len = g.ops.length;
    return this;
  }

  /** Load genome k of a store (a copy of a member, to vary or to assess again). */
  loadMember(store: Stored, k: number): this {
    this.clear(store.lifetime[k] === 1);
    this.append(store, store.start[k], store.start[k] + store.len[k]);
    return this;
  }

  toGenome(): Genome {
    return genomeAt(this, 0, this.len, this.lifetime);
  }

  /**
   * The genome as the evaluator reads it: views of this buffer's arrays (what it holds
   * now), made once per length and horizon gene while the arrays last. The evaluator keeps
   * no genome; plain arrays refilled for each genome assessed had been 0.4% of a run.
   */
  view(): GenomeNodes {
    const views = this.lifetime ? this.lifetimeViews : this.myopicViews;
    return (views[this.len] ??= this.lifetime ? { ops: this.ops.subarray(0, this.len), vals: this.vals.subarray(0, this.len), horizon: 'lifetime' } : { ops: this.ops.subarray(0, this.len), vals: this.vals.subarray(0, this.len) });
  }

  private reserve(need: number): void {
    if (need <= this.ops.length) return;
    this.ops = grown(this.ops, need);
    this.vals = grown(this.vals, need);
    // Views of the old arrays would read what they held.
    this.myopicViews = [];
    this.lifetimeViews = [];
  }
}
