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
    expect(out.text).toMatch(/600k\/1\.0M evals {2}10\.0k\/s {2}40s left/);
  });

  it('says it is starting before the first update, and on 80 columns cuts only the genome, in the widest realistic case', () => {
    const out = tty();
    (out as { columns: number }).columns = 80;
    const line = progressLine(out);
    line.starting();
    expect(out.text).toMatch(/starting: every island's first epoch/);
    // 5-digit generations, 10 million evaluations, the longest class label, a negative fitness, hours left.
    const long = { class: 'ram-pointer', genome: `(add ${'(mul truth answer) '.repeat(10)})`, fitness: -0.1234 } as Assessment;
    line.update({ generation: 10_000, finalGeneration: 12_500, evaluations: 9_999_950, totalEvaluations: 12_500_000, best: long, elapsedMs: 120_000, evaluationsBefore: 0 });
    const last = out.text.split('\r\x1b[K').at(-1)!;
    expect(last.length).toBe(79);
    expect(last).toMatch(/^gen 10000\/12500 {2}10\.0M\/12\.5M evals {2}83\.3k\/s {2}30s left {2}ram-ptr fit -0\.1234 \(ad…$/);
    expect(last.endsWith('…')).toBe(true);
  });

  it('counts in 3 to 5 characters, rounding before it picks the unit', () => {
    const out = tty();
    const line = progressLine(out);
    const at = (evaluations: number) => {
      line.update({ generation: 1, finalGeneration: 2, evaluations, totalEvaluations: 2e6, best, elapsedMs: 1e9, evaluationsBefore: evaluations });
      return /gen 1\/2 {2}(\S+)\//.exec(out.text.split('\r\x1b[K').at(-1)!)![1];
    };
    expect([950, 999.6, 12_345, 99_960, 600_000, 999_950, 1_234_567, 125_000_000].map(at)).toEqual(['950', '1.0k', '12.3k', '100k', '600k', '1.0M', '1.2M', '125M']);
  });

  it("takes the rate since the first update once there is a second (the first carries the workers' start)", () => {
    const out = tty();
    const line = progressLine(out);
    const at = (elapsedMs: number, evaluations: number) => line.update({ generation: 1, finalGeneration: 2, evaluations, totalEvaluations: 1_000_000, best, elapsedMs, evaluationsBefore: 0 });
    at(2_000, 20_000); // 10k/s over a slow start
    at(3_000, 120_000); // 100k/s since
    // 880,000 left at 100k/s: 9 s, not the 35 s that the whole run's 25k/s would give.
    expect(out.text.split('\r\x1b[K').at(-1)).toMatch(/100k\/s {2}9s left/);
  });

  it('writes nothing when the stream is not a terminal', () => {
    const out = tty();
    (out as { isTTY: boolean }).isTTY = false;
    progressLine(out).update({ generation: 1, finalGeneration: 2, evaluations: 1, totalEvaluations: 2, best, elapsedMs: 1, evaluationsBefore: 0 });
    expect(out.text).toBe('');
  });
});
