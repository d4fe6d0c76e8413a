import type { BehaviourClass } from '../core/classify.js';
import { CLASS_LABEL } from './class-label.js';
import { END, gridOf, type MarkKey, type PhaseTable } from './phase-table.js';
import { CLASS_COLOURS, esc } from './svg.js';

/**
 * The phase diagram at one budget: one square per cell, coloured by the winning class,
 * paler the fewer seeds agree, labelled with the class and the seed count. Rows are the
 * levels of every axis but the last; columns the last axis's levels.
 */
export function heatMap(t: PhaseTable, mark: MarkKey): string {
  const grid = gridOf(t);
  const { last, rowAxes } = grid;
  const rowLabels = grid.rows.map((r) => r.label);
  const cw = Math.max(56, Math.min(90, 470 / last.labels.length));
  const ch = 38;
  const left = Math.min(170, 12 + Math.max(...rowLabels.map((l) => l.length), 4) * 7);
  // The row axis's name gets a line of its own above the column labels: beside them, a name
  // wider than the row labels ran over the first one ('contexts ↓' over '0.002').
  const rowName = rowAxes.length === 1 ? `${rowAxes[0].name} ↓` : '';
  const top = rowName ? 60 : 40;
  // At least as wide as the row axis's name, which a map of one or two columns would cut.
  const W = Math.max(left + cw * last.labels.length + 12, 8 + rowName.length * 7.5);
  const H = top + ch * rowLabels.length + 48;
  const title = mark === END ? 'end of run' : `${mark} evaluations`;
  const parts = [`<svg class="heatmap" data-budget="${esc(mark)}" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="phase diagram at ${esc(title)}">`];
  parts.push(`<text class="chart-title" x="${W / 2}" y="18" text-anchor="middle">${esc(title)}</text>`);
  last.labels.forEach((l, j) => parts.push(`<text class="tick" x="${left + cw * (j + 0.5)}" y="${top - 6}" text-anchor="middle">${esc(l)}</text>`));
  rowLabels.forEach((rl, i) => {
    parts.push(`<text class="tick" x="${left - 6}" y="${top + ch * (i + 0.5) + 4}" text-anchor="end">${esc(rl)}</text>`);
    grid.rows[i].cells.forEach((row, j) => {
      const v = row?.byMark[mark] ?? null;
      const x = left + cw * j;
      const y = top + ch * i;
      if (!v) {
        parts.push(`<rect class="cell empty" x="${x + 1}" y="${y + 1}" width="${cw - 2}" height="${ch - 2}" fill="#f2f2f2"><title>${esc(`${row?.key ?? ''}: no run has reached this budget`)}</title></rect>`);
        return;
      }
      const share = v.votes / v.of;
      const counts = Object.entries(v.counts).map(([c, n]) => `${c} ${n}`).join(', ');
      parts.push(
        `<rect class="cell" data-class="${v.winner}" x="${x + 1}" y="${y + 1}" width="${cw - 2}" height="${ch - 2}" fill="${CLASS_COLOURS[v.winner as BehaviourClass]}" fill-opacity="${(0.3 + 0.7 * share).toFixed(2)}"><title>${esc(`${row!.key}: ${v.winner} in ${v.votes} of ${v.of} seeds (${counts})`)}</title></rect>` +
          `<text class="cell-label" x="${x + cw / 2}" y="${y + ch / 2 - 2}" text-anchor="middle">${esc(CLASS_LABEL[v.winner as BehaviourClass])}</text>` +
          `<text class="cell-share" x="${x + cw / 2}" y="${y + ch / 2 + 12}" text-anchor="middle">${v.votes}/${v.of}</text>`,
      );
    });
  });
  parts.push(`<text class="axis-label" x="${left + (cw * last.labels.length) / 2}" y="${H - 14}" text-anchor="middle">${esc(last.name)}</text>`);
  if (rowName) parts.push(`<text class="axis-label" x="4" y="${top - 24}">${esc(rowName)}</text>`);
  parts.push('</svg>');
  return parts.join('');
}
