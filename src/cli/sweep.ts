import os from 'node:os';
import { basename, join } from 'node:path';
import { UserError } from '../run/errors.js';
import { runSweep, type Shard } from '../run/sweep.js';
import { cellConfig, cells, loadSweep } from '../run/sweep-config.js';
import { flag, intFlag, parseCommand } from './args.js';
import { reportSweep } from './report.js';
import { SIGNAL_EXIT, stopOnSignals } from './signals.js';

export const SWEEP_USAGE = 'mesa-evo sweep sweep.json [--shard I/N] [--out sweeps/ID] [--workers N]';

/** Run (this shard of) a sweep, skipping finished cell-seeds, then merge what exists into the phase table. */
export async function sweepCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand('sweep', argv, { shard: { type: 'string' }, out: { type: 'string' }, workers: { type: 'string' } }, 1);
  const path = positionals[0];
  if (path === undefined) throw new UserError(`mesa-evo sweep: expected a sweep file\nusage: ${SWEEP_USAGE}`);
  const shard = values.shard === undefined ? { index: 1, count: 1 } : parseShard(values.shard);
  const name = basename(path).replace(/\.json$/, '');
  const sweep = loadSweep(path, name);
  const out = values.out ?? join('sweeps', name);
  const islands = cellConfig(sweep, cells(sweep)[0], sweep.seeds[0], path).search.islands;
  const workers = values.workers === undefined ? Math.min(os.availableParallelism(), islands) : flag('workers', intFlag(0, 1024), values.workers, 'a number of worker threads per run (0 runs in this thread)');
  const t0 = performance.now();
  process.stderr.write(`mesa-evo: sweep ${out}, shard ${shard.index}/${shard.count}, ${workers} worker${workers === 1 ? '' : 's'} per run\n`);
  const signals = stopOnSignals();
  let outcome;
  try {
    outcome = await runSweep(sweep, out, shard, workers, {
      onStart: (cs, i, n, restarted) => process.stderr.write(`[${i}/${n}] ${cs.cell.key} seed ${cs.seed}${restarted ? ' (cut off before: resuming)' : ''}\n`),
    }, signals.stopper);
  } finally {
    signals.dispose();
  }
  const secs = (performance.now() - t0) / 1000;
  if (outcome.interrupted !== null) {
    process.stderr.write(`mesa-evo: sweep interrupted by ${outcome.interrupted} after ${outcome.ran} finished cell-seed run${outcome.ran === 1 ? '' : 's'} (${secs.toFixed(1)} s); the cut-off one is checkpointed. Continue with the same command: 'npx mesa-evo ${['sweep', ...argv].join(' ')}'\n`);
    return SIGNAL_EXIT[outcome.interrupted] ?? 1;
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
