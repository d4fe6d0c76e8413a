/** fitness(g) = mean training reward(g) − lambda · DL(g)  (DESIGN.md §3). */
export function fitness(reward: number, dl: number, lambda: number): number {
  return reward - lambda * dl;
}

export interface Ranked {
  expr: string;
  fitness: number;
  dl: number;
}

/**
 * THE comparison of the search. Negative when `a` ranks before (is better than) `b`.
 * Higher fitness wins; a tie goes to the lower DL, then to the S-expression that sorts
 * first (code-unit order). It is a total order on distinct genomes, so sorting,
 * selection of elites and the hall of fame never depend on input order or threads.
 */
export function compareRanked(a: Ranked, b: Ranked): number {
  return compareScores(a.fitness, a.dl, b.fitness, b.dl) || compareTexts(a.expr, b.expr);
}

/**
 * compareRanked up to its text tie-break: what callers holding numbers alone use (the
 * island loop's typed arrays, the hall of fame's pre-check) before printing anything.
 */
export function compareScores(fitnessA: number, dlA: number, fitnessB: number, dlB: number): number {
  if (fitnessA !== fitnessB) return fitnessA > fitnessB ? -1 : 1;
  if (dlA !== dlB) return dlA < dlB ? -1 : 1;
  return 0;
}

/** compareRanked's last tie-break: code-unit order of the S-expressions. */
export function compareTexts(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
