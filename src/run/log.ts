import { pino, type Logger } from 'pino';

/**
 * The run's event log: one JSON object per line (pino), every record tagged with
 * `event`: run-start, resume, generation, migration, hall-of-fame, budget, interrupted, failed, run-end.
 * Written synchronously so that a crash loses no event before it.
 */
export function openRunLog(path: string): Logger {
  return pino({ base: null, level: 'info' }, pino.destination({ dest: path, sync: true, append: true }));
}
