/**
 * The store's connection lanes: a study's heavy queries never hold the connections that cheap
 * queries (health, catalog, prices) use. Deterministic: the heavy lane is held by the test.
 */
import { listValue } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { LANE_SIZES } from '../../src/store/duckdb-store.js';
import { memoryStore } from '../helpers/store.js';

type Lease = { release: () => void };
type Lanes = { heavy: { acquire(): Promise<Lease> } };

describe('connection lanes', () => {
  it('answers cheap queries while every heavy connection is busy, and queues heavy ones until one is free', async () => {
    const store = await memoryStore();
    const lanes = (store as unknown as { lanes: Lanes }).lanes;
    const held = await Promise.all(Array.from({ length: LANE_SIZES.heavy }, () => lanes.heavy.acquire()));

    // Cheap: answers although no heavy connection is free.
    expect(await store.one<{ daily_rows: number }>('store-status')).toMatchObject({ daily_rows: 0 });

    // Heavy: waits for a connection.
    let heavyDone = false;
    const heavy = store
      .columns('study-abnormal-returns', {
        keys: listValue(['K']), symbols: listValue(['X']), benchmarks: listValue(['SPY']), day0s: listValue(['2026-01-14']),
        log: false, model: 'market', est_start: -250, est_end: -11, win_start: -5, win_end: 5,
      })
      .then(() => (heavyDone = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(heavyDone).toBe(false);
    held[0]!.release();
    await heavy;
    expect(heavyDone).toBe(true);
    held.slice(1).forEach((h) => h.release());
    store.close();
  });
});

describe('store status and data version between writes', () => {
  it('are computed once per write and follow every committed write', async () => {
    const { StorePriceReader } = await import('../../src/store/store-price-reader.js');
    const { importDirectory } = await import('../../src/store/import-directory.js');
    const { sharedSubset } = await import('../helpers/fixtures.js');
    const store = await memoryStore();
    const reader = new StorePriceReader(store, () => store.writeGeneration);
    const before = { status: await reader.status(), version: await reader.dataVersion(), generation: store.writeGeneration };
    expect(await reader.status()).toEqual(before.status); // reused: same generation
    expect(before.status.daily_rows).toBe(0);
    expect((await reader.securities(['SPY'])).size).toBe(0);
    await importDirectory(store, sharedSubset(['SPY']));
    expect(store.writeGeneration).toBeGreaterThan(before.generation!);
    const after = await reader.status();
    expect(after.daily_rows).toBeGreaterThan(2000);
    expect(await reader.dataVersion()).not.toBe(before.version);
    const spy = (await reader.securities(['SPY', 'NOSUCH'])).get('SPY');
    expect(spy?.rows).toBe(after.daily_rows);
    await importDirectory(store, sharedSubset(['QQQ']));
    expect((await reader.securities(['SPY', 'QQQ'])).get('QQQ')?.first_date).toBe(spy?.first_date); // read again after the write
    store.close();
    await expect(reader.status()).rejects.toThrow(); // closed: the reused counts do not hide it
  });
});
