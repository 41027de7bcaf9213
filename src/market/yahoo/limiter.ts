/**
 * At most `concurrency` tasks at once; the rest wait in order. Bounds how many requests the
 * service has open towards Yahoo at any moment.
 *
 * @example
 *   const limit = new Limiter(4);
 *   await Promise.all(symbols.map((s) => limit.run(() => fetchOne(s))));
 */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** The most tasks that ever ran at once (for tests and diagnostics). */
  peak = 0;

  constructor(readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency must be a positive integer, got ${concurrency}`);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    // A finishing task hands its slot straight to the next waiter, so none can jump the queue.
    if (this.active >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    this.peak = Math.max(this.peak, this.active);
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}
