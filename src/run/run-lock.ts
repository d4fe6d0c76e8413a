import { closeSync, openSync, readFileSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { UserError } from './errors.js';
import { RUN_LOCK } from './files.js';

/** The run directory is another process's: a user error, and never a reason to start the run afresh (sweep.ts). */
export class RunLocked extends UserError {}

/**
 * One process at a time in a run directory. Two `resume`s of one run (a second terminal,
 * a requeued job) both cut the log back to the checkpoint and both appended to it: the
 * summary came out right, the log with every generation twice. The lock is a file made
 * with O_EXCL that names its process; one left by a process that no longer exists on this
 * host (SIGKILL, a second Ctrl-C) is taken over. A process on another host (a shared file
 * system, a requeued cluster job) cannot be asked: its lock is taken over once it has not
 * been refreshed for FOREIGN_STALE_MS (the holder refreshes it every minute). Returns the
 * release.
 */
export function lockRunDir(dir: string): () => void {
  const path = join(dir, RUN_LOCK);
  const mine = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(mine) + '\n');
      closeSync(fd);
      const heartbeat = setInterval(() => refresh(path), HEARTBEAT_MS).unref();
      return () => {
        clearInterval(heartbeat);
        rmSync(path, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
    }
    const holder = readHolder(path);
    // Unreadable: another process may be between creating the file and writing it.
    if (holder === null) throw new RunLocked(`'${dir}': ${RUN_LOCK} is there but unreadable; expected one run or resume per directory at a time (if no mesa-evo process is running this run, remove ${path})`);
    if (holder.host === mine.host ? alive(holder.pid) : Date.now() - mtimeMs(path) < FOREIGN_STALE_MS) {
      throw new RunLocked(`'${dir}': another mesa-evo process (pid ${holder.pid} on ${holder.host}, since ${holder.since}) is running this run; expected one run or resume per directory at a time (if that process is gone, remove ${path})`);
    }
    rmSync(path, { force: true }); // its process is gone: take over
  }
}

const HEARTBEAT_MS = 60_000;
/** Long enough that a holder on another host is not taken over while it works (its timer refreshes the lock every minute, even in a long epoch with workers). */
const FOREIGN_STALE_MS = 30 * 60_000;

function refresh(path: string): void {
  try {
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // The lock is gone (removed by hand): nothing to refresh.
  }
}

function mtimeMs(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function readHolder(path: string): { pid: number; host: string; since: string } | null {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown; host?: unknown; since?: unknown };
    return typeof h.pid === 'number' && typeof h.host === 'string' ? { pid: h.pid, host: h.host, since: String(h.since) } : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !zombie(pid);
}

/** A killed process whose parent has not reaped it yet still answers kill(pid, 0) (Linux: state Z in /proc). */
function zombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}
