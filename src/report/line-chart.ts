import { esc, legend, niceTicks, tickText } from './svg.js';

export interface ChartPoint {
  x: number;
  y: number;
  /** Hover text. */
  title: string;
  /** Marker colour, when it differs from the series colour (e.g. the leader's class). */
  colour?: string;
}

export interface ChartSeries {
  name: string;
  colour: string;
  dashed?: boolean;
  points: ChartPoint[];
}

export interface LineChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  /** Fixed y range; default: the data's range, padded. */
  yRange?: [number, number];
  width?: number;
  height?: number;
}

/**
 * A line chart against compute budget with a log2 x axis (ticks at 2^k), one polyline
 * and one circle per data point for each series, a legend above the plot and <title>
 * hover text on every point. Returns an inline SVG element.
 */
export function lineChart(spec: LineChartSpec): string {
  const W = spec.width ?? 600;
  const H = spec.height ?? 340;
  const pts = spec.series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.x) && p.x > 0 && Number.isFinite(p.y));
  const lg = legend(spec.series.map((s) => ({ name: s.name, colour: s.colour, dashed: s.dashed })), 64, 44, W - 80);
  const top = 44 + lg.height + 6;
  const left = 64;
  const right = W - 16;
  const bottom = H - 48;
  const head = `<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(spec.title)}">` + `<text class="chart-title" x="${W / 2}" y="22" text-anchor="middle">${esc(spec.title)}</text>`;
  if (pts.length === 0) return `${head}<text x="${W / 2}" y="${H / 2}" text-anchor="middle" class="empty">no data yet</text></svg>`;
  const lx = pts.map((p) => Math.log2(p.x));
  let x0 = Math.floor(Math.min(...lx));
  let x1 = Math.ceil(Math.max(...lx));
  if (x1 === x0) x1 = x0 + 1;
  const ys = pts.map((p) => p.y);
  let [y0, y1] = spec.yRange ?? [Math.min(...ys), Math.max(...ys)];
  if (!spec.yRange) {
    const pad = (y1 - y0) * 0.08 || Math.abs(y1) * 0.1 || 0.1;
    y0 -= pad;
    y1 += pad;
  }
  const sx = (x: number) => left + ((Math.log2(x) - x0) / (x1 - x0)) * (right - left);
  const sy = (y: number) => bottom - ((y - y0) / (y1 - y0)) * (bottom - top);
  const parts: string[] = [head, lg.svg];
  // Axes and grid.
  const kStep = Math.max(1, Math.ceil((x1 - x0) / 10));
  for (let k = x0; k <= x1; k += kStep) {
    const x = sx(2 ** k);
    parts.push(`<line class="grid" x1="${x}" y1="${top}" x2="${x}" y2="${bottom}"/><text class="tick" x="${x}" y="${bottom + 16}" text-anchor="middle">2<tspan dy="-5" font-size="9">${k}</tspan></text>`);
  }
  for (const v of niceTicks(y0, y1)) {
    const y = sy(v);
    parts.push(`<line class="grid" x1="${left}" y1="${y}" x2="${right}" y2="${y}"/><text class="tick" x="${left - 6}" y="${y + 4}" text-anchor="end">${tickText(v)}</text>`);
  }
  parts.push(`<rect class="frame" x="${left}" y="${top}" width="${right - left}" height="${bottom - top}"/>`);
  parts.push(`<text class="axis-label" x="${(left + right) / 2}" y="${H - 10}" text-anchor="middle">${esc(spec.xLabel)}</text>`);
  parts.push(`<text class="axis-label" transform="translate(16 ${(top + bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(spec.yLabel)}</text>`);
  for (const s of spec.series) {
    const ps = s.points.filter((p) => Number.isFinite(p.x) && p.x > 0 && Number.isFinite(p.y));
    if (ps.length === 0) continue;
    const line = ps.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
    parts.push(`<g class="series" data-series="${esc(s.name)}"><polyline points="${line}" fill="none" stroke="${s.colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    for (const p of ps) parts.push(`<circle class="point" cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="4" fill="${p.colour ?? s.colour}" stroke="#fff" stroke-width="1"><title>${esc(p.title)}</title></circle>`);
    parts.push('</g>');
  }
  parts.push('</svg>');
  return parts.join('');
}
