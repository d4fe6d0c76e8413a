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
  if (a.fitness !== b.fitness) return a.fitness > b.fitness ? -1 : 1;
  if (a.dl !== b.dl) return a.dl < b.dl ? -1 : 1;
  return a.expr < b.expr ? -1 : a.expr > b.expr ? 1 : 0;
}
