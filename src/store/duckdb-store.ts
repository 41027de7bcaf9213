import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBConnection, DuckDBInstance, DuckDBTypeId, type DuckDBMaterializedResult, type DuckDBValue } from '@duckdb/node-api';
import { ConflictError, ServiceUnavailableError } from '../errors.js';
import { ConfigError } from '../config.js';
import { migrationNames, sql } from './query-catalog.js';
import { parquetSource, type ObjectStoreCredentials } from './parquet-source.js';
import { readPricesFromParquet, remoteError } from './remote-store.js';

export type Params = Record<string, DuckDBValue | number | string | boolean | null>;
type JsRow = Record<string, unknown>;

/** Lends a connection for one query; `release` gives it back. */
type Lease = (heavy: boolean) => Promise<{ connection: DuckDBConnection; release: () => void }>;

/** Runs named queries from `queries/` with parameters bound by name; the only way to SQL. */
export class QueryRunner {
  constructor(private readonly lease: Lease) {}

  /** A runner bound to one connection (a transaction's). */
  static on(connection: DuckDBConnection): QueryRunner {
    return new QueryRunner(async () => ({ connection, release: () => {} }));
  }

  /** Rows of `queries/<name>.sql` as plain JS objects (DOUBLE -> number, VARCHAR -> string). */
  async all<T = JsRow>(name: string, params: Params = {}): Promise<T[]> {
    return (await this.read(name, params)).getRowObjectsJS() as T[];
  }

  /** Columns of the result as arrays, for large numeric results. */
  async columns<T = Record<string, unknown[]>>(name: string, params: Params = {}): Promise<T> {
    return (await this.read(name, params)).getColumnsObjectJS() as T;
  }

  /**
   * Numeric columns straight from DuckDB's vectors into typed arrays, without boxing a value per
   * cell: DOUBLE -> Float64Array (NULL -> NaN), INTEGER and DATE (days since 1970-01-01) ->
   * Int32Array. For results of millions of rows; other column types are refused.
   */
  async typed<T extends Record<string, Float64Array | Int32Array>>(name: string, params: Params = {}): Promise<T> {
    return (await this.on(name, async (c) => typedColumns(name, await c.run(sql(name), params as Record<string, DuckDBValue>)))) as T;
  }

  async one<T = JsRow>(name: string, params: Params = {}): Promise<T | undefined> {
    return (await this.all<T>(name, params))[0];
  }

  async run(name: string, params: Params = {}): Promise<void> {
    await this.read(name, params);
  }

  private read(name: string, params: Params) {
    return this.on(name, (c) => c.runAndReadAll(sql(name), params as Record<string, DuckDBValue>));
  }

  private async on<T>(name: string, fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const { connection, release } = await this.lease(isHeavy(name));
    try {
      return await fn(connection);
    } catch (err) {
      throw storeError(err);
    } finally {
      release();
    }
  }
}

/** node-api's DuckDBValidity: `data` (a bit per row, 1 = valid) is null when the vector has no NULL (not in its typings). */
type ValidityInternals = { data: BigUint64Array | null; offset: number; itemValid(i: number): boolean };

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The rows of a chunk's vector that are NULL, read 32 rows per test (a BigInt test per row is slow). */
function* nullRows(validity: ValidityInternals, size: number): Generator<number> {
  if (!validity.data) return;
  if (validity.offset !== 0 || !LITTLE_ENDIAN) {
    for (let i = 0; i < size; i++) if (!validity.itemValid(i)) yield i;
    return;
  }
  const words = new Uint32Array(validity.data.buffer, validity.data.byteOffset, validity.data.length * 2);
  for (let w = 0; w * 32 < size; w++) {
    const bits = words[w]!;
    if (bits === 0xffffffff) continue;
    for (let b = 0, i = w * 32; b < 32 && i < size; b++, i++) if (((bits >>> b) & 1) === 0) yield i;
  }
}

function typedColumns(name: string, result: DuckDBMaterializedResult): Record<string, Float64Array | Int32Array> {
  // Each chunk fetched once: getChunk builds a new wrapper of the native chunk on every call.
  const chunks = Array.from({ length: result.chunkCount }, (_, c) => result.getChunk(c));
  const sizes = chunks.map((chunk) => chunk.rowCount);
  const rows = sizes.reduce((a, b) => a + b, 0);
  const out: Record<string, Float64Array | Int32Array> = {};
  for (let j = 0; j < result.columnCount; j++) {
    const type = result.columnTypeId(j);
    const column =
      type === DuckDBTypeId.DOUBLE ? new Float64Array(rows)
      : type === DuckDBTypeId.INTEGER || type === DuckDBTypeId.DATE ? new Int32Array(rows)
      : undefined;
    if (!column) throw new Error(`Query ${name}: column ${result.columnName(j)} is ${DuckDBTypeId[type]}; typed reads take DOUBLE, INTEGER or DATE`);
    let at = 0;
    chunks.forEach((chunk, c) => {
      const size = sizes[c]!;
      const vector = chunk.getColumnVector(j) as unknown as { items: Float64Array | Int32Array; validity: ValidityInternals };
      column.set(vector.items.subarray(0, size), at);
      for (const i of nullRows(vector.validity, size)) {
        if (column instanceof Float64Array) column[at + i] = Number.NaN;
        else throw new Error(`Query ${name}: column ${result.columnName(j)} has a NULL; typed integer columns cannot hold one`);
      }
      at += size;
    });
    out[result.columnName(j)] = column;
  }
  return out;
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
 * Connections that queries borrow in turn: a query waits (FIFO) while all are busy. Readers on
 * separate connections of one instance run side by side (DuckDB's MVCC keeps them consistent).
 */
class ConnectionLane {
  private readonly idle: DuckDBConnection[];
  private readonly waiting: ((c: DuckDBConnection) => void)[] = [];

  constructor(readonly connections: DuckDBConnection[]) {
    this.idle = [...connections];
  }

  async acquire(): Promise<{ connection: DuckDBConnection; release: () => void }> {
    const connection = this.idle.pop() ?? (await new Promise<DuckDBConnection>((resolve) => this.waiting.push(resolve)));
    let released = false;
    return {
      connection,
      release: () => {
        if (released) return;
        released = true;
        const next = this.waiting.shift();
        if (next) next(connection);
        else this.idle.push(connection);
      },
    };
  }
}

/** Queries whose SQL header says `-- Lane: heavy` (cost grows with the request) run in the heavy lane. */
function isHeavy(name: string): boolean {
  return /^-- Lane: heavy\b/m.test(sql(name));
}

/** Connections per lane: heavy queries (studies) never hold the connections cheap ones use. */
export const LANE_SIZES = { cheap: 2, heavy: 2 } as const;

/**
 * The embedded DuckDB database: one instance per process, two lanes of reader connections
 * (cheap requests such as health, catalog and prices never queue behind a computing study) and
 * a fresh connection for each transaction (DuckDB's MVCC keeps readers consistent meanwhile).
 */
export class DuckDbStore extends QueryRunner {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly lanes: { cheap: ConnectionLane; heavy: ConnectionLane },
    readonly path: string,
    /** Whether only this process writes what the store reads (not MotherDuck, not Parquet files). */
    private readonly soleWriter: boolean,
  ) {
    super((heavy) => (heavy ? lanes.heavy : lanes.cheap).acquire());
  }

  private commits = 0;

  /**
   * Counts this process's committed writes: while it is unchanged, nothing read from the store
   * has changed (DuckDB lets one process write a file). Undefined when others may write
   * (MotherDuck, Parquet): then nothing may be memoized on it.
   */
  get writeGeneration(): number | undefined {
    return this.soleWriter ? this.commits : undefined;
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
    const connect = (n: number) => Promise.all(Array.from({ length: n }, () => instance.connect()));
    const lanes = { cheap: new ConnectionLane(await connect(LANE_SIZES.cheap)), heavy: new ConnectionLane(await connect(LANE_SIZES.heavy)) };
    const store = new DuckDbStore(instance, lanes, path, !motherduck && !options.pricesParquet);
    await store.run('instance-settings');
    await store.migrate();
    if (options.pricesParquet) {
      // The Parquet view is a connection's own (TEMP): every reader connection gets it.
      for (const c of [...lanes.cheap.connections, ...lanes.heavy.connections]) {
        await readPricesFromParquet(QueryRunner.on(c), parquetSource(options.pricesParquet), options.objectStore);
      }
    }
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
        result = await fn(QueryRunner.on(connection));
      } catch (err) {
        await connection.run('ROLLBACK');
        throw err;
      }
      // A failed COMMIT (e.g. a conflict with a concurrent writer) has already rolled back.
      await connection.run('COMMIT').catch((err: unknown) => {
        throw storeError(err);
      });
      this.commits++;
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
    for (const c of [...this.lanes.cheap.connections, ...this.lanes.heavy.connections]) c.closeSync();
    this.instance.closeSync();
  }
}
