import type { DeploymentMark } from '../search/deployment.js';
import { table } from './winners-table.js';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** Fixed-width text table of a deployment stream: class shares, drift, tamper rate and true accuracy by step. */
export function deployTable(marks: readonly DeploymentMark[]): string {
  const rows = marks.map((m) => [
    String(m.step),
    m.phase.phi.toFixed(2),
    m.agreement.toFixed(3),
    m.hazard.toPrecision(2),
    pct(m.drifted),
    pct(m.tamperRate),
    pct(m.trueAccuracy),
    pct(m.classShares.aligned),
    pct(m.classShares['ram-pointer']),
    pct(m.classShares.deceiver),
    `${m.leader.class} ${pct(m.leader.share)}`,
    m.leader.genome,
  ]);
  return table(['step', 'phi', 'agree', 'hazard', 'drifted', 'tamper', 'true acc', 'aligned', 'ram-ptr', 'deceiver', 'leader', 'genome'], rows);
}
