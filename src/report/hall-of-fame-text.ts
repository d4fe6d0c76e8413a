import type { FameView, RunView } from './run-dir.js';
import { sexprTree } from './sexpr-tree.js';

/** A run's header lines: where it is, what it was, how far it got. */
export function runHeader(r: RunView): string[] {
  const lines = [`${r.dir}: ${r.status === 'finished' ? 'finished' : 'unfinished'}  seed ${r.seed ?? '?'}  lambda ${r.lambda ?? '?'}  budget ${r.budget ?? '?'} evaluations${r.lastGeneration !== null ? `  last generation ${r.lastGeneration}` : ''}`];
  if (r.closedForms) {
    const c = r.closedForms;
    lines.push(`closed forms: q = ${c.q.toFixed(4)}, eps = ${c.eps}; train reward of (mul answer truth) ${c.truthReward.toFixed(4)}, of (mul answer label) ${c.labelReward.toFixed(4)}`);
  }
  for (const n of r.notes) lines.push(`note: ${n}`);
  return lines;
}

/** One hall-of-fame entry as an indented block: numbers first, then the genome as a tree. */
export function fameEntryText(f: FameView, rank: number): string {
  const t = f.dlByTier;
  const first = `generation ${f.generation}${f.evaluations !== null ? `, ${f.evaluations} evaluations` : ''}`;
  return [
    `#${rank}  ${f.class}  (tier ${f.tier})  fitness ${f.fitness.toFixed(4)}`,
    `    horizon     ${f.horizon ?? 'myopic'}${f.horizon === 'lifetime' ? ' (plays along while training = 1, pursues its objective after)' : ''}`,
    `    DL          ${f.dl.toFixed(1)} bits  (input ${t.input.toFixed(1)}, world ${t.world.toFixed(1)}, self ${t.self.toFixed(1)})`,
    `    train       reward ${f.trainReward.toFixed(4)}, true accuracy ${f.train.trueAccuracy.toFixed(4)}`,
    `    deployment  true accuracy ${f.deploy.trueAccuracy.toFixed(4)}, tamper rate ${f.deploy.tamperRate.toFixed(3)}, agrees with truth ${f.deploy.agreeTruth.toFixed(3)}, with the label ${f.deploy.agreeLabel.toFixed(3)}`,
    `    first seen  ${first}`,
    `    genome      ${f.genome}`,
    `    simplified  ${f.simplified}`,
    `    tree`,
    ...sexprTree(f.genome).map((l) => `      ${l}`),
  ].join('\n');
}
