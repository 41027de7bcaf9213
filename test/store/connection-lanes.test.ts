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
