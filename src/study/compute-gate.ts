/**
 * Admission for study computations. A study's statistics run on the one JavaScript thread that
 * also answers every other request, so studies computing side by side would each stretch the
 * others and hold /health and cached answers behind them. At most `limit` compute at once; the
 * rest wait their turn (or leave when their client does), and each starts from a fresh turn of
 * the event loop, so the requests received meanwhile are answered between two studies.
 */

/** Gives the event loop a turn: pending I/O (new requests, finished queries) is handled first. */
export const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

export class ComputeGate {
  private running = 0;
  private readonly waiting: { start: () => void }[] = [];

  constructor(readonly limit: number) {}

  /** Runs `work` when a slot is free. @throws the signal's reason if aborted while waiting. */
  async run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      await yieldToEventLoop();
      signal?.throwIfAborted();
      return await work();
    } finally {
      this.release();
    }
  }

  /**
   * Runs `work` (from inside `run`) with the slot given up meanwhile: a streamed study waiting for
   * its reader holds nobody back. Takes a slot again afterwards, whatever the signal says (the
   * study itself stops at its next check), so `run` always releases exactly what it holds.
   */
  async outside<T>(work: () => Promise<T>): Promise<T> {
    this.release();
    try {
      return await work();
    } finally {
      await this.acquire();
      await yieldToEventLoop();
    }
  }

  /** Studies waiting for a slot (for tests). */
  get queued(): number {
    return this.waiting.length;
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        start: () => {
          signal?.removeEventListener('abort', leave);
          resolve();
        },
      };
      const leave = () => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', leave, { once: true });
      this.waiting.push(waiter);
    });
  }

  /** Hands the slot to the next waiter, if any. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next.start();
    else this.running--;
  }
}
