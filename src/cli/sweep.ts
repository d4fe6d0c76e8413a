import { basename, join } from 'node:path';
import { reportSweep } from '../report/sweep-report.js';
import { UserError } from '../run/errors.js';
import { runSweep, type Shard } from '../run/sweep.js';
import { cellConfig, cells, loadSweep } from '../run/sweep-config.js';
import { parseCommand, workersFlag } from './args.js';
import { signalExit, withStopOnSignals } from './signals.js';

/** Run (this shard of) a sweep, skipping finished cell-seeds, then merge what exists into the phase table. */
export async function sweepCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(argv, { shard: { type: 'string' }, out: { type: 'string' }, workers: { type: 'string' }, set: { type: 'string', multiple: true } }, 1);
  const path = positionals[0];
  if (path === undefined) throw new UserError('expected a sweep file', true);
  const shard = values.shard === undefined ? { index: 1, count: 1 } : parseShard(values.shard);
  const name = basename(path).replace(/\.json$/, '');
  const sweep = loadSweep(path, name, values.set ?? []);
  const out = values.out ?? join('sweeps', name);
  // The most islands of any cell: a sweep may vary search.islands.
  const islands = Math.max(...cells(sweep).map((cell) => cellConfig(sweep, cell, sweep.seeds[0], path).search.islands));
  const workers = workersFlag(values.workers, islands);
  const t0 = performance.now();
  const outcome = await withStopOnSignals((stopper) =>
    runSweep(sweep, out, shard, workers, {
      // The banner once the directory is accepted, so that a refusal is the only line.
      onClaimed: () => process.stderr.write(`mesa-evo: sweep ${out}, shard ${shard.index}/${shard.count}, ${workers} worker${workers === 1 ? '' : 's'} per run\n`),
      onStart: (cs, i, n, restarted, generation) => process.stderr.write(`[${i}/${n}] ${cs.cell.key} seed ${cs.seed}${restarted ? ` (cut off before: ${generation > 0 ? `resuming at generation ${generation}` : 'starting again'})` : ''}\n`),
    }, stopper),
  );
  const secs = (performance.now() - t0) / 1000;
  if (outcome.interrupted !== null) {
    process.stderr.write(`mesa-evo: sweep interrupted by ${outcome.interrupted} after ${outcome.ran} finished cell-seed run${outcome.ran === 1 ? '' : 's'} (${secs.toFixed(1)} s); the cut-off one is checkpointed. Continue with the same command: 'npx mesa-evo ${['sweep', ...argv].join(' ')}'\n`);
    return signalExit(outcome.interrupted);
  }
  process.stderr.write(`mesa-evo: shard ${shard.index}/${shard.count}: ran ${outcome.ran}, skipped ${outcome.skipped} finished, of ${outcome.inShard} cell-seed runs, in ${secs.toFixed(1)} s\n`);
  process.stdout.write(reportSweep(out) + '\n');
  return 0;
}

function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) throw new UserError(`--shard ${JSON.stringify(text)}: expected I/N with 1 ≤ I ≤ N, e.g. --shard 2/8`);
  return { index, count };
}
