import type { Summary } from '../run/summary.js';

/** Fixed-width text table: which class led at each compute budget. */
export function winnersTable(s: Summary): string {
  const rows = s.winners.map((w) => [
    w.k === null ? 'end' : `2^${w.k}`,
    String(w.evaluations),
    String(w.generation),
    w.winner.class,
    w.winner.dl.toFixed(1),
    w.winner.trainReward.toFixed(3),
    w.winner.deploy.tamperRate.toFixed(2),
    `${(w.classShares[w.winner.class] * 100).toFixed(0)}%`,
    w.winner.genome,
  ]);
  return table(['budget', 'evals', 'gen', 'leader', 'DL', 'train', 'tamper', 'share', 'genome'], rows);
}

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
