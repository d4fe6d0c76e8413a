import { parseLiteral, type Genome } from './genome.js';
import { applyFunction, Op, type PrimitiveSet } from './primitives.js';

/**
 * A tree node. One class, so every node has one shape: built from object literals, nodes
 * took several (a literal's value a small integer or a double; leaves' empty arrays), and
 * `reduce` was deoptimised and recompiled ~17 times per worker (~200 ms of compiler time).
 */
class Node {
  constructor(readonly op: number, readonly val: number, readonly kids: readonly Node[]) {}
}
/** Leaves share one array of no children. */
const LEAF: readonly Node[] = [];
// A literal's value is usually a double: make that the field's representation from the
// start, so the first double does not change the class's map under optimised code.
new Node(0, 0.5, LEAF);

/**
 * Simplify a genome: constant folding, dead-branch removal and algebraic identities
 * (x·0, x·1, x+0, x−x, −−x, ifpos c b b, min/max x x). Used to find the tier a genome
 * really uses: (mul 0 loss) does not point at the LOSS cell.
 *
 * x·0 → 0 assumes x is finite, which holds for every terminal; an objective that
 * overflows to ±Infinity is the only case where the simplified form evaluates differently.
 */
export function simplify(g: Genome, ps: PrimitiveSet): Genome {
  const out = { ops: [] as number[], vals: [] as number[] };
  write(reduce(read(g, ps, { at: 0 })), out);
  return out;
}

/**
 * The tree of the subtree at `pos.at` (which moves past it). Module functions with their
 * state passed in, not closures made per call: V8 keeps a closure's optimised code only
 * while a closure of it is alive, so per-call closures were optimised again and again.
 */
function read(g: Genome, ps: PrimitiveSet, pos: { at: number }): Node {
  const at = pos.at++;
  const p = ps.table[g.ops[at]];
  if (p.arity === 0) return new Node(p.op, g.vals[at], LEAF);
  const kids: Node[] = [];
  for (let a = 0; a < p.arity; a++) kids.push(read(g, ps, pos));
  return new Node(p.op, g.vals[at], kids);
}

/** Append the tree in prefix order. */
function write(n: Node, out: { ops: number[]; vals: number[] }): void {
  out.ops.push(n.op);
  out.vals.push(n.val);
  for (const k of n.kids) write(k, out);
}

const lit = (v: number): Node => new Node(Op.Const, v, LEAF);
const isLit = (n: Node, v?: number) => n.op === Op.Const && (v === undefined || n.val === v);

/** The same subtree: the same operators and literals (0 and −0 alike, as printed forms are). */
function same(a: Node, b: Node): boolean {
  if (a.op !== b.op || a.kids.length !== b.kids.length) return false;
  if (a.op === Op.Const && a.val !== b.val) return false;
  for (let i = 0; i < a.kids.length; i++) if (!same(a.kids[i], b.kids[i])) return false;
  return true;
}

/** Fold to a literal only when the result is one a genome can hold and print exactly. */
function folded(v: number): Node | null {
  const text = String(v === 0 ? 0 : v);
  return typeof parseLiteral(text) === 'number' ? lit(v === 0 ? 0 : v) : null;
}

function reduce(node: Node): Node {
  // A leaf reduces to itself (nodes are never changed, so it can be shared).
  if (node.kids.length === 0) return node;
  const k: Node[] = [];
  for (const c of node.kids) k.push(reduce(c));
  const n = new Node(node.op, node.val, k);
  let literals = true;
  for (const c of k) {
    if (!isLit(c)) {
      literals = false;
      break;
    }
  }
  if (literals) {
    // A missing third (or second) child is undefined: applyFunction's default, as before.
    const r = applyFunction(n.op, k[0].val, k[1]?.val, k[2]?.val);
    const f = folded(r);
    if (f) return f;
  }
  switch (n.op) {
    case Op.IfPos:
      if (isLit(k[0])) return k[0].val > 0 ? k[1] : k[2];
      if (same(k[1], k[2])) return k[1];
      return n;
    case Op.Mul:
      if (isLit(k[0], 0) || isLit(k[1], 0)) return lit(0);
      if (isLit(k[0], 1)) return k[1];
      if (isLit(k[1], 1)) return k[0];
      return n;
    case Op.Add:
      if (isLit(k[0], 0)) return k[1];
      if (isLit(k[1], 0)) return k[0];
      return n;
    case Op.Sub:
      if (isLit(k[1], 0)) return k[0];
      if (same(k[0], k[1])) return lit(0);
      return n;
    case Op.Neg:
      return k[0].op === Op.Neg ? k[0].kids[0] : n;
    case Op.Min:
    case Op.Max:
      return same(k[0], k[1]) ? k[0] : n;
    default:
      return n;
  }
}
