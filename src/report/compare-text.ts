import { CLASSES } from '../core/classify.js';
import { markAt, markKey, markKeys } from './phase-table.js';
import type { RunView } from './run-dir.js';
import { pct, table } from './text-table.js';

/** Leaf values of a JSON object by dotted key (`search.migration.size`). */
export function flatten(o: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (typeof o === 'object' && o !== null && !Array.isArray(o)) {
    for (const [k, v] of Object.entries(o)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) out[prefix] = o;
  return out;
}

/** Short, distinct column names for the runs: the fewest trailing path parts that tell them apart. */
export function runNames(runs: RunView[]): string[] {
  const parts = runs.map((r) => r.dir.split('/').filter(Boolean));
  const longest = Math.max(...parts.map((p) => p.length));
  for (let n = 1; n < longest; n++) {
    const names = parts.map((p) => p.slice(-n).join('/'));
    if (new Set(names).size === names.length) return names;
  }
  return runs.map((r) => r.dir);
}

/** The config keys whose values differ between the runs (a run without config.json shows `?`). */
export function configDiff(runs: RunView[], names: string[]): string {
  const flat = runs.map((r) => (r.config ? flatten(r.config) : null));
  const keys = [...new Set(flat.flatMap((f) => (f ? Object.keys(f) : [])))].sort();
  const show = (f: Record<string, unknown> | null, k: string) => (f === null ? '?' : k in f ? JSON.stringify(f[k]) : '-');
  const differing = keys.filter((k) => new Set(flat.map((f) => show(f, k))).size > 1);
  if (differing.length === 0) return '(the configs are identical)';
  return table(['key', ...names], differing.map((k) => [k, ...flat.map((f) => show(f, k))]));
}

/** Which class led at each budget, per run. */
export function winnersSideBySide(runs: RunView[], names: string[]): string {
  const rows = markKeys(runs).map((mk) => [
    mk,
    ...runs.map((r) => {
      const m = markAt(r, mk);
      return m ? `${m.winnerClass}${m.winner ? ` (${m.winner.dl.toFixed(1)} b)` : ''}` : '·';
    }),
  ]);
  return table(['budget', ...names], rows);
}

/** Class shares of the population at each run's last budget mark, named: a cut-off run's is an earlier mark than a finished run's `end`. */
export function finalShares(runs: RunView[], names: string[]): string {
  const last = runs.map((r) => r.marks[r.marks.length - 1]);
  const at = ['at budget', ...last.map((m) => (m ? markKey(m) : '·'))];
  return table(['class', ...names], [at, ...CLASSES.map((c) => [c, ...last.map((m) => (m ? pct(m.classShares[c] ?? 0) : '·'))])]);
}

/** The best genome of each run with its fitness parts, time and speed. */
export function bestAndSpeed(runs: RunView[], names: string[]): string {
  const rows = runs.map((r, i) => {
    const b = r.hallOfFame[0];
    const t = r.timing;
    return [
      names[i],
      b ? b.fitness.toFixed(4) : '·',
      b ? b.trainReward.toFixed(4) : '·',
      b && r.lambda !== null ? (r.lambda * b.dl).toFixed(4) : '·',
      b ? b.dl.toFixed(1) : '·',
      b ? b.class : '·',
      t ? `${(t.elapsedMs / 1000).toFixed(1)}${t.ended ? '' : '+'}${t.resumed ? '*' : ''}` : '·',
      t ? String(t.evaluations) : '·',
      t ? `${t.evaluationsPerSecond.toFixed(0)}${t.resumed ? '*' : ''}` : '·',
      b ? b.genome : '·',
    ];
  });
  const text = table(['run', 'fitness', 'reward', 'λ·DL', 'DL', 'class', 'time s', 'evals', 'evals/s', 'best genome'], rows);
  return runs.some((r) => r.timing?.resumed) ? `${text}\n* resumed: time and evals/s of the last session only (sessions before it were cut off untimed)` : text;
}

export function compareText(runs: RunView[]): string {
  const names = runNames(runs);
  const notes = runs.flatMap((r, i) => r.notes.map((n) => `note (${names[i]}): ${n}`));
  return [
    'Config differences:',
    '',
    configDiff(runs, names),
    '',
    'Leader by compute budget (genome evaluations):',
    '',
    winnersSideBySide(runs, names),
    '',
    'Class shares at the last budget mark:',
    '',
    finalShares(runs, names),
    '',
    "Best genome, fitness = reward − λ·DL; time ('+': unfinished, so far; '*': resumed, its last session) and speed:",
    '',
    bestAndSpeed(runs, names),
    ...(notes.length ? ['', ...notes] : []),
  ].join('\n');
}
