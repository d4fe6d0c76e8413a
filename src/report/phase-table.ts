import { CLASSES, type BehaviourClass } from '../core/classify.js';
import { CLASS_LABEL } from './class-label.js';
import type { MarkView, RunView } from './run-dir.js';
import type { SweepView } from './sweep-dir.js';
import { table } from './text-table.js';

/** A budget column of the phase table: 2^k evaluations, or `end` (each run's last mark). */
export type MarkKey = string;

export interface Vote {
  winner: BehaviourClass;
  /** Seeds whose leader was of the winning class, out of the seeds that reached this budget. */
  votes: number;
  of: number;
  counts: Partial<Record<BehaviourClass, number>>;
}

export interface PhaseRow {
  key: string;
  levels: Record<string, string>;
  seedsFinished: number;
  seedsPlanned: number;
  byMark: Record<MarkKey, Vote | null>;
}

export interface PhaseTable {
  axes: { name: string; labels: string[] }[];
  marks: MarkKey[];
  rows: PhaseRow[];
}

export const END: MarkKey = 'end';

/** A budget mark's name: `2^k`, or `end` for the run's last generation. */
export function markKey(m: Pick<MarkView, 'k'>): MarkKey {
  return m.k === null ? END : `2^${m.k}`;
}

/** A run's mark for a budget column: `end` is a finished run's last mark; an unfinished run has no `end`. */
export function markAt(r: RunView, mk: MarkKey): MarkView | undefined {
  return mk === END ? (r.status === 'finished' ? r.marks[r.marks.length - 1] : undefined) : r.marks.find((m) => markKey(m) === mk);
}

/** The budget columns of a set of runs: every 2^k any run reached, then `end`. */
export function markKeys(runs: RunView[]): MarkKey[] {
  const ks = new Set<number>();
  for (const r of runs) for (const m of r.marks) if (m.k !== null) ks.add(m.k);
  return [...[...ks].sort((a, b) => a - b).map((k) => `2^${k}`), END];
}

/**
 * The winning class of each cell at each budget: the class that led in most seeds.
 * A tie goes to the class whose best leader had the higher fitness, then to the
 * earlier class in CLASSES order, so the table never depends on the order runs are read.
 * `end` counts finished runs only; a 2^k column counts every run that reached 2^k.
 */
export function phaseTable(v: SweepView): PhaseTable {
  const marks = markKeys(v.cells.flatMap((c) => c.runs));
  const rows = v.cells.map((c) => {
    const finished = c.runs.filter((r) => r.status === 'finished');
    const byMark: Record<MarkKey, Vote | null> = {};
    for (const mk of marks) {
      byMark[mk] = vote(c.runs.map((r) => markAt(r, mk)).filter((m): m is MarkView => m !== undefined));
    }
    return { key: c.cell.key, levels: c.cell.levels, seedsFinished: finished.length, seedsPlanned: v.sweep.seeds.length, byMark };
  });
  return { axes: v.sweep.axes.map((a) => ({ name: a.name, labels: a.levels.map((l) => l.label) })), marks, rows };
}

export function vote(leaders: MarkView[]): Vote | null {
  if (leaders.length === 0) return null;
  const counts: Partial<Record<BehaviourClass, number>> = {};
  const bestFitness: Partial<Record<BehaviourClass, number>> = {};
  for (const m of leaders) {
    counts[m.winnerClass] = (counts[m.winnerClass] ?? 0) + 1;
    const f = m.winner?.fitness ?? -Infinity;
    bestFitness[m.winnerClass] = Math.max(bestFitness[m.winnerClass] ?? -Infinity, f);
  }
  const ranked = CLASSES.filter((c) => counts[c]).sort((a, b) => counts[b]! - counts[a]! || bestFitness[b]! - bestFitness[a]! || 0);
  return { winner: ranked[0], votes: counts[ranked[0]]!, of: leaders.length, counts };
}

export function voteText(v: Vote | null, short = false): string {
  if (!v) return '·';
  return `${short ? CLASS_LABEL[v.winner] : v.winner} ${v.votes}/${v.of}`;
}

/**
 * The phase diagram at one budget as text: rows are the levels of every axis but the
 * last, columns the last axis's levels.
 */
export function phaseGrid(t: PhaseTable, mark: MarkKey): string {
  const { rowAxes, last, rows } = gridOf(t);
  const header = [rowAxes.map((a) => a.name).join(' ') || '', ...last.labels.map((l) => `${last.name}=${l}`)];
  return table(header, rows.map((r) => [r.label, ...r.cells.map((c) => voteText(c?.byMark[mark] ?? null))]));
}

/** A phase table's cells laid out as the text grid and the heat maps show them. */
export interface PhaseGrid {
  /** Every axis but the last: one grid row per combination of their levels, in the order cells come. */
  rowAxes: PhaseTable['axes'];
  /** The last axis: one grid column per level. */
  last: PhaseTable['axes'][number];
  /**
   * `label` names the row: the level alone with one row axis (the axis names the column of
   * labels), `name=level` for each with several, `(all)` with none.
   */
  rows: { levels: Record<string, string>; label: string; cells: (PhaseRow | undefined)[] }[];
}

export function gridOf(t: PhaseTable): PhaseGrid {
  const last = t.axes[t.axes.length - 1];
  const rowAxes = t.axes.slice(0, -1);
  const byRow = new Map<string, PhaseRow[]>();
  for (const r of t.rows) {
    const id = JSON.stringify(rowAxes.map((a) => r.levels[a.name]));
    byRow.set(id, [...(byRow.get(id) ?? []), r]);
  }
  const label = (levels: Record<string, string>) => rowAxes.map((a) => (rowAxes.length === 1 ? levels[a.name] : `${a.name}=${levels[a.name]}`)).join(' ') || '(all)';
  const rows = [...byRow.values()].map((rs) => ({ levels: rs[0].levels, label: label(rs[0].levels), cells: last.labels.map((l) => rs.find((r) => r.levels[last.name] === l)) }));
  return { rowAxes, last, rows };
}

/** How the winner changes with compute inside the runs: one row per cell, one column per budget. */
export function phaseByBudget(t: PhaseTable): string {
  const rows = t.rows.map((r) => [r.key, `${r.seedsFinished}/${r.seedsPlanned}`, ...t.marks.map((m) => voteText(r.byMark[m], true))]);
  return table(['cell', 'done', ...t.marks], rows);
}

/** Both views, as the terminal shows them. */
export function formatPhaseTable(t: PhaseTable): string {
  return [`Phase table at the end of each run (winning class, seeds that agree / seeds):`, '', phaseGrid(t, END), '', `Winner by compute budget (genome evaluations) in each cell:`, '', phaseByBudget(t)].join('\n');
}

/** The JSON form written to the sweep's summary.json. */
export function phaseTableJson(t: PhaseTable) {
  return {
    axes: t.axes,
    marks: t.marks,
    cells: t.rows.map((r) => ({ key: r.key, levels: r.levels, seeds: { finished: r.seedsFinished, planned: r.seedsPlanned }, byBudget: t.marks.map((m) => ({ budget: m, ...(r.byMark[m] ?? { winner: null, votes: 0, of: 0, counts: {} }) })) })),
  };
}
