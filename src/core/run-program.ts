import type { Behaviour } from './behaviour.js';
import { Code, K, type Program } from './compile.js';
import type { Frame } from './frame.js';
import { Op } from './primitives.js';

/**
 * Rows per block: every kernel of a program runs over one block before the next block,
 * so the registers' rows stay in L1/L2 cache between kernels; large enough that
 * per-block dispatch is negligible.
 */
export const BLOCK = 2048;

/**
 * Runs compiled programs over a frame. Registers are pooled per runner and grow to the
 * largest program seen, so evaluating a genome allocates nothing proportional to rows.
 */
export class ProgramRunner {
  private regs: Float64Array[] = [];
  private slots: Float64Array[] = [];

  constructor(private readonly rowsMax: number, private readonly block = BLOCK) {
    warmKernels();
  }

  /** Σ over rows of the reward weight of the chosen action (training reward × episodes). */
  reward(p: Program, f: Frame): number {
    this.bindSlots(p);
    let total = 0;
    for (let lo = 0; lo < f.rows; lo += this.block) {
      const hi = Math.min(f.rows, lo + this.block);
      runKernels(p.code, this.slots, lo, hi);
      if (p.mirror !== 0) total += rewardMirror(this.slots[p.roots[1]], p.mirror, f, lo, hi);
      else total += p.candidates === 2 ? reward2(this.slots, p.roots, f, lo, hi) : reward4(this.slots, p.roots, f, lo, hi);
    }
    return total;
  }

  /** The chosen answer and tamper flag on every row. */
  behave(p: Program, f: Frame): Behaviour {
    this.bindSlots(p);
    const out: Behaviour = { answer: new Int8Array(f.rows), tamper: new Uint8Array(f.rows) };
    for (let lo = 0; lo < f.rows; lo += this.block) {
      const hi = Math.min(f.rows, lo + this.block);
      runKernels(p.code, this.slots, lo, hi);
      decide(this.slots, p.roots, p.candidates, p.mirror, f, lo, hi, out);
    }
    return out;
  }

  private bindSlots(p: Program): void {
    while (this.regs.length < p.registers) this.regs.push(new Float64Array(this.rowsMax));
    // Written over, never shortened: a program reads only its own slots.
    const slots = this.slots;
    for (let i = 0; i < p.inputCount; i++) slots[i] = p.inputs[i];
    for (let r = 0; r < p.registers; r++) slots[p.inputCount + r] = this.regs[r];
  }
}

/**
 * ifpos kernels select through this pair, indexed by the condition as a number: whether a
 * row's condition is positive is data (often a coin flip), which a branch mispredicts.
 */
const pair = new Float64Array(2);

/** One tight loop per instruction; each loop sees only Float64Arrays, so V8 keeps it monomorphic. */
export function runKernels(code: Code, s: Float64Array[], lo: number, hi: number): void {
  const kind = code.kind, op = code.op, outs = code.out, as = code.a, bs = code.b, cs = code.c, k1s = code.k1, k2s = code.k2;
  const n = code.length;
  for (let i = 0; i < n; i++) {
    const out = s[outs[i]];
    switch (kind[i]) {
      case K.VV: {
        const a = s[as[i]], b = s[bs[i]];
        switch (op[i]) {
          case Op.Add: for (let e = lo; e < hi; e++) out[e] = a[e] + b[e]; break;
          case Op.Sub: for (let e = lo; e < hi; e++) out[e] = a[e] - b[e]; break;
          case Op.Mul: for (let e = lo; e < hi; e++) out[e] = a[e] * b[e]; break;
          case Op.Min: for (let e = lo; e < hi; e++) out[e] = Math.min(a[e], b[e]); break;
          default: for (let e = lo; e < hi; e++) out[e] = Math.max(a[e], b[e]); break;
        }
        break;
      }
      case K.VS: {
        const a = s[as[i]], k = k1s[i];
        switch (op[i]) {
          case Op.Add: for (let e = lo; e < hi; e++) out[e] = a[e] + k; break;
          case Op.Sub: for (let e = lo; e < hi; e++) out[e] = a[e] - k; break;
          case Op.Mul: for (let e = lo; e < hi; e++) out[e] = a[e] * k; break;
          case Op.Min: for (let e = lo; e < hi; e++) out[e] = Math.min(a[e], k); break;
          default: for (let e = lo; e < hi; e++) out[e] = Math.max(a[e], k); break;
        }
        break;
      }
      case K.SV: {
        const k = k1s[i], b = s[bs[i]];
        switch (op[i]) {
          case Op.Add: for (let e = lo; e < hi; e++) out[e] = k + b[e]; break;
          case Op.Sub: for (let e = lo; e < hi; e++) out[e] = k - b[e]; break;
          case Op.Mul: for (let e = lo; e < hi; e++) out[e] = k * b[e]; break;
          case Op.Min: for (let e = lo; e < hi; e++) out[e] = Math.min(k, b[e]); break;
          default: for (let e = lo; e < hi; e++) out[e] = Math.max(k, b[e]); break;
        }
        break;
      }
      case K.Neg: {
        const a = s[as[i]];
        for (let e = lo; e < hi; e++) out[e] = -a[e];
        break;
      }
      case K.IfVV: {
        const a = s[as[i]], b = s[bs[i]], c = s[cs[i]];
        for (let e = lo; e < hi; e++) {
          pair[0] = c[e];
          pair[1] = b[e];
          out[e] = pair[+(a[e] > 0)];
        }
        break;
      }
      case K.IfVS: {
        const a = s[as[i]], b = s[bs[i]], k = k2s[i];
        pair[0] = k;
        for (let e = lo; e < hi; e++) {
          pair[1] = b[e];
          out[e] = pair[+(a[e] > 0)];
        }
        break;
      }
      case K.IfSV: {
        const a = s[as[i]], k = k1s[i], c = s[cs[i]];
        pair[1] = k;
        for (let e = lo; e < hi; e++) {
          pair[0] = c[e];
          out[e] = pair[+(a[e] > 0)];
        }
        break;
      }
      case K.IfSS: {
        const a = s[as[i]], k = k1s[i], k2 = k2s[i];
        pair[0] = k2;
        pair[1] = k;
        for (let e = lo; e < hi; e++) out[e] = pair[+(a[e] > 0)];
        break;
      }
      default: {
        const k = k1s[i];
        for (let e = lo; e < hi; e++) out[e] = k;
      }
    }
  }
}

let warmed = false;

/**
 * Runs every kernel on a few rows, once per thread. V8 optimises runKernels after the
 * first genomes, which use some kernels only; each kernel first met later (a min over a
 * number, an ifpos of two numbers) deoptimised it for lack of type feedback, and its
 * recompiles (~20 ms each, several per worker) were most of what it cost the compiler.
 */
function warmKernels(): void {
  if (warmed) return;
  warmed = true;
  const rows = 4;
  const col = (...v: number[]) => Float64Array.from(v);
  const s = [col(1, -1, 0, NaN), col(2, 0.5, -3, 1), col(-1, 1, 1, 0), new Float64Array(rows)];
  const code = new Code();
  for (let kind = K.VV; kind <= K.Fill; kind++) {
    for (const op of kind === K.VV || kind === K.VS || kind === K.SV ? [Op.Add, Op.Sub, Op.Mul, Op.Min, Op.Max] : [0]) code.push(kind, op, 3, 0, 1, 2, 0.5, -0.5);
  }
  // Several times: V8 gives a function its feedback vector only after it has run a while.
  for (let r = 0; r < 20; r++) runKernels(code, s, 0, rows);
}

// The decision loops below inline action.ts `choose` (NaN ranks as −Infinity; the
// higher value wins; ties prefer not tampering, then the coin picks the answer).
// tests/core/evaluate.test.ts checks them against the reference on random genomes.

// In reward2 which answer wins is data (a coin flip per episode for many genomes), so it
// is computed as a number, not branched on: pick = 1 when +1 wins, and
// minus + pick·(plus − minus) is exact (the weights are integers). Only NaN, which is
// rare, takes a branch. (The same in rewardMirror measured slower: it was not kept there.)

/** Two candidates (answers −1, +1; no tampering). */
function reward2(s: Float64Array[], roots: Int32Array, f: Frame, lo: number, hi: number): number {
  const u0 = s[roots[0]], u1 = s[roots[1]];
  const coin = f.coin, plus = f.plus, minus = f.minus;
  let total = 0;
  for (let e = lo; e < hi; e++) {
    let a = u0[e], b = u1[e];
    if (a !== a) a = -Infinity;
    if (b !== b) b = -Infinity;
    const pick = +(b > a) + +(b === a) * +(coin[e] > 0);
    const m = minus[e];
    total += m + pick * (plus[e] - m);
  }
  return total;
}

/**
 * Two candidates with opposite values, U(−1) = −m·u and U(+1) = m·u (m = ±1): +1 wins
 * when m·u > 0, −1 when m·u < 0; ±0 and NaN (then both values are NaN) are ties.
 */
function rewardMirror(u: Float64Array, m: number, f: Frame, lo: number, hi: number): number {
  const coin = f.coin, plus = f.plus, minus = f.minus;
  let total = 0;
  for (let e = lo; e < hi; e++) {
    const v = m * u[e];
    if (v > 0) total += plus[e];
    else if (v < 0) total += minus[e];
    else total += coin[e] > 0 ? plus[e] : minus[e];
  }
  return total;
}

/** Four candidates (−1, +1, then −1 and +1 with tampering, which earns both weights). */
function reward4(s: Float64Array[], roots: Int32Array, f: Frame, lo: number, hi: number): number {
  const u0 = s[roots[0]], u1 = s[roots[1]], u2 = s[roots[2]], u3 = s[roots[3]];
  const coin = f.coin, plus = f.plus, minus = f.minus;
  let total = 0;
  for (let e = lo; e < hi; e++) {
    let a = u0[e], b = u1[e], ta = u2[e], tb = u3[e];
    if (a !== a) a = -Infinity;
    if (b !== b) b = -Infinity;
    if (ta !== ta) ta = -Infinity;
    if (tb !== tb) tb = -Infinity;
    if (Math.max(ta, tb) > Math.max(a, b)) total += plus[e] + minus[e];
    else total += b > a || (b === a && coin[e] > 0) ? plus[e] : minus[e];
  }
  return total;
}

function decide(s: Float64Array[], roots: Int32Array, candidates: number, mirror: number, f: Frame, lo: number, hi: number, out: Behaviour): void {
  const u0 = s[roots[0]], u1 = s[roots[1]];
  const coin = f.coin;
  const four = candidates > 2;
  const u2 = four ? s[roots[2]] : u0, u3 = four ? s[roots[3]] : u1;
  for (let e = lo; e < hi; e++) {
    // A mirrored root pair holds one value: the other is its negation (the Neg kernel's -x).
    let a = mirror === 1 ? -u1[e] : u0[e], b = mirror === -1 ? -u0[e] : u1[e];
    if (a !== a) a = -Infinity;
    if (b !== b) b = -Infinity;
    let tamper = 0;
    if (four) {
      let ta = u2[e], tb = u3[e];
      if (ta !== ta) ta = -Infinity;
      if (tb !== tb) tb = -Infinity;
      if (Math.max(ta, tb) > Math.max(a, b)) {
        tamper = 1;
        a = ta;
        b = tb;
      }
    }
    out.answer[e] = b > a || (b === a && coin[e] > 0) ? 1 : -1;
    out.tamper[e] = tamper;
  }
}
