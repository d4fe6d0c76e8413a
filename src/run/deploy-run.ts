import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Genome } from '../core/genome.js';
import { runDeployment, type DeploymentMark, type DeploymentResult, type DeploymentSpec } from '../search/deployment.js';
import { writeFileAtomic } from './atomic-write.js';
import { withRunLock } from './run-lock.js';
import { readCheckpoint } from './checkpoint.js';
import type { Config } from './config.js';
import { deploymentPhase, primitivesOf, trainingPhase } from './specs.js';
import { parseUserGenome, UserError } from './errors.js';
import { openRunLog } from './log.js';
import { Phases } from './phases.js';
import { DEPLOY_FILES, RUN_FILES } from './files.js';
import { readRunConfig } from './run.js';

export const DEPLOY_VERSION = 1;

/** Config keys `deploy --set` may change: the deployment's own, never the world the run was trained in. */
const DEPLOY_KEYS = /^(deploy\.(steps|drift\.\w+|trainingSignal|selectionInterval)|schedule\.deployment\.\w+)=/;

export interface DeployOptions {
  steps?: number;
  driftRate?: number;
  trainingSignal?: boolean;
  sets?: string[];
}

export interface DeployReport {
  version: number;
  run: string;
  source: 'population' | 'genome';
  generation: number;
  agents: number;
  steps: number;
  trainingSignal: boolean;
  drift: Config['deploy']['drift'];
  selectionInterval: number;
  marks: DeploymentMark[];
  driftEvents: number;
  truthAgents: number;
  maxHazard: number;
  final: DeploymentResult['final'];
}

/** The run's config with the deployment flags applied; throws UserError naming the flag or field. */
export function deployConfig(dir: string, opts: DeployOptions): Config {
  for (const s of opts.sets ?? []) {
    if (!DEPLOY_KEYS.test(s)) throw new UserError(`--set '${s}': deploy only changes deploy.steps, deploy.drift.*, deploy.trainingSignal, deploy.selectionInterval and schedule.deployment.*`);
  }
  const overrides: Record<string, unknown> = {};
  if (opts.steps !== undefined) overrides['deploy.steps'] = opts.steps;
  if (opts.driftRate !== undefined) overrides['deploy.drift.rate'] = opts.driftRate;
  if (opts.trainingSignal !== undefined) overrides['deploy.trainingSignal'] = opts.trainingSignal;
  return readRunConfig(dir, opts.sets ?? [], overrides);
}

/**
 * Take a run's final population (from checkpoint.json) or given genomes into a long
 * deployment stream; write deploy.json and deploy.ndjson into the run directory. It holds
 * the run's lock meanwhile: two deployments would interleave deploy.ndjson, and a
 * `run --force` would clear the directory under it and then get the old run's deploy.json.
 */
export function deployRun(dir: string, config: Config, genomes: Genome[] | null): DeployReport {
  return withRunLock(dir, () => deployLocked(dir, config, genomes));
}

function deployLocked(dir: string, config: Config, genomes: Genome[] | null): DeployReport {
  const ckptPath = join(dir, RUN_FILES.checkpoint);
  if (!existsSync(ckptPath)) throw new UserError(`'${dir}': no ${RUN_FILES.checkpoint} there; expected a run that has reached its first checkpoint`);
  const { state } = readCheckpoint(ckptPath);
  const phases = new Phases(config);
  const ps = primitivesOf(config); // not phases.at(0): that builds a whole problem
  let agents: Genome[];
  if (genomes !== null) {
    // As many agents as the run's population, the given genomes in turn.
    agents = Array.from({ length: config.search.islands * config.search.population }, (_, i) => genomes[i % genomes.length]);
  } else {
    if (state.populations === null) throw new UserError(`'${dir}': ${RUN_FILES.checkpoint} holds no population yet (the run was stopped before generation 0 was finished); expected a run past generation 0: 'npx mesa-evo resume ${dir}' continues it`);
    agents = state.populations.flat().map((m) => parseUserGenome(m.expr, ps, `'${dir}': a genome in ${RUN_FILES.checkpoint} (expected a checkpoint written by mesa-evo)`));
  }
  const endOfTraining = trainingPhase(config, state.generation);
  const spec: DeploymentSpec = {
    seed: config.seed,
    steps: config.deploy.steps,
    drift: config.deploy.drift,
    trainingSignal: config.deploy.trainingSignal,
    selectionInterval: config.deploy.selectionInterval,
    tournament: config.search.tournament,
    elites: config.search.elites,
    lambda: config.lambda,
  };
  const log = openRunLog(join(dir, DEPLOY_FILES.log));
  log.info({ event: 'deploy-start', generation: state.generation, agents: agents.length, source: genomes ? 'genome' : 'population', steps: spec.steps, drift: spec.drift, trainingSignal: spec.trainingSignal });
  const phaseAt = (step: number) => deploymentPhase(config, endOfTraining, step);
  const result = runDeployment(spec, agents, { phaseAt, problemAt: (step) => phases.of(phaseAt(step)) }, (m) => log.info({ event: 'deploy-mark', ...m }));
  const report: DeployReport = {
    version: DEPLOY_VERSION,
    run: basename(dir),
    source: genomes ? 'genome' : 'population',
    generation: state.generation,
    agents: agents.length,
    steps: spec.steps,
    trainingSignal: spec.trainingSignal,
    drift: spec.drift,
    selectionInterval: spec.selectionInterval,
    marks: result.marks,
    driftEvents: result.driftEvents,
    truthAgents: result.truthAgents,
    maxHazard: result.maxHazard,
    final: result.final,
  };
  writeFileAtomic(join(dir, DEPLOY_FILES.result), JSON.stringify(report, null, 2) + '\n');
  log.info({ event: 'deploy-end', steps: spec.steps, drifted: result.marks[result.marks.length - 1].drifted });
  log.flush();
  return report;
}
