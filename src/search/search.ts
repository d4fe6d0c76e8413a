import { compareRanked } from '../core/fitness.js';
import { CLASSES, type BehaviourClass } from '../core/classify.js';
import { budgetMarks, generationFor, type BudgetMark, type BudgetShape } from './budget.js';
import { HallOfFame } from './hall-of-fame.js';
import type { EpochInput, EpochOutput, GenerationStats } from './island.js';
import type { FameEntry, Member } from './member.js';
import { migrateRing } from './migration.js';

export interface SearchSpec extends BudgetShape {
  /** Genome evaluations to spend; the run ends at the first generation reaching it. */
  budget: number;
  migrationInterval: number;
  migrationSize: number;
  hallOfFame: number;
}

/** Runs a batch of island epochs (in a pool or in-process) and returns outputs in input order. */
export type RunEpochs = (inputs: EpochInput[]) => Promise<EpochOutput[]>;

/** Everything needed to continue a search from an epoch barrier. Plain data. */
export interface SearchState {
  /** Next epoch to run. */
  epoch: number;
  /** Generation the populations are at. */
  generation: number;
  populations: Member[][] | null;
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
  onEpoch?: (e: EpochEvent) => void | Promise<void>;
  /** Checked at each barrier; true stops the search there with the state so far. */
  shouldStop?: () => boolean;
}

export function initialState(): SearchState {
  return { epoch: 0, generation: 0, populations: null, hallOfFame: [], marks: [] };
}

export function finalGeneration(spec: SearchSpec): number {
  return generationFor(spec, spec.budget);
}

/**
 * The island-model search (DESIGN.md §4), asked epoch by epoch:
 *
 *   for each epoch until the budget's final generation:
 *     run every island's epoch (in parallel; outputs in island order)
 *     merge hall-of-fame entries and budget-mark snapshots
 *     migrate along the ring
 *
 * It never evaluates or spawns: `runEpochs` does the work.
 */
export async function search(spec: SearchSpec, runEpochs: RunEpochs, probes: SearchProbes = {}, from: SearchState = initialState()): Promise<SearchState> {
  const last = finalGeneration(spec);
  const marks = budgetMarks(spec, last);
  let state = from;
  while (state.generation < last || state.populations === null) {
    if (probes.shouldStop?.()) break;
    const start = state.generation;
    const end = Math.min(last, state.populations === null ? spec.migrationInterval : start + spec.migrationInterval);
    const snapshotGenerations = [...new Set(marks.filter((m) => m.generation >= (state.populations === null ? 0 : start + 1) && m.generation <= end).map((m) => m.generation))];
    const inputs: EpochInput[] = [];
    for (let island = 0; island < spec.islands; island++) {
      inputs.push({ island, epoch: state.epoch, population: state.populations?.[island] ?? null, startGeneration: start, endGeneration: end, snapshotGenerations });
    }
    const outputs = await runEpochs(inputs);
    outputs.sort((a, b) => a.island - b.island);

    const hof = new HallOfFame(spec.hallOfFame, state.hallOfFame);
    const newFame: FameEntry[] = [];
    for (const o of outputs) for (const e of o.hallOfFame) if (hof.update(e) === 'new') newFame.push(e);
    const newMarks = mergeMarks(marks, outputs, start, end, state.populations === null);

    const populations = end < last ? migrateRing(outputs.map((o) => o.population), spec.migrationSize) : outputs.map((o) => o.population);
    state = {
      epoch: state.epoch + 1,
      generation: end,
      populations,
      hallOfFame: hof.list(),
      marks: [...state.marks, ...newMarks],
    };
    const stats = outputs.flatMap((o) => o.stats).sort((a, b) => a.generation - b.generation || a.island - b.island);
    await probes.onEpoch?.({ state, stats, newMarks, newFame: newFame.filter((e) => state.hallOfFame.some((h) => h.expr === e.expr)), finalGeneration: last });
  }
  return state;
}

function mergeMarks(marks: BudgetMark[], outputs: EpochOutput[], start: number, end: number, includesStart: boolean): MarkResult[] {
  const result: MarkResult[] = [];
  for (const mark of marks) {
    if (mark.generation > end || mark.generation < start || (mark.generation === start && !includesStart)) continue;
    const snaps = outputs.map((o) => o.snapshots.find((s) => s.generation === mark.generation)!);
    const classCounts = Object.fromEntries(CLASSES.map((c) => [c, 0])) as Record<BehaviourClass, number>;
    for (const s of snaps) for (const c of CLASSES) classCounts[c] += s.classCounts[c];
    const best = snaps.map((s) => s.best).sort(compareRanked)[0];
    result.push({ ...mark, best, classCounts });
  }
  return result;
}
