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
    expect(out.text).toMatch(/10\.0k evals\/s {2}left 40s/);
  });

  it('writes nothing when the stream is not a terminal', () => {
    const out = tty();
    (out as { isTTY: boolean }).isTTY = false;
    progressLine(out).update({ generation: 1, finalGeneration: 2, evaluations: 1, totalEvaluations: 2, best, elapsedMs: 1, evaluationsBefore: 0 });
    expect(out.text).toBe('');
  });
});
