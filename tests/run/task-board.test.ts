import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { TaskBoard as Board } from '../../src/run/task-board.js';
import { ROOT } from '../cli/cli.js';

const boardUrl = new URL(`file://${ROOT}/dist/src/run/task-board.js`).href;

/**
 * A task of the test threads: spin `ms`, then answer; `fail` throws, `exit` ends the
 * thread; `meet` (shared) is counted up, and the task waits until `threads` tasks are in.
 */
interface Task {
  n: number;
  ms?: number;
  meet?: { count: Int32Array; threads: number };
  /** Shared counts of runs by task number. */
  runs?: Int32Array;
  fail?: boolean;
  exit?: boolean;
  /** Shared: its first value is answered (what the thread saw when it ran the task). */
  flag?: Int32Array;
}
interface Answer {
  n: number;
  twice: number;
  /** The thread that ran it. */
  slot: number;
  /** Messages the thread had read when it ran it (its own included). */
  seen: number;
  flag?: number;
}

// A thread that serves its seat: each answer says which thread ran it and how many of the
// board's messages that thread had read by then.
const threadCode = `
const { workerData } = require('node:worker_threads');
import(${JSON.stringify(boardUrl)}).then(({ serve }) => {
  let seen = 0;
  serve(workerData, (t) => {
    if (t.runs) Atomics.add(t.runs, t.n, 1);
    if (t.exit) process.exit(7);
    if (t.fail) throw new Error('task ' + t.n + ' failed');
    if (t.meet) {
      Atomics.add(t.meet.count, 0, 1);
      while (Atomics.load(t.meet.count, 0) < t.meet.threads) Atomics.wait(t.meet.count, 0, Atomics.load(t.meet.count, 0), 10);
    }
    const until = performance.now() + (t.ms ?? 0);
    while (performance.now() < until);
    return { n: t.n, twice: 2 * t.n, slot: workerData.slot, seen, flag: t.flag ? Atomics.load(t.flag, 0) : undefined };
  }, () => seen++);
});`;

describe('the task board (worker threads take island epochs themselves)', () => {
  let threads: Worker[] = [];
  let board: Board<Task, Answer> | null = null;

  const open = async (count: number, onReady?: () => void) => {
    const { TaskBoard } = (await import(boardUrl)) as typeof import('../../src/run/task-board.js');
    board = new TaskBoard<Task, Answer>(count, onReady);
    threads = Array.from({ length: count }, (_, slot) => {
      const seat = board!.seat(slot);
      return new Worker(threadCode, { eval: true, workerData: seat, transferList: [seat.port] });
    });
    return board;
  };
  const exited = (w: Worker) => new Promise<number>((resolve) => w.once('exit', resolve));

  afterEach(async () => {
    board?.close();
    await Promise.all(threads.map((w) => w.terminate()));
    board = null;
    threads = [];
  });

  it('calls onReady once, when every thread has subscribed, before it publishes any task', async () => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    let calls = 0;
    const b = await open(2, () => {
      calls++;
      // Slow on purpose: a task published before onReady ends would run meanwhile and see 0.
      const until = performance.now() + 50;
      while (performance.now() < until);
      Atomics.store(flag, 0, 1);
    });
    // Posted while the threads start: held until both have subscribed.
    const first = await Promise.all([0, 1, 2, 3].map((n) => b.post({ n, flag, ms: 1 })));
    expect(calls).toBe(1);
    const later = await Promise.all([4, 5].map((n) => b.post({ n, flag })));
    expect([...first, ...later].map((a) => a.flag)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(calls).toBe(1);
  });

  it('runs every task once, each thread in posting order, reading every message before the one it runs', async () => {
    const b = await open(2);
    // Two tasks that finish only once both have started: each thread takes one (neither can take both).
    const count = new Int32Array(new SharedArrayBuffer(4));
    const met = await Promise.all([0, 1].map((n) => b.post({ n, meet: { count, threads: 2 } })));
    expect(met.map((a) => a.slot).sort()).toEqual([0, 1]);
    const runs = new Int32Array(new SharedArrayBuffer(4 * 62));
    const answers = await Promise.all(Array.from({ length: 60 }, (_, k) => b.post({ n: k + 2, ms: k % 7 === 0 ? 3 : 0.2, runs })));
    expect([...runs.subarray(2)]).toEqual(Array.from({ length: 60 }, () => 1));
    expect(answers.map((a) => a.twice)).toEqual(Array.from({ length: 60 }, (_, k) => 2 * (k + 2)));
    // Ids are posting order: a thread has read exactly the messages up to the one it runs.
    for (const a of [...met, ...answers]) expect(a.seen).toBe(a.n + 1);
    // Each thread took its tasks in increasing order.
    for (const slot of [0, 1]) {
      const mine = answers.filter((a) => a.slot === slot).map((a) => a.n);
      expect(mine).toEqual([...mine].sort((x, y) => x - y));
    }
  });

  it('a task that throws fails its own promise only, and the thread goes on', async () => {
    const b = await open(2);
    const results = await Promise.allSettled([b.post({ n: 1 }), b.post({ n: 2, fail: true }), b.post({ n: 3 })]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ message: 'task 2 failed' });
    expect((await b.post({ n: 4 })).twice).toBe(8);
  });

  it('when a thread stops inside a task, that task fails and the board says it was running one', async () => {
    const b = await open(1);
    const gone = exited(threads[0]);
    const task = b.post({ n: 5, exit: true });
    expect(await gone).toBe(7);
    expect(b.threadFailed(0, new Error('thread exited'))).toBe(true);
    await expect(task).rejects.toThrow('thread exited');
    // Nothing was running on it any more.
    expect(b.threadFailed(0, new Error('again'))).toBe(false);
  });

  it('closing lets idle threads return, and refuses later tasks', async () => {
    const b = await open(2);
    await b.post({ n: 1 });
    const codes = Promise.all(threads.map(exited));
    b.close();
    expect(await codes).toEqual([0, 0]);
    await expect(b.post({ n: 2 })).rejects.toThrow(/closed/);
  });
});
