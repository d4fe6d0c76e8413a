import { K, type Instr } from './compile.js';
import { runKernels } from './run-program.js';

/**
 * Kinds this cache computes: one column operand (slot 0 of the one-instruction program
 * `column` runs), the rest numbers.
 */
export const derivable = (kind: K) => kind === K.VS || kind === K.SV || kind === K.Neg || kind === K.IfSS;

/**
 * Columns derived from one input column and numbers — `(sub x0 1)`, `(neg s2)`, the
 * threshold `(ifpos (sub x0 1) -1 1)` — computed once over every episode and kept for
 * the genomes that follow: a population shares such subtrees, and a compiled program
 * then reads the column instead of running one or two kernels over every block.
 *
 * The column is computed by the very kernel the program would run, so values are
 * bit-identical. Kept: the `limit` most recently used; a column evicted while a genome
 * is being compiled is only reused for the next genome (`begin`).
 */
const LIMIT = 64;

export class DerivedColumns {
  private readonly ids = new Map<Float64Array, number>();
  private nextId = 0;
  private readonly columns = new Map<string, Float64Array>();
  private readonly spare: Float64Array[] = [];
  private evicted: Float64Array[] = [];

  constructor(readonly rows: number, private readonly limit = LIMIT) {}

  /** Start compiling a genome: columns evicted before now may be overwritten. */
  begin(): void {
    // A spare gets new content: forget any id it was given (even after eviction, as an
    // input to a further derived column), so no key built on its old content matches it.
    for (const c of this.evicted) {
      this.ids.delete(c);
      this.spare.push(c);
    }
    this.evicted = [];
  }

  /** The column of `ins` (a `derivable` kind; its column operand is `input`). */
  column(ins: Instr, input: Float64Array): Float64Array {
    const key = `${ins.kind},${ins.op},${this.id(input)},${num(ins.k1)},${num(ins.k2)}`;
    let col = this.columns.get(key);
    if (col !== undefined) {
      this.columns.delete(key); // most recently used last
      this.columns.set(key, col);
      return col;
    }
    col = this.spare.pop() ?? new Float64Array(this.rows);
    const one: Instr = { kind: ins.kind, op: ins.op, out: 1, a: 0, b: 0, c: -1, k1: ins.k1, k2: ins.k2 };
    runKernels([one], [input, col], 0, this.rows);
    if (this.columns.size >= this.limit) {
      const [oldKey, old] = this.columns.entries().next().value as [string, Float64Array];
      this.columns.delete(oldKey);
      this.evicted.push(old);
    }
    this.columns.set(key, col);
    return col;
  }

  private id(col: Float64Array): number {
    let id = this.ids.get(col);
    if (id === undefined) this.ids.set(col, (id = this.nextId++));
    return id;
  }
}

/** A number as a key: −0 apart from 0. */
function num(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}
