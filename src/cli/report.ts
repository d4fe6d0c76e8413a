import { join } from 'node:path';
import { readDeployFile } from '../report/deploy-dir.js';
import { runReportHtml } from '../report/report-html.js';
import { readRunDir } from '../report/run-dir.js';
import { isSweepDir } from '../report/sweep-dir.js';
import { reportSweep } from '../report/sweep-report.js';
import { UserError } from '../run/errors.js';
import { writeAtomic } from '../run/atomic-write.js';
import { REPORT_FILE } from '../run/files.js';
import { parseCommand } from './args.js';

export const REPORT_USAGE = 'mesa-evo report runs/ID|sweeps/ID';

/** report.html for a run; for a sweep also the phase table, printed and written to summary.json. */
export async function reportCommand(argv: string[]): Promise<number> {
  const { positionals } = parseCommand(argv, {}, 1);
  const dir = positionals[0];
  if (dir === undefined) throw new UserError('expected a run or sweep directory', true);
  if (isSweepDir(dir)) {
    process.stdout.write(reportSweep(dir) + '\n');
  } else {
    const run = readRunDir(dir);
    const deploy = readDeployFile(dir);
    writeAtomic(join(dir, REPORT_FILE), runReportHtml(run, deploy.view));
    for (const n of [...run.notes, ...deploy.notes]) process.stdout.write(`note: ${n}\n`);
    process.stdout.write(`Report: ${join(dir, REPORT_FILE)}\n`);
  }
  return 0;
}
