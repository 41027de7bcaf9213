/**
 * `npx tsx bench/events-csv.ts <n> [daily dir] > events.csv`: n distinct seeded security-events
 * (symbol,date) drawn from the real shared daily files (symbols without a leading ^, dates of
 * SPY's file leaving room for the estimation and event windows), for bulk runs of the CLI or
 * POST /v1/studies. The selection is seeded; the prices behind it are the real files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../src/stats/random.js';

const n = Number(process.argv[2] ?? 10_000);
const dir = process.argv[3] ?? new URL('../../shared/market-data/daily', import.meta.url).pathname;
const symbols = readdirSync(dir)
  .filter((f) => f.endsWith('.csv') && !f.startsWith('^') && f !== 'SPY.csv')
  .map((f) => f.slice(0, -4))
  .sort();
const dates = readFileSync(join(dir, 'SPY.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.slice(0, 10)).slice(300, -20);
const random = mulberry32(20260114);
const seen = new Set<string>();
const lines = ['symbol,date'];
while (lines.length <= n && seen.size < symbols.length * dates.length) {
  const line = `${symbols[Math.floor(random() * symbols.length)]},${dates[Math.floor(random() * dates.length)]}`;
  if (seen.has(line)) continue;
  seen.add(line);
  lines.push(line);
}
process.stdout.write(`${lines.join('\n')}\n`);
