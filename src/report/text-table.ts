/** Fixed-width text table: columns padded to their widest cell, the last left ragged. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** A share as a percentage: 0.1234 → "12.3%". */
export function pct(share: number, digits = 1): string {
  return `${(share * 100).toFixed(digits)}%`;
}
