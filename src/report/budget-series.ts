import { CLASSES, type BehaviourClass } from '../core/classify.js';
import { markAt, markKey, markKeys, vote, type MarkKey } from './phase-table.js';
import type { MarkView, RunView } from './run-dir.js';

/** One budget mark as charts show it: class shares, the leader and its fitness parts. */
export interface BudgetPoint {
  mark: MarkKey;
  evaluations: number;
  shares: Record<BehaviourClass, number>;
  leader: BehaviourClass;
  genome: string;
  /** fitness = reward − penalty (penalty = λ·DL); null where the leader's assessment is unknown. */
  fitness: number | null;
  reward: number | null;
  penalty: number | null;
  dl: number | null;
  /** Runs averaged into this point. */
  runs: number;
}

/** A run's marks as budget points (each run's last mark is also its `end`). */
export function runSeries(r: RunView): BudgetPoint[] {
  return r.marks.map((m) => pointOf([m], r.lambda));
}

/**
 * The seeds of one sweep cell averaged per budget mark: mean class shares and fitness
 * parts, and the leader by majority (the phase table's vote). `end` takes finished runs.
 */
export function cellSeries(runs: RunView[]): BudgetPoint[] {
  const out: BudgetPoint[] = [];
  for (const mk of markKeys(runs)) {
    const ms = runs.map((r) => markAt(r, mk)).filter((m): m is MarkView => m !== undefined);
    if (ms.length) out.push({ ...pointOf(ms, runs[0].lambda), mark: mk });
  }
  return out;
}

function pointOf(ms: MarkView[], lambda: number | null): BudgetPoint {
  const mean = (f: (m: MarkView) => number) => ms.reduce((s, m) => s + f(m), 0) / ms.length;
  const known = ms.every((m) => m.winner !== null);
  const v = vote(ms)!;
  const lead = ms.find((m) => m.winnerClass === v.winner)!;
  return {
    mark: ms.length === 1 ? markKey(ms[0]) : '',
    evaluations: mean((m) => m.evaluations),
    shares: Object.fromEntries(CLASSES.map((c) => [c, mean((m) => m.classShares[c] ?? 0)])) as Record<BehaviourClass, number>,
    leader: v.winner,
    genome: lead.winnerGenome,
    fitness: known ? mean((m) => m.winner!.fitness) : null,
    reward: known ? mean((m) => m.winner!.trainReward) : null,
    penalty: known && lambda !== null ? mean((m) => lambda * m.winner!.dl) : null,
    dl: known ? mean((m) => m.winner!.dl) : null,
    runs: ms.length,
  };
}
