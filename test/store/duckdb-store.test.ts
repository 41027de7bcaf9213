/**
 * DuckDbStore: migrations, transactions and the one-writer-process lock.
 * Fixtures are SYNTHETIC (made-up prices).
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/errors.js';
import { DatabaseLockedError, DuckDbStore } from '../../src/store/duckdb-store.js';
import { importDirectory } from '../../src/store/import-directory.js';
import { migrationNames } from '../../src/store/query-catalog.js';
import { DAILY_HEADER, csv, writeMarketDir } from '../helpers/fixtures.js';
import { runCli } from '../helpers/cli.js';
import { dailySummary, memoryStore, rawRows } from '../helpers/store.js';
import { makeTempDir, removeTempDirs } from '../helpers/tmp.js';

afterAll(removeTempDirs);

const SYNTHETIC = csv(DAILY_HEADER, ['2026-01-02,10,11,9,10.5', '2026-01-05,10.5,11.5,10,11']);

describe('DuckDbStore', () => {
  it('applies the migrations once, and a re-opened file keeps its data and ledger', async () => {
    const path = join(makeTempDir(), 'nested', 'market.duckdb'); // parent directory created on open
    const first = await DuckDbStore.open(path);
    expect(migrationNames()).toContain('migrations/001-initial-schema');
    expect((await first.all<{ name: string }>('applied-migrations')).map((r) => r.name)).toEqual(migrationNames());
    await importDirectory(first, writeMarketDir({ daily: { ACME: SYNTHETIC } }));
    first.close();

    const second = await DuckDbStore.open(path);
    expect((await second.all<{ name: string }>('applied-migrations')).map((r) => r.name)).toEqual(migrationNames());
    expect(await dailySummary(second, 'ACME')).toEqual({
      rows: 2,
      first_date: '2026-01-02',
      last_date: '2026-01-05',
    });
    second.close();
  });

  it('rolls a transaction back when its function throws, and rethrows', async () => {
    const store = await memoryStore();
    const boom = new Error('boom');
    await expect(
      store.transaction(async (tx) => {
        await tx.run('record-migration', { name: 'migrations/999-test' });
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect((await store.all<{ name: string }>('applied-migrations')).map((r) => r.name)).toEqual(migrationNames());
    // A committed transaction is visible on the shared connection.
    await store.transaction((tx) => tx.run('record-migration', { name: 'migrations/999-test' }));
    expect(await rawRows(store, "SELECT name FROM schema_migrations WHERE name = 'migrations/999-test'")).toHaveLength(1);
    store.close();
  });

  it('open() of a file another process holds: a child `cli import` exits non-zero naming the lock', async () => {
    const path = join(makeTempDir(), 'locked.duckdb');
    const dir = writeMarketDir({ daily: { ACME: SYNTHETIC } });
    const store = await DuckDbStore.open(path);
    try {
      const locked = await runCli(['import', dir], { DATABASE_PATH: path });
      expect(locked.code).not.toBe(0);
      expect(locked.stderr).toContain('in use by another process');
      expect(locked.stderr).toContain(`(PID ${process.pid})`);
      expect(locked.stderr).toContain('DATABASE_PATH');
      // Nothing was written by the child.
      expect(await dailySummary(store, 'ACME')).toBeUndefined();
    } finally {
      store.close();
    }
    // Control: with the lock released the same command succeeds.
    const free = await runCli(['import', dir], { DATABASE_PATH: path });
    expect(free.stderr).not.toContain('in use by another process');
    expect(free.code).toBe(0);
    expect(free.stdout).toMatch(/1 imported \(2 rows\)/);
  });

  it('DatabaseLockedError is a 409 ConflictError', () => {
    const err = new DatabaseLockedError('locked', { database: 'x', pid: 1 });
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.status).toBe(409);
    expect(err.extra).toEqual({ database: 'x', pid: 1 });
  });
});
