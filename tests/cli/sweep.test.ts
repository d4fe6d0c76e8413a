import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, cliAsync } from './cli.js';

/** A lambda × bias sweep, 3×3 cells × 2 seeds, each cell tiny so the file runs in seconds. */
const SWEEP = {
  base: { train: { contexts: 6, episodes: 200 }, deploy: { episodes: 200 }, search: { islands: 2, population: 20, budget: 600, temperature: 3, migration: { interval: 5 } } },
  seeds: 2,
  axes: [
    { name: 'labels', levels: [{ label: 'unbiased', set: { 'labeller.biasSensor': null } }, { label: 'tau=1.5', set: { 'labeller.tau': 1.5 } }, { label: 'tau=1', set: { 'labeller.tau': 1 } }] },
    { key: 'lambda', values: [0.001, 0.01, 0.03] },
  ],
};

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'mesa-evo-sweep-'));
  writeFileSync(join(work, 'bias.json'), JSON.stringify(SWEEP));
});

const phase = (dir: string) => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).phaseTable;

describe('mesa-evo sweep', () => {
  it('gives the same phase table from two shards in two processes as from one unsharded run, and the same runs on a pool of 2 workers', async () => {
    const sweepFile = join(work, 'bias.json');
    const whole = join(work, 'whole');
    const sharded = join(work, 'sharded');
    const pooled = join(work, 'pooled');
    const [a, b, c, d] = await Promise.all([
      cliAsync(['sweep', sweepFile, '--out', whole, '--workers', '0']),
      cliAsync(['sweep', sweepFile, '--shard', '1/2', '--out', sharded, '--workers', '0']),
      cliAsync(['sweep', sweepFile, '--shard', '2/2', '--out', sharded, '--workers', '0']),
      cliAsync(['sweep', sweepFile, '--out', pooled, '--workers', '2']),
    ]);
    for (const r of [a, b, c, d]) expect(r.stderr).not.toMatch(/error/i);
    expect([a.status, b.status, c.status, d.status]).toEqual([0, 0, 0, 0]);
    // One pool runs every cell-seed, its workers moving from one cell's config (world, penalty) to the next: each run as in process.
    const runs = readdirSync(join(whole, 'cells')).flatMap((cell) => ['s1', 's2'].map((s) => join('cells', cell, s, 'summary.json')));
    expect(runs).toHaveLength(18);
    for (const run of runs) expect(readFileSync(join(pooled, run), 'utf8'), run).toBe(readFileSync(join(whole, run), 'utf8'));
    const r = cli(['report', sharded]);
    expect(r.status).toBe(0);
    const t = phase(sharded);
    expect(t).toEqual(phase(whole));
    expect(t.cells).toHaveLength(9);
    expect(t.cells.map((x: { key: string }) => x.key)).toContain('labels=tau=1.5,lambda=0.01');
    for (const cell of t.cells) {
      expect(cell.seeds).toEqual({ finished: 2, planned: 2 });
      const end = cell.byBudget[cell.byBudget.length - 1];
      expect(end.budget).toBe('end');
      expect(end.of).toBe(2);
      expect(end.votes).toBeGreaterThanOrEqual(1);
      expect(Object.values(end.counts as Record<string, number>).reduce((s, n) => s + n, 0)).toBe(2);
    }
    const winners = new Set(t.cells.flatMap((x: { byBudget: { winner: string }[] }) => x.byBudget.map((m) => m.winner)));
    expect(winners.size).toBeGreaterThanOrEqual(2); // a table of one class would make the comparison vacuous
    // The terminal shows the grid: the last axis across, the first down.
    expect(r.stdout).toMatch(/labels\s+lambda=0\.001\s+lambda=0\.01\s+lambda=0\.03/);
    expect(r.stdout).toMatch(/^tau=1\.5 /m);
    expect(existsSync(join(sharded, 'report.html'))).toBe(true);
    // Every cell-seed is an ordinary run directory.
    expect(existsSync(join(sharded, 'cells', 'labels=unbiased,lambda=0.03', 's2', 'summary.json'))).toBe(true);
  }, 60_000);

  it('a worker fault stops a sweep on its pool with one line; a rerun on the pool picks the cut cell-seed up and ends as in process', () => {
    const sweepFile = join(work, 'bias.json');
    const out = join(work, 'pooled-fault');
    const r = cli(['sweep', sweepFile, '--out', out, '--workers', '1'], { env: { MESA_EVO_FAULT: 'throw:1:7' }, timeoutMs: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/island 1, generations 5–10: worker failed/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const again = cli(['sweep', sweepFile, '--out', out, '--workers', '1']);
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/cut off before: resuming at generation 5\)/); // the failed run kept its last barrier
    const reference = join(work, 'pooled-fault-reference');
    expect(cli(['sweep', sweepFile, '--out', reference, '--workers', '0']).status).toBe(0);
    const runs = readdirSync(join(reference, 'cells')).flatMap((cell) => ['s1', 's2'].map((s) => join('cells', cell, s, 'summary.json')));
    expect(runs).toHaveLength(18);
    for (const run of runs) expect(readFileSync(join(out, run), 'utf8'), run).toBe(readFileSync(join(reference, run), 'utf8'));
  }, 60_000);

  it('skips finished cell-seeds on rerun and restarts one that was cut off', () => {
    const out = join(work, 'rerun');
    expect(cli(['sweep', join(work, 'bias.json'), '--shard', '1/3', '--out', out, '--workers', '0']).status).toBe(0);
    const partial = phase(out);
    expect(partial.cells[0].seeds.finished).toBe(1); // shard 1/3 ran cell-seeds 0, 3, 6, …: seed 1 of the first cell
    const cut = join(out, 'cells', 'labels=unbiased,lambda=0.001', 's1');
    const kept = readFileSync(join(out, 'cells', 'labels=unbiased,lambda=0.01', 's2', 'summary.json'), 'utf8');
    const original = readFileSync(join(cut, 'summary.json'), 'utf8');
    rmSync(join(cut, 'summary.json')); // as if killed before the end
    const r = cli(['sweep', join(work, 'bias.json'), '--shard', '1/3', '--out', out, '--workers', '0']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/ran 1, skipped 5 finished, of 6/);
    expect(r.stderr).toMatch(/labels=unbiased,lambda=0\.001 seed 1 \(cut off before: resuming at generation 16\)/);
    // Resumed from its checkpoint: the same result as the uninterrupted run.
    expect(readFileSync(join(cut, 'summary.json'), 'utf8')).toBe(original);
    expect(readFileSync(join(out, 'cells', 'labels=unbiased,lambda=0.01', 's2', 'summary.json'), 'utf8')).toBe(kept);
    expect(r.stdout).toMatch(/6 of 18 cell-seed runs finished/);

    // A cut-off cell-seed that another process holds (a second sweep of the same shard) stops this sweep and is left alone.
    rmSync(join(cut, 'summary.json'));
    writeFileSync(join(cut, 'run.lock'), JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
    const checkpoint = readFileSync(join(cut, 'checkpoint.json'), 'utf8');
    const held = cli(['sweep', join(work, 'bias.json'), '--shard', '1/3', '--out', out, '--workers', '0']);
    expect(held.status).toBe(2);
    expect(held.stderr).toMatch(/s1': another mesa-evo process \(pid \d+ on /);
    // The cell-seed is not announced as resuming before it is refused.
    expect(held.stderr).not.toMatch(/cut off before/);
    expect(readFileSync(join(cut, 'checkpoint.json'), 'utf8')).toBe(checkpoint);
    rmSync(join(cut, 'run.lock'));
    expect(cli(['sweep', join(work, 'bias.json'), '--shard', '1/3', '--out', out, '--workers', '0']).status).toBe(0);
    expect(readFileSync(join(cut, 'summary.json'), 'utf8')).toBe(original);
  });

  it('announces a cut-off cell-seed with nothing checkpointed as starting again, and ends it as an uninterrupted run', () => {
    const out = join(work, 'start-again');
    const args = ['sweep', join(work, 'bias.json'), '--shard', '2/3', '--out', out, '--workers', '0'];
    expect(cli(args).status).toBe(0);
    const cut = join(out, 'cells', 'labels=unbiased,lambda=0.001', 's2');
    const original = readFileSync(join(cut, 'summary.json'), 'utf8');
    for (const f of ['summary.json', 'checkpoint.json']) rmSync(join(cut, f)); // as if killed before its first checkpoint
    const r = cli(args);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^\[1\/1\] labels=unbiased,lambda=0\.001 seed 2 \(cut off before: starting again\)$/m);
    expect(r.stderr).toMatch(/ran 1, skipped 5 finished, of 6/);
    expect(readFileSync(join(cut, 'summary.json'), 'utf8')).toBe(original);
  });

  it('stops on SIGINT after checkpointing the cell-seed in flight (exit 130); a rerun resumes it to the same result', async () => {
    // Two cell-seeds long enough (a few seconds each) to be caught in the middle.
    const long = { base: { ...SWEEP.base, search: { ...SWEEP.base.search, budget: 150_000 } }, seeds: 1, axes: [{ key: 'lambda', values: [0.001, 0.01] }] };
    writeFileSync(join(work, 'long.json'), JSON.stringify(long));
    const args = (out: string) => ['sweep', join(work, 'long.json'), '--out', out, '--workers', '0'];
    const reference = join(work, 'long-whole');
    expect((await cliAsync(args(reference))).status).toBe(0);

    const out = join(work, 'long-stopped');
    const first = join(out, 'cells', 'lambda=0.001', 's1');
    const log = join(first, 'log.ndjson');
    const stopped = await cliAsync(args(out), { when: () => existsSync(log) && readFileSync(log, 'utf8').split('\n').length > 200, signal: 'SIGINT' });
    expect(stopped.status, stopped.stderr).toBe(130);
    expect(stopped.stderr).toMatch(/sweep interrupted by SIGINT after 0 finished cell-seed runs .*the cut-off one is checkpointed\. Continue with the same command: 'npx mesa-evo sweep /);
    expect(stopped.stderr).not.toMatch(/\n\s+at /);
    expect(JSON.parse(readFileSync(join(first, 'summary.json'), 'utf8')).complete).toBe(false);
    expect(existsSync(join(first, 'checkpoint.json'))).toBe(true);
    expect(existsSync(join(out, 'cells', 'lambda=0.01'))).toBe(false); // the next cell-seed never started

    const again = await cliAsync(args(out));
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/lambda=0\.001 seed 1 \(cut off before: resuming at generation [1-9]\d*\)/);
    for (const cell of ['lambda=0.001', 'lambda=0.01']) {
      expect(readFileSync(join(out, 'cells', cell, 's1', 'summary.json'), 'utf8')).toBe(readFileSync(join(reference, 'cells', cell, 's1', 'summary.json'), 'utf8'));
    }
  }, 120_000);

  it('--set overrides a key in every cell and is recorded in sweep.json: a rerun without it is a different sweep', () => {
    const out = join(work, 'set');
    const r = cli(['sweep', join(work, 'bias.json'), '--out', out, '--workers', '0', '--set', 'search.budget=100', '--set', 'search.population=10']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')).set).toEqual({ 'search.budget': 100, 'search.population': 10 });
    const cell = JSON.parse(readFileSync(join(out, 'cells', 'labels=unbiased,lambda=0.001', 's1', 'config.json'), 'utf8'));
    expect(cell.search).toMatchObject({ budget: 100, population: 10, islands: 2 });
    expect(cli(['sweep', join(work, 'bias.json'), '--out', out, '--workers', '0', '--set', 'search.budget=100', '--set', 'search.population=10']).stderr).toMatch(/skipped 18 finished/);
    // The flags' order does not matter: the same sweep.
    expect(cli(['sweep', join(work, 'bias.json'), '--out', out, '--workers', '0', '--set', 'search.population=10', '--set', 'search.budget=100']).status).toBe(0);
    const again = cli(['sweep', join(work, 'bias.json'), '--out', out, '--workers', '0']);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/holds a different sweep \(its sweep\.json differs in set\.search\.budget \(100 there, absent here\), set\.search\.population \(10 there, absent here\)\); expected the same sweep file and --set, or a new directory/);
  });

  it('refuses a directory that holds a different sweep, and bad sweep files, with exit 2', () => {
    const out = join(work, 'rerun');
    writeFileSync(join(work, 'other.json'), JSON.stringify({ ...SWEEP, seeds: 3 }));
    const cases: [string[], RegExp][] = [
      [['sweep', join(work, 'other.json'), '--out', out], /holds a different sweep \(its sweep\.json differs in name, the sweep file's \("bias" there, "other" here\), seeds \(\[1,2\] there, \[1,2,3\] here\)\)/],
      [['sweep', join(work, 'bias.json'), '--shard', '3/2'], /--shard "3\/2": expected I\/N with 1 ≤ I ≤ N/],
      [['sweep', join(work, 'missing.json')], /sweep file '.*missing\.json': cannot be read/],
    ];
    const bad = (name: string, content: unknown) => {
      writeFileSync(join(work, name), JSON.stringify(content));
      return join(work, name);
    };
    cases.push([['sweep', bad('typo.json', { ...SWEEP, axis: [] })], /unknown field 'axis'; expected one of: version, description, base, set, seeds, axes/]);
    cases.push([['sweep', bad('key.json', { ...SWEEP, axes: [{ key: 'lambada', values: [0.1] }] })], /cell lambada=0\.1\): unknown field 'lambada' \(did you mean 'lambda'\?\)/]);
    cases.push([['sweep', bad('range.json', { ...SWEEP, axes: [{ key: 'labeller.tau', values: [1, 500] }] })], /cell labeller\.tau=500\): field 'labeller\.tau': expected a number ≤ 100, got 500/]);
    cases.push([['sweep', bad('axis.json', { ...SWEEP, axes: [{ key: 'lambda' }] })], /field 'axes\.0': expected an axis/]);
    cases.push([['sweep', bad('kee.json', { ...SWEEP, axes: [SWEEP.axes[0], { kee: 'lambda', values: [0.1] }] })], /field 'axes\.1': unknown field 'kee' \(did you mean 'key'\?\); expected an axis/]);
    cases.push([['sweep', bad('list-axis.json', { ...SWEEP, axes: [SWEEP.axes[0], ['lambda', [0.1]]] })], /field 'axes\.1': expected an axis/]);
    cases.push([['sweep', bad('dup.json', { ...SWEEP, axes: [{ key: 'lambda', values: [0.1, 0.1] }] })], /field 'axes\.0': expected distinct levels, '0\.1' appears twice/]);
    cases.push([['sweep', bad('base.json', { ...SWEEP, base: 'nowhere.json' })], /base config '.*nowhere\.json': cannot be read/]);
    cases.push([['sweep', bad('run-config.json', SWEEP.base)], /sweep file '.*run-config\.json': is a run config \(it has 'train', 'deploy', 'search' and no 'axes'\)/]);
    cases.push([['sweep', join(work, 'bias.json'), '--set', 'lambda=0.5'], /--set lambda: an axis of this sweep sets 'lambda'; expected a key the axes leave alone/]);
    cases.push([['sweep', join(work, 'bias.json'), '--set', 'labeller=1'], /--set labeller: an axis of this sweep sets 'labeller\.biasSensor'/]);
    cases.push([['sweep', join(work, 'bias.json'), '--set', 'seed=7'], /--set seed: a sweep sets each run's seed from its 'seeds'/]);
    cases.push([['sweep', bad('seed.json', { ...SWEEP, set: { seed: 3 } })], /field 'set\.seed': a sweep sets each run's seed from its 'seeds'/]);
    cases.push([['sweep', join(work, 'bias.json'), '--set', 'search.budget=-5'], /--set search\.budget: field 'search\.budget': expected a number ≥ 1, got -5/]);
    for (const [args, message] of cases) {
      const r = cli(args, { cwd: work });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      // A refusal is the only line: no banner before it.
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
