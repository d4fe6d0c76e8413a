import { reportRun } from '../report/run-report.js';
import { isSweepDir } from '../report/sweep-dir.js';
import { reportSweep } from '../report/sweep-report.js';
import { UserError } from '../run/errors.js';
import { parseCommand } from './args.js';

/** report.html for a run; for a sweep also the phase table, printed and written to summary.json. */
export async function reportCommand(argv: string[]): Promise<number> {
  const { positionals } = parseCommand(argv, {}, 1);
  const dir = positionals[0];
  if (dir === undefined) throw new UserError('expected a run or sweep directory', true);
  process.stdout.write((isSweepDir(dir) ? reportSweep(dir) : reportRun(dir)) + '\n');
  return 0;
}
