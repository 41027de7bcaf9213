import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { StudyCache, fingerprint } from '../../src/study/study-cache.js';

const value = (bytes: number) => ({ bytes });
const cacheOf = (maxBytes: number) => new StudyCache<{ bytes: number }>({ maxBytes, weigh: (v) => v.bytes });

describe('StudyCache', () => {
  it('evicts the least recently used entries until the total fits in its byte budget', async () => {
    const cache = cacheOf(100);
    let computed = 0;
    const get = (key: string, bytes: number) => cache.getOrCompute(key, async () => (computed++, value(bytes)));
    await get('a', 20);
    await get('b', 20);
    await get('c', 20);
    await get('a', 20); // a is now the most recent
    await get('d', 25);
    expect(cache.bytes).toBe(85);
    await get('e', 20); // 105 > 100: b (least recent) goes
    expect(cache.bytes).toBe(85);
    expect(computed).toBe(5);
    await get('a', 20);
    await get('c', 20);
    expect(computed).toBe(5);
    await get('b', 20);
    expect(computed).toBe(6);
  });

  it('shares one computation between concurrent callers, keeps no failure and no oversized value', async () => {
    const cache = cacheOf(100);
    let calls = 0;
    let release!: (v: { bytes: number }) => void;
    const slow = () => (calls++, new Promise<{ bytes: number }>((r) => (release = r)));
    const both = Promise.all([cache.getOrCompute('k', slow), cache.getOrCompute('k', slow)]);
    release(value(10));
    expect(await both).toEqual([value(10), value(10)]);
    expect(calls).toBe(1);

    await expect(cache.getOrCompute('bad', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.getOrCompute('bad', async () => value(1))).toEqual(value(1));

    await cache.getOrCompute('huge', async () => value(26)); // over a quarter of the budget
    expect(cache.size).toBe(2);
    expect(cache.bytes).toBe(11);
  });

  it('keeps only what `keepable` allows (a premarket result with a live quote), sharing it with concurrent callers', async () => {
    const cache = new StudyCache<{ live: boolean; n: number }>({ maxBytes: 100, weigh: () => 1, keepable: (v) => !v.live });
    let computed = 0;
    const get = (live: boolean) => cache.getOrCompute(String(live), async () => ({ live, n: ++computed }));
    const [a, b] = await Promise.all([get(true), get(true)]);
    expect(a).toBe(b); // one computation for both
    expect((await get(true)).n).toBe(2); // not kept: computed again
    expect((await get(false)).n).toBe(3);
    expect((await get(false)).n).toBe(3); // kept
    expect(cache.size).toBe(1);
  });

  it("asks for a caller's signal only when the caller has to wait (a hit needs none)", async () => {
    const cache = cacheOf(100);
    let asked = 0;
    const signal = () => (asked++, new AbortController().signal);
    await cache.getOrCompute('k', async () => value(1), signal);
    expect(asked).toBe(1);
    await cache.getOrCompute('k', async () => value(1), signal);
    expect(asked).toBe(1);
  });
});

describe('fingerprint', () => {
  it("is the SHA-256 of the value's JSON, for short (remembered) and long texts, first time and again", async () => {
    const sha = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex');
    const short = { key: { event: 'e', params: { window: [-1, 1] } }, dataVersion: '7' };
    const long = { securities: Array.from({ length: 500 }, (_, i) => ({ symbol: `S${i}`, date: '2026-01-14' })) };
    expect(JSON.stringify(long).length).toBeGreaterThan(4096);
    for (const v of [short, long, short, long]) expect(await fingerprint(v)).toBe(sha(v));
    expect(await fingerprint({ ...short, dataVersion: '8' })).toBe(sha({ ...short, dataVersion: '8' }));
  });
});
