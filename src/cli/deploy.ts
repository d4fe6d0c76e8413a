import { z } from 'zod';
import type { Genome } from '../core/genome.js';
import { deployTable } from '../report/deploy-table.js';
import { requireRunDir } from '../report/run-dir.js';
import type { Config } from '../run/config.js';
import { deployConfig, deployRun, type DeployReport } from '../run/deploy-run.js';
import { DEPLOY_FILES } from '../run/files.js';
import { parseUserGenome, UserError } from '../run/errors.js';
import { primitivesOf } from '../run/specs.js';
import { flag, intFlag, parseCommand } from './args.js';

export interface DeployPlan {
  dir: string;
  config: Config;
  genomes: Genome[] | null;
  json: boolean;
}

/** Everything `deploy` needs, validated: throws UserError on any bad argument. */
export function parseDeployArgs(argv: string[]): DeployPlan {
  const { values, positionals } = parseCommand(argv, {
    steps: { type: 'string' },
    genome: { type: 'string', multiple: true },
    'training-signal': { type: 'string' },
    'drift-rate': { type: 'string' },
    set: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  }, 1);
  const dir = positionals[0];
  if (dir === undefined) throw new UserError('expected a run directory', true);
  requireRunDir(dir);
  const signal = values['training-signal'];
  const config = deployConfig(dir, {
    steps: values.steps === undefined ? undefined : flag('steps', intFlag(1, 10_000_000), values.steps, 'a number of deployment steps between 1 and 10000000'),
    driftRate: values['drift-rate'] === undefined ? undefined : flag('drift-rate', z.coerce.number().min(0).max(1), values['drift-rate'], 'a drift probability per step between 0 and 1'),
    trainingSignal: signal === undefined ? undefined : flag('training-signal', z.enum(['on', 'off']), signal, 'on or off') === 'on',
    sets: values.set ?? [],
  });
  const ps = primitivesOf(config);
  const genomes = values.genome === undefined ? null : values.genome.map((text, i) => parseUserGenome(text, ps, `--genome #${i + 1}`));
  return { dir, config, genomes, json: values.json ?? false };
}

/** Deploy a run's final population (or given genomes) into a long stream with no supervisory signal. */
export async function deployCommand(argv: string[]): Promise<number> {
  const { dir, config, genomes, json } = parseDeployArgs(argv);
  const report = deployRun(dir, config, genomes);
  if (json) {
    process.stdout.write(JSON.stringify(report) + '\n');
    return 0;
  }
  const d = report.drift;
  const source = report.source === 'population' ? `the population of generation ${report.generation}` : `given genomes, in the world of generation ${report.generation}`;
  process.stdout.write(`Deployment of ${report.agents} agents (${source}), ${report.steps} steps, drift rate ${d.rate} (fraction ${d.fraction}, agreement ≥ ${d.agreement}), training signal ${report.trainingSignal ? 'on' : 'off'}:\n\n`);
  process.stdout.write(deployTable(report.marks) + '\n\n');
  const still = nothingDrifted(report);
  if (still !== null) process.stdout.write(`note: ${still}\n`);
  process.stdout.write(`Written: ${dir}/${DEPLOY_FILES.result} and ${DEPLOY_FILES.log}\n`);
  return 0;
}

/** Why no goal drifted, when none did: otherwise every row of the table is the same, unexplained. */
function nothingDrifted(r: DeployReport): string | null {
  if (r.driftEvents > 0) return null;
  if (r.truthAgents === 0) return "nothing drifted: no agent's goal refers to truth, and only such a goal can drift toward the label";
  const threshold = r.drift.agreement;
  // Drift needs a rate and truth and label agreeing on more than the threshold.
  const agree = Math.max(...r.marks.map((m) => m.agreement));
  const lower = `--set deploy.drift.agreement=A with A below ${agree.toFixed(3)} lets them`;
  if (r.drift.rate === 0) {
    const also = agree <= threshold ? `, and truth and label agree on at most ${agree.toFixed(3)} of questions at the steps shown (the agree column), no more than deploy.drift.agreement (${threshold}), so a rate alone would not do it: ${lower}` : '';
    return `nothing drifted: the drift rate is 0 (--drift-rate R sets one; configs/claim-d-drift.json sets 0.0003)${also}`;
  }
  if (r.maxHazard === 0) return `nothing drifted: the hazard was 0 at every step, whatever the rate: truth and label agreed on no more than deploy.drift.agreement (${threshold}) of questions (the agree column); ${lower}`;
  return `nothing drifted in ${r.steps} steps (the hazard peaked at ${r.maxHazard.toPrecision(2)} per step): more --steps or a higher --drift-rate`;
}
