import { Code, type K } from './compile.js';
import { runKernels } from './run-program.js';

/**
 * Columns derived from one input column and numbers — `(sub x0 1)`, `(neg s2)`, the
 * threshold `(ifpos (sub x0 1) -1 1)` — computed once over every episode and kept for
 * the genomes that follow: a population shares such subtrees, and a compiled program
 * then reads the column instead of running one or two kernels over every block.
 *
 * The column is computed by the very kernel the program would run, so values are
 * bit-identical. Kept: the `limit` most recently used; a column evicted while a genome
 * is being compiled is only reused for the next genome (`begin`).
 *
 * Entries are found by a scan of a few typed arrays (kind, opcode, input id, and the
 * numbers' bits): no key is built per lookup, so a lookup allocates nothing.
 */
const LIMIT = 64;

export class DerivedColumns {
  private readonly ids = new Map<Float64Array, number>();
  private nextId = 0;
  /** Entry e: the column of (kind[e], op[e], input id[e], k1, k2), last used at time used[e]. */
  private readonly kind: Int32Array;
  private readonly op: Int32Array;
  private readonly input: Int32Array;
  /** k1 and k2 of each entry (sameNumber compares them). */
  private readonly k: Float64Array;
  private readonly used: Float64Array;
  private readonly columns: Float64Array[] = [];
  private clock = 0;
  private readonly spare: Float64Array[] = [];
  private evicted: Float64Array[] = [];

  constructor(readonly rows: number, private readonly limit = LIMIT) {
    this.kind = new Int32Array(limit);
    this.op = new Int32Array(limit);
    this.input = new Int32Array(limit);
    this.k = new Float64Array(2 * limit);
    this.used = new Float64Array(limit);
  }

  /** Start compiling a genome: columns evicted before now may be overwritten. */
  begin(): void {
    // A spare gets new content: forget any id it was given (even after eviction, as an
    // input to a further derived column), so no key built on its old content matches it.
    // An index loop: `for … of` made an iterator per compile (nearly always over nothing).
    const evicted = this.evicted;
    if (evicted.length === 0) return;
    for (let i = 0; i < evicted.length; i++) {
      this.ids.delete(evicted[i]);
      this.spare.push(evicted[i]);
    }
    evicted.length = 0;
  }

  /** The column of the instruction (kind, op, k1, k2) over `input` (a `derivable` kind). */
  column(kind: K, op: number, k1: number, k2: number, input: Float64Array): Float64Array {
    const id = this.id(input);
    const n = this.columns.length;
    for (let e = 0; e < n; e++) {
      if (this.kind[e] === kind && this.op[e] === op && this.input[e] === id && sameNumber(this.k[2 * e], k1) && sameNumber(this.k[2 * e + 1], k2)) {
        this.used[e] = ++this.clock; // most recently used
        return this.columns[e];
      }
    }
    let e = n;
    if (n >= this.limit) {
      // The least recently used makes room.
      e = 0;
      for (let j = 1; j < n; j++) if (this.used[j] < this.used[e]) e = j;
      this.evicted.push(this.columns[e]);
    }
    const col = this.spare.pop() ?? new Float64Array(this.rows);
    one.length = 0;
    one.push(kind, op, 1, 0, 0, -1, k1, k2);
    pairOfSlots[0] = input;
    pairOfSlots[1] = col;
    runKernels(one, pairOfSlots, 0, this.rows);
    this.columns[e] = col;
    this.kind[e] = kind;
    this.op[e] = op;
    this.input[e] = id;
    this.k[2 * e] = k1;
    this.k[2 * e + 1] = k2;
    this.used[e] = ++this.clock;
    return col;
  }

  private id(col: Float64Array): number {
    let id = this.ids.get(col);
    if (id === undefined) this.ids.set(col, (id = this.nextId++));
    return id;
  }
}

/** The one-instruction program `column` runs, and its two slots (input, output). */
const one = new Code();
const pairOfSlots: Float64Array[] = [new Float64Array(0), new Float64Array(0)];

/** Equal as keys: −0 apart from 0, and NaN equal to NaN (as the numbers' texts were). */
function sameNumber(x: number, y: number): boolean {
  return x === y ? x !== 0 || 1 / x === 1 / y : x !== x && y !== y;
}
