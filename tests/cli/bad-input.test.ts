import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { toolNodeFlags } from '../../scripts/node-flags.js';
import { cli, MAIN, ROOT } from './cli.js';

/**
 * Bad input exits 2 with one message naming the field or token and what was expected:
 * no stack trace, and nothing already in runs/ is touched.
 */
let work: string;
let before: Record<string, string>;

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
      else out[`${rel}${e.name}`] = readFileSync(join(d, e.name), 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'mesa-evo-bad-'));
  cpSync(join(ROOT, 'configs'), join(work, 'configs'), { recursive: true });
  mkdirSync(join(work, 'runs', 'old'), { recursive: true });
  for (const f of ['config.json', 'log.ndjson', 'summary.json']) writeFileSync(join(work, 'runs', 'old', f), `precious ${f}\n`);
  mkdirSync(join(work, 'runs', 'leftover'), { recursive: true });
  writeFileSync(join(work, 'runs', 'leftover', 'report.html'), 'precious report.html\n');
  mkdirSync(join(work, 'runs', 'sweep'), { recursive: true });
  for (const f of ['sweep.json', 'summary.json', 'report.html']) writeFileSync(join(work, 'runs', 'sweep', f), `precious ${f}\n`);
  writeFileSync(join(work, 'typo.json'), JSON.stringify({ search: { popsize: 10 } }));
  writeFileSync(join(work, 'range.json'), JSON.stringify({ lambda: -1 }));
  writeFileSync(join(work, 'broken.json'), '{ "lambda": 0.1, ');
  writeFileSync(join(work, 'line3.json'), '{\n  "seed": 1,\n  "search": { "population": 50 "budget": 1000 }\n}\n');
  writeFileSync(join(work, 'empty.txt'), '# no genome yet\n\n');
  writeFileSync(join(work, 'genomes.txt'), '(mul answer truth)\n(mul answer frobnicate)\n');
  before = snapshot(join(work, 'runs'));
});

const cases: [string, string[], RegExp][] = [
  ['unknown config field', ['run', 'typo.json'], /search\.popsize.*did you mean 'search\.population'/],
  ['out-of-range value', ['run', 'range.json'], /field 'lambda': expected a number ≥ 0, got -1/],
  ['malformed JSON', ['run', 'broken.json'], /broken\.json': not valid JSON/],
  ['a field at the wrong depth: its place suggested', ['run', '--set', 'budget=5000'], /^mesa-evo: run: --set budget: unknown field 'budget' \(did you mean 'search\.budget'\?\); expected one of: version, seed, lambda/],
  ['malformed JSON on line 3: the line and column named', ['run', 'line3.json'], /line3\.json': not valid JSON \(.*at position 46: line 3, column 32\)$/m],
  ['missing config file', ['run', 'nope.json'], /nope\.json'.*cannot be read \(ENOENT\)/],
  ['out-of-range --set', ['run', '--set', 'search.population=1'], /search\.population': expected a number ≥ 2, got 1/],
  ['out-of-range --set on a config file that is fine', ['run', 'configs/default.json', '--set', 'search.population=0'], /^mesa-evo: run: --set search\.population: field 'search\.population': expected a number ≥ 2, got 0\n$/],
  ['mistyped --set key', ['run', '--set', 'labeler.eps=0.1'], /unknown field 'labeler' \(did you mean 'labeller'\?\)/],
  ['broken JSON in a --set', ['run', '--set', 'train.contexts={"0":1,'], /^mesa-evo: run: --set train\.contexts: not valid JSON \(.*\); expected a JSON value/],
  ['a typo in the file, with a --set in the same section (the file is named, not the --set)', ['run', 'typo.json', '--set', 'search.budget=1000'], /^mesa-evo: run: [^\n]*typo\.json[^\n]*search\.popsize.*did you mean 'search\.population'/],
  ['cross-field constraint', ['run', '--set', 'labeller.biasSensor=7'], /labeller\.biasSensor': expected a sensor index below world\.sensors \(4\)/],
  // The schema takes any positive number; below ~0.003 every literal's prior weight is 0 and the search could not draw one.
  ['a temperature the prior underflows at', ['run', '--set', 'search.temperature=0.0001'], /search\.temperature': expected a temperature at which the sampling prior keeps a weight: at 0\.0001 every literal's weight 2\^\(−bits\/T\) underflows to 0/],
  ['bad --workers', ['run', '--workers', 'many'], /^mesa-evo: run: --workers "many": expected a number of worker threads/],
  ['bad --seed', ['run', '--seed=-3'], /--seed "-3": expected an integer seed/],
  ['unknown flag', ['run', '--wrokers', '2'], /^mesa-evo: run: unknown flag '--wrokers'; expected one of --seed, --workers, --out, --force, --set .*\nusage: mesa-evo run/],
  ['flag without its value', ['run', '--set'], /^mesa-evo: run: --set: expected a value after it\nusage: mesa-evo run/],
  ['a negative value after its flag is its value, refused as such', ['run', '--workers', '-1'], /^mesa-evo: run: --workers "-1": expected a number of worker threads/],
  ['a negative value after its flag, refused as such in a sweep', ['sweep', 'configs/sweep-claim-b.json', '--workers', '-1'], /^mesa-evo: sweep: --workers "-1": expected a number of worker threads/],
  ['value given to a switch', ['run', '--force=yes'], /^mesa-evo: run: --force takes no value/],
  ['a sweep file given to run', ['run', 'configs/sweep-claim-a.json'], /^mesa-evo: run: config file 'configs\/sweep-claim-a\.json': is a sweep file \(it has 'axes'\); expected a run config, or run the sweep with 'npx mesa-evo sweep configs\/sweep-claim-a\.json'$/m],
  ['resume of a sweep directory', ['resume', 'runs/sweep'], /^mesa-evo: resume: run directory 'runs\/sweep': is a sweep \(sweep\.json\); expected a run directory \(its runs are under runs\/sweep\/cells; 'npx mesa-evo sweep' resumes a sweep/m],
  ['deploy of a sweep directory', ['deploy', 'runs/sweep'], /^mesa-evo: deploy: run directory 'runs\/sweep': is a sweep \(sweep\.json\)/m],
  ['run into an existing run', ['run', '--out', 'runs/old'], /^mesa-evo: run: --out 'runs\/old': a run already exists there/],
  ["run where only an earlier run's report is left", ['run', '--out', 'runs/leftover'], /^mesa-evo: run: --out 'runs\/leftover': an earlier run's report or deployment is there \(report\.html\); expected a new directory, or --force/],
  ['run over a sweep, even forced', ['run', '--out', 'runs/sweep', '--force'], /^mesa-evo: run: --out 'runs\/sweep': a sweep is there \(sweep\.json\)/],
  ['run into a sweep\'s cell, even forced', ['run', '--out', 'runs/sweep/cells/lambda=0.002/s1', '--force'], /^mesa-evo: run: --out 'runs\/sweep\/cells\/lambda=0.002\/s1': inside the sweep in '.*runs\/sweep' \(sweep\.json\); expected a directory outside any sweep/],
  ['flag where a value should be', ['run', '--out', '--force'], /^mesa-evo: run: --out: expected a value after it\nusage:/],
  ['a flag to a command without flags', ['compare', '--json', 'runs/old'], /^mesa-evo: compare: unknown flag '--json'; this command takes no flags/],
  ['a context id written twice', ['run', '--set', 'train.contexts={"0":1,"00":0}'], /field 'train\.contexts'.*without leading zeros/],
  ['subtrees deeper than genomes may be', ['run', '--set', 'search.mutationDepth=20'], /field 'search\.mutationDepth': expected at most search\.maxDepth \(10\)/],
  ['weights whose sum overflows', ['run', '--set', 'search.mutation={"subtree":1e308,"point":1e308}'], /search\.mutation\.subtree': expected a number ≤ 1000000000, got 1e\+308/],
  ['an infinite number through --set', ['run', '--set', 'lambda=1e309'], /field 'lambda': expected a number, got Infinity/],
  ['compare given a sweep', ['compare', 'runs/sweep', 'runs/old'], /run directory 'runs\/sweep': is a sweep \(sweep\.json\)/],
  ['inspect --top out of range', ['inspect', 'runs/old', '--top', '0'], /--top "0": expected a number of entries from 1 to 10000/],
  ['--out onto a file', ['run', '--out', 'typo.json'], /^mesa-evo: run: --out 'typo\.json': not a directory/],
  ['--out under a file', ['run', '--out', 'typo.json/run'], /--out 'typo\.json\/run': cannot be created \(ENOTDIR\)/],
  ['unparseable genome', ['eval', '--genome', '(mul answer truth'], /--genome #1: unexpected end: expected '\)' to close '\(mul'/],
  ['unknown terminal', ['eval', '--genome', '(mul answer frobnicate)'], /unknown terminal 'frobnicate'/],
  ['unknown function', ['eval', '--genome', '(pow answer truth)'], /unknown function 'pow'/],
  ['bad line in a genome file', ['eval', '--genome-file', 'genomes.txt'], /genomes\.txt:2: unknown terminal 'frobnicate'/],
  ['genome file without a genome', ['eval', '--genome-file', 'empty.txt'], /^mesa-evo: eval: --genome-file 'empty\.txt': no genome in it/],
  ['missing genome file', ['eval', '--genome-file', 'missing.txt'], /missing\.txt'.*cannot be read/],
  ['eval without a genome', ['eval'], /^mesa-evo: eval: expected --genome/],
  ['unknown command', ['evolve'], /unknown command 'evolve'/],
  ['NaN through --set', ['run', '--set', 'lambda=NaN'], /field 'lambda': expected a number, got "NaN"/],
  // One argument is capped at 128 kB by the kernel; 1 MB lines are tested through the parser and genome files.
  ['a 100 kB genome', ['eval', '--genome', 'x'.repeat(100_000)], /unknown terminal 'x{40}…'/],
  ['a deeply nested genome', ['eval', '--genome', '(neg '.repeat(5000) + 'answer' + ')'.repeat(5000)], /nested deeper than 200/],
  ['a huge literal', ['eval', '--genome', '(mul answer 1e300)'], /literal '1e300': expected a literal with \|value\| ≤ 1000000/],
  ['resume without a directory', ['resume'], /^mesa-evo: resume: expected a run directory\nusage: mesa-evo resume runs\/ID/],
  ['resume of a missing directory', ['resume', 'runs/nope'], /^mesa-evo: resume: run directory 'runs\/nope': does not exist; expected a directory written by mesa-evo run$/m],
  ['deploy of a missing directory', ['deploy', 'runs/nope'], /^mesa-evo: deploy: run directory 'runs\/nope': does not exist; expected a directory written by mesa-evo run$/m],
  ['resume of a directory without a run', ['resume', 'configs'], /no config\.json there/],
];

describe('bad input', () => {
  it.each(cases)('%s: exit 2 with one clear message', (_name, args, message) => {
    const r = cli(args, { cwd: work });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    // One line, and a usage line after it where the command line itself was wrong.
    expect(r.stderr.trim().split('\n').filter((l) => !l.startsWith('usage:'))).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('--version prints the version of package.json', () => {
    const r = cli(['--version'], { cwd: work });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`mesa-evo ${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}\n`);
  });

  it('left runs/ exactly as it was', () => {
    expect(snapshot(join(work, 'runs'))).toEqual(before);
  });
});

describe('output piped into a reader that stops early (| head)', () => {
  /** The reader is gone before the command writes: every write to the closed streams fails with EPIPE. */
  const closed = (args: string[], streams: ('stdout' | 'stderr')[]) =>
    new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [...toolNodeFlags(), MAIN, ...args], { cwd: ROOT, timeout: 60_000 });
      for (const s of streams) child[s].destroy();
      let stderr = '';
      if (!streams.includes('stderr')) child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (status) => resolve({ status, stderr }));
    });

  it('ends quietly with its own status, not with an EPIPE stack', async () => {
    const r = await closed(['eval', '--genome', '(mul answer truth)', '--set', 'train.episodes=200', '--set', 'deploy.episodes=200'], ['stdout']);
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(r.status).toBe(0);
  });

  it('with stderr closed too, a user mistake still exits 2 (an unhandled EPIPE would make it 1)', async () => {
    expect((await closed(['inspect', 'no/such/run'], ['stdout', 'stderr'])).status).toBe(2);
  });

  it('a run whose stderr closes stops as on SIGPIPE (exit 141) with a checkpoint it resumes from', async () => {
    const out = join(work, 'runs', 'sigpipe');
    const r = await closed(['run', '--out', out, '--workers', '0', '--set', 'search.budget=20000', '--set', 'train.episodes=300', '--set', 'deploy.episodes=300'], ['stderr']);
    expect(r.status).toBe(141);
    const partial = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(partial.complete).toBe(false);
    expect(cli(['resume', out]).status).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).complete).toBe(true);
  });
});

describe('a config saved with a byte-order mark', () => {
  it('is read as the JSON after it (some Windows editors write one)', () => {
    writeFileSync(join(work, 'bom.json'), '\uFEFF' + JSON.stringify({ train: { episodes: 200 }, deploy: { episodes: 200 } }));
    const r = cli(['eval', 'bom.json', '--genome', 'answer', '--json'], { cwd: work });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n')[0]).genome).toBe('answer');
  });
});
