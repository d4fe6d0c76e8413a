import type { DerivedColumns } from './derived.js';
import type { Binding, Frame } from './frame.js';
import type { GenomeNodes } from './genome.js';
import { subtreeEnd } from './genome.js';
import { grown } from './grown.js';
import { applyFunction, Op, type PrimitiveSet } from './primitives.js';

/**
 * Compiles a genome, for one frame, into a straight-line program of column kernels.
 *
 * Why: the tree is walked once per genome here, not once per episode or per block, and
 * the walk removes work that an episode-by-episode loop repeats on every row:
 * - values are hash-consed, so a subtree with the same inputs is computed once: every
 *   answer-independent subtree is shared by all candidate actions, and repeated
 *   subtrees within a genome are computed once;
 * - terminals that do not vary over rows (answer, training, deployment's RAM cells,
 *   literals) are numbers, and nodes over numbers fold at compile time with the very
 *   same JavaScript operation, so results stay bit-identical;
 * - multiplying by ±1 (e.g. `(mul answer F)`) is an alias or a negation, not a loop.
 * Temporaries get registers by linear scan, so a program touches few columns.
 *
 * A new kind needs its kernel in run-program.ts `runKernels`, numbered before Fill (warmKernels runs VV … Fill).
 */
export const enum K {
  /** out = a ∘ b over columns; VS: b is a number; SV: a is a number. */
  VV = 0,
  VS = 1,
  SV = 2,
  Neg = 3,
  /** out = cond > 0 ? b : c, with b and c each a column (V) or a number (S). */
  IfVV = 4,
  IfVS = 5,
  IfSV = 6,
  IfSS = 7,
  Fill = 8,
}

/**
 * Kinds the derived-column cache computes (derived.ts): one column operand, the rest
 * numbers.
 */
const derivable = (kind: K) => kind === K.VS || kind === K.SV || kind === K.Neg || kind === K.IfSS;

/**
 * Instructions as columns, one typed array per field: instruction i is the kernel kind[i]
 * (with opcode op[i] for VV, VS, SV) writing slot out[i] from slots a[i], b[i], c[i] (−1:
 * a number operand) and the numbers k1[i] (the first number operand) and k2[i] (the
 * else-branch number of ifpos). Slots index program inputs, then registers.
 *
 * Columns rather than an object per instruction: a run compiles a genome per offspring,
 * and objects per instruction were most of what the collector had to scavenge.
 */
export class Code {
  length = 0;
  kind = new Int32Array(16);
  op = new Int32Array(16);
  out = new Int32Array(16);
  a = new Int32Array(16);
  b = new Int32Array(16);
  c = new Int32Array(16);
  k1 = new Float64Array(16);
  k2 = new Float64Array(16);

  push(kind: K, op: number, out: number, a: number, b: number, c: number, k1: number, k2: number): void {
    if (this.length === this.kind.length) this.grow();
    const i = this.length++;
    this.kind[i] = kind;
    this.op[i] = op;
    this.out[i] = out;
    this.a[i] = a;
    this.b[i] = b;
    this.c[i] = c;
    this.k1[i] = k1;
    this.k2[i] = k2;
  }

  private grow(): void {
    const n = 2 * this.kind.length;
    this.kind = grown(this.kind, n);
    this.op = grown(this.op, n);
    this.out = grown(this.out, n);
    this.a = grown(this.a, n);
    this.b = grown(this.b, n);
    this.c = grown(this.c, n);
    this.k1 = grown(this.k1, n);
    this.k2 = grown(this.k2, n);
  }
}

/**
 * A compiled program. It lives in the compiler's reused arrays: valid until the next
 * compile on the same thread (evaluators run it at once).
 */
export interface Program {
  /** Input columns: slots 0 … inputCount−1 (the array is reused: entries after those are stale). */
  inputs: Float64Array[];
  inputCount: number;
  /** Registers needed: slots inputCount … inputCount+registers−1. */
  registers: number;
  code: Code;
  /** Candidates of the frame (2, or 4 with tampering). */
  candidates: number;
  /** Slot of U for each candidate: roots[0 … candidates−1]. */
  roots: Int32Array;
  /**
   * Two candidates whose values are opposite on every row: 1 when U(−1) = −U(+1) (as
   * `(mul answer F)` compiles), −1 when U(+1) = −U(−1), 0 otherwise. The negation is not
   * computed: the decision reads the sign of the other root (run-program.ts).
   */
  mirror: 0 | 1 | -1;
}

/**
 * A compiled value is a handle: a slot (≥ 0: an input, or an SSA temporary from TEMP on,
 * before allocation) or a number (< 0: numbers[−1 − h]). Numbers are interned by their
 * bits, so equal handles are equal values, and hash-consing keys are the handles themselves.
 */
type Val = number;

/** SSA temporaries are numbered from TEMP, above every input slot, until allocation. */
const TEMP = 1 << 20;
/** The hash-consing tag of an interned number (instruction tags, kind·8 + op, are ≥ 0); its key is its bits. */
const NUMBER = -1;
/** The absent operand of a hash-consing key (no handle is this low). */
const NONE = -(2 ** 31);

/**
 * `derived`: a cache of columns over this frame's rows (derived.ts), for the episodes'
 * frame. The Program returned lives in this thread's compiler: run it before compiling
 * again (the evaluator does; nothing compiles while a program runs).
 */
export function compile(g: GenomeNodes, ps: PrimitiveSet, frame: Frame, derived?: DerivedColumns): Program {
  derived?.begin();
  return compiler.compile(g, ps, frame, derived);
}

/**
 * The compiler's state, reused by every compile on a thread: its arrays only grow, so that
 * compiling a genome allocates nothing. Methods rather than closures made per compile:
 * V8 keeps a closure's optimised code only while a closure of it is alive.
 */
class Compiler {
  private g!: GenomeNodes;
  private ps!: PrimitiveSet;
  private frame!: Frame;
  private derived: DerivedColumns | undefined;
  private pos = 0;
  /** Reused, never shortened (an array's length set to 0 drops its storage): inputCount says how many are this compile's. */
  private readonly inputs: Float64Array[] = [];
  private inputCount = 0;
  private readonly ssa = new Code();
  private readonly program: Program = { inputs: this.inputs, inputCount: 0, registers: 0, code: new Code(), candidates: 0, roots: new Int32Array(4), mirror: 0 };
  /** Tables below are valid where their stamp is this compile's: nothing is cleared between compiles. */
  private stamp = 0;
  /** Interned numbers (found in the hash-consing table under NUMBER, by their bits). */
  private numbers = new Float64Array(64);
  private numberCount = 0;
  /** Hash-consing: an open-addressing table from (tag, a, b, c) to the value, for instructions and numbers. */
  private memoTag = new Int32Array(64);
  private memoA = new Int32Array(64);
  private memoB = new Int32Array(64);
  private memoC = new Int32Array(64);
  private memoVal = new Int32Array(64);
  private memoStamp = new Int32Array(64);
  /** Register allocation's scratch, by SSA index. */
  private lastUse = new Int32Array(16);
  private physical = new Int32Array(16);
  private released = new Int32Array(16);
  private nextReleased = new Int32Array(16);
  private free = new Int32Array(16);

  compile(g: GenomeNodes, ps: PrimitiveSet, frame: Frame, derived: DerivedColumns | undefined): Program {
    this.g = g;
    this.ps = ps;
    this.frame = frame;
    this.derived = derived;
    this.inputCount = 0;
    this.ssa.length = 0;
    this.numberCount = 0;
    // Each node makes at most one temporary or number per candidate, and each candidate at
    // most one Fill: the table is at most a quarter full.
    this.reserve(4 * (g.ops.length + 1) * frame.cands.length);
    if (++this.stamp === 2 ** 31 - 1) this.restamp();
    const roots = this.program.roots;
    const candidates = frame.cands.length;
    for (let cand = 0; cand < candidates; cand++) {
      this.pos = 0;
      let v = this.node(cand);
      if (v < 0) v = this.emit(K.Fill, 0, v, NONE, NONE);
      roots[cand] = v;
    }
    // A root that only negates the other root is not computed (allocation drops it: nothing reads it).
    let mirror: 0 | 1 | -1 = 0;
    if (candidates === 2) {
      if (this.negates(roots[0], roots[1])) mirror = 1;
      else if (this.negates(roots[1], roots[0])) mirror = -1;
      if (mirror !== 0) roots[0] = roots[1] = mirror === 1 ? roots[1] : roots[0];
    }
    this.program.candidates = candidates;
    this.program.mirror = mirror;
    this.allocate();
    return this.program;
  }

  /** Tables of at least `size` slots (a power of two). */
  private reserve(size: number): void {
    if (this.memoTag.length >= size) return;
    let n = this.memoTag.length;
    while (n < size) n *= 2;
    this.memoTag = new Int32Array(n);
    this.memoA = new Int32Array(n);
    this.memoB = new Int32Array(n);
    this.memoC = new Int32Array(n);
    this.memoVal = new Int32Array(n);
    this.memoStamp = new Int32Array(n);
    if (this.numbers.length < n) this.numbers = new Float64Array(n);
  }

  private restamp(): void {
    this.stamp = 1;
    this.memoStamp.fill(0);
  }

  private num(v: Val): number {
    return this.numbers[-1 - v];
  }

  private numVal(v: number): Val {
    // One NaN: payloads differ in bits only, and every NaN computes alike. −0 has bits of its own.
    if (v !== v) v = NaN;
    bits[0] = v;
    const s = this.slotOf(NUMBER, words[0], words[1], 0);
    if (this.memoStamp[s] === this.stamp) return this.memoVal[s];
    const i = this.numberCount++;
    this.numbers[i] = v;
    return this.hold(s, NUMBER, words[0], words[1], 0, -1 - i);
  }

  /** The slot of (tag, a, b, c) in the hash-consing table: its entry, or (stamped by an earlier compile) where it goes. */
  private slotOf(tag: number, a: number, b: number, c: number): number {
    const mask = this.memoTag.length - 1;
    let s = mix(tag, a, b, c) & mask;
    for (; this.memoStamp[s] === this.stamp; s = (s + 1) & mask) {
      if (this.memoTag[s] === tag && this.memoA[s] === a && this.memoB[s] === b && this.memoC[s] === c) return s;
    }
    return s;
  }

  private hold(s: number, tag: number, a: number, b: number, c: number, v: Val): Val {
    this.memoTag[s] = tag;
    this.memoA[s] = a;
    this.memoB[s] = b;
    this.memoC[s] = c;
    this.memoVal[s] = v;
    this.memoStamp[s] = this.stamp;
    return v;
  }

  private bind(b: Binding): Val {
    if (typeof b === 'number') return this.numVal(b);
    const { inputs } = this;
    for (let i = 0; i < this.inputCount; i++) if (inputs[i] === b) return i;
    inputs[this.inputCount] = b;
    return this.inputCount++;
  }

  private emit(kind: K, op: number, a: Val, b: Val, c: Val): Val {
    const tag = kind * 8 + op;
    const s = this.slotOf(tag, a, b, c);
    if (this.memoStamp[s] === this.stamp) return this.memoVal[s];
    // Numbers ride in k1 (the first number operand) and k2 (the else-branch number of ifpos).
    const k1 = kind === K.SV || kind === K.Fill ? this.num(a) : kind === K.VS || kind === K.IfSV || kind === K.IfSS ? this.num(b) : 0;
    const k2 = kind === K.IfVS || kind === K.IfSS ? this.num(c) : 0;
    // Over one input column and numbers: read the derived column instead of running a kernel.
    const input = kind === K.SV ? b : a;
    let v: Val;
    if (this.derived && derivable(kind) && input >= 0 && input < TEMP) {
      v = this.bind(this.derived.column(kind, op, k1, k2, this.inputs[input]));
    } else {
      v = TEMP + this.ssa.length;
      this.ssa.push(kind, op, v, slotOf(a), slotOf(b), slotOf(c), k1, k2);
    }
    // The slot is still free: binding a derived column (an input) adds no entry.
    return this.hold(s, tag, a, b, c, v);
  }

  private node(cand: number): Val {
    const { g, ps } = this;
    const i = this.pos++;
    const op = g.ops[i];
    const arity = ps.table[op].arity;
    if (arity === 0) return op === Op.Const ? this.numVal(g.vals[i]) : this.bind(this.frame.bind(op, cand));
    const a = this.node(cand);
    if (op === Op.Neg) return a < 0 ? this.numVal(-this.num(a)) : this.emit(K.Neg, 0, a, NONE, NONE);
    if (op === Op.IfPos) {
      if (a < 0) {
        // A number condition picks one branch for every row: the other is never needed.
        if (this.num(a) > 0) {
          const v = this.node(cand);
          this.pos = subtreeEnd(g, this.pos, ps);
          return v;
        }
        this.pos = subtreeEnd(g, this.pos, ps);
        return this.node(cand);
      }
      const b = this.node(cand);
      const d = this.node(cand);
      const kind = b >= 0 ? (d >= 0 ? K.IfVV : K.IfVS) : d >= 0 ? K.IfSV : K.IfSS;
      return this.emit(kind, 0, a, b, d);
    }
    const b = this.node(cand);
    if (a < 0 && b < 0) return this.numVal(applyFunction(op, this.num(a), this.num(b)));
    if (op === Op.Mul) {
      // x·1 = x and x·(−1) = −x exactly (NaN, ±0 and ±Infinity included).
      const num = a < 0 ? a : b;
      const col = a < 0 ? b : a;
      if (num < 0 && this.num(num) === 1) return col;
      if (num < 0 && this.num(num) === -1) return this.emit(K.Neg, 0, col, NONE, NONE);
    }
    if (a >= 0 && b >= 0) return this.emit(K.VV, op, a, b, NONE);
    return this.emit(a >= 0 ? K.VS : K.SV, op, a, b, NONE);
  }

  /** Whether root `r` is the negation of root `other`. */
  private negates(r: Val, other: Val): boolean {
    return r >= TEMP && this.ssa.kind[r - TEMP] === K.Neg && this.ssa.a[r - TEMP] === other;
  }

  /**
   * Linear-scan register allocation: a temporary's register is reused after its last read.
   * Instructions whose value is never read (nor a root) are dropped.
   */
  private allocate(): void {
    const { ssa, program } = this;
    const n = ssa.length;
    if (this.lastUse.length < n) {
      const size = 2 * n;
      this.lastUse = new Int32Array(size);
      this.physical = new Int32Array(size);
      this.released = new Int32Array(size);
      this.nextReleased = new Int32Array(size);
      this.free = new Int32Array(size);
    }
    const { lastUse, physical, released, nextReleased, free } = this;
    lastUse.fill(-1, 0, n);
    for (let at = 0; at < n; at++) {
      use(lastUse, ssa.a[at], at);
      use(lastUse, ssa.b[at], at);
      use(lastUse, ssa.c[at], at);
    }
    const roots = program.roots;
    for (let r = 0; r < program.candidates; r++) use(lastUse, roots[r], n);
    const base = this.inputCount;
    program.inputCount = base;
    // Registers released after instruction `at`: a list threaded through `nextReleased`, headed by `released[at]`.
    released.fill(-1, 0, n);
    let freeCount = 0;
    let registers = 0;
    const code = program.code;
    code.length = 0;
    for (let at = 0; at < n; at++) {
      // Operands read for the last time here free their registers after this instruction;
      // the output may reuse one of them (kernels read a row before writing it).
      for (let t = released[at]; t >= 0; t = nextReleased[t]) free[freeCount++] = physical[t];
      if (lastUse[at] < 0) continue; // never read: dead code
      const r = freeCount > 0 ? free[--freeCount] : registers++;
      physical[at] = r;
      if (lastUse[at] < n) {
        nextReleased[at] = released[lastUse[at]];
        released[lastUse[at]] = at;
      }
      code.push(ssa.kind[at], ssa.op[at], base + r, mapped(physical, base, ssa.a[at]), mapped(physical, base, ssa.b[at]), mapped(physical, base, ssa.c[at]), ssa.k1[at], ssa.k2[at]);
    }
    for (let r = 0; r < program.candidates; r++) roots[r] = mapped(physical, base, roots[r]);
    program.registers = registers;
  }
}

const compiler = new Compiler();

/** A number's bits, as two 32-bit words. */
const bits = new Float64Array(1);
const words = new Int32Array(bits.buffer);

/** A slot operand of an instruction: −1 for a number (or no operand). */
function slotOf(v: Val): number {
  return v >= 0 ? v : -1;
}

/** Hash of four 32-bit integers (a mix in the manner of MurmurHash3's). */
function mix(w: number, x: number, y: number, z: number): number {
  let h = Math.imul(w ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ x ^ (h >>> 15), 0xc2b2ae35);
  h = Math.imul(h ^ y ^ (h >>> 13), 0x85ebca6b);
  h = Math.imul(h ^ z ^ (h >>> 16), 0xc2b2ae35);
  return h ^ (h >>> 15);
}

/** Record that `slot` is read at instruction `at` (module functions, not closures per compile: see Compiler). */
function use(lastUse: Int32Array, slot: number, at: number): void {
  if (slot >= TEMP && lastUse[slot - TEMP] < at) lastUse[slot - TEMP] = at;
}

/** A slot after allocation: temporaries move to their registers, after the inputs. */
function mapped(physical: Int32Array, base: number, slot: number): number {
  return slot >= TEMP ? base + physical[slot - TEMP] : slot;
}
