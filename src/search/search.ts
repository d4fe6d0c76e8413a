import { first } from './selection.js';
import { CLASSES, noClasses, type BehaviourClass } from '../core/classify.js';
import { budgetMarks, evaluationsAt, generationFor, type BudgetMark, type BudgetShape } from './budget.js';
import { HallOfFame, type Scores } from './hall-of-fame.js';
import type { EpochInput, EpochOutput, GenerationStats } from './island.js';
import type { FameEntry, Member } from './member.js';
import { migrateInto } from './migration.js';
import { allocateData, type PopulationData } from './population-data.js';

export interface SearchSpec extends BudgetShape {
  /** Genome evaluations to spend; the run ends at the first generation reaching it. */
  budget: number;
  migrationInterval: number;
  migrationSize: number;
  hallOfFame: number;
}

/**
 * Runs one island epoch (in a pool or in-process). Called as soon as the epoch's input is
 * known; results may come back in any order.
 */
export type RunIsland = (input: EpochInput) => Promise<EpochOutput>;

/** Everything needed to continue a search from an epoch barrier. Plain data. */
export interface SearchState {
  /** Next epoch to run. */
  epoch: number;
  /** Generation the populations are at. */
  generation: number;
  populations: PopulationData[] | null;
  hallOfFame: FameEntry[];
  marks: MarkResult[];
}

/** Which genome led, and the population's class shares, at one budget mark. */
export interface MarkResult extends BudgetMark {
  best: Member;
  classCounts: Record<BehaviourClass, number>;
}

export interface EpochEvent {
  state: SearchState;
  stats: GenerationStats[];
  newMarks: MarkResult[];
  newFame: FameEntry[];
  finalGeneration: number;
}

export interface SearchProbes {
  /** Each epoch, in order, once every island has finished it; each report waits for the one before (island epochs go on meanwhile). */
  onEpoch?: (e: EpochEvent) => void | Promise<void>;
  /**
   * Checked before each island epoch is started and each epoch is reported; true stops the
   * search: nothing more starts, epochs still running finish unreported, and the search
   * returns the state at the last reported epoch.
   */
  shouldStop?: () => boolean;
}

export function initialState(): SearchState {
  return { epoch: 0, generation: 0, populations: null, hallOfFame: [], marks: [] };
}

/** Genome evaluations a state has behind it: none before generation 0's populations exist. */
export function evaluationsDone(spec: BudgetShape, state: Pick<SearchState, 'generation' | 'populations'>): number {
  return state.populations === null ? 0 : evaluationsAt(spec, state.generation);
}

export function finalGeneration(spec: SearchSpec): number {
  return generationFor(spec, spec.budget);
}

/** One epoch of every island: generations start+1 … end (0 … end when it creates the populations). */
interface EpochPlan {
  epoch: number;
  start: number;
  end: number;
  initial: boolean;
  snapshotGenerations: number[];
}

/** The epochs from `from` to the budget's final generation. */
function planEpochs(spec: SearchSpec, from: SearchState, last: number, marks: BudgetMark[]): EpochPlan[] {
  const plans: EpochPlan[] = [];
  let start = from.generation;
  let initial = from.populations === null;
  for (let epoch = from.epoch; initial || start < last; epoch++) {
    const end = Math.min(last, initial ? spec.migrationInterval : start + spec.migrationInterval);
    const snapshotGenerations = [...new Set(marks.filter((m) => m.generation >= (initial ? 0 : start + 1) && m.generation <= end).map((m) => m.generation))];
    plans.push({ epoch, start, end, initial, snapshotGenerations });
    start = end;
    initial = false;
  }
  return plans;
}

/**
 * The island-model search (DESIGN.md §4):
 *
 *   for each epoch until the budget's final generation:
 *     run every island's epoch (in parallel)
 *     merge hall-of-fame entries and budget-mark snapshots, in island order
 *     migrate along the ring
 *
 * Without a global barrier: island i's next epoch needs only islands i and i−1 (ring
 * migration), so it is started as soon as those two have finished, and a thread that
 * finishes early does not wait for the slowest island. Every epoch's input is the same
 * as with a barrier, so the result never depends on timing; epochs are merged and
 * reported strictly in order. It never evaluates or spawns: `runIsland` does the work.
 */
export function search(spec: SearchSpec, runIsland: RunIsland, probes: SearchProbes = {}, from: SearchState = initialState()): Promise<SearchState> {
  const last = finalGeneration(spec);
  const marks = budgetMarks(spec, last);
  const plans = planEpochs(spec, from, last, marks);
  const n = spec.islands;
  const stopping = () => probes.shouldStop?.() ?? false;
  // Per planned epoch k: island outputs, and populations after migration (the inputs of epoch k+1).
  const outputs: EpochOutput[][] = plans.map(() => new Array<EpochOutput>(n));
  const migrated: PopulationData[][] = plans.map(() => new Array<PopulationData>(n));
  const started = plans.map(() => new Array<boolean>(n).fill(false));
  const done = plans.map(() => 0);
  let state = from;
  let reported = 0;
  let running = 0;
  let failure: { error: unknown } | null = null;
  let reporting: Promise<void> = Promise.resolve();

  return new Promise<SearchState>((resolve, reject) => {
    const populationAfter = (k: number, island: number): PopulationData => {
      let pop = migrated[k][island];
      if (pop === undefined) pop = migrated[k][island] = plans[k].end < last ? migrateInto(outputs[k], island, spec.migrationSize) : outputs[k][island].population;
      return pop;
    };
    const ready = (k: number, island: number) => k === 0 || (outputs[k - 1][island] !== undefined && outputs[k - 1][(island - 1 + n) % n] !== undefined);
    const finish = () => {
      if (running > 0) return;
      void reporting.then(() => (failure ? reject(failure.error) : resolve(state)));
    };
    const start = (k: number, island: number) => {
      if (k >= plans.length || started[k][island] || !ready(k, island) || failure || stopping()) return;
      started[k][island] = true;
      running++;
      const p = plans[k];
      const population = k === 0 ? (from.populations?.[island] ?? null) : populationAfter(k - 1, island);
      const fameBound = bounds.for(k);
      runIsland({ island, epoch: p.epoch, population, startGeneration: p.start, endGeneration: p.end, snapshotGenerations: p.snapshotGenerations, ...(fameBound && { fameBound }) }).then(
        (out) => {
          running--;
          try {
            outputs[k][island] = out;
            done[k]++;
            // Start what this output unblocks before the main thread reports anything.
            start(k + 1, island);
            start(k + 1, (island + 1) % n);
            while (reported < plans.length && done[reported] === n && !failure) {
              const event = merge(reported++);
              reporting = reporting.then(() => report(event));
            }
          } catch (error) {
            failure ??= { error };
          }
          finish();
        },
        (error: unknown) => {
          running--;
          failure ??= { error };
          finish();
        },
      );
    };
    // Epochs merged before an island failed are still reported (reports can lag behind the
    // workers: a report yields while it describes genomes and writes checkpoints), so a
    // failed run keeps its latest sound barrier; after a report fails, none follows. A stop
    // (a signal) skips them: the user asked to exit promptly, and the last reported barrier
    // is as sound, if an epoch or two older.
    let reportFailed = false;
    const report = async (event: EpochEvent) => {
      if (reportFailed || stopping()) return;
      try {
        state = event.state;
        await probes.onEpoch?.(event);
      } catch (error) {
        reportFailed = true;
        failure ??= { error };
      }
    };
    // Epoch k, merged in island order. Its outputs are then dropped: every island of epoch k+1 has its input.
    let merged = from;
    // One hall across merges, the same as one rebuilt each epoch from the last merged state's list.
    const hof = new HallOfFame(spec.hallOfFame, from.hallOfFame);
    const bounds = new FameBounds(n, hof.bound());
    const merge = (k: number): EpochEvent => {
      const p = plans[k];
      const outs = outputs[k];
      const entered: string[] = [];
      for (const o of outs) for (const e of o.hallOfFame) if (hof.update(e) === 'new') entered.push(e.expr);
      bounds.merged(k, hof);
      const newMarks = mergeMarks(marks, outs, p.start, p.end, p.initial);
      const populations = outs.map((_, island) => populationAfter(k, island));
      const next: SearchState = { epoch: p.epoch + 1, generation: p.end, populations, hallOfFame: hof.list(), marks: [...merged.marks, ...newMarks] };
      merged = next;
      // Epoch k−1's outputs and migrated populations are no longer needed; their memory goes
      // now, not at the main thread's next full collection (~7 s apart on the default run, while
      // ~230 KB of typed arrays piled up per epoch: README "Performance", memory):
      // - slots overwritten, not arrays replaced: an old-generation array's slots are roots of
      //   a young collection whether or not the array is still alive;
      // - each output emptied: something on piscina's path keeps outputs reachable until a
      //   full collection (a script that only runs piscina tasks piles up too).
      if (k > 0) {
        for (const o of outputs[k - 1]) release(o);
        unset(outputs[k - 1]);
        unset(migrated[k - 1]);
      }
      const stats = outs.flatMap((o) => o.stats).sort((a, b) => a.generation - b.generation || a.island - b.island);
      // Reported as held after the merge: a later island may have pushed an entry out again,
      // or seen the same genome earlier (its generation is kept).
      const newFame = entered.flatMap((expr) => hof.held(expr) ?? []);
      return { state: next, stats, newMarks, newFame, finalGeneration: last };
    };

    if (plans.length === 0) return resolve(from);
    for (let island = 0; island < n; island++) start(0, island);
    finish();
  });
}

/**
 * The run's hall-of-fame bound (its last entry's scores, once full: HallOfFame.bound) after
 * each merged epoch, and the one island epoch k is handed: a member ranking after it cannot
 * enter the hall merged later. The bound is max(2, islands) epochs old. Island i's epoch k
 * starts once islands i and i−1 finished epoch k−1, so along the ring every island finished
 * epoch k−n+1 before, and epoch k−2 was merged in an earlier callback (merging follows the
 * starts a result unblocks): the bound an epoch gets is the same whatever the timing.
 * Epochs are counted from the search's start (a resumed search's first is 0).
 */
export class FameBounds {
  private readonly lag: number;
  private readonly after: (Scores | undefined)[] = [];

  /** `initial`: the bound of the hall the search starts from. */
  constructor(islands: number, private readonly initial: Scores | undefined) {
    this.lag = Math.max(2, islands);
  }

  /** `hall` as merged after epoch k. */
  merged(k: number, hall: HallOfFame): void {
    this.after[k] = hall.bound();
  }

  /** The bound island epoch k is handed. */
  for(k: number): Scores | undefined {
    return k >= this.lag ? this.after[k - this.lag] : this.initial;
  }
}

/** Every slot of `a` set to undefined (to the search's code, as it was before it was filled). */
function unset(a: unknown[]): void {
  a.fill(undefined);
}

const NO_POPULATION = allocateData(0, 0);
const NO_RANK = new Int32Array(0);

/**
 * A merged epoch's output emptied of what it holds (migration, the merge and the reports
 * have what they need of it): its population, rank, statistics, snapshots and hall of fame.
 */
function release(o: EpochOutput): void {
  o.population = NO_POPULATION;
  o.rank = NO_RANK;
  o.stats = [];
  o.snapshots = [];
  o.hallOfFame = [];
}

function mergeMarks(marks: BudgetMark[], outputs: EpochOutput[], start: number, end: number, includesStart: boolean): MarkResult[] {
  const result: MarkResult[] = [];
  for (const mark of marks) {
    if (mark.generation > end || mark.generation < start || (mark.generation === start && !includesStart)) continue;
    const snaps = outputs.map((o) => o.snapshots.find((s) => s.generation === mark.generation)!);
    const classCounts = noClasses();
    for (const s of snaps) for (const c of CLASSES) classCounts[c] += s.classCounts[c];
    const best = first(snaps.map((s) => s.best));
    result.push({ ...mark, best, classCounts });
  }
  return result;
}
