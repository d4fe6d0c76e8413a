import { candidates, choose, predictedLabel, predictedLoss, type Candidate } from './action.js';
import type { Behaviour } from './behaviour.js';
import { subtreeEnd, type Genome } from './genome.js';
import { isActionDependent, Op, type PrimitiveSet } from './primitives.js';
import type { Episodes } from './world.js';

/**
 * Column-at-a-time evaluator: each node is one tight loop over all episodes (typed
 * arrays), and subtrees that do not read the candidate action are evaluated once and
 * shared by all candidates. Agrees exactly with behaveReference (tests check it).
 */
export class Evaluator {
  private readonly cands: readonly Candidate[];
  /** Per candidate: the columns of answer, label and loss. */
  private readonly actionCols: { answer: Float64Array; label: Float64Array; loss: Float64Array }[];
  private readonly trainingCol: Float64Array;
  private readonly free: Float64Array[] = [];
  private readonly shared = new Map<number, Float64Array>();
  private dependent: Uint8Array = new Uint8Array(0);

  constructor(private readonly ps: PrimitiveSet, private readonly ep: Episodes, tamperable: boolean) {
    this.cands = candidates(ep, tamperable);
    this.actionCols = this.cands.map((c) => {
      const answer = new Float64Array(ep.n).fill(c.answer);
      const label = new Float64Array(ep.n);
      const loss = new Float64Array(ep.n);
      for (let e = 0; e < ep.n; e++) {
        label[e] = predictedLabel(ep, e, c);
        loss[e] = predictedLoss(ep, e, c);
      }
      return { answer, label, loss };
    });
    this.trainingCol = new Float64Array(ep.n).fill(ep.training);
  }

  get episodes(): Episodes {
    return this.ep;
  }

  behave(g: Genome): Behaviour {
    const n = this.ep.n;
    this.markDependent(g);
    const us: Float64Array[] = [];
    for (let c = 0; c < this.cands.length; c++) {
      const [col] = this.node(g, 0, c);
      // Copy out: the root column may be a shared input column or a pooled buffer.
      const u = new Float64Array(col);
      this.release(col);
      us.push(u);
    }
    // Clear first: release() keeps anything still listed as shared out of the pool.
    const shared = [...this.shared.values()];
    this.shared.clear();
    for (const col of shared) this.release(col);
    const answer = new Int8Array(n);
    const tamper = new Uint8Array(n);
    const u = new Float64Array(us.length);
    for (let e = 0; e < n; e++) {
      for (let c = 0; c < us.length; c++) u[c] = us[c][e];
      const k = choose(u, this.ep.coin[e]);
      answer[e] = this.cands[k].answer;
      tamper[e] = this.cands[k].tamper ? 1 : 0;
    }
    return { answer, tamper };
  }

  /** dependent[i] = 1 when the subtree at i reads answer, label or loss. */
  private markDependent(g: Genome): void {
    const len = g.ops.length;
    if (this.dependent.length < len) this.dependent = new Uint8Array(len * 2);
    // Walk right to left: a node's children are to its right, already marked.
    const ends: number[] = new Array(len);
    for (let i = len - 1; i >= 0; i--) {
      const arity = this.ps.table[g.ops[i]].arity;
      let dep = isActionDependent(g.ops[i]) ? 1 : 0;
      let j = i + 1;
      for (let a = 0; a < arity; a++) {
        dep |= this.dependent[j];
        j = ends[j];
      }
      ends[i] = j;
      this.dependent[i] = dep;
    }
  }

  private alloc(): Float64Array {
    return this.free.pop() ?? new Float64Array(this.ep.n);
  }

  /** Return a pooled buffer; input columns and shared results are not pooled here. */
  private release(col: Float64Array): void {
    if (this.isInputColumn(col)) return;
    for (const s of this.shared.values()) if (s === col) return;
    this.free.push(col);
  }

  private isInputColumn(col: Float64Array): boolean {
    const ep = this.ep;
    if (col === ep.ctx || col === ep.truth || col === this.trainingCol) return true;
    if (ep.shortcut.includes(col) || ep.sensor.includes(col)) return true;
    return this.actionCols.some((a) => a.answer === col || a.label === col || a.loss === col);
  }

  /** Evaluate the subtree at `i` for candidate `c`: its column and the index after it. */
  private node(g: Genome, i: number, c: number): [Float64Array, number] {
    if (!this.dependent[i]) {
      const hit = this.shared.get(i);
      if (hit) return [hit, subtreeEnd(g, i, this.ps)];
    }
    const result = this.compute(g, i, c);
    if (!this.dependent[i] && !this.isInputColumn(result[0])) this.shared.set(i, result[0]);
    return result;
  }

  private compute(g: Genome, i: number, c: number): [Float64Array, number] {
    const op = g.ops[i];
    const ep = this.ep;
    const n = ep.n;
    switch (op) {
      case Op.Answer: return [this.actionCols[c].answer, i + 1];
      case Op.Label: return [this.actionCols[c].label, i + 1];
      case Op.Loss: return [this.actionCols[c].loss, i + 1];
      case Op.Ctx: return [ep.ctx, i + 1];
      case Op.Truth: return [ep.truth, i + 1];
      case Op.Training: return [this.trainingCol, i + 1];
      case Op.Const: return [this.alloc().fill(g.vals[i]), i + 1];
      default:
        if (op >= Op.Shortcut0) return [op < this.ps.sensor0 ? ep.shortcut[op - Op.Shortcut0] : ep.sensor[op - this.ps.sensor0], i + 1];
    }
    const [a, j] = this.node(g, i + 1, c);
    if (op === Op.Neg) {
      const out = this.alloc();
      for (let e = 0; e < n; e++) out[e] = -a[e];
      this.release(a);
      return [out, j];
    }
    const [b, k] = this.node(g, j, c);
    const out = this.alloc();
    let end = k;
    switch (op) {
      case Op.Add: for (let e = 0; e < n; e++) out[e] = a[e] + b[e]; break;
      case Op.Sub: for (let e = 0; e < n; e++) out[e] = a[e] - b[e]; break;
      case Op.Mul: for (let e = 0; e < n; e++) out[e] = a[e] * b[e]; break;
      case Op.Min: for (let e = 0; e < n; e++) out[e] = Math.min(a[e], b[e]); break;
      case Op.Max: for (let e = 0; e < n; e++) out[e] = Math.max(a[e], b[e]); break;
      case Op.IfPos: {
        const [d, l] = this.node(g, k, c);
        for (let e = 0; e < n; e++) out[e] = a[e] > 0 ? b[e] : d[e];
        this.release(d);
        end = l;
        break;
      }
      default: throw new Error(`evaluating a genome: unknown opcode ${op} at node ${i}`);
    }
    this.release(a);
    this.release(b);
    return [out, end];
  }
}
