import { describe, expect, it } from 'vitest';
import { ComputeGate, yieldToEventLoop } from '../../src/study/compute-gate.js';

/** A piece of work that runs until `finish` is called, recording how many ran at once. */
function tracker() {
  let now = 0;
  let most = 0;
  const finishers: (() => void)[] = [];
  const work = () => {
    now++;
    most = Math.max(most, now);
    return new Promise<void>((resolve) => finishers.push(() => (now--, resolve())));
  };
  return { work, finishAll: () => finishers.splice(0).forEach((f) => f()), most: () => most, running: () => now };
}

describe('ComputeGate', () => {
  it('runs at most `limit` at once, the rest in arrival order', async () => {
    const gate = new ComputeGate(2);
    const t = tracker();
    const order: number[] = [];
    const all = Array.from({ length: 5 }, (_, i) => gate.run(() => (order.push(i), t.work())));
    for (let round = 0; round < 5; round++) {
      await yieldToEventLoop();
      await yieldToEventLoop();
      expect(t.running()).toBeLessThanOrEqual(2);
      t.finishAll();
    }
    await Promise.all(all);
    expect(t.most()).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(gate.queued).toBe(0);
  });

  it('a waiter whose client left is dropped without taking a slot', async () => {
    const gate = new ComputeGate(1);
    const t = tracker();
    const first = gate.run(t.work);
    const controller = new AbortController();
    let ranSecond = false;
    const second = gate.run(async () => void (ranSecond = true), controller.signal);
    const third = gate.run(t.work);
    expect(gate.queued).toBe(2);
    controller.abort(new Error('client gone'));
    await expect(second).rejects.toThrow('client gone');
    expect(gate.queued).toBe(1);
    await yieldToEventLoop();
    t.finishAll();
    await first;
    await yieldToEventLoop();
    await yieldToEventLoop();
    t.finishAll();
    await third;
    expect(ranSecond).toBe(false);
  });

  it('work waiting outside (a streamed study waiting for its reader) gives its slot to another', async () => {
    const gate = new ComputeGate(1);
    let release!: () => void;
    const reader = new Promise<void>((r) => (release = r));
    const steps: string[] = [];
    const stream = gate.run(async () => {
      steps.push('stream chunk 1');
      await gate.outside(() => reader);
      steps.push('stream chunk 2');
    });
    await yieldToEventLoop();
    await yieldToEventLoop();
    const other = gate.run(async () => void steps.push('other study'));
    await other; // would never settle if the stream held the only slot while its reader waits
    release();
    await stream;
    expect(steps).toEqual(['stream chunk 1', 'other study', 'stream chunk 2']);
    expect(gate.queued).toBe(0);
  });
});
