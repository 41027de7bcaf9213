/**
 * `npm run bench [-- --json]`: speed of the event-study engine, written to bench/results/latest.json.
 *  1. Full studies (market model, all tests) of 10, 1,000 and 10,000 security-events on a
 *     SYNTHETIC seeded market generated in DuckDB (queries/bench/synthetic-market.sql) and on the
 *     REAL shared data (../shared/market-data/daily, SPY as benchmark), each built into a DuckDB
 *     file by another process (bench/bench-market.ts) and opened here: security-events/s, wall and
 *     CPU seconds (process.cpuUsage: the machine is shared), the process's peak RSS so far (before
 *     and after the floor query, whose DuckDB buffers count too). "cold"
 *     is the first study of a fresh engine (closes read from DuckDB), "warm" the median of repeats.
 *  2. The floor: one hand-written DuckDB query (queries/bench/study-floor.sql) computing the same
 *     OLS fits and event-window ARs for the same events, timed in the same run, and the ratio.
 *  3. A 16-security study through the HTTP handler, computed and from the cache (p50, p99).
 * Env: BENCH_SECURITIES (3000), BENCH_DAYS (2500), BENCH_RUNS (30), BENCH_REAL (1; 0 skips real data).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listValue } from '@duckdb/node-api';
import { createApp } from '../src/app.js';
import { TradingCalendar } from '../src/domain/trading-calendar.js';
import { nodeDeps } from '../src/entry/node-deps.js';
import { DuckDbStore } from '../src/store/duckdb-store.js';
import { StudyParamsSchema } from '../src/study/params.js';
import { runStudy } from '../src/study/run-study.js';
import { mulberry32 } from '../src/stats/random.js';

const SECURITIES = Number(process.env.BENCH_SECURITIES ?? 3000);
const DAYS = Number(process.env.BENCH_DAYS ?? 2500);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const REAL = process.env.BENCH_REAL !== '0';
const SIZES = [10, 1_000, 10_000];
const WARM_RUNS = 3;
const SEED = 20260114;
const JSON_ONLY = process.argv.includes('--json');
const log = (line: string) => (JSON_ONLY ? process.stderr : process.stdout).write(`${line}\n`);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

type Timed = { wall_s: number; cpu_s: number };
async function timed(f: () => Promise<unknown>): Promise<Timed> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await f();
  const used = process.cpuUsage(cpu);
  return { wall_s: (performance.now() - start) / 1000, cpu_s: (used.user + used.system) / 1e6 };
}
const medianOf = (runs: Timed[]): Timed => ({ wall_s: median(runs.map((r) => r.wall_s)), cpu_s: median(runs.map((r) => r.cpu_s)) });
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

type Event = { symbol: string; date: string };

/** `n` distinct seeded (symbol, date) security-events. */
function pickEvents(n: number, symbols: readonly string[], dates: readonly string[], seed: number): Event[] {
  const random = mulberry32(seed);
  const seen = new Set<string>();
  const out: Event[] = [];
  while (out.length < n) {
    const e = { symbol: symbols[Math.floor(random() * symbols.length)]!, date: dates[Math.floor(random() * dates.length)]! };
    if (seen.has(`${e.symbol}@${e.date}`)) continue;
    seen.add(`${e.symbol}@${e.date}`);
    out.push(e);
  }
  return out;
}

/** Cold, warm and floor figures of full studies at each size, on one store. */
async function measure(market: string, store: DuckDbStore, benchmark: string, symbols: readonly string[]) {
  const probe = nodeDeps(store, { eventsPath: undefined }).deps;
  const dates = await probe.prices.tradingDates(benchmark);
  const calendar = new TradingCalendar(dates);
  const eligible = dates.slice(260, dates.length - 10); // room for the estimation and event windows
  const params = StudyParamsSchema.parse({ benchmark });
  const rows = [];
  for (const size of SIZES) {
    const events = pickEvents(size, symbols, eligible, SEED + size);
    // A fresh engine: its closes cache is empty, so the first study reads them (cold).
    const deps = { ...nodeDeps(store, { eventsPath: undefined }).deps, calendar: async () => calendar };
    let ok = 0;
    const cold = await timed(async () => (ok = (await runStudy(deps, events, params)).securities.filter((s) => s.status === 'ok').length));
    const warmRuns: Timed[] = [];
    for (let i = 0; i < WARM_RUNS; i++) warmRuns.push(await timed(() => runStudy(deps, events, params)));
    const warm = medianOf(warmRuns);
    const studyPeak = peakRssMb(); // before the floor query's own buffers
    const floorRuns: Timed[] = [];
    let floorRows = 0;
    for (let i = 0; i < WARM_RUNS; i++) {
      floorRuns.push(
        await timed(async () => {
          const r = await store.typed<{ k: Int32Array }>('bench/study-floor', {
            symbols: listValue(events.map((e) => e.symbol)),
            benchmarks: listValue(events.map(() => benchmark)),
            day0s: listValue(events.map((e) => e.date)),
            est_start: -250,
            est_end: -11,
            win_start: -5,
            win_end: 5,
          });
          floorRows = r.k.length;
        }),
      );
    }
    const floor = medianOf(floorRuns);
    const row = {
      market,
      events: size,
      ok,
      cold: { ...cold, events_per_s: size / cold.wall_s },
      warm: { ...warm, events_per_s: size / warm.wall_s },
      floor: { ...floor, rows: floorRows },
      warm_over_floor_wall: warm.wall_s / floor.wall_s,
      warm_over_floor_cpu: warm.cpu_s / floor.cpu_s,
      peak_rss_mb_after_study: studyPeak,
      peak_rss_mb_after_floor: peakRssMb(),
    };
    rows.push(row);
    log(
      `${market.padEnd(9)} ${String(size).padStart(6)} events (${ok} ok): cold ${cold.wall_s.toFixed(2)} s wall / ${cold.cpu_s.toFixed(2)} s CPU; ` +
        `warm ${warm.wall_s.toFixed(2)} s / ${warm.cpu_s.toFixed(2)} s CPU (${Math.round(size / warm.wall_s)} events/s); ` +
        `floor ${floor.wall_s.toFixed(2)} s / ${floor.cpu_s.toFixed(2)} s CPU; warm/floor ${(warm.wall_s / floor.wall_s).toFixed(2)}x wall, ${(warm.cpu_s / floor.cpu_s).toFixed(2)}x CPU; ` +
        `peak RSS ${studyPeak} MB after the study, ${row.peak_rss_mb_after_floor} MB after the floor`,
    );
  }
  return rows.map((r) => JSON.parse(JSON.stringify(r, (_k, v) => (typeof v === 'number' ? round(v) : v))));
}

const results: Record<string, unknown> = { started: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length };

// The databases are DuckDB files built by another process (bench/bench-market.ts): the peak RSS
// reported is the studies', as a server opening its file would see it.
const workDir = mkdtempSync(join(tmpdir(), 'market-impact-bench-'));
function benchMarket(kind: 'synthetic' | 'real', ...args: (string | number)[]): { seconds: number; symbols: string[] } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./bench-market.ts', import.meta.url)), kind, ...args.map(String)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.toString().trim().split('\n').at(-1)!);
}

// 1-2. Synthetic market.
const built = benchMarket('synthetic', join(workDir, 'synthetic.duckdb'), SEED, SECURITIES, DAYS);
const synthetic = await DuckDbStore.open(join(workDir, 'synthetic.duckdb'));
log(`synthetic market (SYNTHETIC, seeded): ${SECURITIES} securities x ${DAYS} days, generated in ${built.seconds.toFixed(1)} s (another process); peak RSS ${peakRssMb()} MB after opening it`);
const synSymbols = Array.from({ length: SECURITIES }, (_, i) => `SYN${String(i + 1).padStart(5, '0')}`);
results.synthetic = { securities: SECURITIES, days: DAYS, studies: await measure('synthetic', synthetic, 'SYNMKT', synSymbols) };

// 3. The HTTP handler on the synthetic market: computed (a fresh app) and cached.
{
  const { deps: base } = nodeDeps(synthetic, { eventsPath: undefined });
  const dates = await base.prices.tradingDates('SYNMKT');
  const calendar = new TradingCalendar(dates);
  const deps = { ...base, calendar: async () => calendar };
  const day = dates[Math.floor(dates.length / 2)]!;
  const body = JSON.stringify({ benchmark: 'SYNMKT', securities: synSymbols.slice(0, 16).map((symbol) => ({ symbol, date: day })) });
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
  const summary = (xs: number[]) => ({ p50_ms: round(median(xs), 1), p99_ms: round(quantile(xs, 0.99), 1), runs: xs.length });
  results.http_16_securities = { computed: summary(computed), cached: summary(cached) };
  log(`16-security study via the HTTP handler: computed p50 ${median(computed).toFixed(1)} ms, p99 ${quantile(computed, 0.99).toFixed(1)} ms; cached p50 ${median(cached).toFixed(1)} ms, p99 ${quantile(cached, 0.99).toFixed(1)} ms`);
}
synthetic.close();

// 1-2. Real shared data.
if (REAL) {
  const dir = new URL('../../shared/market-data/daily', import.meta.url).pathname;
  const imported = benchMarket('real', join(workDir, 'real.duckdb'), dir);
  const real = await DuckDbStore.open(join(workDir, 'real.duckdb'));
  const symbols = imported.symbols.filter((s) => s !== 'SPY');
  log(`real data: ${symbols.length} symbols from ${dir}, imported in ${imported.seconds.toFixed(1)} s (another process)`);
  results.real = { symbols: symbols.length, studies: await measure('real', real, 'SPY', symbols) };
  real.close();
}

results.peak_rss_mb = peakRssMb();
rmSync(workDir, { recursive: true, force: true });
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
const text = `${JSON.stringify(results, null, 2)}\n`;
writeFileSync(new URL('./results/latest.json', import.meta.url), text);
if (JSON_ONLY) process.stdout.write(text);
else log('written to bench/results/latest.json');
