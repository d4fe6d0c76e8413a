import { Op, type PrimitiveSet } from './primitives.js';
import { compareTexts } from './fitness.js';

/**
 * A genome is an objective program in prefix order: ops[i] is an opcode, vals[i] the
 * literal's value where ops[i] is Op.Const (0 elsewhere). A subtree is a slice.
 */
export interface Genome {
  readonly ops: readonly number[];
  readonly vals: readonly number[];
  /** The planning-horizon gene; absent means 'myopic' (see horizon.ts). Printed as a root `(lifetime U)`. */
  readonly horizon?: Horizon;
}

/**
 * A genome's nodes as evaluation reads them (the evaluator, description length): any array
 * of numbers. The island loop hands the evaluator typed-array views of the buffer it builds
 * each offspring in, so that an offspring is not copied into plain arrays to be assessed.
 */
export interface GenomeNodes {
  readonly ops: ArrayLike<number>;
  readonly vals: ArrayLike<number>;
  readonly horizon?: Horizon;
}

/**
 * Planning horizon: a `myopic` agent maximises its objective in every episode; a
 * `lifetime` agent that has the self tier plays along in training (DESIGN.md Claim C).
 */
export type Horizon = 'myopic' | 'lifetime';
/** The root wrapper that carries the lifetime gene in the S-expression. */
export const LIFETIME = 'lifetime';

/** Literals are bounded so that their description length and printed form stay exact. */
export const LITERAL_MAX_ABS = 1e6;
export const LITERAL_MAX_DECIMALS = 6;
/** Parse limits: far above the search's size limits, low enough that hostile input cannot exhaust the stack. */
export const PARSE_MAX_NODES = 10_000;
export const PARSE_MAX_DEPTH = 200;

export class GenomeParseError extends Error {
  constructor(message: string, readonly token: string, readonly position: number) {
    super(message);
  }
}

/** Index one past the end of the subtree rooted at `start`. */
export function subtreeEnd(g: GenomeNodes, start: number, ps: PrimitiveSet): number {
  let need = 1;
  let i = start;
  while (need > 0) {
    need += ps.table[g.ops[i]].arity - 1;
    i++;
  }
  return i;
}

export function size(g: Genome): number {
  return g.ops.length;
}

/** Depth of the tree: a single terminal has depth 1. (The search's own, on typed arrays: genome-buffer.ts depthAt.) */
export function depth(g: Genome, ps: PrimitiveSet): number {
  let max = 0;
  // Arguments still needed by each open function.
  const open: number[] = [];
  for (let i = 0; i < g.ops.length; i++) {
    if (open.length + 1 > max) max = open.length + 1;
    const arity = ps.table[g.ops[i]].arity;
    if (arity > 0) open.push(arity);
    else while (open.length > 0 && --open[open.length - 1] === 0) open.pop();
  }
  return max;
}

/**
 * Replace the slice [start, end) of `g` with the slice [from, to) of `sub` (all of it by
 * default). Ranges must be valid: 0 ≤ start ≤ end ≤ size(g), 0 ≤ from ≤ to ≤ size(sub).
 */
export function splice(g: Genome, start: number, end: number, sub: Genome, from = 0, to = sub.ops.length): Genome {
  return { ops: spliced(g.ops, start, end, sub.ops, from, to), vals: spliced(g.vals, start, end, sub.vals, from, to) };
}

/** a[0, start) + b[from, to) + a[end, …) in one array. */
function spliced(a: readonly number[], start: number, end: number, b: readonly number[], from: number, to: number): number[] {
  const out = a.slice(0, start);
  for (let i = from; i < to; i++) out.push(b[i]);
  for (let i = end; i < a.length; i++) out.push(a[i]);
  return out;
}

/** `g` with the horizon gene set (myopic is the absent gene, so myopic genomes print as before). */
export function withHorizon(g: Pick<Genome, 'ops' | 'vals'>, h: Horizon | undefined): Genome {
  return h === 'lifetime' ? { ops: g.ops, vals: g.vals, horizon: h } : { ops: g.ops, vals: g.vals };
}

export function formatLiteral(v: number): string {
  return String(v);
}

/** The S-expression of a genome. print(parse(s)) === s for any printed s. */
export function print(g: Genome, ps: PrimitiveSet): string {
  const body = printObjective(g, ps);
  return g.horizon === 'lifetime' ? `(${LIFETIME} ${body})` : body;
}

function printObjective(g: Genome, ps: PrimitiveSet): string {
  return tokensOf(ps).print(g);
}

/**
 * compareTexts(print(a), print(b)) for two genomes of the same horizon gene, given as runs
 * of node arrays (at `a` and `b`, `n` nodes: the shorter length), without printing them:
 * the search breaks exact ties of fitness and DL by text, and printing both was most of
 * what a tie cost.
 */
export function compareBodies(ps: PrimitiveSet, opsA: ArrayLike<number>, valsA: ArrayLike<number>, a: number, opsB: ArrayLike<number>, valsB: ArrayLike<number>, b: number, n: number): number {
  return tokensOf(ps).compareBodies(opsA, valsA, a, opsB, valsB, b, n);
}

/**
 * The printed tokens of a primitive set, made once: the search prints many genomes (ties,
 * halls of fame, logs, checkpoints), and building "(name" and "name)))" per node was most
 * of what printing allocated.
 */
class Tokens {
  /** By opcode: "(name", how a function opens. */
  private readonly head: string[];
  /** By terminal opcode, by number of closing parens (0 included): "name)…)", made on first use. */
  private readonly closedBy: (string | undefined)[][];
  /** Arguments still needed by each open function (scratch: printing is synchronous and never re-enters). */
  private readonly open: number[] = [];

  constructor(private readonly ps: PrimitiveSet) {
    this.head = ps.table.map((p) => `(${p.name}`);
    this.closedBy = ps.table.map(() => []);
  }

  print(g: Genome): string {
    const { open, ps } = this;
    const parts = new Array<string>(g.ops.length);
    let top = 0;
    for (let i = 0; i < g.ops.length; i++) {
      const op = g.ops[i];
      const p = ps.table[op];
      if (p.arity > 0) {
        parts[i] = this.head[op];
        open[top++] = p.arity;
        continue;
      }
      // The functions this terminal completes close right after it.
      let closes = 0;
      while (top > 0 && --open[top - 1] === 0) {
        top--;
        closes++;
      }
      parts[i] = p.op === Op.Const ? formatLiteral(g.vals[i]) + ')'.repeat(closes) : this.closed(op, closes);
    }
    return parts.join(' ');
  }

  /**
   * compareTexts of the printed bodies of genomes a and b (runs of node arrays from `a` and
   * `b`, of which the first `n` nodes are compared), without printing them. Up to the first
   * node whose token differs, the two texts are the same: the same tokens, and the same
   * separators and closing parentheses, which depend only on the nodes before. From there
   * they differ inside that node's token ("(name" for a function, the name or literal for a
   * terminal), or, when one token is a prefix of the other, where the shorter one is
   * followed by " ", ")" or the end, each of which sorts before any character of a token: so
   * the tokens compare as the texts do. A function's "(" sorts before a terminal's first
   * character (a letter, a digit or a sign).
   */
  compareBodies(opsA: ArrayLike<number>, valsA: ArrayLike<number>, a: number, opsB: ArrayLike<number>, valsB: ArrayLike<number>, b: number, n: number): number {
    for (let k = 0; k < n; k++) {
      const opA = opsA[a + k];
      const opB = opsB[b + k];
      // Literals equal as numbers print alike (0 and −0 as "0"), and unequal ones differently.
      if (opA === opB && (opA !== Op.Const || valsA[a + k] === valsB[b + k])) continue;
      return compareTexts(this.token(opA, valsA[a + k]), this.token(opB, valsB[b + k]));
    }
    return 0;
  }

  private token(op: number, val: number): string {
    return op === Op.Const ? formatLiteral(val) : this.ps.table[op].arity > 0 ? this.head[op] : this.ps.table[op].name;
  }

  private closed(op: number, closes: number): string {
    const byCount = this.closedBy[op];
    return (byCount[closes] ??= this.ps.table[op].name + ')'.repeat(closes));
  }
}

const tokensBySet = new WeakMap<PrimitiveSet, Tokens>();

function tokensOf(ps: PrimitiveSet): Tokens {
  let t = tokensBySet.get(ps);
  if (t === undefined) tokensBySet.set(ps, (t = new Tokens(ps)));
  return t;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Check a literal's text and return its value, or a reason it is not allowed. */
export function parseLiteral(text: string): number | string {
  if (!NUMBER.test(text)) return 'not a number';
  const v = Number(text);
  if (!Number.isFinite(v) || Math.abs(v) > LITERAL_MAX_ABS) return `a literal with |value| ≤ ${LITERAL_MAX_ABS}`;
  if (Number(v.toFixed(LITERAL_MAX_DECIMALS)) !== v) return `a literal with at most ${LITERAL_MAX_DECIMALS} decimals`;
  return v === 0 ? 0 : v; // -0 prints as 0; keep the value that prints.
}

const LIFETIME_OPEN = new RegExp(`^(\\s*\\(\\s*${LIFETIME})(?=[\\s()])`);

/**
 * Parse an S-expression, with the horizon gene as an optional root wrapper
 * `(lifetime U)`. Throws GenomeParseError naming the token, its position and what was
 * expected.
 */
export function parse(text: string, ps: PrimitiveSet): Genome {
  const open = LIFETIME_OPEN.exec(text);
  if (!open) return parseObjective(text, ps);
  const close = text.trimEnd().length - 1;
  if (close < open[1].length || text[close] !== ')') {
    throw new GenomeParseError(`'(${LIFETIME}' opened at position ${open[1].indexOf('(')} needs one objective and a closing ')' at the end`, LIFETIME, open[1].indexOf('('));
  }
  // Blank out the wrapper so that positions in messages stay those of the whole text.
  const inner = ' '.repeat(open[1].length) + text.slice(open[1].length, close);
  return withHorizon(parseObjective(inner, ps), 'lifetime');
}

function parseObjective(text: string, ps: PrimitiveSet): Genome {
  const tokens: { t: string; pos: number }[] = [];
  const re = /\(|\)|[^\s()]+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    tokens.push({ t: m[0], pos: m.index });
    if (tokens.length > 3 * PARSE_MAX_NODES) throw new GenomeParseError(`genome too long: more than ${PARSE_MAX_NODES} nodes`, m[0], m.index);
  }
  if (tokens.length === 0) throw new GenomeParseError('empty genome: expected an S-expression such as (mul answer truth)', '', 0);
  const ops: number[] = [];
  const vals: number[] = [];
  // Explicit stack of open functions: how many arguments each still needs.
  const open: { name: string; need: number; pos: number }[] = [];
  let i = 0;
  const fail = (msg: string, tok: { t: string; pos: number } | undefined): never => {
    const where = tok ? ` at position ${tok.pos}` : ' at end of input';
    throw new GenomeParseError(`${msg}${where}`, tok?.t ?? '', tok?.pos ?? text.length);
  };
  const names = () => [...ps.byName.keys()].join(', ');
  do {
    const tok = tokens[i++];
    if (tok === undefined) {
      const top = open[open.length - 1];
      fail(top.need > 0 ? `unexpected end: '(${top.name}' needs ${top.need} more argument(s)` : `unexpected end: expected ')' to close '(${top.name}' opened at position ${top.pos}`, undefined);
    }
    else if (tok.t === ')') {
      const top = open[open.length - 1];
      if (!top) fail(`unexpected ')'`, tok);
      if (top.need > 0) fail(`'(${top.name}' needs ${top.need} more argument(s) before ')'`, tok);
      open.pop();
      if (open.length > 0) open[open.length - 1].need--;
    } else {
      if (open.length > 0 && open[open.length - 1].need === 0) fail(`'(${open[open.length - 1].name}' takes no more arguments: expected ')' but found '${shown(tok.t)}'`, tok);
      if (tok.t === '(') {
        const head = tokens[i++];
        if (!head || head.t === '(' || head.t === ')') fail(`expected a function name after '(' (one of ${fnNames(ps)})`, head);
        const p = ps.byName.get(head.t);
        if (head.t === LIFETIME) fail(`'(${LIFETIME} ...)' is allowed only around the whole genome`, head);
        if (!p || p.arity === 0) fail(`unknown function '${shown(head.t)}': expected one of ${fnNames(ps)}`, head);
        if (open.length >= PARSE_MAX_DEPTH) fail(`genome nested deeper than ${PARSE_MAX_DEPTH}: '(${shown(head.t)}'`, tok);
        ops.push(p!.op);
        vals.push(0);
        open.push({ name: p!.name, need: p!.arity, pos: tok.pos });
      } else {
        const p = ps.byName.get(tok.t);
        if (p) {
          if (p.arity > 0) fail(`function '${shown(tok.t)}' must be called as '(${shown(tok.t)} ...)'`, tok);
          ops.push(p.op);
          vals.push(0);
        } else {
          const lit = parseLiteral(tok.t);
          if (typeof lit === 'string') {
            fail(lit === 'not a number' ? `unknown terminal '${shown(tok.t)}': expected a number or one of ${names()}` : `literal '${shown(tok.t)}': expected ${lit}`, tok);
          }
          ops.push(Op.Const);
          vals.push(lit as number);
        }
        if (open.length > 0) open[open.length - 1].need--;
      }
      if (ops.length > PARSE_MAX_NODES) fail(`genome too long: more than ${PARSE_MAX_NODES} nodes`, tok);
    }
  } while (open.length > 0);
  if (i < tokens.length) fail(`unexpected '${shown(tokens[i].t)}' after a complete genome`, tokens[i]);
  return { ops, vals };
}

/** A token as shown in messages: long ones are cut so a 1 MB token does not become a 1 MB message. */
function shown(t: string): string {
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
}

function fnNames(ps: PrimitiveSet): string {
  return ps.table.filter((p) => p.arity > 0).map((p) => p.name).join(', ');
}
