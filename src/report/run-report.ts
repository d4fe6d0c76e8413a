import { join } from 'node:path';
import { writeAtomic } from '../run/atomic-write.js';
import { DEPLOY_FILES, REPORT_FILE } from '../run/files.js';
import { readDeployFile } from './deploy-dir.js';
import { runReportHtml } from './report-html.js';
import { readRunDir } from './run-dir.js';

/** A run directory's report.html (with its deployment, when there is one); returns the text to print. */
export function reportRun(dir: string): string {
  const run = readRunDir(dir);
  const deploy = readDeployFile(dir);
  const d = deploy.view;
  // A deployment made before the run was resumed describes an older population.
  if (d !== null && d.source === 'population' && run.lastGeneration !== null && d.generation < run.lastGeneration) {
    deploy.notes.push(`${DEPLOY_FILES.result} deployed the population of generation ${d.generation}, and the run's results here are at generation ${run.lastGeneration}; 'npx mesa-evo deploy ${dir}' deploys the current one`);
  }
  // The page says what the terminal says: a stale or damaged deploy.json is noted on it too.
  const notes = [...run.notes, ...deploy.notes];
  writeAtomic(join(dir, REPORT_FILE), runReportHtml({ ...run, notes }, d));
  return [...notes.map((n) => `note: ${n}`), `Report: ${join(dir, REPORT_FILE)}`].join('\n');
}
