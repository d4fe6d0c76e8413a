import { compareRanked, compareScores } from '../core/fitness.js';
import type { FameEntry, Member } from './member.js';

export type FameStatus = 'new' | 'kept' | 'rejected';

/** What a member ranks by before its text (compareScores). */
export interface Scores {
  fitness: number;
  dl: number;
}

/**
 * The best `size` distinct genomes seen, best first (by compareRanked). Within one model
 * phase a genome's fitness never changes, so an entry is either new, already held (its
 * earliest generation is kept) or rejected, and updating in any order gives the same
 * result. Across a phase change a genome may be offered again with another fitness: the
 * entry held keeps its first fitness (the island loop hands such an epoch no floor).
 */
export class HallOfFame {
  private readonly entries: FameEntry[] = [];
  /**
   * Entries by S-expression. A hall of fame may be asked to hold thousands: a scan per
   * update made hallOfFame=10000 runs spend most of their time here.
   */
  private readonly byExpr = new Map<string, FameEntry>();

  /**
   * `floor`: scores a member must not rank after to enter, whether or not the hall is full
   * (an island epoch's hall takes the run's hall's bound as it stood some epochs before:
   * island.ts). A member ranking after it could never have entered the run's hall.
   */
  constructor(readonly size: number, initial: readonly FameEntry[] = [], private readonly floor?: Scores) {
    for (const e of initial) this.update(e);
  }

  update(e: FameEntry): FameStatus {
    return this.enter(e, e.generation);
  }

  /** update({ ...m, generation }) without building the entry unless it enters. */
  offer(m: Member, generation: number): FameStatus {
    return this.enter(m, generation);
  }

  /** A copy of the entry held for this S-expression, if any. */
  held(expr: string): FameEntry | undefined {
    const e = this.byExpr.get(expr);
    return e === undefined ? undefined : { ...e };
  }

  /**
   * True when a member of this fitness and DL ranks after the floor, or after the last entry
   * of a full hall, whatever its text, so that `offer` would reject it: the island loop asks
   * before it prints a member.
   */
  rejects(fitness: number, dl: number): boolean {
    if (this.belowFloor(fitness, dl)) return true;
    const last = this.lastOfFull();
    return last !== undefined && compareScores(fitness, dl, last.fitness, last.dl) > 0;
  }

  /** The last entry's scores when the hall is full (a member ranking after them on scores alone is rejected), else undefined. */
  bound(): Scores | undefined {
    const last = this.lastOfFull();
    return last === undefined ? undefined : { fitness: last.fitness, dl: last.dl };
  }

  private belowFloor(fitness: number, dl: number): boolean {
    return this.floor !== undefined && compareScores(fitness, dl, this.floor.fitness, this.floor.dl) > 0;
  }

  private lastOfFull(): FameEntry | undefined {
    return this.entries.length < this.size || this.size === 0 ? undefined : this.entries[this.entries.length - 1];
  }

  list(): FameEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  private enter(m: Member, generation: number): FameStatus {
    const entries = this.entries;
    const held = this.byExpr.get(m.expr);
    if (held !== undefined) {
      // Entries are this hall's own objects (list() hands out copies).
      if (generation < held.generation) held.generation = generation;
      return 'kept';
    }
    if (this.belowFloor(m.fitness, m.dl)) return 'rejected';
    // Entries are distinct genomes in a total order: inserting at the first entry `m`
    // ranks before keeps them sorted, as a sort would. Most offers rank after the last
    // entry (rejected at once from a full hall), and a hall built from a list gets it best first.
    let lo = entries.length > 0 && compareRanked(m, entries[entries.length - 1]) > 0 ? entries.length : 0;
    let hi = entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareRanked(m, entries[mid]) < 0) hi = mid;
      else lo = mid + 1;
    }
    if (lo >= this.size) return 'rejected';
    if (entries.length >= this.size) this.byExpr.delete(entries.pop()!.expr);
    const entry = { expr: m.expr, reward: m.reward, dl: m.dl, fitness: m.fitness, generation };
    entries.splice(lo, 0, entry);
    this.byExpr.set(entry.expr, entry);
    return 'new';
  }
}
