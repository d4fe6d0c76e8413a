import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UserError } from '../run/errors.js';
import { SWEEP_FILE } from '../run/files.js';
import { runDirOf } from '../run/sweep.js';
import { cells, normaliseSweep, type Cell, type Sweep } from '../run/sweep-config.js';
import { readRunDir, type RunView } from './run-dir.js';

export interface CellView {
  cell: Cell;
  /** Runs that exist for this cell, finished or not, in seed order. */
  runs: RunView[];
  /** Seeds with no run directory yet. */
  missing: number[];
}

export interface SweepView {
  dir: string;
  sweep: Sweep;
  cells: CellView[];
  notes: string[];
}

export function isSweepDir(dir: string): boolean {
  return existsSync(join(dir, SWEEP_FILE));
}

/** Read a sweep directory: its sweep.json and whatever cell-seed runs exist (merging all shards). */
export function readSweepDir(dir: string): SweepView {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`sweep directory '${dir}': does not exist; expected a directory written by mesa-evo sweep`);
  const path = join(dir, SWEEP_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UserError(`sweep directory '${dir}': ${SWEEP_FILE} is ${existsSync(path) ? 'not valid JSON' : 'missing'}; expected a directory written by mesa-evo sweep`);
  }
  const name = typeof (raw as { name?: unknown })?.name === 'string' ? (raw as { name: string }).name : basename(dir);
  const { name: _drop, ...content } = (raw ?? {}) as Record<string, unknown>;
  const sweep = normaliseSweep(content, join(dir, SWEEP_FILE), name, dir);
  const notes: string[] = [];
  const cellViews = cells(sweep).map((cell) => {
    const runs: RunView[] = [];
    const missing: number[] = [];
    for (const seed of sweep.seeds) {
      const runDir = runDirOf(dir, cell.key, seed);
      if (!existsSync(runDir)) {
        missing.push(seed);
        continue;
      }
      try {
        runs.push(readRunDir(runDir));
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        missing.push(seed);
      }
    }
    return { cell, runs, missing };
  });
  const planned = cellViews.length * sweep.seeds.length;
  const finished = cellViews.reduce((n, c) => n + c.runs.filter((r) => r.status === 'finished').length, 0);
  if (finished < planned) notes.push(`${finished} of ${planned} cell-seed runs finished; the table merges what exists`);
  return { dir, sweep, cells: cellViews, notes };
}
