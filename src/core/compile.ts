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
 * A compiled value: a number (slot −1), or the slot of a column (an input, or an SSA
 * temporary before allocation). `id` names the value for hash-consing: equal ids, equal values.
 */
interface Val {
  num: number;
  slot: number;
  id: number;
}

/** SSA temporaries are numbered from TEMP, above every input slot, until allocation. */
const TEMP = 1 << 20;
/** Ids of numbers are negative; of inputs, their slot (< 256); of temporaries, 256 + their index. */
const TEMP_ID = 256;
/**
 * Keys pack a tag (< 128) and three ids in (−SPAN/2, SPAN/2) into 7 + 3·13 = 46 bits, exact
 * in a double; programs too large for that (thousands of nodes) are not hash-consed.
 */
const SPAN = 1 << 13;

/** `derived`: a cache of columns over this frame's rows (derived.ts), for the episodes' frame. */
export function compile(g: Genome, ps: PrimitiveSet, frame: Frame, derived?: DerivedColumns): Program {
  derived?.begin();
  return new Compiler(g, ps, frame, derived).program();
}

/**
 * The state of one compile. Methods rather than closures made per compile: V8 keeps a
 * closure's optimised code only while a closure of it is alive, so closures made per
 * genome were optimised again after every full garbage collection (`node` ~14 times per
 * worker, ~160 ms of compiler time); a method is optimised once per thread.
 */
class Compiler {
  private readonly inputs: Float64Array[] = [];
  private readonly inputVal = new Map<Float64Array, Val>();
  private readonly ssa: Instr[] = [];
  private readonly memo = new Map<number, Val>();
  /** One Val per distinct number and per input: a genome's nodes share them. */
  private readonly numVals = new Map<number, Val>();
  private minusZero: Val | null = null;
  /** Each node makes at most one temporary or number per candidate. */
  private readonly hashable: boolean;
  private pos = 0;

  constructor(private readonly g: Genome, private readonly ps: PrimitiveSet, private readonly frame: Frame, private readonly derived: DerivedColumns | undefined) {
    this.hashable = TEMP_ID + 2 * g.ops.length * frame.cands.length < SPAN / 2;
  }

  program(): Program {
    const { ssa } = this;
    const roots: number[] = [];
    for (let cand = 0; cand < this.frame.cands.length; cand++) {
      this.pos = 0;
      let v = this.node(cand);
      if (v.slot < 0) v = this.emit(K.Fill, 0, v, null, null);
      roots.push(v.slot);
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
    // Map keys treat −0 as 0 (SameValueZero): −0 gets a Val and an id of its own, below
    // every other number's (there are fewer than SPAN/4 of those when hash-consing).
    if (Object.is(v, -0)) return (this.minusZero ??= { num: -0, slot: -1, id: 1 - SPAN / 2 });
    let val = this.numVals.get(v);
    if (val === undefined) this.numVals.set(v, (val = { num: v, slot: -1, id: -1 - this.numVals.size }));
    return val;
  }

  private bind(b: Binding): Val {
    if (typeof b === 'number') return this.numVal(b);
    let v = this.inputVal.get(b);
    if (v === undefined) {
      v = colVal(this.inputs.length);
      this.inputs.push(b);
      this.inputVal.set(b, v);
    }
    return v;
  }

  private emit(kind: K, op: number, a: Val, b: Val | null, c: Val | null): Val {
    const { hashable, derived, inputs } = this;
    const k = hashable ? key(kind * 8 + op, a, b, c) : NaN;
    const hit = hashable ? this.memo.get(k) : undefined;
    if (hit) return hit;
    // Numbers ride in k1 (the first number operand) and k2 (the else-branch number of ifpos).
    const k1 = kind === K.SV || kind === K.Fill ? a.num : kind === K.VS || kind === K.IfSV || kind === K.IfSS ? b!.num : 0;
    const k2 = kind === K.IfVS || kind === K.IfSS ? c!.num : 0;
    const ins: Instr = { kind, op, out: TEMP + this.ssa.length, a: a.slot, b: b?.slot ?? -1, c: c?.slot ?? -1, k1, k2 };
    // Over one input column and numbers: read the derived column instead of running a kernel.
    const input = kind === K.SV ? b!.slot : a.slot;
    let v: Val;
    if (derived && derivable(kind) && input < TEMP && inputs.length < TEMP_ID / 2) {
      v = this.bind(derived.column(ins, inputs[input]));
    } else {
      v = colVal(ins.out);
      this.ssa.push(ins);
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
    if (op === Op.Neg) return a.slot < 0 ? this.numVal(-a.num) : this.emit(K.Neg, 0, a, null, null);
    if (op === Op.IfPos) {
      if (a.slot < 0) {
        // A number condition picks one branch for every row: the other is never needed.
        if (a.num > 0) {
          const v = this.node(cand);
          this.pos = subtreeEnd(g, this.pos, ps);
          return v;
        }
        this.pos = subtreeEnd(g, this.pos, ps);
        return this.node(cand);
      }
      const b = this.node(cand);
      const d = this.node(cand);
      const kind = b.slot >= 0 ? (d.slot >= 0 ? K.IfVV : K.IfVS) : d.slot >= 0 ? K.IfSV : K.IfSS;
      return this.emit(kind, 0, a, b, d);
    }
    const b = this.node(cand);
    if (a.slot < 0 && b.slot < 0) return this.numVal(applyFunction(op, a.num, b.num));
    if (op === Op.Mul) {
      // x·1 = x and x·(−1) = −x exactly (NaN, ±0 and ±Infinity included).
      const num = a.slot < 0 ? a : b;
      const col = a.slot < 0 ? b : a;
      if (num.slot < 0 && num.num === 1) return col;
      if (num.slot < 0 && num.num === -1) return this.emit(K.Neg, 0, col, null, null);
    }
    if (a.slot >= 0 && b.slot >= 0) return this.emit(K.VV, op, a, b, null);
    return this.emit(a.slot >= 0 ? K.VS : K.SV, op, a, b, null);
  }
}

/** Whether root `r` is the negation of root `other`. */
function negates(ssa: Instr[], r: number, other: number): boolean {
  return r >= TEMP && ssa[r - TEMP].kind === K.Neg && ssa[r - TEMP].a === other;
}

function colVal(slot: number): Val {
  return { num: 0, slot, id: slot >= TEMP ? slot - TEMP + TEMP_ID : slot };
}

function idOf(v: Val | null): number {
  return v === null ? 0 : v.id + SPAN / 2;
}

function key(tag: number, a: Val, b: Val | null, c: Val | null): number {
  return ((tag * SPAN + idOf(a)) * SPAN + idOf(b)) * SPAN + idOf(c);
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
