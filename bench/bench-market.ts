/**
 * Builds one of `npm run bench`'s databases in its own process, into a DuckDB file, so that the
 * bench's peak RSS is what its studies use, not what generating or importing the data took.
 *   tsx bench/bench-market.ts synthetic <file> <seed> <securities> <days>
 *   tsx bench/bench-market.ts real <file> <daily directory>
 * Prints a JSON line: { seconds, symbols } (real: the imported symbols).
 */
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbStore } from '../src/store/duckdb-store.js';
import { importDirectory } from '../src/store/import-directory.js';

const [kind, file, ...args] = process.argv.slice(2);
const t0 = performance.now();
const store = await DuckDbStore.open(file!);
let symbols: string[] = [];
if (kind === 'synthetic') {
  const [seed, securities, days] = args.map(Number);
  await store.run('bench/synthetic-market', { seed: seed!, securities: securities!, days: days! });
} else if (kind === 'real') {
  // Only the daily files (a temporary directory linking to them), not the intraday bars.
  const only = mkdtempSync(join(tmpdir(), 'bench-daily-'));
  symlinkSync(args[0]!, join(only, 'daily'));
  const report = await importDirectory(store, only);
  rmSync(only, { recursive: true });
  symbols = report.files.filter((f) => f.status !== 'failed').map((f) => f.symbol);
} else {
  throw new Error(`bench-market: unknown kind ${kind} (synthetic | real)`);
}
store.close();
process.stdout.write(`${JSON.stringify({ seconds: (performance.now() - t0) / 1000, symbols })}\n`);
