import { readFileSync } from 'node:fs';
import { assess, buildProblem, type Assessment } from '../core/assess.js';
import type { Genome } from '../core/genome.js';
import { table } from '../report/text-table.js';
import type { Config } from '../run/config.js';
import { primitivesOf, problemSpec } from '../run/specs.js';
import { parseUserGenome, UserError } from '../run/errors.js';
import { loadConfig } from '../run/load-config.js';
import { parseCommand } from './args.js';

export interface EvalPlan {
  config: Config;
  genomes: Genome[];
  json: boolean;
}

/** Parse arguments, config and genomes: throws UserError on any bad input, before evaluating anything. */
export function parseEvalArgs(argv: string[]): EvalPlan {
  const { values, positionals } = parseCommand(argv, {
    genome: { type: 'string', multiple: true },
    'genome-file': { type: 'string' },
    set: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  }, 1);
  const sources: { text: string; where: string }[] = (values.genome ?? []).map((text, i) => ({ text, where: `--genome #${i + 1}` }));
  if (values['genome-file'] !== undefined) {
    const lines = readGenomeFile(values['genome-file']);
    if (lines.length === 0) throw new UserError(`--genome-file '${values['genome-file']}': no genome in it; expected one S-expression per line (blank lines and # comments are skipped)`);
    sources.push(...lines);
  }
  if (sources.length === 0) throw new UserError('expected --genome "<S-expression>" or --genome-file FILE', true);
  const config = loadConfig(positionals[0], values.set ?? []);
  const ps = primitivesOf(config);
  // Parse everything before evaluating anything: one bad line fails fast.
  const genomes: Genome[] = sources.map((s) => parseUserGenome(s.text, ps, s.where));
  return { config, genomes, json: values.json ?? false };
}

/** Evaluate given genomes on the config's world, without evolving. */
export async function evalCommand(argv: string[]): Promise<number> {
  const { config, genomes, json } = parseEvalArgs(argv);
  const problem = buildProblem(problemSpec(config));
  const results = genomes.map((g) => assess(problem, g));
  if (json) {
    for (const r of results) process.stdout.write(JSON.stringify(r) + '\n');
  } else {
    process.stdout.write(evalTable(results) + '\n');
  }
  return 0;
}

function readGenomeFile(path: string): { text: string; where: string }[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError(`--genome-file '${path}': cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}): expected a file with one S-expression per line`);
  }
  return text
    .split('\n')
    .map((line, i) => ({ text: line.trim(), where: `${path}:${i + 1}` }))
    .filter((l) => l.text !== '' && !l.text.startsWith('#'));
}

function evalTable(rs: Assessment[]): string {
  return table(
    ['DL', 'tier', 'class', 'train', 'label acc', 'true acc', 'deploy true', 'tamper', 'fitness', 'genome'],
    rs.map((r) => [r.dl.toFixed(1), r.tier, r.class, r.trainReward.toFixed(4), r.train.labelAccuracy.toFixed(4), r.train.trueAccuracy.toFixed(4), r.deploy.trueAccuracy.toFixed(4), r.deploy.tamperRate.toFixed(3), r.fitness.toFixed(4), r.genome]),
  );
}
