/**
 * Soak test: run one evolution uninterrupted, then the same run killed with SIGKILL at
 * random moments and resumed each time; check the final summary.json is byte-identical
 * and that resident memory stays flat over the uninterrupted run.
 *
 *   scripts/soak [--kills 5] [--seed 1] [--config configs/default.json] [--workers 2] [--budget 3600000] [--set key=value ...]
 *
 * The budget defaults to 3.6 million evaluations (~35 s on 2 cores): on a run of a few
 * seconds, the workers' heaps are still growing to their settled size through most of it,
 * and "flat" would measure start-up. The work directory is removed when both checks pass.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { derive } from '../src/core/rng.js';
import { completeSummary } from '../src/run/run.js';
import { median } from './median.js';
import { toolNodeFlags } from './node-flags.js';

const MAIN = new URL('../src/cli/main.js', import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
    config: { type: 'string', default: 'configs/default.json' },
    workers: { type: 'string', default: '2' },
    budget: { type: 'string', default: '3600000' },
    set: { type: 'string', multiple: true, default: [] },
  },
});
const kills = Number(values.kills);
// The budget first: a --set of search.budget after it wins.
const sets = [`search.budget=${values.budget}`, ...(values.set ?? [])].flatMap((s) => ['--set', s]);
const dir = mkdtempSync(join(tmpdir(), 'mesa-evo-soak-'));

interface Segment {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  rss: number[];
}

/** Run the CLI, sampling its resident memory; kill it with SIGKILL after `killAfterMs` if given. */
function segment(args: string[], killAfterMs?: number): Promise<Segment> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [...toolNodeFlags(), MAIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const rss: number[] = [];
    const sampler = setInterval(() => {
      try {
        const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) rss.push(Number(m[1]) * 1024);
      } catch {
        // The process may have just exited.
      }
    }, 250);
    const killer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => {
      clearInterval(sampler);
      if (killer) clearTimeout(killer);
      if (code !== 0 && signal === null) process.stderr.write(stderr);
      resolve({ code, signal, ms: Date.now() - t0, rss });
    });
  });
}

const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;

const ref = join(dir, 'reference');
process.stdout.write(`soak: ${dir}\nsoak: uninterrupted run …\n`);
const base = await segment(['run', values.config!, '--workers', values.workers!, '--out', ref, ...sets]);
if (base.code !== 0) throw new Error(`reference run failed (exit ${base.code})`);
process.stdout.write(`soak: reference took ${(base.ms / 1000).toFixed(1)} s\n`);

const rng = derive(Number(values.seed), 'soak');
const out = join(dir, 'killed');
let first = true;
let killed = 0;
for (let k = 0; k < kills; k++) {
  // Kill somewhere in the middle 80% of what a full run takes, so kills land before the end.
  const at = Math.round(base.ms * (0.1 + 0.8 * rng.next()) / (first ? 1 : 2));
  const args = first ? ['run', values.config!, '--workers', values.workers!, '--out', out, ...sets] : ['resume', out, '--workers', values.workers!];
  const s = await segment(args, at);
  first = false;
  process.stdout.write(`soak: kill ${k + 1}/${kills} after ${(at / 1000).toFixed(1)} s: ${s.signal ?? `exited ${s.code}`}\n`);
  // A resume that finished before its kill: the run is done, and a further resume would be refused.
  if (s.code === 0) break;
  killed++;
  if (s.signal === null) throw new Error(`a killed segment failed (exit ${s.code})`);
}
if (completeSummary(out) === null) {
  const end = await segment(['resume', out, '--workers', values.workers!]);
  if (end.code !== 0) throw new Error(`final resume failed (exit ${end.code})`);
}

const same = existsSync(join(out, 'summary.json')) && readFileSync(join(out, 'summary.json'), 'utf8') === readFileSync(join(ref, 'summary.json'), 'utf8');
// Memory: the median RSS of the last fifth of the run against that of its second fifth.
const n = base.rss.length;
const early = median(base.rss.slice(Math.floor(n / 5), Math.floor((2 * n) / 5)));
const late = median(base.rss.slice(Math.floor((4 * n) / 5)));
const flat = n < 10 || late <= early * 1.1;
process.stdout.write(`soak: summary.json after ${killed} kills and resumes: ${same ? 'byte-identical' : 'DIFFERENT'}\n`);
process.stdout.write(`soak: resident memory, second fifth ${mb(early)}, last fifth ${mb(late)} (${n} samples): ${flat ? 'flat' : 'GROWING'}\n`);
process.exitCode = same && flat ? 0 : 1;
if (process.exitCode === 0) rmSync(dir, { recursive: true, force: true });
else process.stdout.write(`soak: kept ${dir} for inspection\n`);
