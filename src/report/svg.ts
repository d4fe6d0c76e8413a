import type { BehaviourClass } from '../core/classify.js';

/** Colours of the behavioural classes (Okabe–Ito, distinguishable with common colour blindness). */
export const CLASS_COLOURS: Record<BehaviourClass, string> = {
  proxy: '#56B4E9',
  aligned: '#009E73',
  sycophant: '#CC79A7',
  'ram-pointer': '#D55E00',
  deceiver: '#0072B2',
  other: '#999999',
};

/** Escape text for HTML and SVG. */
export function esc(s: string | number): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A number short enough for an axis tick. */
export function tickText(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(0);
  return String(Number(v.toPrecision(3)));
}

/** About `n` round tick values covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, n = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toFixed(12)));
  return out;
}

/** A legend row: a swatch and a name per entry, laid left to right (wrapping at `width`). */
export function legend(entries: { name: string; colour: string; dashed?: boolean }[], x: number, y: number, width: number): { svg: string; height: number } {
  let cx = x;
  let cy = y;
  const parts: string[] = [];
  for (const e of entries) {
    const w = 26 + e.name.length * 7.2 + 14;
    if (cx + w > x + width && cx > x) {
      cx = x;
      cy += 18;
    }
    parts.push(
      `<g class="legend-entry"><line x1="${cx}" y1="${cy}" x2="${cx + 20}" y2="${cy}" stroke="${e.colour}" stroke-width="3"${e.dashed ? ' stroke-dasharray="5 3"' : ''}/>` +
        `<circle cx="${cx + 10}" cy="${cy}" r="3.5" fill="${e.colour}"/><text x="${cx + 26}" y="${cy + 4}">${esc(e.name)}</text></g>`,
    );
    cx += w;
  }
  return { svg: parts.join(''), height: cy - y + 18 };
}
