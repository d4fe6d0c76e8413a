import { join } from 'node:path';
import { writeAtomic } from '../run/atomic-write.js';
import { REPORT_FILE, RUN_FILES } from '../run/files.js';
import { formatPhaseTable, phaseTable, phaseTableJson } from './phase-table.js';
import { sweepReportHtml } from './report-html.js';
import { readSweepDir } from './sweep-dir.js';

const SWEEP_SUMMARY_VERSION = 1;

/** Merge whatever cells a sweep directory holds: summary.json and report.html; returns the text to print. */
export function reportSweep(dir: string): string {
  const view = readSweepDir(dir);
  const t = phaseTable(view);
  const summary = { version: SWEEP_SUMMARY_VERSION, kind: 'sweep', name: view.sweep.name, seeds: view.sweep.seeds, phaseTable: phaseTableJson(t) };
  writeAtomic(join(dir, RUN_FILES.summary), JSON.stringify(summary, null, 2) + '\n');
  writeAtomic(join(dir, REPORT_FILE), sweepReportHtml(view, t));
  return [formatPhaseTable(t), '', ...view.notes.map((n) => `note: ${n}`), `Phase table: ${join(dir, RUN_FILES.summary)}   Report: ${join(dir, REPORT_FILE)}`].join('\n');
}
