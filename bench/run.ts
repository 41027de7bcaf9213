/**
 * `npm run bench`: speed of the event-study engine on a SYNTHETIC seeded market generated in
 * DuckDB (queries/bench/synthetic-market.sql); no real data involved.
 *  1. a bulk study of 10,000 security-events (each at its own random date) with all tests;
 *  2. a 16-security event study end to end through the HTTP handler (median of repeated runs).
 * Env: BENCH_SECURITIES (3000), BENCH_DAYS (2500), BENCH_EVENTS (10000), BENCH_RUNS (30).
 */
import { createApp } from '../src/app.js';
import { TradingCalendar } from '../src/domain/trading-calendar.js';
import { nodeDeps } from '../src/entry/node-deps.js';
import { DuckDbStore } from '../src/store/duckdb-store.js';
import { StudyParamsSchema } from '../src/study/params.js';
import { runStudy } from '../src/study/run-study.js';
import { mulberry32 } from '../src/stats/random.js';

const SECURITIES = Number(process.env.BENCH_SECURITIES ?? 3000);
const DAYS = Number(process.env.BENCH_DAYS ?? 2500);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const SEED = 20260114;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const t0 = performance.now();
const store = await DuckDbStore.open(':memory:');
await store.run('bench/synthetic-market', { seed: SEED, securities: SECURITIES, days: DAYS });
const generated = performance.now() - t0;
const { deps: base } = nodeDeps(store, { eventsPath: undefined });
const dates = await base.prices.tradingDates('SYNMKT');
const calendar = new TradingCalendar(dates);
const deps = { ...base, calendar: async () => calendar };
const status = await deps.prices.status();
console.log(`synthetic market: ${SECURITIES} securities x ${dates.length} days = ${status.daily_rows} rows, generated in ${(generated / 1000).toFixed(1)} s`);

const random = mulberry32(SEED);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
const eligible = dates.slice(260, dates.length - 10); // room for estimation and event windows
const symbol = () => `SYN${String(1 + Math.floor(random() * SECURITIES)).padStart(5, '0')}`;
const params = StudyParamsSchema.parse({ benchmark: 'SYNMKT' });

// 1. Bulk study: distinct (symbol, date) pairs.
const seen = new Set<string>();
const bulk: { symbol: string; date: string }[] = [];
while (bulk.length < EVENTS) {
  const e = { symbol: symbol(), date: pick(eligible) };
  if (!seen.has(`${e.symbol}@${e.date}`)) {
    seen.add(`${e.symbol}@${e.date}`);
    bulk.push(e);
  }
}
const bulkTimes: number[] = [];
for (let i = 0; i < 3; i++) {
  const start = performance.now();
  const result = await runStudy(deps, bulk, params);
  bulkTimes.push(performance.now() - start);
  if (i === 0) {
    const ok = result.securities.filter((s) => s.status === 'ok').length;
    console.log(`bulk study: ${ok}/${EVENTS} security-events ok, portfolio rbar from ${result.portfolio.rbar_pairs} pairs`);
  }
}
console.log(`bulk study of ${EVENTS} security-events, all tests: median ${(median(bulkTimes) / 1000).toFixed(2)} s (runs: ${bulkTimes.map((t) => (t / 1000).toFixed(2)).join(', ')})`);

// 2. One 16-security event through the HTTP handler: computed (a fresh app, so its study cache
//    is empty) and served from the in-process cache (same app, same request).
const day = pick(eligible);
const body = JSON.stringify({ benchmark: 'SYNMKT', securities: Array.from({ length: 16 }, (_, i) => ({ symbol: `SYN${String(i + 1).padStart(5, '0')}`, date: day })) });
const post = async (app: ReturnType<typeof createApp>) => {
  const start = performance.now();
  const res = await app.request('/v1/studies', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  await res.text();
  if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  return performance.now() - start;
};
const computed: number[] = [];
const cached: number[] = [];
const warm = createApp(deps);
for (let i = 0; i < RUNS + 3; i++) {
  const time = await post(createApp(deps));
  if (i >= 3) computed.push(time); // the first runs warm up the JIT
}
await post(warm);
for (let i = 0; i < RUNS; i++) cached.push(await post(warm));
const summary = (xs: number[]) => `median ${median(xs).toFixed(1)} ms over ${xs.length} runs (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)})`;
console.log(`16-security event study via HTTP handler, computed: ${summary(computed)}`);
console.log(`16-security event study via HTTP handler, cache hit: ${summary(cached)}`);
store.close();
