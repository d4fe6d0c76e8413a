import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoint } from '../../src/run/checkpoint.js';
import { cli, cliAsync } from './cli.js';

/**
 * Long runs that survive: SIGKILL, SIGINT, corrupted checkpoints, failing workers and
 * failing writes. A small run with a checkpoint every 4 generations, ~100 generations.
 */
const RUN = ['configs/default.json', '--set', 'search.budget=40000', '--set', 'search.population=100', '--set', 'search.migration.interval=4', '--set', 'checkpoint.every=4'];
let dir: string;
let reference: string;

const lines = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').length - 1 : 0);

/** Start a run and send `signal` once its log has at least `logLines` lines; resolves when it has exited. */
function runUntil(out: string, logLines: number, signal: NodeJS.Signals, extra: string[] = []) {
  return cliAsync(['run', ...RUN, '--workers', '2', '--out', out, ...extra], { when: () => lines(join(out, 'log.ndjson')) >= logLines, signal });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mesa-evo-resume-'));
  const out = join(dir, 'reference');
  expect(cli(['run', ...RUN, '--workers', '2', '--out', out]).status).toBe(0);
  reference = readFileSync(join(out, 'summary.json'), 'utf8');
}, 120_000);

describe('resume', () => {
  it.each([3, 60, 250, 420])('after SIGKILL once the log has %i lines, gives a byte-identical summary and hall of fame', async (at) => {
    const out = join(dir, `kill-${at}`);
    const r = await runUntil(out, at, 'SIGKILL');
    expect(r.signal).toBe('SIGKILL');
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
    const resumed = cli(['resume', out, '--workers', '1']);
    expect(resumed.stderr).not.toMatch(/error/);
    expect(resumed.status).toBe(0);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(reference);
    // Events after the checkpoint are not duplicated: one generation record per island and generation.
    const gens = readFileSync(join(out, 'log.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.event === 'generation');
    const keys = gens.map((e) => `${e.island}/${e.generation}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(readFileSync(join(dir, 'reference', 'log.ndjson'), 'utf8').split('"event":"generation"').length - 1);
  });

  it('SIGINT exits 130 with a valid checkpoint and a partial summary, and the run resumes to the same result', async () => {
    const out = join(dir, 'sigint');
    const r = await runUntil(out, 150, 'SIGINT');
    expect(r.status).toBe(130);
    expect(r.stderr).toMatch(/mesa-evo resume /);
    const ckpt = readCheckpoint(join(out, 'checkpoint.json'));
    expect(ckpt.state.generation).toBeGreaterThan(0);
    const partial = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(partial.complete).toBe(false);
    expect(partial.budget.generations).toBe(ckpt.state.generation);
    // A report of the stopped run is made again when the resume ends, not left describing generation N.
    expect(cli(['report', out]).status).toBe(0);
    const before = readFileSync(join(out, 'report.html'), 'utf8');
    const resumed = cli(['resume', out]);
    expect(resumed.status).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`^mesa-evo: resume .*sigint from generation ${ckpt.state.generation} \\(\\d+ workers?\\)\\n`));
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(reference);
    expect(resumed.stderr).toMatch(/Report updated: .*sigint.report\.html/);
    const after = readFileSync(join(out, 'report.html'), 'utf8');
    expect(after).not.toBe(before);
    expect(cli(['report', out]).status).toBe(0);
    expect(after).toBe(readFileSync(join(out, 'report.html'), 'utf8'));
    // Its run-end times the last session only, and compare says so (the uninterrupted reference has no mark).
    const compared = cli(['compare', join(dir, 'reference'), out]);
    expect(compared.status).toBe(0);
    const rows = compared.stdout.split('\n');
    expect(rows.find((l) => l.startsWith('reference'))).not.toMatch(/\*/);
    expect(rows.find((l) => l.startsWith('sigint'))).toMatch(/ \d+\.\d\* .* \d+\* /);
    expect(compared.stdout).toMatch(/\* resumed: time and evals\/s of the last session only/);
  });

  it('SIGTERM exits 143', async () => {
    const r = await runUntil(join(dir, 'sigterm'), 100, 'SIGTERM');
    expect(r.status).toBe(143);
  });

  it('refuses a corrupted, truncated or tampered checkpoint with exit 2', async () => {
    const out = join(dir, 'corrupt');
    await runUntil(out, 150, 'SIGKILL');
    const path = join(out, 'checkpoint.json');
    const good = readFileSync(path, 'utf8');
    const bad: [string, RegExp][] = [
      [good.slice(0, Math.floor(good.length / 2)), /corrupted or truncated/],
      [good.replace(/"fitness":0\.(\d)/, (_m, d) => `"fitness":0.${(Number(d) + 1) % 10}`), /checksum mismatch/],
      ['{"format":"something-else"}', /field 'format' invalid/],
      ['', /corrupted or truncated/],
    ];
    for (const [text, message] of bad) {
      writeFileSync(path, text);
      const r = cli(['resume', out]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    writeFileSync(path, good);
    expect(cli(['resume', out]).status).toBe(0);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(reference);
  });

  it('a checkpoint write that fails ends the run with a clear message and leaves the old checkpoint intact', async () => {
    const out = join(dir, 'write-fails');
    await runUntil(out, 150, 'SIGKILL');
    const before = readFileSync(join(out, 'checkpoint.json'), 'utf8');
    // A directory where the temporary file must go makes every checkpoint write fail, as a full disk would.
    // (SIGKILL may have caught a checkpoint write halfway and left its temporary file: the next write overwrites it.)
    rmSync(join(out, 'checkpoint.json.tmp'), { force: true });
    mkdirSync(join(out, 'checkpoint.json.tmp'));
    const r = cli(['resume', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/writing .*checkpoint\.json at generation \d+: EISDIR/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(out, 'checkpoint.json'), 'utf8')).toBe(before);
  });

  it('--out onto an existing run is refused, and --force replaces it', () => {
    const out = join(dir, 'reference');
    const before = statSync(join(out, 'summary.json')).mtimeMs;
    const r = cli(['run', ...RUN, '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/a run already exists there/);
    expect(statSync(join(out, 'summary.json')).mtimeMs).toBe(before);
    const forced = join(dir, 'forced');
    expect(cli(['run', ...RUN, '--out', forced, '--set', 'search.budget=2000']).status).toBe(0);
    // What the old run's reports wrote goes with it (a report would describe the old run); a file of the user's stays.
    for (const f of ['deploy.json', 'deploy.ndjson', 'report.html', 'notes.txt']) writeFileSync(join(forced, f), 'old\n');
    const replaced = cli(['run', ...RUN, '--out', forced, '--force']);
    expect(replaced.status).toBe(0);
    expect(replaced.stderr).toMatch(/^mesa-evo: run .*forced \(seed 1, \d+ workers?, budget \d+ evaluations\)\nmesa-evo: --force: removed what an earlier run left there \(config\.json, log\.ndjson, summary\.json, checkpoint\.json, deploy\.json, deploy\.ndjson, report\.html\)\n/);
    expect(readFileSync(join(forced, 'summary.json'), 'utf8')).toBe(reference);
    expect(readdirSync(forced).sort()).toEqual(['checkpoint.json', 'config.json', 'log.ndjson', 'notes.txt', 'summary.json']);
  });

  it('a run cut off after its final checkpoint, before summary.json, gets its summary on resume and keeps its log', () => {
    const out = join(dir, 'no-summary');
    cpSync(join(dir, 'reference'), out, { recursive: true });
    rmSync(join(out, 'summary.json'));
    const log = readFileSync(join(out, 'log.ndjson'), 'utf8');
    expect(cli(['resume', out]).status).toBe(0);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(reference);
    expect(readFileSync(join(out, 'log.ndjson'), 'utf8')).toBe(log);
  });

  it('a second process on the same run is refused while the first holds it, and nothing is written', async () => {
    const out = join(dir, 'locked');
    await runUntil(out, 150, 'SIGKILL');
    // The killed run's lock names a process that is gone: taken over. One naming a live process (this one) is not.
    writeFileSync(join(out, 'run.lock'), JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
    const before = readFileSync(join(out, 'log.ndjson'), 'utf8');
    const r = cli(['resume', out]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(new RegExp(`^mesa-evo: resume: '.*locked': another mesa-evo process \\(pid ${process.pid} on `));
    expect(readFileSync(join(out, 'log.ndjson'), 'utf8')).toBe(before);
    rmSync(join(out, 'run.lock'));
    expect(cli(['resume', out]).status).toBe(0);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(reference);
    expect(existsSync(join(out, 'run.lock'))).toBe(false);
  });

  it('resuming a finished run is refused, with or without its checkpoint', () => {
    const out = join(dir, 'no-checkpoint');
    cpSync(join(dir, 'reference'), out, { recursive: true });
    rmSync(join(out, 'checkpoint.json'));
    const log = readFileSync(join(out, 'log.ndjson'), 'utf8');
    const r = cli(['resume', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/the run is already finished/);
    expect(readFileSync(join(out, 'log.ndjson'), 'utf8')).toBe(log);
  });

  it('resuming a finished run is refused and leaves it untouched', () => {
    const out = join(dir, 'reference');
    const files = ['summary.json', 'log.ndjson', 'checkpoint.json'].map((f) => readFileSync(join(out, f), 'utf8'));
    const r = cli(['resume', out]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/^mesa-evo: resume: '.*reference': the run is already finished \(generation \d+\); nothing to resume/);
    expect(['summary.json', 'log.ndjson', 'checkpoint.json'].map((f) => readFileSync(join(out, f), 'utf8'))).toEqual(files);
  });
});

describe('worker faults', () => {
  it.each([
    ['start', /injected fault while the worker starts/],
    ['start-exit', /worker exited with code: 4/],
  ])('a worker that fails while it starts (%s) stops the run with one line, not a raw stack or a hang', (fault, why) => {
    const out = join(dir, `fault-${fault}`);
    const r = cli(['run', ...RUN, '--workers', '2', '--out', out], { env: { MESA_EVO_FAULT: fault }, timeoutMs: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^mesa-evo: error: island \d, generations 0–\d+: worker failed/m);
    expect(r.stderr).toMatch(why);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.each(['throw', 'exit', 'oom'])('a worker that fails (%s) stops the run naming the island and generation, keeping the checkpoint', (kind) => {
    const out = join(dir, `fault-${kind}`);
    const r = cli(['run', ...RUN, '--workers', '2', '--out', out], { env: { MESA_EVO_FAULT: `${kind}:2:30` }, timeoutMs: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/island 2, generations 2[89]–3[0-2]: worker failed/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // Out of memory says what the cap was and how to run without it.
    if (kind === 'oom') expect(r.stderr).toMatch(/ran out of its \d+ MB heap, a cap estimated from the config .*--workers 0/);
    const ckpt = readCheckpoint(join(out, 'checkpoint.json'));
    expect(ckpt.state.generation).toBeGreaterThanOrEqual(24);
    expect(ckpt.state.generation).toBeLessThan(30);
    expect(cli(['resume', out]).status).toBe(0);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(reference);
  });
});
