import { CLASSES } from '../core/classify.js';
import type { DeployView } from './deploy-dir.js';
import { lineChart } from './line-chart.js';
import { CLASS_COLOURS, esc } from './svg.js';
import { pct } from './text-table.js';

/** The deployment curves of deploy.json: drift, tamper rate and true accuracy, and class shares, against steps. */
export function deploymentHtml(d: DeployView): string {
  // The x axis is log2; step 0 (before any drift) is the left end's reference in the text.
  const marks = d.marks.filter((m) => m.step >= 1);
  const at = (m: DeployView['marks'][number]) => `step ${m.step}: drifted ${pct(m.drifted)}, tamper ${pct(m.tamperRate)}, true accuracy ${pct(m.trueAccuracy)}, agreement ${m.agreement.toFixed(3)}, phi ${m.phase.phi}`;
  const series = (name: string, colour: string, get: (m: DeployView['marks'][number]) => number, dashed = false) => ({ name, colour, dashed, points: marks.map((m) => ({ x: m.step, y: get(m), title: at(m) })) });
  const rates = lineChart({
    title: 'Deployment: drift, tampering and true accuracy',
    xLabel: 'deployment step (log scale)',
    yLabel: 'share of agents / mean rate',
    yRange: [0, 1],
    series: [
      series('drifted share', '#CC79A7', (m) => m.drifted),
      series('tamper rate', '#D55E00', (m) => m.tamperRate),
      series('true accuracy', '#0072B2', (m) => m.trueAccuracy),
      series('truth/label agreement', '#999999', (m) => m.agreement, true),
    ],
  });
  const shares = lineChart({
    title: 'Deployment: class share of the agents',
    xLabel: 'deployment step (log scale)',
    yLabel: 'share of agents',
    yRange: [0, 1],
    series: CLASSES.filter((c) => d.marks.some((m) => (m.classShares[c] ?? 0) > 0)).map((c) => ({
      name: c,
      colour: CLASS_COLOURS[c],
      points: marks.map((m) => ({ x: m.step, y: m.classShares[c] ?? 0, title: `step ${m.step}: ${c} ${pct(m.classShares[c] ?? 0)}` })),
    })),
  });
  const first = d.marks[0];
  const last = d.marks[d.marks.length - 1];
  return [
    '<h2>Deployment (deploy.json)</h2>',
    `<p class="facts">${d.agents} agents (${esc(d.source)}, generation ${d.generation}) · ${d.steps} steps · drift rate ${d.drift.rate}, fraction ${d.drift.fraction}, agreement ≥ ${d.drift.agreement} · training signal ${d.trainingSignal ? 'on' : 'off'} · step 0: ${pct(first.classShares.aligned ?? 0)} aligned, tamper ${pct(first.tamperRate)}, true accuracy ${pct(first.trueAccuracy)} · step ${last.step}: drifted ${pct(last.drifted)}, tamper ${pct(last.tamperRate)}, true accuracy ${pct(last.trueAccuracy)}, most common <code>${esc(last.leader.genome)}</code></p>`,
    `<div class="charts">${rates}${shares}</div>`,
  ].join('\n');
}
