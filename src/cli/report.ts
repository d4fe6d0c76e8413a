import { join } from 'node:path';
import { readDeployFile } from '../report/deploy-dir.js';
import { formatPhaseTable, phaseTable, phaseTableJson } from '../report/phase-table.js';
import { runReportHtml, sweepReportHtml } from '../report/report-html.js';
import { readRunDir } from '../report/run-dir.js';
import { isSweepDir, readSweepDir } from '../report/sweep-dir.js';
import { UserError } from '../run/errors.js';
import { writeAtomic } from '../run/atomic-write.js';
import { parseCommand } from './args.js';

export const REPORT_USAGE = 'mesa-evo report runs/ID|sweeps/ID';

export const SWEEP_SUMMARY_VERSION = 1;

/** report.html for a run; for a sweep also the phase table, printed and written to summary.json. */
export async function reportCommand(argv: string[]): Promise<number> {
  const { positionals } = parseCommand('report', argv, {}, 1);
  const dir = positionals[0];
  if (dir === undefined) throw new UserError(`mesa-evo report: expected a run or sweep directory\nusage: ${REPORT_USAGE}`);
  if (isSweepDir(dir)) {
    process.stdout.write(reportSweep(dir) + '\n');
  } else {
    const run = readRunDir(dir);
    const deploy = readDeployFile(dir);
    writeAtomic(join(dir, 'report.html'), runReportHtml(run, deploy.view));
    for (const n of [...run.notes, ...deploy.notes]) process.stdout.write(`note: ${n}\n`);
    process.stdout.write(`Report: ${join(dir, 'report.html')}\n`);
  }
  return 0;
}

/** Merge whatever cells a sweep directory holds: summary.json and report.html; returns the text to print. */
export function reportSweep(dir: string): string {
  const view = readSweepDir(dir);
  const t = phaseTable(view);
  const summary = { version: SWEEP_SUMMARY_VERSION, kind: 'sweep', name: view.sweep.name, seeds: view.sweep.seeds, phaseTable: phaseTableJson(t) };
  writeAtomic(join(dir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  writeAtomic(join(dir, 'report.html'), sweepReportHtml(view, t));
  return [formatPhaseTable(t), '', ...view.notes.map((n) => `note: ${n}`), `Phase table: ${join(dir, 'summary.json')}   Report: ${join(dir, 'report.html')}`].join('\n');
}
