import { Stopper } from '../run/stopper.js';

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGPIPE: 141, SIGTERM: 143 };

/** The exit status of a command stopped by `signal`: 128 + its number. */
export function signalExit(signal: string): number {
  return SIGNAL_EXIT[signal] ?? 1;
}

/**
 * Run `work` with a Stopper that the first SIGINT/SIGTERM (or a closed stderr) triggers: the run stops after
 * the epochs in flight, checkpoints and writes a partial summary. A second signal exits
 * at once; checkpoints are written atomically, so the last good one stays intact. The
 * handlers are removed afterwards.
 */
export async function withStopOnSignals<T>(work: (stopper: Stopper) => Promise<T>): Promise<T> {
  const stopper = new Stopper();
  const handler = (signal: NodeJS.Signals) => {
    if (stopper.reason !== null) {
      process.stderr.write(`\nmesa-evo: second ${signal}: exiting now; the last checkpoint is intact ('npx mesa-evo resume' with the run's directory continues from it)\n`);
      process.exit(signalExit(signal));
    }
    const again = signal === 'SIGINT' ? 'press Ctrl-C again' : `send ${signal} again`;
    process.stderr.write(`\nmesa-evo: ${signal}: stopping, writing a checkpoint (${again} to exit at once)\n`);
    stopper.request(signal);
  };
  // Its reader gone (`2>&1 | head`), a long run would go on unseen: stop it as SIGPIPE would
  // stop a Unix tool, but at a barrier, with a checkpoint to resume from (nobody can read a message).
  const closed = (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' && stopper.reason === null) stopper.request('SIGPIPE');
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  process.stderr.on('error', closed);
  try {
    return await work(stopper);
  } finally {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
    process.stderr.off('error', closed);
  }
}
