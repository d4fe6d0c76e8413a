/**
 * The names of the files the tool writes, in one module that imports nothing, so that
 * readers (report/, cli/) name them without loading what writes them.
 */
export const RUN_FILES = { config: 'config.json', log: 'log.ndjson', summary: 'summary.json', checkpoint: 'checkpoint.json' } as const;
export const DEPLOY_FILES = { result: 'deploy.json', log: 'deploy.ndjson' } as const;
/** The HTML report beside a run's or a sweep's summary.json. */
export const REPORT_FILE = 'report.html';
/** What a run directory holds that came from its run: replacing the run removes all of them (a report or deployment of the old run would describe the wrong one). */
export const RUN_DIR_FILES: readonly string[] = [...Object.values(RUN_FILES), ...Object.values(DEPLOY_FILES), REPORT_FILE];
/** Present while a process runs, resumes or deploys the run in that directory (run-lock.ts). */
export const RUN_LOCK = 'run.lock';
/** The sweep file as a sweep directory keeps it. */
export const SWEEP_FILE = 'sweep.json';
