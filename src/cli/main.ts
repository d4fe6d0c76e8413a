#!/usr/bin/env -S node --max-semi-space-size=3
// The main thread only coordinates (workers evaluate), yet V8 grows its young generation
// to 32 MB over a long run; 3 MB semi-spaces keep resident memory flat. `npm start` passes
// the same flag (tests/cli/node-flags.test.ts checks they agree).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../run/errors.js';
import { packageRoot } from './package-root.js';

type Command = (argv: string[]) => Promise<number>;

/**
 * Each command's module is loaded only when it runs: loading every command (zod, pino,
 * piscina, the report's modules) took ~0.15 s of `inspect`'s ~0.48 s and most of `--help`'s.
 */
const COMMANDS: Record<string, { usage: string; load: () => Promise<Command> }> = {
  run: { usage: 'mesa-evo run [config.json] [--seed N] [--workers N] [--out runs/ID] [--force] [--set key=value ...]', load: async () => (await import('./run.js')).runCommand },
  resume: { usage: 'mesa-evo resume runs/ID [--workers N]', load: async () => (await import('./resume.js')).resumeCommand },
  eval: { usage: 'mesa-evo eval (--genome "<S-expression>" ... | --genome-file FILE) [config.json] [--set key=value ...] [--json]', load: async () => (await import('./eval.js')).evalCommand },
  sweep: { usage: 'mesa-evo sweep sweep.json [--shard I/N] [--out sweeps/ID] [--workers N] [--set key=value ...]', load: async () => (await import('./sweep.js')).sweepCommand },
  inspect: { usage: 'mesa-evo inspect runs/ID [--top N] [--json]', load: async () => (await import('./inspect.js')).inspectCommand },
  compare: { usage: 'mesa-evo compare runs/A runs/B ...', load: async () => (await import('./compare.js')).compareCommand },
  report: { usage: 'mesa-evo report runs/ID|sweeps/ID', load: async () => (await import('./report.js')).reportCommand },
  deploy: {
    usage: 'mesa-evo deploy runs/ID [--steps N] [--genome "<S-expression>" ...] [--training-signal on|off] [--drift-rate R] [--set deploy.key=value ...] [--json]',
    load: async () => (await import('./deploy.js')).deployCommand,
  },
};

const HELP = `mesa-evo: evolve mesa-objectives and see which kind wins at which compute budget

usage:
${Object.values(COMMANDS).map((c) => `  ${c.usage}`).join('\n')}
  mesa-evo --help | --version
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === 'version') {
    process.stdout.write(`mesa-evo ${(JSON.parse(readFileSync(join(packageRoot(import.meta.url), 'package.json'), 'utf8')) as { version: string }).version}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) throw new UserError(`unknown command '${name}': expected one of ${Object.keys(COMMANDS).join(', ')}`);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`usage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await (await command.load())(rest);
  } catch (err) {
    // Every user mistake is reported after the command's name, in one place.
    if (err instanceof UserError) throw new UserError(`${name}: ${err.message}${err.usage ? `\nusage: ${command.usage}` : ''}`);
    throw err;
  }
}

// Output piped into a reader that stops early (`| head`): nobody is left to read the rest,
// which is no failure of the command, so the command goes on and ends with its own status
// (a run or sweep still writes its files) instead of an unhandled 'error' event and its
// stack. A destroyed stream drops later writes without another event.
// (A run or sweep whose stderr closes stops as on SIGPIPE, with a checkpoint: signals.ts.)
let writeFailed = false;
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') return;
    if (stream !== process.stderr) process.stderr.write(`mesa-evo: error: writing to stdout: ${err.message}\n`);
    writeFailed = true;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code === 0 && writeFailed ? 1 : code;
  },
  (err: unknown) => {
    if (err instanceof UserError) {
      process.stderr.write(`mesa-evo: ${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`mesa-evo: error: ${msg}\n`);
    if (process.env.MESA_EVO_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = 1;
  },
);
