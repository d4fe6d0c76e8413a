import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { toolNodeFlags } from '../../scripts/node-flags.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const MAIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** node's arguments for the compiled CLI, with the node flags of `npm start` and the shebang (and `nodeFlags` after them). */
const command = (args: string[], nodeFlags: string[] = []) => [...toolNodeFlags(), ...nodeFlags, MAIN, ...args];

/** Run the compiled CLI as a user would, from the repository root; `env` adds to the environment, `nodeFlags` to node's flags. */
export function cli(args: string[], opts: { cwd?: string; timeoutMs?: number; env?: Record<string, string>; nodeFlags?: string[] } = {}): CliResult {
  const r = spawnSync(process.execPath, command(args, opts.nodeFlags), { cwd: opts.cwd ?? ROOT, encoding: 'utf8', timeout: opts.timeoutMs ?? 120_000, env: { ...process.env, ...opts.env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Run the compiled CLI in the background; when `stop` is given, send it its signal once its
 * condition holds (polled every few ms). Resolves when the process has exited.
 */
export function cliAsync(args: string[], stop?: { when: () => boolean; signal: NodeJS.Signals }): Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, command(args), { cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.resume();
    const poll = stop
      ? setInterval(() => {
          if (!stop.when()) return;
          clearInterval(poll);
          child.kill(stop.signal);
        }, 5)
      : undefined;
    child.on('close', (status, signal) => {
      clearInterval(poll);
      resolve({ status, signal, stderr });
    });
  });
}
