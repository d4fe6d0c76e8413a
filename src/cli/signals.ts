import { Stopper } from '../run/stopper.js';

export const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * First SIGINT/SIGTERM: ask the run to stop (it checkpoints its last epoch barrier and
 * writes a partial summary). A second one exits at once; checkpoints are written
 * atomically, so the last good one stays intact.
 */
export function stopOnSignals(): { stopper: Stopper; dispose: () => void } {
  const stopper = new Stopper();
  const handler = (signal: NodeJS.Signals) => {
    if (stopper.reason !== null) {
      process.stderr.write(`\nmesa-evo: second ${signal}: exiting now; the last checkpoint is intact\n`);
      process.exit(SIGNAL_EXIT[signal] ?? 1);
    }
    process.stderr.write(`\nmesa-evo: ${signal}: stopping, writing a checkpoint (press Ctrl-C again to exit at once)\n`);
    stopper.request(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    stopper,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

/** Run `work` with a Stopper that the first SIGINT/SIGTERM triggers; the handlers are removed afterwards. */
export async function withStopOnSignals<T>(work: (stopper: Stopper) => Promise<T>): Promise<T> {
  const signals = stopOnSignals();
  try {
    return await work(signals.stopper);
  } finally {
    signals.dispose();
  }
}

/** The exit status of a command stopped by `signal`: 128 + its number. */
export function signalExit(signal: string): number {
  return SIGNAL_EXIT[signal] ?? 1;
}
