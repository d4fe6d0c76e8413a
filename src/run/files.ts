/**
 * The names of the files the tool writes, in one module that imports nothing, so that
 * readers (report/, cli/) name them without loading what writes them.
 */
export const RUN_FILES = { config: 'config.json', log: 'log.ndjson', summary: 'summary.json', checkpoint: 'checkpoint.json' } as const;
/** Present while a process runs or resumes the run in that directory (run-lock.ts). */
export const RUN_LOCK = 'run.lock';
export const DEPLOY_FILES = { result: 'deploy.json', log: 'deploy.ndjson' } as const;
/** The sweep file as a sweep directory keeps it. */
export const SWEEP_FILE = 'sweep.json';
/** The HTML report beside a run's or a sweep's summary.json. */
export const REPORT_FILE = 'report.html';
