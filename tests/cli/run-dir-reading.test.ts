import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/run/load-config.js';
import { resumeEvolution, runEvolution } from '../../src/run/run.js';
import { Stopper } from '../../src/run/stopper.js';
import { cli } from './cli.js';

/**
 * inspect, compare and report on finished runs, and on missing, empty and half-written
 * run directories: exit 2 with a clear message, or report what is there; never crash.
 */
let work: string;
const tiny = ['--workers', '0', '--set', 'search.budget=1500', '--set', 'search.population=40', '--set', 'search.islands=2', '--set', 'train.episodes=300', '--set', 'deploy.episodes=300', '--set', 'search.temperature=3'];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'mesa-evo-inspect-'));
  for (const [name, lambda] of [['a', '0.002'], ['b', '0.02']] as const) {
    expect(cli(['run', '--out', join(work, name), '--set', `lambda=${lambda}`, ...tiny]).status).toBe(0);
  }
  const full = join(work, 'a');
  const log = readFileSync(join(full, 'log.ndjson'), 'utf8');
  // Just started: config.json only.
  mkdirSync(join(work, 'started'));
  cpSync(join(full, 'config.json'), join(work, 'started', 'config.json'));
  // Cut off: no summary.json, the log ends in the middle of a line.
  mkdirSync(join(work, 'cut'));
  cpSync(join(full, 'config.json'), join(work, 'cut', 'config.json'));
  writeFileSync(join(work, 'cut', 'log.ndjson'), log.slice(0, Math.floor(log.length * 0.6)));
  // Stopped by a signal: a partial summary.json ("complete": false), as run.ts writes it.
  cpSync(full, join(work, 'stopped'), { recursive: true });
  const partial = JSON.parse(readFileSync(join(full, 'summary.json'), 'utf8'));
  writeFileSync(join(work, 'stopped', 'summary.json'), JSON.stringify({ ...partial, complete: false, budget: { ...partial.budget, generations: 7 } }));
  // Half-written summary.json beside a complete log.
  cpSync(full, join(work, 'halfsummary'), { recursive: true });
  const summary = readFileSync(join(full, 'summary.json'), 'utf8');
  writeFileSync(join(work, 'halfsummary', 'summary.json'), summary.slice(0, summary.length / 2));
  mkdirSync(join(work, 'empty'));
  writeFileSync(join(work, 'afile'), 'not a directory');
  mkdirSync(join(work, 'badsweep'));
  writeFileSync(join(work, 'badsweep', 'sweep.json'), '{"axes": [');
});

const summaryOf = (dir: string) => JSON.parse(readFileSync(join(work, dir, 'summary.json'), 'utf8'));

describe('inspect', () => {
  it('prints the hall of fame of a finished run with DL by tier, deployment behaviour, first generation and budget, and a tree', () => {
    const r = cli(['inspect', join(work, 'a'), '--top', '3']);
    expect(r.status).toBe(0);
    const best = summaryOf('a').hallOfFame[0];
    expect(r.stdout).toContain(`#1  ${best.class}  (tier ${best.tier})  fitness ${best.fitness.toFixed(4)}`);
    expect(r.stdout).toContain(`    genome      ${best.genome}`);
    expect(r.stdout).toMatch(/DL {10}[\d.]+ bits {2}\(input [\d.]+, world [\d.]+, self [\d.]+\)/);
    expect(r.stdout).toMatch(/first seen {2}generation \d+, \d+ evaluations/);
    expect(r.stdout).toMatch(/deployment {2}true accuracy [\d.]+, tamper rate [\d.]+/);
    expect(r.stdout).toContain('#3 ');
    expect(r.stdout).not.toContain('#4 ');
  });

  it('--json gives the hall of fame with the budget at first appearance', () => {
    const r = cli(['inspect', join(work, 'a'), '--json', '--top', '5']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    const s = summaryOf('a');
    expect(j.status).toBe('finished');
    expect(j.hallOfFame.map((f: { genome: string }) => f.genome)).toEqual(s.hallOfFame.slice(0, 5).map((f: { genome: string }) => f.genome));
    const f = j.hallOfFame[0];
    expect(f.evaluations).toBe(2 * (40 + f.generation * (40 - 2)));
    expect(f.tree.split('\n').length).toBe(f.genome.split(/[\s()]+/).filter(Boolean).length);
  });

  it('works on a cut-off run from the log alone, and on a half-written summary.json', () => {
    const cut = cli(['inspect', join(work, 'cut')]);
    expect(cut.status).toBe(0);
    expect(cut.stdout).toMatch(/unfinished/);
    expect(cut.stdout).toMatch(/no summary\.json yet/);
    // Said once: not also as a bare "summary.json is missing".
    expect(cut.stdout).not.toMatch(/summary\.json is missing/);
    expect(cut.stdout).toMatch(/#1 /);
    const half = cli(['inspect', join(work, 'halfsummary'), '--json']);
    expect(half.status).toBe(0);
    const j = JSON.parse(half.stdout);
    expect(j.notes.join(' ')).toMatch(/summary\.json is not valid JSON/);
    expect(j.hallOfFame[0].genome).toBe(summaryOf('a').hallOfFame[0].genome);
    // From the log, the hall is what the finished run's summary holds: its size, not every genome ever logged.
    const all = JSON.parse(cli(['inspect', join(work, 'halfsummary'), '--json', '--top', '10000']).stdout);
    expect(all.hallOfFame.map((f: { genome: string }) => f.genome)).toEqual(summaryOf('a').hallOfFame.map((f: { genome: string }) => f.genome));
    const stopped = cli(['inspect', join(work, 'stopped')]);
    expect(stopped.status).toBe(0);
    expect(stopped.stdout).toMatch(/unfinished/);
    expect(stopped.stdout).toMatch(/summary\.json is partial: the run was stopped at generation 7; 'npx mesa-evo resume .*stopped' continues it/);
    const started = cli(['inspect', join(work, 'started')]);
    expect(started.status).toBe(0);
    expect(started.stdout).toMatch(/hall of fame: empty/);
  });

  it('a run stopped before generation 0 was made: nothing evaluated, and said so', async () => {
    const dir = join(work, 'stopped-at-once');
    const stopper = new Stopper();
    stopper.request('SIGINT');
    const r = await runEvolution(validateConfig({ search: { islands: 2, population: 20, budget: 400 } }, 'test'), dir, { workers: 0, stopper });
    expect(r.interrupted).toBe('SIGINT');
    expect(r.summary.budget).toMatchObject({ generations: 0, evaluations: 0, episodeEvaluations: 0 });
    expect(r.summary.complete).toBe(false);
    const inspected = cli(['inspect', dir]);
    expect(inspected.status).toBe(0);
    expect(inspected.stdout).toMatch(/the run was stopped before generation 0 was finished; 'npx mesa-evo resume /);
    expect(inspected.stdout).toMatch(/no generation finished yet/);
    expect(inspected.stdout).not.toMatch(/last generation/);
    // Resumed, it is logged as a resume of the run it continues, not as a second run-start.
    const resumed = await resumeEvolution(dir, { workers: 0 });
    expect(resumed.summary.complete).toBe(true);
    const events = readFileSync(join(dir, 'log.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).event as string);
    expect(events.filter((e) => e === 'run-start' || e === 'resume')).toEqual(['run-start', 'resume']);
  });
});

describe('compare', () => {
  it('shows only the config keys that differ, the leader by budget, class shares, fitness and speed', () => {
    const r = cli(['compare', join(work, 'a'), join(work, 'b'), join(work, 'cut')]);
    expect(r.status).toBe(0);
    const diff = r.stdout.split('Leader by compute budget')[0];
    expect(diff).toMatch(/^lambda\s+0\.002\s+0\.02\s+0\.002$/m);
    expect(diff.trim().split('\n').filter((l) => /^\w/.test(l) && !/^key|^Config/.test(l))).toHaveLength(1);
    expect(r.stdout).toMatch(/^end\s+\S+/m);
    expect(r.stdout).toMatch(/^ram-pointer\s+[\d.]+%/m);
    // Each run's last mark named: the cut-off run's is not the finished runs' end.
    expect(r.stdout).toMatch(/^at budget\s+end\s+end\s+2\^\d+$/m);
    const best = summaryOf('b').hallOfFame[0];
    expect(r.stdout).toMatch(new RegExp(`^b\\s+${best.fitness.toFixed(4)}\\s+${best.trainReward.toFixed(4)}\\s+${(0.02 * best.dl).toFixed(4)}`, 'm'));
    expect(r.stdout).toMatch(/^cut\s+.*\d+\.\d\+/m); // unfinished: time so far
  });
});

describe('inspect, compare and report on bad run directories', () => {
  const cases: [string, string[], RegExp][] = [
    ['missing', ['inspect', 'nope'], /run directory 'nope': does not exist/],
    ['empty', ['inspect', 'empty'], /run directory 'empty': holds no config\.json, log\.ndjson or summary\.json/],
    ['a file', ['report', 'afile'], /run directory 'afile': is not a directory/],
    ['compare, one missing', ['compare', 'a', 'nope'], /run directory 'nope': does not exist/],
    ['compare, one run', ['compare', 'a'], /^mesa-evo: compare: expected at least two run directories, got 1/],
    ['report, empty', ['report', 'empty'], /holds no config\.json/],
    ['report, broken sweep.json', ['report', 'badsweep'], /sweep directory 'badsweep': sweep\.json is not valid JSON/],
    ['bad --top', ['inspect', 'a', '--top', '0'], /--top "0": expected a number of entries from 1 to 10000/],
  ];
  it.each(cases)('%s: exit 2 with one clear message', (_name, args, message) => {
    const r = cli(args, { cwd: work });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('report writes report.html for half-written runs and says what is missing', () => {
    for (const d of ['started', 'cut', 'halfsummary']) {
      const r = cli(['report', d], { cwd: work });
      expect(r.status, d).toBe(0);
      expect(r.stdout).toMatch(/note: /);
      expect(readFileSync(join(work, d, 'report.html'), 'utf8')).toMatch(/<svg class="chart"/);
    }
  });
});
