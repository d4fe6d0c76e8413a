import { CLASSES } from '../core/classify.js';
import { cellSeries, runSeries, type BudgetPoint } from './budget-series.js';
import { deploymentHtml } from './deploy-charts.js';
import type { DeployView } from './deploy-dir.js';
import { heatMap } from './heat-map.js';
import { lineChart } from './line-chart.js';
import { phaseByBudget, type PhaseTable } from './phase-table.js';
import type { FameView, RunView } from './run-dir.js';
import type { SweepView } from './sweep-dir.js';
import { CLASS_COLOURS, esc } from './svg.js';
import { pct } from './text-table.js';

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0;background:#fafafa}
main{max-width:1240px;margin:0 auto;padding:16px 20px 40px}
h1{font-size:22px;margin:8px 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.facts{color:#555}.note{color:#8a4b00}
.charts{display:flex;flex-wrap:wrap;gap:12px}.charts svg,.heatmaps svg{background:#fff;border:1px solid #e3e3e3;border-radius:4px}
.heatmaps{display:flex;flex-wrap:wrap;gap:10px}
svg text{font-size:12px;fill:#333}svg .chart-title{font-size:14px;font-weight:600}svg .axis-label{font-size:13px}
svg .grid{stroke:#eee}svg .frame{fill:none;stroke:#999}svg .tick{fill:#555}svg .empty{fill:#999}
svg .cell-label{font-size:11px;font-weight:600;fill:#111}svg .cell-share{font-size:11px;fill:#111}
table{border-collapse:collapse;background:#fff;font-size:13px}th,td{border:1px solid #e3e3e3;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}code{font:12px/1.3 ui-monospace,Menlo,Consolas,monospace}
pre{font:12px/1.35 ui-monospace,Menlo,Consolas,monospace;background:#fff;border:1px solid #e3e3e3;padding:8px;overflow:auto}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px}
select{font-size:14px;padding:2px 4px}
`;

/** A self-contained page: inline CSS, inline SVG, a few lines of inline JS, no network. */
function page(title: string, body: string, script = ''): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style></head>\n<body><main>\n${body}\n</main>${script ? `<script>${script}</script>` : ''}</body></html>\n`;
}

const classBadge = (c: string) => `<span class="swatch" style="background:${CLASS_COLOURS[c as keyof typeof CLASS_COLOURS] ?? '#999'}"></span>${esc(c)}`;

/** Class share of the population, and the leader's fitness parts, against compute budget. */
function budgetCharts(points: BudgetPoint[], subject: string): string {
  const shares = lineChart({
    title: `Class share of the population${subject}`,
    xLabel: 'compute budget (genome evaluations, log scale)',
    yLabel: 'share of all islands’ members',
    yRange: [0, 1],
    series: CLASSES.filter((c) => points.some((p) => p.shares[c] > 0)).map((c) => ({
      name: c,
      colour: CLASS_COLOURS[c],
      points: points.map((p) => ({ x: p.evaluations, y: p.shares[c], title: `${p.mark}: ${c} ${pct(p.shares[c])} of members` })),
    })),
  });
  const known = points.filter((p) => p.fitness !== null);
  const tip = (p: BudgetPoint, what: string, v: number) => `${p.mark}: ${what} ${v.toFixed(4)}; leader ${p.leader} ${p.genome} (DL ${p.dl?.toFixed(1)} bits)`;
  const fitness = lineChart({
    title: `Best genome: fitness = reward − λ·DL${subject}`,
    xLabel: 'compute budget (genome evaluations, log scale)',
    yLabel: 'train reward, λ·DL, fitness',
    series: [
      { name: 'fitness (marker: leader’s class)', colour: '#222', points: known.map((p) => ({ x: p.evaluations, y: p.fitness!, title: tip(p, 'fitness', p.fitness!), colour: CLASS_COLOURS[p.leader] })) },
      { name: 'train reward', colour: '#0072B2', dashed: true, points: known.map((p) => ({ x: p.evaluations, y: p.reward!, title: tip(p, 'train reward', p.reward!) })) },
      { name: 'λ·DL (penalty)', colour: '#E69F00', dashed: true, points: known.filter((p) => p.penalty !== null).map((p) => ({ x: p.evaluations, y: p.penalty!, title: tip(p, 'λ·DL', p.penalty!) })) },
    ],
  });
  return `<div class="charts">${shares}${fitness}</div>`;
}

function winnersTableHtml(points: BudgetPoint[]): string {
  const rows = points.map((p) => `<tr><td>${esc(p.mark)}</td><td class="num">${Math.round(p.evaluations)}</td><td>${classBadge(p.leader)}</td><td class="num">${pct(p.shares[p.leader], 0)}</td><td class="num">${p.fitness?.toFixed(4) ?? '·'}</td><td class="num">${p.reward?.toFixed(4) ?? '·'}</td><td class="num">${p.dl?.toFixed(1) ?? '·'}</td><td><code>${esc(p.genome)}</code></td></tr>`);
  return `<table class="winners"><tr><th>budget</th><th>evaluations</th><th>leader</th><th>share</th><th>fitness</th><th>reward</th><th>DL</th><th>genome</th></tr>${rows.join('')}</table>`;
}

function fameTableHtml(fame: (FameView & { seed?: number | null })[], top: number): string {
  const withSeed = fame.some((f) => f.seed !== undefined);
  const rows = fame.slice(0, top).map((f, i) => {
    const t = f.dlByTier;
    return `<tr><td class="num">${i + 1}</td>${withSeed ? `<td class="num">${f.seed ?? '?'}</td>` : ''}<td>${classBadge(f.class)}</td><td class="num">${f.fitness.toFixed(4)}</td><td class="num">${f.trainReward.toFixed(4)}</td><td class="num" title="input ${t.input.toFixed(1)}, world ${t.world.toFixed(1)}, self ${t.self.toFixed(1)}">${f.dl.toFixed(1)}</td><td class="num">${f.deploy.trueAccuracy.toFixed(3)}</td><td class="num">${f.deploy.tamperRate.toFixed(2)}</td><td class="num">${f.generation}${f.evaluations !== null ? ` / ${f.evaluations}` : ''}</td><td><code title="simplified: ${esc(f.simplified)}">${esc(f.genome)}</code></td></tr>`;
  });
  return `<table class="fame"><tr><th>#</th>${withSeed ? '<th>seed</th>' : ''}<th>class</th><th>fitness</th><th>reward</th><th>DL bits</th><th>deploy true acc</th><th>tamper</th><th>first seen (gen / evals)</th><th>genome (hover: simplified)</th></tr>${rows.join('')}</table>`;
}

function notesHtml(notes: string[]): string {
  return notes.map((n) => `<p class="note">note: ${esc(n)}</p>`).join('');
}

export function runReportHtml(r: RunView, deploy: DeployView | null = null): string {
  const points = runSeries(r);
  const cf = r.closedForms;
  const body = [
    `<h1>mesa-evo run ${esc(r.dir)}</h1>`,
    `<p class="facts">${r.status} · seed ${r.seed ?? '?'} · λ = ${r.lambda ?? '?'} · budget ${r.budget ?? '?'} evaluations${r.timing ? ` · ${(r.timing.elapsedMs / 1000).toFixed(1)} s, ${r.timing.evaluationsPerSecond.toFixed(0)} evaluations/s${r.timing.resumed ? ' (its last session: the run was resumed)' : ''}` : ''}${cf ? ` · q = ${cf.q.toFixed(3)}, reward of truth ${cf.truthReward.toFixed(3)}, of label ${cf.labelReward.toFixed(3)}` : ''}</p>`,
    notesHtml(r.notes),
    '<h2>Against compute budget</h2>',
    budgetCharts(points, ''),
    '<h2>Leader at each budget mark</h2>',
    winnersTableHtml(points),
    '<h2>Hall of fame</h2>',
    r.hallOfFame.length ? fameTableHtml(r.hallOfFame, 20) : '<p>empty: no generation finished yet</p>',
    deploy ? deploymentHtml(deploy) : '',
  ].join('\n');
  return page(`mesa-evo: ${r.dir}`, body);
}

export function sweepReportHtml(v: SweepView, t: PhaseTable): string {
  const cellSections = v.cells.map((c, i) => {
    const fame = c.runs.flatMap((r) => r.hallOfFame.map((f) => ({ ...f, seed: r.seed }))).sort((a, b) => b.fitness - a.fitness || a.dl - b.dl);
    const points = cellSeries(c.runs);
    const inner = c.runs.length
      ? `${budgetCharts(points, ` (mean of ${c.runs.length} seed${c.runs.length === 1 ? '' : 's'})`)}<h3>Leader by budget (majority over seeds)</h3>${winnersTableHtml(points)}<h3>Hall of fame, all seeds</h3>${fameTableHtml(fame, 15)}`
      : '<p>no run of this cell exists yet</p>';
    return `<section class="cell" data-cell="${esc(c.cell.key)}"${i === 0 ? '' : ' hidden'}>${inner}</section>`;
  });
  const options = v.cells.map((c) => `<option value="${esc(c.cell.key)}">${esc(c.cell.key)} (${c.runs.filter((r) => r.status === 'finished').length}/${v.sweep.seeds.length} seeds)</option>`);
  const legendHtml = CLASSES.map((c) => `<span style="margin-right:14px">${classBadge(c)}</span>`).join('');
  const body = [
    `<h1>mesa-evo sweep ${esc(v.sweep.name)}</h1>`,
    `<p class="facts">${esc(v.dir)} · axes: ${v.sweep.axes.map((a) => `${esc(a.name)} (${a.levels.map((l) => esc(l.label)).join(', ')})`).join(' × ')} · seeds ${v.sweep.seeds.join(', ')}</p>`,
    v.sweep.description ? `<p>${esc(v.sweep.description)}</p>` : '',
    notesHtml(v.notes),
    '<h2>Phase diagram: winning class per cell, one panel per compute budget</h2>',
    `<p>Colour: the class that led in most seeds; paler when fewer seeds agree (label: seeds that agree / seeds that reached the budget). ${legendHtml}</p>`,
    `<div class="heatmaps">${t.marks.map((m) => heatMap(t, m)).join('')}</div>`,
    '<h2>Winner by compute budget in each cell</h2>',
    `<pre>${esc(phaseByBudget(t))}</pre>`,
    '<h2>One cell against compute budget</h2>',
    `<p><label>cell: <select id="cell">${options.join('')}</select></label></p>`,
    cellSections.join('\n'),
  ].join('\n');
  const script = `document.getElementById('cell').addEventListener('change',function(e){var k=e.target.value;document.querySelectorAll('section.cell').forEach(function(s){s.hidden=s.getAttribute('data-cell')!==k;});});`;
  return page(`mesa-evo sweep: ${v.sweep.name}`, body, script);
}
