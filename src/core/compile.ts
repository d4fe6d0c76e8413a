import type { Binding, Frame } from './frame.js';
import type { Genome } from './genome.js';
import { subtreeEnd } from './genome.js';
import { Op, type PrimitiveSet } from './primitives.js';

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
}

/** A compiled value: a number, or the slot of a column (input or SSA temporary before allocation). */
type Val = { num: number; slot: -1; key: string } | { num: 0; slot: number; key: string };

const numVal = (v: number): Val => ({ num: v, slot: -1, key: Object.is(v, -0) ? 'n-0' : `n${v}` });

export function compile(g: Genome, ps: PrimitiveSet, frame: Frame): Program {
  const inputs: Float64Array[] = [];
  const inputSlot = new Map<Float64Array, number>();
  const ssa: Instr[] = [];
  const memo = new Map<string, Val>();
  const TEMP = 1 << 20; // SSA temporaries live above every input slot until allocation.
  const colVal = (slot: number): Val => ({ num: 0, slot, key: `c${slot}` });

  const bind = (b: Binding): Val => {
    if (typeof b === 'number') return numVal(b);
    let s = inputSlot.get(b);
    if (s === undefined) {
      s = inputs.length;
      inputs.push(b);
      inputSlot.set(b, s);
    }
    return colVal(s);
  };
  const emit = (key: string, ins: Omit<Instr, 'out'>): Val => {
    const hit = memo.get(key);
    if (hit) return hit;
    const v = colVal(TEMP + ssa.length);
    ssa.push({ ...ins, out: v.slot });
    memo.set(key, v);
    return v;
  };
  const none = { op: 0, a: -1, b: -1, c: -1, k1: 0, k2: 0 };

  const node = (i: number, c: number): [Val, number] => {
    const op = g.ops[i];
    const arity = ps.table[op].arity;
    if (arity === 0) return [op === Op.Const ? numVal(g.vals[i]) : bind(frame.bind(op, c)), i + 1];
    const [a, j] = node(i + 1, c);
    if (op === Op.Neg) {
      if (a.slot < 0) return [numVal(-a.num), j];
      return [emit(`-${a.key}`, { ...none, kind: K.Neg, a: a.slot }), j];
    }
    if (op === Op.IfPos) {
      if (a.slot < 0) {
        // A number condition picks one branch for every row: the other is never needed.
        const k = subtreeEnd(g, j, ps);
        if (a.num > 0) return [node(j, c)[0], subtreeEnd(g, k, ps)];
        return node(k, c);
      }
      const [b, k] = node(j, c);
      const [d, l] = node(k, c);
      const key = `?${a.key},${b.key},${d.key}`;
      const kind = b.slot >= 0 ? (d.slot >= 0 ? K.IfVV : K.IfVS) : d.slot >= 0 ? K.IfSV : K.IfSS;
      return [emit(key, { ...none, kind, a: a.slot, b: b.slot, c: d.slot, k1: b.num, k2: d.num }), l];
    }
    const [b, k] = node(j, c);
    if (a.slot < 0 && b.slot < 0) return [numVal(apply(op, a.num, b.num)), k];
    if (op === Op.Mul) {
      // x·1 = x and x·(−1) = −x exactly (NaN, ±0 and ±Infinity included).
      const [num, col] = a.slot < 0 ? [a, b] : [b, a];
      if (num.slot < 0 && num.num === 1) return [col, k];
      if (num.slot < 0 && num.num === -1) return [emit(`-${col.key}`, { ...none, kind: K.Neg, a: col.slot }), k];
    }
    const key = `${op}(${a.key},${b.key}`;
    if (a.slot >= 0 && b.slot >= 0) return [emit(key, { ...none, kind: K.VV, op, a: a.slot, b: b.slot }), k];
    if (a.slot >= 0) return [emit(key, { ...none, kind: K.VS, op, a: a.slot, k1: b.num }), k];
    return [emit(key, { ...none, kind: K.SV, op, b: b.slot, k1: a.num }), k];
  };

  const rootVals: Val[] = [];
  for (let c = 0; c < frame.cands.length; c++) {
    let [v] = node(0, c);
    if (v.slot < 0) v = emit(`fill${v.key}`, { ...none, kind: K.Fill, k1: v.num });
    rootVals.push(v);
  }
  return allocate(inputs, ssa, rootVals.map((v) => v.slot), TEMP);
}

/** The arithmetic of one binary node: the same expressions as the kernels and the reference. */
export function apply(op: number, a: number, b: number): number {
  switch (op) {
    case Op.Add: return a + b;
    case Op.Sub: return a - b;
    case Op.Mul: return a * b;
    case Op.Min: return Math.min(a, b);
    case Op.Max: return Math.max(a, b);
    default: throw new Error(`compiling a genome: opcode ${op} is not a binary function`);
  }
}

/** Linear-scan register allocation: a temporary's register is reused after its last read. */
function allocate(inputs: Float64Array[], ssa: Instr[], rootSlots: number[], temp: number): Program {
  const lastUse = new Int32Array(ssa.length).fill(-1);
  const use = (slot: number, at: number) => {
    if (slot >= temp) lastUse[slot - temp] = Math.max(lastUse[slot - temp], at);
  };
  ssa.forEach((ins, at) => {
    use(ins.a, at);
    use(ins.b, at);
    use(ins.c, at);
  });
  for (const r of rootSlots) use(r, ssa.length);
  const base = inputs.length;
  const physical = new Int32Array(ssa.length);
  const free: number[] = [];
  const releaseAt: number[][] = ssa.map(() => []);
  let registers = 0;
  const map = (slot: number) => (slot >= temp ? base + physical[slot - temp] : slot);
  const instrs = ssa.map((ins, at) => {
    const a = map(ins.a);
    const b = map(ins.b);
    const c = map(ins.c);
    // Operands read for the last time here free their registers after this instruction;
    // the output may reuse one of them (kernels read a row before writing it).
    for (const t of releaseAt[at]) free.push(t);
    const r = free.length > 0 ? free.pop()! : registers++;
    physical[at] = r;
    if (lastUse[at] >= 0 && lastUse[at] < ssa.length) releaseAt[lastUse[at]].push(r);
    else if (lastUse[at] < 0) free.push(r); // never read: dead code, its register is free at once
    return { ...ins, a, b, c, out: base + r };
  });
  return { inputs, registers, instrs, roots: rootSlots.map(map) };
}
