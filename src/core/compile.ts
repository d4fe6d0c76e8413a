import { derivable, type DerivedColumns } from './derived.js';
import type { Binding, Frame } from './frame.js';
import type { Genome } from './genome.js';
import { subtreeEnd } from './genome.js';
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

/** One kernel over a range of rows. Slots index program inputs, then registers. */
export interface Instr {
  kind: K;
  /** Opcode of a binary node (Add…Max) for VV, VS, SV. */
  op: number;
  out: number;
  a: number;
  b: number;
  c: number;
  /** Numbers for the S operands (first and second). */
  k1: number;
  k2: number;
}

export interface Program {
  /** Input columns: slots 0 … inputs.length−1. */
  inputs: Float64Array[];
  /** Registers needed: slots inputs.length … inputs.length+registers−1. */
  registers: number;
  instrs: Instr[];
  /** Slot of U for each candidate of the frame. */
  roots: number[];
  /**
   * Two candidates whose values are opposite on every row: 1 when U(−1) = −U(+1) (as
   * `(mul answer F)` compiles), −1 when U(+1) = −U(−1), 0 otherwise. The negation is not
   * computed: the decision reads the sign of the other root (run-program.ts).
   */
  mirror: 0 | 1 | -1;
}

/**
 * A compiled value, as a handle: a column's slot (≥ 0: an input, or an SSA temporary before
 * allocation), or a number (< 0: −1 − its index in the compile's number table). Handles
 * rather than objects: a run compiles a genome per offspring, and value objects were a
 * good part of what the search allocates. Each value also has an `id` for hash-consing
 * (idOf): equal ids, equal values.
 */
type Val = number;
/** The absent operand. */
const NONE: Val = 0x3fffffff;

/** SSA temporaries are numbered from TEMP, above every input slot, until allocation. */
const TEMP = 1 << 20;
/** Ids of numbers are negative; of inputs, their slot (< 256); of temporaries, 256 + their index. */
const TEMP_ID = 256;
/**
 * Keys pack a tag (< 128) and three ids in (−SPAN/2, SPAN/2) into 7 + 3·13 = 46 bits, exact
 * in a double; programs too large for that (thousands of nodes) are not hash-consed.
 */
const SPAN = 1 << 13;
/** The id of −0, below every other number's (there are fewer than SPAN/4 of those when hash-consing). */
const MINUS_ZERO_ID = 1 - SPAN / 2;

/**
 * `derived`: a cache of columns over this frame's rows (derived.ts), for the episodes' frame.
 * The program is valid until the next compile on this thread: its instructions are reused.
 */
export function compile(g: Genome, ps: PrimitiveSet, frame: Frame, derived?: DerivedColumns): Program {
  derived?.begin();
  return compiler.program(g, ps, frame, derived);
}

/**
 * One per thread, reused from compile to compile. Methods rather than closures made per
 * compile: V8 keeps a closure's optimised code only while a closure of it is alive, so
 * closures made per genome were optimised again after every full garbage collection
 * (`node` ~14 times per worker, ~160 ms of compiler time). Its maps are cleared and its
 * instruction objects reused, so a compile allocates little beyond the program.
 */
class Compiler {
  private g!: Genome;
  private ps!: PrimitiveSet;
  private frame!: Frame;
  private derived: DerivedColumns | undefined;
  private inputs: Float64Array[] = [];
  private readonly inputVal = new Map<Float64Array, Val>();
  private readonly ssa: Instr[] = [];
  /** Instruction objects: ssa[i] is pool[i]. */
  private readonly pool: Instr[] = [];
  private readonly memo = new Map<number, Val>();
  /** One handle per distinct number: a genome's nodes share them. */
  private readonly numVals = new Map<number, Val>();
  /** By number index: the value and its id. */
  private readonly nums: number[] = [];
  private readonly numIds: number[] = [];
  private minusZero: Val = NONE;
  /** Each node makes at most one temporary or number per candidate. */
  private hashable = false;
  private pos = 0;

  program(g: Genome, ps: PrimitiveSet, frame: Frame, derived: DerivedColumns | undefined): Program {
    this.g = g;
    this.ps = ps;
    this.frame = frame;
    this.derived = derived;
    this.inputs = [];
    this.inputVal.clear();
    this.ssa.length = 0;
    this.memo.clear();
    this.numVals.clear();
    this.nums.length = 0;
    this.numIds.length = 0;
    this.minusZero = NONE;
    this.hashable = TEMP_ID + 2 * g.ops.length * frame.cands.length < SPAN / 2;
    const { ssa } = this;
    const roots: number[] = [];
    for (let cand = 0; cand < frame.cands.length; cand++) {
      this.pos = 0;
      let v = this.node(cand);
      if (v < 0) v = this.emit(K.Fill, 0, v, NONE, NONE);
      roots.push(v);
    }
    // A root that only negates the other root is not computed (allocate drops it: nothing reads it).
    let mirror: 0 | 1 | -1 = 0;
    if (roots.length === 2) {
      if (negates(ssa, roots[0], roots[1])) mirror = 1;
      else if (negates(ssa, roots[1], roots[0])) mirror = -1;
      if (mirror !== 0) {
        const base = mirror === 1 ? roots[1] : roots[0];
        roots[0] = roots[1] = base;
      }
    }
    return allocate(this.inputs, ssa, roots, TEMP, mirror);
  }

  private numVal(v: number): Val {
    // Map keys treat −0 as 0 (SameValueZero): −0 gets a handle and an id of its own.
    if (Object.is(v, -0)) {
      if (this.minusZero === NONE) this.minusZero = this.newNum(-0, MINUS_ZERO_ID);
      return this.minusZero;
    }
    let val = this.numVals.get(v);
    if (val === undefined) this.numVals.set(v, (val = this.newNum(v, -1 - this.numVals.size)));
    return val;
  }

  private newNum(v: number, id: number): Val {
    this.nums.push(v);
    this.numIds.push(id);
    return -this.nums.length;
  }

  private num(v: Val): number {
    return this.nums[-1 - v];
  }

  /** −SPAN/2 < id < SPAN/2 when hashable, shifted to be positive; 0 for no operand. */
  private id(v: Val): number {
    if (v === NONE) return 0;
    const id = v < 0 ? this.numIds[-1 - v] : v >= TEMP ? v - TEMP + TEMP_ID : v;
    return id + SPAN / 2;
  }

  private key(tag: number, a: Val, b: Val, c: Val): number {
    return ((tag * SPAN + this.id(a)) * SPAN + this.id(b)) * SPAN + this.id(c);
  }

  private bind(b: Binding): Val {
    if (typeof b === 'number') return this.numVal(b);
    let v = this.inputVal.get(b);
    if (v === undefined) {
      v = this.inputs.length;
      this.inputs.push(b);
      this.inputVal.set(b, v);
    }
    return v;
  }

  private emit(kind: K, op: number, a: Val, b: Val, c: Val): Val {
    const { hashable, derived, inputs, ssa } = this;
    const k = hashable ? this.key(kind * 8 + op, a, b, c) : NaN;
    const hit = hashable ? this.memo.get(k) : undefined;
    if (hit !== undefined) return hit;
    // The next pooled instruction; it becomes ssa's only if pushed below.
    let ins = this.pool[ssa.length];
    if (ins === undefined) this.pool.push((ins = { kind, op, out: 0, a: 0, b: 0, c: 0, k1: 0, k2: 0 }));
    ins.kind = kind;
    ins.op = op;
    ins.out = TEMP + ssa.length;
    ins.a = slotOf(a);
    ins.b = slotOf(b);
    ins.c = slotOf(c);
    // Numbers ride in k1 (first number operand) and k2 (the else-branch number of ifpos).
    ins.k1 = kind === K.SV || kind === K.Fill ? this.num(a) : kind === K.IfSV || kind === K.IfSS ? this.num(b) : kind === K.VS ? this.num(b) : 0;
    ins.k2 = kind === K.IfVS || kind === K.IfSS ? this.num(c) : 0;
    // Over one input column and numbers: read the derived column instead of running a kernel.
    const input = kind === K.SV ? ins.b : ins.a;
    let v: Val;
    if (derived && derivable(kind) && input < TEMP && inputs.length < TEMP_ID / 2) {
      v = this.bind(derived.column(ins, inputs[input]));
    } else {
      v = ins.out;
      ssa.push(ins);
    }
    if (hashable) this.memo.set(k, v);
    return v;
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
}

const compiler = new Compiler();

/** A column operand's slot; −1 for a number or no operand. */
function slotOf(v: Val): number {
  return v >= 0 && v !== NONE ? v : -1;
}

/** Whether root `r` is the negation of root `other`. */
function negates(ssa: Instr[], r: number, other: number): boolean {
  return r >= TEMP && ssa[r - TEMP].kind === K.Neg && ssa[r - TEMP].a === other;
}

/**
 * Linear-scan register allocation: a temporary's register is reused after its last read.
 * Instructions whose value is never read (nor a root) are dropped.
 */
function allocate(inputs: Float64Array[], ssa: Instr[], rootSlots: number[], temp: number, mirror: 0 | 1 | -1): Program {
  // Scratch arrays are reused from one compile to the next: a run compiles a genome per offspring.
  const n = ssa.length;
  const lastUse = scratch(0, n).fill(-1, 0, n);
  for (let at = 0; at < n; at++) {
    const ins = ssa[at];
    use(lastUse, temp, ins.a, at);
    use(lastUse, temp, ins.b, at);
    use(lastUse, temp, ins.c, at);
  }
  for (const r of rootSlots) use(lastUse, temp, r, n);
  const base = inputs.length;
  const physical = scratch(1, n);
  // Registers released after instruction `at`: a list threaded through `nextReleased`, headed by `released[at]`.
  const released = scratch(2, n).fill(-1, 0, n);
  const nextReleased = scratch(3, n);
  const free: number[] = [];
  let registers = 0;
  const instrs: Instr[] = [];
  for (let at = 0; at < n; at++) {
    const ins = ssa[at];
    // Operands read for the last time here free their registers after this instruction;
    // the output may reuse one of them (kernels read a row before writing it).
    for (let t = released[at]; t >= 0; t = nextReleased[t]) free.push(physical[t]);
    if (lastUse[at] < 0) continue; // never read: dead code
    const r = free.length > 0 ? free.pop()! : registers++;
    physical[at] = r;
    if (lastUse[at] < n) {
      nextReleased[at] = released[lastUse[at]];
      released[lastUse[at]] = at;
    }
    ins.a = mapped(physical, base, temp, ins.a);
    ins.b = mapped(physical, base, temp, ins.b);
    ins.c = mapped(physical, base, temp, ins.c);
    ins.out = base + r;
    instrs.push(ins);
  }
  const roots: number[] = [];
  for (const slot of rootSlots) roots.push(mapped(physical, base, temp, slot));
  return { inputs, registers, instrs, roots, mirror };
}

/** Record that `slot` is read at instruction `at` (module functions, not closures per compile: see Compiler). */
function use(lastUse: Int32Array, temp: number, slot: number, at: number): void {
  if (slot >= temp && lastUse[slot - temp] < at) lastUse[slot - temp] = at;
}

/** A slot after allocation: temporaries move to their registers, after the inputs. */
function mapped(physical: Int32Array, base: number, temp: number, slot: number): number {
  return slot >= temp ? base + physical[slot - temp] : slot;
}

const scratchArrays: Int32Array[] = [new Int32Array(64), new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Scratch array `which`, at least `n` long (contents unspecified). */
function scratch(which: number, n: number): Int32Array {
  if (scratchArrays[which].length < n) scratchArrays[which] = new Int32Array(2 * n);
  return scratchArrays[which];
}
