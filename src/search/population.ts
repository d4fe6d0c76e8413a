import { compareScores, compareTexts } from '../core/fitness.js';
import { compareBodies, print } from '../core/genome.js';
import type { PrimitiveSet } from '../core/primitives.js';
import { hashAt, type GenomeBuffer, type Nodes } from './genome-buffer.js';
import type { GenomeMemo } from './genome-memo.js';
import { GenomeStore } from './genome-store.js';
import type { Member } from './member.js';
import type { Ranking } from './selection.js';

/**
 * One island's population inside an epoch: a GenomeStore whose members' S-expressions
 * are printed only when something needs them — the hall of fame, a generation's best, a
 * tie broken by text between genomes of different horizon genes (other ties compare the
 * texts node by node without printing them). The loop keeps two and swaps them each
 * generation.
 */
export class Population extends GenomeStore implements Ranking {
  /** By member index; never shortened (clear keeps the storage), each append resets its own entry. */
  private exprs: (string | undefined)[] = [];

  /** `texts`: S-expressions of genomes printed before, shared with other populations (a worker's, across epochs). */
  constructor(private readonly ps: PrimitiveSet, private readonly texts?: GenomeMemo<string>) {
    super();
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

  /**
   * compareRanked of members i and j. An exact tie of fitness and DL between two genomes is
   * broken by their texts, compared node by node without printing them (genome.ts
   * compareBodies) unless their horizon genes differ (then one text starts "(lifetime").
   */
  compare(i: number, j: number): number {
    const byScore = compareScores(this.fitness[i], this.dl[i], this.fitness[j], this.dl[j]);
    if (byScore !== 0) return byScore;
    if (i === j || this.same(i, j)) return 0;
    if (this.lifetime[i] !== this.lifetime[j]) return compareTexts(this.expr(i), this.expr(j));
    return compareBodies(this.ps, this.ops, this.vals, this.start[i], this.ops, this.vals, this.start[j], Math.min(this.len[i], this.len[j]));
  }

  /** Whether members i and j have the same genome. */
  same(i: number, j: number): boolean {
    return this.holds(i, this, this.start[j], this.len[j], this.lifetime[j] === 1, this.hash[j]);
  }

  expr(i: number): string {
    let text = this.exprs[i];
    if (text === undefined) {
      // The hall of fame's and each generation's best are mostly genomes printed in earlier epochs.
      text = this.texts?.get(this, i);
      if (text === undefined) {
        text = print(this.genome(i), this.ps);
        this.texts?.set(this, i, text);
      }
      this.exprs[i] = text;
    }
    return text;
  }

  member(i: number): Member {
    return { expr: this.expr(i), reward: this.reward[i], dl: this.dl[i], fitness: this.fitness[i] };
  }
}
