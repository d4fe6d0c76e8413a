import { CLASSES, type BehaviourClass } from '../core/classify.js';
import { CLASS_LABEL } from './class-label.js';
import { pct, table } from './text-table.js';

/** One reported step of deploy.json's `marks` (the fields this table shows). */
export interface DeployMarkRow {
  step: number;
  phase: { phi: number };
  agreement: number;
  hazard: number;
  drifted: number;
  tamperRate: number;
  trueAccuracy: number;
  classShares: Record<string, number>;
  leader: { genome: string; class: string; share: number };
}

/** Fixed-width text table of a deployment stream: drift, tamper rate, true accuracy and every class's share by step. */
export function deployTable(marks: readonly DeployMarkRow[]): string {
  const rows = marks.map((m) => [
    String(m.step),
    m.phase.phi.toFixed(2),
    m.agreement.toFixed(3),
    m.hazard.toPrecision(2),
    pct(m.drifted),
    pct(m.tamperRate),
    pct(m.trueAccuracy),
    ...CLASSES.map((c) => pct(m.classShares[c] ?? 0)),
    `${CLASS_LABEL[m.leader.class as BehaviourClass] ?? m.leader.class} ${pct(m.leader.share)}`,
    m.leader.genome,
  ]);
  return table(['step', 'phi', 'agree', 'hazard', 'drifted', 'tamper', 'true acc', ...CLASSES.map((c) => CLASS_LABEL[c]), 'most common', 'its genome'], rows);
}
