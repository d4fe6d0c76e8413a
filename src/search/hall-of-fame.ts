import { compareRanked, compareScores } from '../core/fitness.js';
import type { FameEntry, Member } from './member.js';

export type FameStatus = 'new' | 'kept' | 'rejected';

/**
 * The best `size` distinct genomes seen, best first (by compareRanked). A genome's
 * fitness never changes, so an entry is either new, already held (its earliest
 * generation is kept) or rejected. Updating in any order gives the same result.
 */
export class HallOfFame {
  private entries: FameEntry[] = [];

  constructor(readonly size: number, initial: readonly FameEntry[] = []) {
    for (const e of initial) this.update(e);
  }

  update(e: FameEntry): FameStatus {
    return this.enter(e, e.generation);
  }

  /**
   * update({ ...m, generation }) for a member that `admits` lets in, else 'rejected':
   * the island loop offers every member of every generation and most fail one comparison,
   * so no entry is built for them.
   */
  offer(m: Member, generation: number): FameStatus {
    return this.admits(m) ? this.enter(m, generation) : 'rejected';
  }

  /** True when `e` would enter (or is already held). */
  admits(e: { expr: string; fitness: number; dl: number }): boolean {
    return this.entries.length < this.size || compareRanked(e, this.entries[this.entries.length - 1]) <= 0;
  }

  /**
   * True when a member of this fitness and DL ranks after the last entry of a full hall
   * whatever its text, so that `offer` would reject it: the island loop asks before it
   * prints a member.
   */
  rejects(fitness: number, dl: number): boolean {
    if (this.entries.length < this.size) return false;
    const last = this.entries[this.entries.length - 1];
    return compareScores(fitness, dl, last.fitness, last.dl) > 0;
  }

  list(): FameEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  private enter(m: Member, generation: number): FameStatus {
    const entries = this.entries;
    for (let i = 0; i < entries.length; i++) {
      const held = entries[i];
      if (held.expr !== m.expr) continue;
      if (generation < held.generation) entries[i] = { ...held, generation };
      return 'kept';
    }
    // Entries are distinct genomes in a total order: inserting before the first entry `m`
    // ranks before keeps them sorted, as a sort would (a sort per entry was a tenth of a
    // worker's allocation).
    let at = entries.length;
    while (at > 0 && compareRanked(m, entries[at - 1]) < 0) at--;
    if (at >= this.size) return 'rejected';
    entries.splice(at, 0, { expr: m.expr, reward: m.reward, dl: m.dl, fitness: m.fitness, generation });
    if (entries.length > this.size) entries.pop();
    return 'new';
  }
}
