import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/run/errors.js';
import { lockRunDir } from '../../src/run/run-lock.js';

const fresh = () => mkdtempSync(join(os.tmpdir(), 'mesa-evo-lock-'));
const holder = (pid: number, host = os.hostname()) => JSON.stringify({ pid, host, since: '2026-01-01T00:00:00.000Z' });

describe('lockRunDir', () => {
  it('lets one holder in at a time, naming it to the next, and lets go on release', () => {
    const dir = fresh();
    const release = lockRunDir(dir);
    expect(JSON.parse(readFileSync(join(dir, 'run.lock'), 'utf8')).pid).toBe(process.pid);
    expect(() => lockRunDir(dir)).toThrow(UserError);
    expect(() => lockRunDir(dir)).toThrow(new RegExp(`another mesa-evo process \\(pid ${process.pid} on `));
    release();
    expect(existsSync(join(dir, 'run.lock'))).toBe(false);
    lockRunDir(dir)();
  });

  it('takes over a lock whose process is gone', () => {
    const dir = fresh();
    // A process that has exited (and been reaped): its pid no longer answers.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(join(dir, 'run.lock'), holder(gone));
    const release = lockRunDir(dir);
    expect(JSON.parse(readFileSync(join(dir, 'run.lock'), 'utf8')).pid).toBe(process.pid);
    release();
  });

  it('releases and refreshes only its own lock: one another process took over stays', () => {
    const dir = fresh();
    const release = lockRunDir(dir);
    const theirs = holder(process.pid + 1);
    writeFileSync(join(dir, 'run.lock'), theirs);
    release();
    expect(readFileSync(join(dir, 'run.lock'), 'utf8')).toBe(theirs);
  });

  it('takes over a lock naming its own pid that it does not hold (a reused pid), and an unreadable one left for a minute', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'run.lock'), holder(process.pid));
    lockRunDir(dir)();
    writeFileSync(join(dir, 'run.lock'), '');
    const minuteAgo = new Date(Date.now() - 61_000);
    utimesSync(join(dir, 'run.lock'), minuteAgo, minuteAgo);
    lockRunDir(dir)();
    expect(existsSync(join(dir, 'run.lock'))).toBe(false);
  });

  it('refuses a lock held on another host while it is fresh, or one it cannot read, saying how to clear it', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'run.lock'), holder(1, 'elsewhere'));
    expect(() => lockRunDir(dir)).toThrow(/pid 1 on elsewhere.*if that process is gone, remove .*run\.lock/);
    // Not refreshed for an hour: its holder is taken to be gone.
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(join(dir, 'run.lock'), hourAgo, hourAgo);
    lockRunDir(dir)();
    writeFileSync(join(dir, 'run.lock'), '');
    expect(() => lockRunDir(dir)).toThrow(/run\.lock is there but unreadable/);
  });
});
