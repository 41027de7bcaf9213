import { DuckDBInstance } from '@duckdb/node-api';
const inst = await DuckDBInstance.create(':memory:');
const c = await inst.connect();
await c.run(`CREATE TABLE s (symbol VARCHAR PRIMARY KEY, exchange VARCHAR); INSERT INTO s VALUES ('A','x'); BEGIN; ALTER TABLE s ADD COLUMN exchange_name VARCHAR; COMMIT;`);
await c.run(`INSERT OR REPLACE INTO s (symbol, exchange) VALUES ('A', 'y')`);
console.log((await c.runAndReadAll(`SELECT * FROM s`)).getRowObjectsJS());
