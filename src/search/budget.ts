/**
 * Compute budget, counted in genome evaluations. Generation 0 evaluates every member of
 * every island; each later generation evaluates the non-elite offspring. Counting is a
 * closed form of the generation, so every island and thread agrees on when a budget
 * mark is reached.
 */
export interface BudgetShape {
  islands: number;
  population: number;
  elites: number;
}

export function evaluationsAt(s: BudgetShape, generation: number): number {
  return s.islands * (s.population + generation * (s.population - s.elites));
}

/** The first generation at which at least `evaluations` genome evaluations are done. */
export function generationFor(s: BudgetShape, evaluations: number): number {
  const first = evaluationsAt(s, 0);
  if (evaluations <= first) return 0;
  return Math.ceil((evaluations - first) / (s.islands * (s.population - s.elites)));
}

export interface BudgetMark {
  /** The mark is 2^k evaluations; null for the end of the run. */
  k: number | null;
  generation: number;
  /** Evaluations actually done at that generation (≥ 2^k). */
  evaluations: number;
}

/** Marks at 2^k evaluations from the first power of two reached by generation 0, plus the end. */
export function budgetMarks(s: BudgetShape, finalGeneration: number): BudgetMark[] {
  const marks: BudgetMark[] = [];
  const total = evaluationsAt(s, finalGeneration);
  let k = Math.max(0, Math.floor(Math.log2(evaluationsAt(s, 0))));
  for (; 2 ** k <= total; k++) {
    const generation = generationFor(s, 2 ** k);
    marks.push({ k, generation, evaluations: evaluationsAt(s, generation) });
  }
  const last = marks[marks.length - 1];
  if (!last || last.generation !== finalGeneration) marks.push({ k: null, generation: finalGeneration, evaluations: total });
  return marks;
}
