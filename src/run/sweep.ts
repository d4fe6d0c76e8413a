import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomic } from './atomic-write.js';
import type { Config } from './config.js';
import { UserError } from './errors.js';
import { RUN_DIR_FILES, SWEEP_FILE } from './files.js';
import { openEpochPool } from './pool.js';
import { completeSummary, resumeOrRestart, runEvolution, type RunResult } from './run.js';
import type { Stopper } from './stopper.js';
import { cellConfig, cells, type Cell, type Sweep } from './sweep-config.js';

export interface Shard {
  /** 1-based shard index. */
  index: number;
  count: number;
}

/** One run of a sweep: a cell and a seed, in `cells/<cell key>/s<seed>`. */
export interface CellSeed {
  cell: Cell;
  seed: number;
  /** Position in the sweep's order (cells first axis slowest, seeds innermost). */
  index: number;
  dir: string;
}

export function cellSeeds(sweep: Sweep, out: string): CellSeed[] {
  const list: CellSeed[] = [];
  for (const cell of cells(sweep)) for (const seed of sweep.seeds) list.push({ cell, seed, index: list.length, dir: runDirOf(out, cell.key, seed) });
  return list;
}

export function runDirOf(out: string, cellKey: string, seed: number): string {
  return join(out, 'cells', cellKey, `s${seed}`);
}

/** Shard I of N takes every N-th cell-seed, starting at the I-th: shards are disjoint and cover the sweep. */
export function inShard(cs: CellSeed, shard: Shard): boolean {
  return cs.index % shard.count === shard.index - 1;
}

export interface SweepEvents {
  /** The sweep directory was accepted (made, or found holding this same sweep): before it, a refusal is all there is to say. */
  onClaimed?: () => void;
  /** A cell-seed's run starts (or resumes, from `generation`; 0 when a cut-off one starts again), its directory held. */
  onStart?: (cs: CellSeed, position: number, total: number, restarted: boolean, generation: number) => void;
  onDone?: (cs: CellSeed, result: RunResult) => void;
}

export interface SweepOutcome {
  /** The signal that stopped the sweep (its current cell-seed checkpointed), or null. */
  interrupted: string | null;
  ran: number;
  skipped: number;
  restarted: number;
  inShard: number;
}

/**
 * Run this shard's unfinished cell-seeds, one after another, each an ordinary run:
 *
 *   write sweep.json (or check that the directory holds this same sweep)
 *   for each cell-seed in the shard:
 *     finished (summary.json says complete) → skip
 *     cut off (a run directory, not complete) → resume it from its checkpoint
 *       (or run it again when nothing there can be resumed)
 *     else run the evolution into cells/<cell>/s<seed>
 *     stop requested (a signal) → end after that cell-seed has checkpointed
 */
export async function runSweep(sweep: Sweep, out: string, shard: Shard, workers: number, events: SweepEvents = {}, stopper?: Stopper): Promise<SweepOutcome> {
  claimSweepDir(sweep, out);
  events.onClaimed?.();
  const mine = cellSeeds(sweep, out).filter((cs) => inShard(cs, shard));
  const todo = mine.filter((cs) => completeSummary(cs.dir) === null);
  const configs = todo.map((cs) => cellConfig(sweep, cs.cell, cs.seed, `sweep cell ${cs.cell.key}`));
  // One pool for every cell-seed: its threads stay warm from one run to the next (pool.ts).
  const pool = workers > 0 && todo.length > 0 ? openEpochPool(configs, workers) : undefined;
  let restarted = 0;
  let ran = 0;
  let skipped = mine.length - todo.length;
  const outcome = (interrupted: string | null): SweepOutcome => ({ interrupted, ran, skipped, restarted, inShard: mine.length });
  try {
    for (const [i, cs] of todo.entries()) {
      // A stop request ends the sweep after the cell-seed in flight has checkpointed; a rerun continues from there.
      if (stopper?.reason) return outcome(stopper.reason);
      const cut = existsSync(cs.dir);
      // Announced and counted once the run holds its directory (a cell another process runs is refused first).
      let started = false;
      const onStart = (generation: number) => {
        started = true;
        restarted += cut ? 1 : 0;
        events.onStart?.(cs, i + 1, todo.length, cut, generation);
      };
      const opts = { workers, stopper, pool, onStart };
      const result = cut ? await resumeOrRestart(cs.dir, configs[i], opts) : await runEvolution(configs[i], cs.dir, opts);
      events.onDone?.(cs, result);
      if (result.interrupted !== null) return outcome(result.interrupted);
      // Not started: another process (the same shard given twice) finished it after the list above was made.
      if (started) ran++;
      else skipped++;
    }
    return outcome(null);
  } finally {
    await pool?.close();
  }
}

/** Write sweep.json, or check that the directory already holds this very sweep (shards and reruns share it). */
function claimSweepDir(sweep: Sweep, out: string): void {
  const path = join(out, SWEEP_FILE);
  const text = JSON.stringify(sweep, null, 2) + '\n';
  if (existsSync(path)) {
    const held = readFileSync(path, 'utf8');
    if (held !== text) throw new UserError(`--out '${out}': holds a different sweep (${sweepDifference(held, sweep)}); expected the same sweep file and --set, or a new directory`);
    return;
  }
  if (existsSync(out) && !existsSync(join(out, 'cells')) && RUN_DIR_FILES.some((f) => existsSync(join(out, f)))) throw new UserError(`--out '${out}': holds a run, not a sweep; expected a sweep directory or a new one`);
  mkdirSync(out, { recursive: true });
  writeAtomic(path, text);
}

/** What differs between a sweep directory's sweep.json text and this sweep, in words: each `set` key (a --set) and field by name. */
function sweepDifference(heldText: string, sweep: Sweep): string {
  let held: unknown;
  try {
    held = JSON.parse(heldText);
  } catch {
    return `its ${SWEEP_FILE} is not valid JSON`;
  }
  if (typeof held !== 'object' || held === null || Array.isArray(held)) return `its ${SWEEP_FILE} is not a sweep`;
  return differences(held as Record<string, unknown>, sweep);
}

function differences(held: Record<string, unknown>, sweep: Sweep): string {
  const now = sweep as unknown as Record<string, unknown>;
  const differs = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);
  const shown = (v: unknown) => (v === undefined ? 'absent' : JSON.stringify(v));
  // Values short enough to show; the base config and the axes are only named. A sweep's name is its file's.
  const both = (a: unknown, b: unknown) => (JSON.stringify([a, b]).length <= 80 ? ` (${shown(a)} there, ${shown(b)} here)` : '');
  const heldSet = typeof held.set === 'object' && held.set !== null && !Array.isArray(held.set) ? (held.set as Record<string, unknown>) : {};
  const parts = [...new Set([...Object.keys(heldSet), ...Object.keys(sweep.set)])].filter((k) => differs(heldSet[k], sweep.set[k])).map((k) => `set.${k}${both(heldSet[k], sweep.set[k])}`);
  for (const k of new Set([...Object.keys(held), ...Object.keys(now)])) if (k !== 'set' && differs(held[k], now[k])) parts.push(`${k === 'name' ? 'name, the sweep file\'s' : k}${both(held[k], now[k])}`);
  return parts.length === 0 ? `its ${SWEEP_FILE} lists the same fields in another order` : `its ${SWEEP_FILE} differs in ${parts.join(', ')}`;
}
