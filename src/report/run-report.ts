import { join } from 'node:path';
import { writeAtomic } from '../run/atomic-write.js';
import { REPORT_FILE } from '../run/files.js';
import { readDeployFile } from './deploy-dir.js';
import { runReportHtml } from './report-html.js';
import { readRunDir } from './run-dir.js';

/** A run directory's report.html (with its deployment, when there is one); returns the text to print. */
export function reportRun(dir: string): string {
  const run = readRunDir(dir);
  const deploy = readDeployFile(dir);
  writeAtomic(join(dir, REPORT_FILE), runReportHtml(run, deploy.view));
  return [...[...run.notes, ...deploy.notes].map((n) => `note: ${n}`), `Report: ${join(dir, REPORT_FILE)}`].join('\n');
}
