import { compareRanked } from '../core/fitness.js';
import type { FameEntry } from './member.js';

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
    const held = this.entries.findIndex((x) => x.expr === e.expr);
    if (held >= 0) {
      if (e.generation < this.entries[held].generation) this.entries[held] = { ...this.entries[held], generation: e.generation };
      return 'kept';
    }
    if (this.entries.length >= this.size && compareRanked(e, this.entries[this.entries.length - 1]) > 0) return 'rejected';
    this.entries.push({ ...e });
    this.entries.sort(compareRanked);
    if (this.entries.length > this.size) this.entries.pop();
    return 'new';
  }

  /** True when `e` would enter (or is already held): lets callers skip building entries. */
  admits(e: { expr: string; fitness: number; dl: number }): boolean {
    return this.entries.length < this.size || compareRanked(e, this.entries[this.entries.length - 1]) <= 0;
  }

  list(): FameEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }
}
