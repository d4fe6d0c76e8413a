import { frameOf, type Frame } from './frame.js';
import type { GenomeNodes } from './genome.js';
import { Op, type PrimitiveSet } from './primitives.js';
import type { Episodes } from './world.js';

/**
 * Count-based scoring for genomes that read only discrete inputs.
 *
 * Why: ctx, truth, the shortcut inputs s_c and the labeller's systematic label (which
 * `label` and `loss` read in training) take few values, and a genome that reads nothing
 * else computes the same objective values — hence, with the episode's coin, the same
 * choice — on every episode with the same values of what it reads. So it is evaluated
 * once per distinct combination (the coin included), and each combination's reward is
 * the number of its episodes whose written label Y is +1 (or −1) — an exact integer, so
 * the reward equals the episode-by-episode sum bit for bit.
 *
 * Sources of variation, by index: 0 ctx, 1 truth, 2 the systematic label, 3+c s_c.
 */
const CTX = 0;
const TRUTH = 1;
const LABEL_SYS = 2;
const SHORTCUT0 = 3;

/**
 * Distinct read-sets kept (each a frame of at most a few thousand rows), then all are
 * dropped: small enough that memory stays flat on long runs. A new read-set costs one pass
 * over the distinct episode rows. A default run meets ~130–250 read-sets again and again,
 * so this projects ~5,000 times; a two-generation BoundedMemo of 128 projected ~1,200
 * times and ran 4% faster, but its extra frames raised resident memory growth from
 * generation 100 to 1,000 by ~2 points (7.7–10.1% vs 7.0–8.2%), too near the 10% target.
 */
const CACHE_LIMIT = 128;
/** Keys are exact integers in a double. */
const KEY_LIMIT = 2 ** 52;
/**
 * Keys below this many index an array instead of a Map (every default read-set: at most
 * 6 contexts × 2^8 × the coin). The Map, its boxed rows and the iterators of
 * `Float64Array.from` were a third of what a run allocated (~140 of ~420 bytes per
 * offspring), collected outside evaluation.
 */
const DENSE_SPAN = 1 << 16;

export class CountTables {
  /** One row per distinct tuple of every source and the coin: its first episode and label counts. */
  private readonly rep: Int32Array;
  private readonly plus: Float64Array;
  private readonly minus: Float64Array;
  /** Frames by the set of sources read (readKey). */
  private readonly cache = new Map<number | string, Frame | null>();
  private readonly radix: number[];
  /** Which sources the genome at hand reads (reused: a lookup allocates nothing). */
  private readonly seen: Uint8Array;
  /** A projection's row by key (denseRows), −1 where none. */
  private rowByKey = new Int32Array(0);
  /** A projection's rows as it builds them (project). */
  private scratchRep: Int32Array | undefined;
  private scratchPlus: Float64Array | undefined;
  private scratchMinus: Float64Array | undefined;

  constructor(private readonly ps: PrimitiveSet, private readonly ep: Episodes, private readonly tamperable: boolean) {
    this.radix = [ps.contexts, 2, 2, ...new Array<number>(ps.contexts).fill(2)];
    this.seen = new Uint8Array(this.radix.length);
    const rows = new Rows();
    for (let e = 0; e < ep.n; e++) {
      let key = `${ep.ctx[e]},${ep.truth[e]},${ep.labelSys[e]},${ep.coin[e]}`;
      for (const s of ep.shortcut) key += s[e] > 0 ? '+' : '-';
      rows.add(key, e, ep.label[e] > 0 ? 1 : 0, ep.label[e] < 0 ? 1 : 0);
    }
    this.rep = Int32Array.from(rows.rep);
    this.plus = Float64Array.from(rows.plus);
    this.minus = Float64Array.from(rows.minus);
  }

  /** Distinct rows of the whole table (what a genome reading every discrete input would need). */
  get rows(): number {
    return this.rep.length;
  }

  /**
   * The frame of one row per distinct value of what `g` reads, or null when `g` reads a
   * continuous sensor (or reads so much that keys would not be exact).
   */
  frameFor(g: GenomeNodes): Frame | null {
    if (!this.markSources(g)) return null;
    const key = this.readKey();
    let frame = this.cache.get(key);
    if (frame === undefined) {
      const read: number[] = [];
      for (let s = 0; s < this.seen.length; s++) if (this.seen[s]) read.push(s);
      frame = this.project(read);
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(key, frame);
    }
    return frame;
  }

  /** Marks in `seen` the sources `g` reads; false if it reads a sensor. */
  private markSources(g: GenomeNodes): boolean {
    const seen = this.seen;
    seen.fill(0);
    const ops = g.ops;
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i];
      if (op >= this.ps.sensor0) return false;
      if (op >= Op.Shortcut0) seen[SHORTCUT0 + op - Op.Shortcut0] = 1;
      else if (op === Op.Ctx) seen[CTX] = 1;
      else if (op === Op.Truth) seen[TRUTH] = 1;
      else if (op === Op.Label || op === Op.Loss) seen[LABEL_SYS] = 1; // tables exist for training episodes only
    }
    return true;
  }

  /** The set in `seen` as a key: a number (one bit per source) when exact in a double, else text. */
  private readKey(): number | string {
    const seen = this.seen;
    if (seen.length > 52) return seen.join('');
    let key = 0;
    for (let s = seen.length - 1; s >= 0; s--) key = key * 2 + seen[s];
    return key;
  }

  private project(read: number[]): Frame | null {
    let span = 2; // the coin
    for (const s of read) span *= this.radix[s];
    if (span > KEY_LIMIT) return null;
    const ep = this.ep;
    const n = this.rep.length;
    // Rows are built in scratch arrays (at most one row per table row), then copied out at
    // their number: a projection's only allocations are its frame's own arrays. Temporaries
    // the size of the table, freed each time, made workers' resident memory grow ~2 points more.
    const rep = (this.scratchRep ??= new Int32Array(n));
    const plus = (this.scratchPlus ??= new Float64Array(n));
    const minus = (this.scratchMinus ??= new Float64Array(n));
    const keys = span <= DENSE_SPAN ? this.denseRows(span) : null;
    const sparse = keys === null ? new Map<number, number>() : null;
    let rows = 0;
    for (let r = 0; r < n; r++) {
      const e = this.rep[r];
      let key = ep.coin[e] > 0 ? 1 : 0;
      // Indexed, not for…of: until V8 optimises this loop, each for…of made an iterator and a
      // result per source and row (4 MB in a run's first epochs, collected outside evaluation).
      for (let k = 0; k < read.length; k++) key = key * this.radix[read[k]] + this.code(read[k], e);
      let row = keys !== null ? keys[key] : (sparse!.get(key) ?? -1);
      if (row < 0) {
        row = rows++;
        if (keys !== null) keys[key] = row;
        else sparse!.set(key, row);
        rep[row] = e;
        plus[row] = 0;
        minus[row] = 0;
      }
      plus[row] += this.plus[r];
      minus[row] += this.minus[r];
    }
    // Emptied for the next projection: only the keys met were set.
    if (keys !== null) keys.fill(-1, 0, span);
    const used = rep.subarray(0, rows);
    return frameOf(this.ps, gather(ep, used, read), this.tamperable, plus.slice(0, rows), minus.slice(0, rows));
  }

  /** A row index by key for keys below `span`, every entry −1 (reused: a projection allocates only its frame). */
  private denseRows(span: number): Int32Array {
    if (this.rowByKey.length < span) this.rowByKey = new Int32Array(span).fill(-1);
    return this.rowByKey;
  }

  private code(s: number, e: number): number {
    const ep = this.ep;
    if (s === CTX) return ep.ctx[e];
    const v = s === TRUTH ? ep.truth[e] : s === LABEL_SYS ? ep.labelSys[e] : ep.shortcut[s - SHORTCUT0][e];
    return v > 0 ? 1 : 0;
  }
}

/** Episodes grouped by key (the table's tuples, as text): each row's first episode and how many of its labels are +1 and −1. */
class Rows {
  private readonly rowOf = new Map<string, number>();
  readonly rep: number[] = [];
  readonly plus: number[] = [];
  readonly minus: number[] = [];

  add(key: string, e: number, plus: number, minus: number): void {
    let row = this.rowOf.get(key);
    if (row === undefined) {
      row = this.rep.length;
      this.rowOf.set(key, row);
      this.rep.push(e);
      this.plus.push(0);
      this.minus.push(0);
    }
    this.plus[row] += plus;
    this.minus[row] += minus;
  }
}

/** Episodes made of the listed episodes' columns that are read (others are empty: nothing reads them). */
function gather(ep: Episodes, rows: Int32Array, read: number[]): Episodes {
  const none = new Float64Array(0);
  const pick = (col: Float64Array, source: number) => (read.includes(source) ? pickRows(col, rows) : none);
  return {
    n: rows.length,
    training: ep.training,
    ctx: pick(ep.ctx, CTX),
    shortcut: ep.shortcut.map((col, c) => pick(col, SHORTCUT0 + c)),
    sensor: ep.sensor.map(() => none),
    x: none,
    truth: pick(ep.truth, TRUTH),
    labelSys: pick(ep.labelSys, LABEL_SYS),
    label: none,
    biased: new Uint8Array(0),
    coin: pickRows(ep.coin, rows),
  };
}

/** The column's values at the listed episodes. */
function pickRows(col: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = col[rows[i]];
  return out;
}
