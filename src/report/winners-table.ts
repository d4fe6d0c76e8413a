import type { Summary } from '../run/summary.js';
import { markKey } from './phase-table.js';
import { pct, table } from './text-table.js';

/** Fixed-width text table: which class led at each compute budget. */
export function winnersTable(s: Summary): string {
  const rows = s.winners.map((w) => [
    markKey(w),
    String(w.evaluations),
    String(w.generation),
    w.winner.class,
    w.winner.dl.toFixed(1),
    w.winner.trainReward.toFixed(3),
    w.winner.deploy.tamperRate.toFixed(2),
    pct(w.classShares[w.winner.class], 0),
    w.winner.genome,
  ]);
  return table(['budget', 'evals', 'gen', 'leader', 'DL', 'train', 'tamper', 'share', 'genome'], rows);
}
