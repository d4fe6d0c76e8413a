import { closeSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { UserError } from './errors.js';
import { RUN_LOCK } from './files.js';

const HEARTBEAT_MS = 60_000;
/**
 * How long a lock from another host may go unrefreshed before it is taken to be left
 * behind (its holder refreshes it every minute, even in a long epoch with workers). The
 * age is judged by the file's modification time, which the file server sets when the
 * holder rewrites the file, against this host's clock: hosts with clocks far apart
 * should remove a left lock by hand.
 */
const FOREIGN_STALE_MS = 30 * 60_000;
/** An unreadable lock (its writer died between creating and writing it, or a full disk) this old is taken to be left behind. */
const UNREADABLE_STALE_MS = 60_000;

/** The texts of the locks this process holds: a lock naming this pid that is not among them was left by an earlier process the pid was reused for (a requeued container often gets the same pid). */
const held = new Set<string>();

interface Holder {
  pid: number;
  host: string;
  since: string;
}

/**
 * One process at a time in a run directory. Two `resume`s of one run (a second terminal,
 * a requeued job) both cut the log back to the checkpoint and both appended to it: the
 * summary came out right, the log with every generation twice. The lock is a file made
 * with O_EXCL that names its process; one left by a process that no longer exists on this
 * host (SIGKILL, a second Ctrl-C) is taken over, and so is one from another host (a
 * shared file system, a requeued cluster job) that has not been refreshed for
 * FOREIGN_STALE_MS. Returns the release, which (like the refresh) touches the file only
 * while it is still this process's.
 */
export function lockRunDir(dir: string): () => void {
  const path = join(dir, RUN_LOCK);
  const text = JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() } satisfies Holder) + '\n';
  for (let attempt = 0; attempt < 3; attempt++) {
    if (create(path, text)) return holding(path, text);
    takeOverIfLeft(dir, path);
  }
  throw new UserError(`'${dir}': ${RUN_LOCK} keeps changing hands; expected one run or resume per directory at a time`);
}

/** `work` while holding the directory's lock, released when it returns or (a promise) settles. */
export function withRunLock<T>(dir: string, work: () => T): T {
  const release = lockRunDir(dir);
  let result: T;
  try {
    result = work();
  } catch (err) {
    release();
    throw err;
  }
  if (result instanceof Promise) return result.finally(release) as T;
  release();
  return result;
}

/** Make the lock file with our text; false when one is there already. */
function create(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, text);
  } catch (err) {
    // A full disk: leave no empty lock behind to refuse every later run.
    closeSync(fd);
    rmSync(path, { force: true });
    throw err;
  }
  closeSync(fd);
  return true;
}

/** The release of a lock we made, with its heartbeat; both act only while the file still holds our text. */
function holding(path: string, text: string): () => void {
  const ours = () => readText(path) === text;
  const heartbeat = setInterval(() => {
    // Rewritten rather than touched, so that the file server sets the time another host compares with.
    if (ours()) writeFileSync(path, text);
  }, HEARTBEAT_MS).unref();
  held.add(text);
  const release = () => {
    clearInterval(heartbeat);
    process.off('exit', release);
    held.delete(text);
    if (ours()) rmSync(path, { force: true });
  };
  // A second Ctrl-C exits at once (signals.ts): take the lock away with us.
  process.on('exit', release);
  return release;
}

/**
 * Throw a UserError naming the holder, unless the lock was left behind: then move it aside
 * (rename is atomic, so of several processes that judged it left only one gets it) and
 * return so the caller can make its own.
 */
function takeOverIfLeft(dir: string, path: string): void {
  const text = readText(path);
  if (text === null) return; // gone meanwhile: try again
  const holder = parseHolder(text);
  const me = os.hostname();
  if (holder === null) {
    if (Date.now() - mtimeMs(path) < UNREADABLE_STALE_MS) {
      throw new UserError(`'${dir}': ${RUN_LOCK} is there but unreadable; expected one run or resume per directory at a time (if no mesa-evo process is running this run, remove ${path})`);
    }
  } else if (holder.host === me ? (holder.pid === process.pid ? held.has(text) : alive(holder.pid)) : Date.now() - mtimeMs(path) < FOREIGN_STALE_MS) {
    throw new UserError(`'${dir}': another mesa-evo process (pid ${holder.pid} on ${holder.host}, since ${holder.since}) is running this run; expected one run or resume per directory at a time (if that process is gone, remove ${path})`);
  }
  const aside = `${path}.${process.pid}.left`;
  try {
    renameSync(path, aside);
  } catch {
    return; // another process moved it first: try again
  }
  if (readText(aside) !== text) {
    // Between our read and the rename, another process took it over and made its own: put that back.
    try {
      linkSync(aside, path);
    } catch {
      // A third one made another meanwhile; ours to refuse either way.
    }
    rmSync(aside, { force: true });
    throw new UserError(`'${dir}': another mesa-evo process took over ${RUN_LOCK} just now; expected one run or resume per directory at a time`);
  }
  rmSync(aside, { force: true });
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function parseHolder(text: string): Holder | null {
  try {
    const h = JSON.parse(text) as Partial<Holder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? { pid: h.pid, host: h.host, since: String(h.since) } : null;
  } catch {
    return null;
  }
}

function mtimeMs(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Whether a process with this pid runs on this host (a reused pid counts; a zombie does not). */
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
