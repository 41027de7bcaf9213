import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';
import { DuckDbStore } from '../../src/store/duckdb-store.js';
import { ROOT } from '../helpers/paths.js';
import { makeTempDir } from '../helpers/tmp.js';

/**
 * DATABASE_PATH=md:<db> with MOTHERDUCK_TOKEN: DuckDB's own MotherDuck attach. Offline, the
 * motherduck extension cannot be downloaded, so these check the path up to that point; the live
 * test runs only where MOTHERDUCK_TOKEN (and MOTHERDUCK_TEST_DATABASE) are set.
 */
const TOKEN = 'md-test-token-that-must-never-be-printed';

describe('MotherDuck (DATABASE_PATH=md:<database>)', () => {
  it('asks for MOTHERDUCK_TOKEN before touching the network', async () => {
    const err = await DuckDbStore.open('md:market').then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/DATABASE_PATH=md:market .*set MOTHERDUCK_TOKEN/);
  });

  it('hands md: to DuckDB with the token and says how to get the extension when it cannot load', async () => {
    const cwd = makeTempDir('market-md-');
    const previous = process.cwd();
    process.chdir(cwd); // a file path would create folders here; md: must not
    let err: unknown;
    try {
      err = await DuckDbStore.open('md:market', { motherduckToken: TOKEN }).then(() => undefined, (e: unknown) => e);
    } finally {
      process.chdir(previous);
    }
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    expect(message).toMatch(/DATABASE_PATH=md:market/);
    expect(message).toMatch(/motherduck/i);
    expect(message).not.toContain(TOKEN);
    expect(existsSync(join(cwd, 'md:market'))).toBe(false);
  });

  it('reads the token from the environment and never prints it (npm start exits with the reason)', () => {
    expect(parseConfig({ DATABASE_PATH: 'md:market', MOTHERDUCK_TOKEN: TOKEN }).store.motherduckToken).toBe(TOKEN);
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/entry/node.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_PATH: 'md:market', MOTHERDUCK_TOKEN: TOKEN, PORT: '0', PRICE_PROVIDER: 'none' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/DATABASE_PATH=md:market/);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  it.skipIf(!process.env.MOTHERDUCK_TOKEN || !process.env.MOTHERDUCK_TEST_DATABASE)('live: migrates and answers on MotherDuck', async () => {
    const store = await DuckDbStore.open(`md:${process.env.MOTHERDUCK_TEST_DATABASE}`, { motherduckToken: process.env.MOTHERDUCK_TOKEN });
    try {
      expect(await store.one('store-status')).toMatchObject({ intraday_bars: expect.any(Number) });
    } finally {
      store.close();
    }
  });
});
