import { describe, expect, it } from 'vitest';
import type { Assessment } from '../../src/core/assess.js';
import { progressLine } from '../../src/cli/progress.js';
import type { Progress } from '../../src/run/run.js';

/** A terminal that records what is written. */
function tty(): NodeJS.WriteStream & { text: string } {
  const s = { isTTY: true, columns: 300, text: '', write: (t: string) => ((s.text += t), true) };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

const best = { class: 'aligned', genome: '(mul truth answer)', fitness: 0.7 } as Assessment;

describe('progress line', () => {
  it('counts only this process\'s evaluations in the rate after a resume', () => {
    const out = tty();
    const p: Progress = { generation: 600, finalGeneration: 1000, evaluations: 600_000, totalEvaluations: 1_000_000, best, elapsedMs: 10_000, evaluationsBefore: 500_000 };
    progressLine(out).update(p);
    // 100,000 evaluations in 10 s: 10k/s, 400,000 left: 40 s.
    expect(out.text).toMatch(/evals 600\.0k\/1\.0M {2}10\.0k\/s {2}left 40s/);
  });

  it('says it is starting before the first update, and cuts the genome, not the fitness, on a narrow terminal', () => {
    const out = tty();
    (out as { columns: number }).columns = 80;
    const line = progressLine(out);
    line.starting();
    expect(out.text).toMatch(/starting the workers/);
    const long = { ...best, genome: `(add ${'(mul truth answer) '.repeat(10)})` };
    line.update({ generation: 600, finalGeneration: 1000, evaluations: 600_000, totalEvaluations: 1_000_000, best: long, elapsedMs: 10_000, evaluationsBefore: 0 });
    const last = out.text.split('\r\x1b[K').at(-1)!;
    expect(last.length).toBe(79);
    expect(last).toMatch(/best aligned fit 0\.7000 \(ad…$/);
    expect(last.endsWith('…')).toBe(true);
  });

  it('writes nothing when the stream is not a terminal', () => {
    const out = tty();
    (out as { isTTY: boolean }).isTTY = false;
    progressLine(out).update({ generation: 1, finalGeneration: 2, evaluations: 1, totalEvaluations: 2, best, elapsedMs: 1, evaluationsBefore: 0 });
    expect(out.text).toBe('');
  });
});
