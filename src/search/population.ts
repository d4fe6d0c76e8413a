import { print } from '../core/genome.js';
import type { PrimitiveSet } from '../core/primitives.js';
import { hashAt, type GenomeBuffer, type Nodes } from './genome-buffer.js';
import { GenomeStore } from './genome-store.js';
import type { Member } from './member.js';
import type { Ranking } from './selection.js';

/**
 * One island's population inside an epoch: a GenomeStore whose members' S-expressions
 * are printed only when something needs them — a tie broken by text (in selection or the
 * epoch's rank), the hall of fame, a generation's best. The loop keeps two and swaps them
 * each generation.
 */
export class Population extends GenomeStore implements Ranking {
  private exprs: (string | undefined)[] = [];

  constructor(private readonly ps: PrimitiveSet) {
    super();
  }

  override clear(): void {
    super.clear();
    this.exprs.length = 0;
  }

  protected override appendGenome(src: Nodes, start: number, len: number, lifetime: boolean, hash: number): number {
    const k = super.appendGenome(src, start, len, lifetime, hash);
    this.exprs[k] = undefined; // not printed yet
    return k;
  }

  /** Append member i of `from` (an elite carried into the next generation), with its text when printed. */
  addMember(from: Population, i: number): void {
    this.addFrom(from, i);
    this.exprs[this.size - 1] = from.exprs[i];
  }

  /** Append a whole buffer's genome with its fitness (scripts, tests). */
  addGenome(b: GenomeBuffer, f: Omit<Member, 'expr'>): void {
    this.add(b, 0, b.len, b.lifetime, hashAt(b, 0, b.len, b.lifetime), f);
  }

  /** compareRanked of members i and j; the text is printed only for an exact tie of fitness and DL. */
  compare(i: number, j: number): number {
    const fi = this.fitness[i];
    const fj = this.fitness[j];
    if (fi !== fj) return fi > fj ? -1 : 1;
    const di = this.dl[i];
    const dj = this.dl[j];
    if (di !== dj) return di < dj ? -1 : 1;
    if (i === j || this.same(i, j)) return 0;
    const a = this.expr(i);
    const b = this.expr(j);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** Whether members i and j have the same genome. */
  same(i: number, j: number): boolean {
    return this.holds(i, this, this.start[j], this.len[j], this.lifetime[j] === 1, this.hash[j]);
  }

  expr(i: number): string {
    return (this.exprs[i] ??= print(this.genome(i), this.ps));
  }

  member(i: number): Member {
    return { expr: this.expr(i), reward: this.reward[i], dl: this.dl[i], fitness: this.fitness[i] };
  }
}
