import { describe, expect, it } from 'vitest';
import { budgetMarks, evaluationsAt, generationFor, type BudgetShape } from '../../src/search/budget.js';

const DEFAULT: BudgetShape = { islands: 4, population: 200, elites: 2 };

describe('budget', () => {
  it('evaluationsAt: every member at generation 0, the non-elite offspring after', () => {
    expect(evaluationsAt(DEFAULT, 0)).toBe(800);
    expect(evaluationsAt(DEFAULT, 1)).toBe(800 + 792);
    expect(evaluationsAt(DEFAULT, 126)).toBe(800 + 126 * 792);
    expect(evaluationsAt({ islands: 1, population: 10, elites: 0 }, 5)).toBe(60);
  });

  it('generationFor is the first generation reaching the count', () => {
    expect(generationFor(DEFAULT, 1)).toBe(0);
    expect(generationFor(DEFAULT, 800)).toBe(0);
    expect(generationFor(DEFAULT, 801)).toBe(1);
    expect(generationFor(DEFAULT, 1592)).toBe(1);
    expect(generationFor(DEFAULT, 1593)).toBe(2);
    expect(generationFor(DEFAULT, 100_000)).toBe(126);
    const shapes: BudgetShape[] = [DEFAULT, { islands: 3, population: 7, elites: 1 }, { islands: 1, population: 2, elites: 1 }, { islands: 5, population: 64, elites: 0 }];
    for (const s of shapes) {
      for (let evals = 1; evals < 3000; evals += 7) {
        const gen = generationFor(s, evals);
        expect(evaluationsAt(s, gen)).toBeGreaterThanOrEqual(evals);
        if (gen > 0) expect(evaluationsAt(s, gen - 1)).toBeLessThan(evals);
      }
    }
  });

  it('budgetMarks for the default shape and budget', () => {
    const marks = budgetMarks(DEFAULT, 126);
    expect(marks).toEqual([
      { k: 9, generation: 0, evaluations: 800 },
      { k: 10, generation: 1, evaluations: 1592 },
      { k: 11, generation: 2, evaluations: 2384 },
      { k: 12, generation: 5, evaluations: 4760 },
      { k: 13, generation: 10, evaluations: 8720 },
      { k: 14, generation: 20, evaluations: 16640 },
      { k: 15, generation: 41, evaluations: 33272 },
      { k: 16, generation: 82, evaluations: 65744 },
      { k: null, generation: 126, evaluations: 100592 },
    ]);
  });

  it('marks are the closed form for any shape: 2^k reached first at their generation', () => {
    const shapes: BudgetShape[] = [DEFAULT, { islands: 3, population: 16, elites: 2 }, { islands: 1, population: 2, elites: 1 }, { islands: 7, population: 33, elites: 5 }];
    for (const s of shapes) {
      for (const final of [0, 1, 3, 17, 200]) {
        const marks = budgetMarks(s, final);
        const last = marks[marks.length - 1];
        expect(last.generation).toBe(final);
        expect(last.evaluations).toBe(evaluationsAt(s, final));
        const powers = marks.filter((x) => x.k !== null);
        // Powers of two from the one generation 0 reaches, up to the total, each once.
        const k0 = Math.floor(Math.log2(evaluationsAt(s, 0)));
        expect(powers.map((x) => x.k)).toEqual(Array.from({ length: Math.floor(Math.log2(evaluationsAt(s, final))) - k0 + 1 }, (_, i) => k0 + i));
        for (const x of powers) {
          expect(x.generation).toBe(generationFor(s, 2 ** x.k!));
          expect(x.evaluations).toBe(evaluationsAt(s, x.generation));
          expect(x.evaluations).toBeGreaterThanOrEqual(2 ** x.k!);
        }
        // An end mark is added only when the last power is reached before the end.
        const endMarks = marks.filter((x) => x.k === null).length;
        expect(endMarks).toBe(powers[powers.length - 1].generation === final ? 0 : 1);
      }
    }
  });

  it('generation 0 alone: one mark', () => {
    expect(budgetMarks(DEFAULT, 0)).toEqual([{ k: 9, generation: 0, evaluations: 800 }]);
    expect(budgetMarks({ islands: 1, population: 1024, elites: 2 }, 0)).toEqual([{ k: 10, generation: 0, evaluations: 1024 }]);
  });
});
