import { BroadcastChannel, MessageChannel, receiveMessageOnPort, threadId, type MessagePort } from 'node:worker_threads';

/**
 * Island epochs handed to a pool's threads through shared memory, so that a thread that
 * finishes an epoch starts the next ready one at once, without a round trip through the
 * main thread. Each task is broadcast to every thread (one BroadcastChannel: serialised
 * once) and then published by bumping a shared counter; a thread claims the oldest
 * unclaimed task with a compare-and-swap, reads it from its channel (dropping tasks the
 * others claimed) and posts its result back on a port of its own. A channel only receives
 * what is broadcast after it subscribed, so the main thread holds tasks back until every
 * thread has said it subscribed.
 *
 * Why: with piscina handing out tasks, a worker waited for the main thread at every task
 * boundary — its result message, the main thread waking on a busy 2-core machine,
 * piscina's bookkeeping, the next task's message — 0.7 ms at the median, 3 ms at the 90th
 * percentile (when a report was running), ~1.8% of every worker's time on the default
 * run, though its next task had been queued before it finished 95% of the time.
 * The main thread still merges, migrates and reports; only the hand-over left its path.
 *
 * Claiming order is posting order, as piscina's queue was; which thread runs which epoch
 * never changes a result (search.ts).
 */

/** Slots of the shared control array. */
const POSTED = 0; // tasks published (ids below it may be claimed)
const CLAIMED = 1; // tasks claimed (the next claim takes this id)
const CLOSING = 2; // 1 once the board is closed: threads return
const RUNNING = 3; // + thread slot: id + 1 of the task the thread is running, 0 when none

/** What a thread receives for each task: the task with its id. */
export interface BoardMessage<T> {
  id: number;
  task: T;
}

/** What a thread sends back for each task it claimed. */
export type BoardReply<R> = { id: number; result: R } | { id: number; error: unknown };

/** What a thread sends on its port: a reply, or (first) that it listens to the board's channel. */
type FromThread<R> = BoardReply<R> | { subscribed: true };

/** What one pool thread is given to serve the board (its end of a channel is transferred to it). */
export interface BoardSeat {
  control: SharedArrayBuffer;
  port: MessagePort;
  slot: number;
  /** The BroadcastChannel the tasks come on. */
  channel: string;
}

/** Boards made by this thread (their channels' names must differ within the process). */
let boards = 0;

/** The main thread's side of a board: posts tasks, settles their promises from replies. */
export class TaskBoard<T, R> {
  private readonly control: Int32Array;
  private readonly channel: BroadcastChannel;
  private readonly ports: MessagePort[] = [];
  /** Seats for the threads, taken once each by `seat`. */
  private readonly seats: BoardSeat[] = [];
  private readonly pending = new Map<number, { resolve: (r: R) => void; reject: (e: unknown) => void }>();
  /** Tasks posted before every thread subscribed, broadcast once they have. */
  private held: BoardMessage<T>[] | null = [];
  private subscribed = 0;
  private nextId = 0;

  /** `onReady` runs once every thread has subscribed (loaded its modules), before the first task is published. */
  constructor(readonly threads: number, private readonly onReady: () => void = () => {}) {
    const control = new SharedArrayBuffer(4 * (RUNNING + threads));
    this.control = new Int32Array(control);
    const name = `mesa-evo task board ${process.pid}:${threadId}:${++boards}`;
    this.channel = new BroadcastChannel(name);
    this.channel.unref();
    for (let slot = 0; slot < threads; slot++) {
      const { port1, port2 } = new MessageChannel();
      port1.on('message', (m: FromThread<R>) => ('subscribed' in m ? this.threadSubscribed() : this.settle(m)));
      // Only tasks in flight keep the process alive (post/settle ref and unref the ports).
      port1.unref();
      this.ports.push(port1);
      this.seats.push({ control, port: port2, slot, channel: name });
    }
  }

  /** Whether `close` was called (what its threads see too). */
  get closed(): boolean {
    return Atomics.load(this.control, CLOSING) === 1;
  }

  /** Seat `slot`: what its thread serves the board with (its port is to be transferred). */
  seat(slot: number): BoardSeat {
    return this.seats[slot];
  }

  /** Post a task to every thread and publish it; the promise settles with its thread's reply. */
  post(task: T): Promise<R> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    const id = this.nextId++;
    if (this.pending.size === 0) for (const port of this.ports) port.ref();
    const settled = new Promise<R>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    if (this.held !== null) this.held.push({ id, task });
    else this.publish({ id, task });
    return settled;
  }

  /**
   * A thread that stopped (it exited, ran out of memory): the task it was running fails
   * with `error`. Returns whether it was running one.
   */
  threadFailed(slot: number, error: unknown): boolean {
    const id = Atomics.load(this.control, RUNNING + slot) - 1;
    if (id < 0 || !this.pending.has(id)) return false;
    this.settle({ id, error });
    return true;
  }

  /** Tell the threads to return once their epochs end, and stop listening. Tasks not yet settled stay so. */
  close(): void {
    Atomics.store(this.control, CLOSING, 1);
    Atomics.notify(this.control, POSTED);
    this.channel.close();
    for (const port of this.ports) port.close();
  }

  /**
   * The message is in every thread's channel before its id is published: a thread that
   * claims it finds it there. One sleeping thread is woken per task (waking all of them for
   * each, most went back to sleep): a busy thread looks for a task before it sleeps, and one
   * woken for a task another thread took sleeps again.
   */
  private publish(message: BoardMessage<T>): void {
    this.channel.postMessage(message);
    Atomics.store(this.control, POSTED, message.id + 1);
    Atomics.notify(this.control, POSTED, 1);
  }

  private threadSubscribed(): void {
    if (++this.subscribed < this.threads || this.held === null || this.closed) return;
    const held = this.held;
    this.held = null;
    this.onReady();
    for (const message of held) this.publish(message);
  }

  private settle(reply: BoardReply<R>): void {
    const waiting = this.pending.get(reply.id);
    if (waiting === undefined) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) for (const port of this.ports) port.unref();
    if ('error' in reply) waiting.reject(reply.error);
    else waiting.resolve(reply.result);
  }
}

/**
 * A pool thread's side of a board: `serve` runs each task it claims until the board
 * closes. It never returns to the thread's event loop meanwhile (tasks are read from the
 * channel directly), and sleeps in Atomics.wait while no task is ready. `seen` is given every
 * message the thread reads, claimed or not, before any is run (a task another thread
 * claimed may carry something every thread keeps).
 */
export function serve<T, R>(seat: BoardSeat, run: (task: T) => R, seen: (task: T) => void = () => {}): void {
  const control = new Int32Array(seat.control);
  const channel = new BroadcastChannel(seat.channel);
  seat.port.postMessage({ subscribed: true });
  try {
    for (;;) {
      const id = claim(control, seat.slot);
      if (id < 0) return;
      let reply: BoardReply<R>;
      try {
        reply = { id, result: run(take(channel, id, seen)) };
      } catch (error) {
        reply = { id, error };
      }
      try {
        // Cloned, never transferred: detaching an ArrayBuffer breaks V8's ArrayBufferDetaching
        // protector for the whole thread, and every typed-array loop in it then runs ~2.5 times
        // slower (tests/run/protectors.test.ts).
        seat.port.postMessage(reply);
      } catch (error) {
        // A result or error that cannot be cloned fails its task, not the thread.
        seat.port.postMessage({ id, error: new Error(`task ${id}'s reply could not be sent: ${String(error)}`) });
      }
    }
  } finally {
    channel.close();
  }
}

/** The oldest unclaimed task's id, waiting for one to be posted; −1 once the board is closed. */
function claim(control: Int32Array, slot: number): number {
  Atomics.store(control, RUNNING + slot, 0);
  for (;;) {
    if (Atomics.load(control, CLOSING) === 1) return -1;
    const posted = Atomics.load(control, POSTED);
    const claimed = Atomics.load(control, CLAIMED);
    if (claimed < posted) {
      if (Atomics.compareExchange(control, CLAIMED, claimed, claimed + 1) !== claimed) continue;
      Atomics.store(control, RUNNING + slot, claimed + 1);
      return claimed;
    }
    Atomics.wait(control, POSTED, posted);
  }
}

/** Task `id` from the channel: messages come in id order, and those before it were claimed by other threads. */
function take<T>(channel: BroadcastChannel, id: number, seen: (task: T) => void): T {
  for (;;) {
    // Node reads a BroadcastChannel as it reads a port (its typings name only MessagePort).
    const received = receiveMessageOnPort(channel as unknown as MessagePort) as { message: BoardMessage<T> } | undefined;
    if (received === undefined) throw new Error(`task ${id} was claimed but is not in this thread's channel`);
    const { message } = received;
    seen(message.task);
    if (message.id === id) return message.task;
  }
}
