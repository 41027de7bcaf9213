import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { ConflictError, ServiceUnavailableError } from '../errors.js';
import { ConfigError } from '../config.js';
import { migrationNames, sql } from './query-catalog.js';
import { parquetSource, type ObjectStoreCredentials } from './parquet-source.js';
import { readPricesFromParquet, remoteError } from './remote-store.js';

export type Params = Record<string, DuckDBValue | number | string | boolean | null>;
type JsRow = Record<string, unknown>;

/** Runs named queries from `queries/` with parameters bound by name; the only way to SQL. */
export class QueryRunner {
  constructor(protected readonly connection: DuckDBConnection) {}

  /** Rows of `queries/<name>.sql` as plain JS objects (DOUBLE -> number, VARCHAR -> string). */
  async all<T = JsRow>(name: string, params: Params = {}): Promise<T[]> {
    return (await this.read(name, params)).getRowObjectsJS() as T[];
  }

  /** Columns of the result as arrays, for large numeric results. */
  async columns<T = Record<string, unknown[]>>(name: string, params: Params = {}): Promise<T> {
    return (await this.read(name, params)).getColumnsObjectJS() as T;
  }

  async one<T = JsRow>(name: string, params: Params = {}): Promise<T | undefined> {
    return (await this.all<T>(name, params))[0];
  }

  async run(name: string, params: Params = {}): Promise<void> {
    await this.read(name, params);
  }

  private async read(name: string, params: Params) {
    try {
      return await this.connection.runAndReadAll(sql(name), params as Record<string, DuckDBValue>);
    } catch (err) {
      throw storeError(err);
    }
  }
}

/**
 * DuckDB errors a client can act on, in the app's error model: a closed database (503), a
 * write that lost a race with another (409). Everything else stays an internal error.
 */
function storeError(err: unknown): unknown {
  const message = String((err as Error)?.message ?? err);
  if (/connection disconnected|instance closed|database has been closed/i.test(message)) {
    return new ServiceUnavailableError('The database is closed or unreachable; the server may be shutting down. Try again shortly.');
  }
  if (/Duplicate key|Conflict on tuple|Transaction conflict|write-write conflict/i.test(message)) {
    return new ConflictError('Another request changed the same data at the same time; nothing was written. Retry the request.');
  }
  return err;
}

/** Where the store's data lives besides DATABASE_PATH (each from the environment, see config.ts). */
export type StoreOptions = {
  /** For DATABASE_PATH=md:<database>: the MotherDuck access token. */
  motherduckToken?: string | undefined;
  /** Daily prices from Parquet (a local folder or an s3:// r2:// https:// URL) instead of the file. */
  pricesParquet?: string | undefined;
  objectStore?: ObjectStoreCredentials | undefined;
};

/** `md:<database>` (or `motherduck:`): DuckDB attaches a MotherDuck database instead of a file. */
export const isMotherDuck = (path: string) => /^(md|motherduck):/i.test(path);

/** Thrown by `open` when another process holds the database file's write lock. */
export class DatabaseLockedError extends ConflictError {}

/**
 * The embedded DuckDB database: one instance per process, a shared connection for reads and a
 * fresh connection for each transaction (DuckDB's MVCC keeps readers consistent meanwhile).
 */
export class DuckDbStore extends QueryRunner {
  private constructor(
    private readonly instance: DuckDBInstance,
    connection: DuckDBConnection,
    readonly path: string,
  ) {
    super(connection);
  }

  static async open(path: string, options: StoreOptions = {}): Promise<DuckDbStore> {
    const motherduck = isMotherDuck(path);
    if (motherduck && !options.motherduckToken) {
      throw new ConfigError(`DATABASE_PATH=${path} is a MotherDuck database: set MOTHERDUCK_TOKEN to an access token (MotherDuck UI -> Settings -> Access tokens).`);
    }
    if (path !== ':memory:' && !motherduck) mkdirSync(dirname(path), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, motherduck ? { motherduck_token: options.motherduckToken! } : undefined);
    } catch (err) {
      if (motherduck) throw remoteError(err, 'motherduck', `DATABASE_PATH=${path}`, [options.motherduckToken!]);
      const message = String((err as Error).message ?? err);
      const pid = /PID (\d+)/.exec(message)?.[1];
      if (/lock/i.test(message)) {
        throw new DatabaseLockedError(
          `The database ${path} is in use by another process${pid ? ` (PID ${pid})` : ''}, ` +
            'most likely a running `npm start`. DuckDB lets one process write a database file. ' +
            'Either stop that server and run this again, or let the server import the data: ' +
            'restart it with MARKET_DATA_DIR=<dir> (it imports changed files at start-up), ' +
            'or use another file with DATABASE_PATH=<path>.',
          { database: path, pid: pid ? Number(pid) : undefined },
        );
      }
      throw err;
    }
    const store = new DuckDbStore(instance, await instance.connect(), path);
    await store.run('instance-settings');
    await store.migrate();
    if (options.pricesParquet) await readPricesFromParquet(store, parquetSource(options.pricesParquet), options.objectStore);
    return store;
  }

  /** Runs `fn` in one transaction on its own connection: all of it is stored, or none. */
  async transaction<T>(fn: (tx: QueryRunner) => Promise<T>): Promise<T> {
    const connection = await this.instance.connect().catch((err: unknown) => {
      throw storeError(err);
    });
    try {
      await connection.run('BEGIN TRANSACTION');
      let result: T;
      try {
        result = await fn(new QueryRunner(connection));
      } catch (err) {
        await connection.run('ROLLBACK');
        throw err;
      }
      // A failed COMMIT (e.g. a conflict with a concurrent writer) has already rolled back.
      await connection.run('COMMIT').catch((err: unknown) => {
        throw storeError(err);
      });
      return result;
    } finally {
      connection.closeSync();
    }
  }

  /** Applies the migrations in `queries/migrations/` not yet applied, each in a transaction. */
  private async migrate(): Promise<void> {
    await this.run('schema-migrations-table');
    const applied = new Set((await this.all<{ name: string }>('applied-migrations')).map((r) => r.name));
    for (const name of migrationNames().filter((n) => !applied.has(n))) {
      await this.transaction(async (tx) => {
        await tx.run(name);
        await tx.run('record-migration', { name });
      });
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
