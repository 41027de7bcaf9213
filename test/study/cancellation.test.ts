/**
 * Work nobody waits for stops: a shared computation is aborted only when every caller waiting
 * for it has gone, and an aborted study stops before fitting.
 */
import { describe, expect, it } from 'vitest';
import { StudyCache } from '../../src/study/study-cache.js';

describe('cancellation', () => {
  it('aborts a shared computation only once every waiting caller has gone', async () => {
    const cache = new StudyCache<number>();
    let seen: AbortSignal | undefined;
    let finish!: (v: number) => void;
    const compute = (signal: AbortSignal) => ((seen = signal), new Promise<number>((r) => (finish = r)));
    const [a, b] = [new AbortController(), new AbortController()];
    const first = cache.getOrCompute('k', compute, () => a.signal);
    const second = cache.getOrCompute('k', compute, () => b.signal);
    a.abort();
    expect(seen!.aborted).toBe(false); // b still waits
    b.abort();
    expect(seen!.aborted).toBe(true);
    finish(1);
    expect(await Promise.all([first, second])).toEqual([1, 1]);
  });

  it('leaves a computation alone for callers without a signal', async () => {
    const cache = new StudyCache<number>();
    let seen: AbortSignal | undefined;
    const a = new AbortController();
    const p1 = cache.getOrCompute('k', async (s) => ((seen = s), 2), () => a.signal);
    const p2 = cache.getOrCompute('k', async () => 3);
    a.abort();
    expect(await p1).toBe(2);
    expect(await p2).toBe(2);
    expect(seen!.aborted).toBe(false);
  });
});

describe('a study whose client has gone', () => {
  it('stops before fitting and is not logged as a failure', async () => {
    const { appWithSharedSubset } = await import('../helpers/app.js');
    const { createApp } = await import('../../src/app.js');
    const { nodeDeps } = await import('../../src/entry/node-deps.js');
    const t = await appWithSharedSubset();
    const deps = nodeDeps(t.store, { eventsPath: undefined }).deps;
    let fitted = 0;
    const logs: Record<string, unknown>[] = [];
    const app = createApp({ ...deps, series: { aligned: (p, r) => ((fitted += p.length), deps.series.aligned(p, r)) }, log: (l) => logs.push(l) });
    const gone = new AbortController();
    gone.abort();
    const res = await app.request(
      new Request('http://x/v1/studies', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ benchmark: 'SPY', securities: [{ symbol: 'PANW', date: '2026-01-14' }] }),
        signal: gone.signal,
      }),
    );
    expect(res.status).toBe(499);
    expect(fitted).toBe(0);
    expect(logs.filter((l) => l.level === 'error')).toEqual([]);
    t.store.close();
  });
});
