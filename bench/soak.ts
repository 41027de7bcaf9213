/**
 * `npm run bench:soak`: is the server's memory flat under a long mixed load (issue #14: RSS within
 * 10% over 100,000 requests after warm-up)? The server of bench:load (real shared daily files,
 * child process, npm start's Node options) gets a warm-up of BENCH_SOAK_WARMUP (50,000) requests
 * (the pooled studies computed, and V8's heap sized for the load), then BENCH_SOAK_REQUESTS
 * (100,000) at BENCH_LOAD_CONNECTIONS (50), in a fixed mix: health, the page, the catalog, prices,
 * the headline study as JSON, CSV and SVG, the premarket study, and studies over a pool of 300
 * estimation windows (a bounded set of distinct questions, as real users ask; each is computed
 * once in the warm-up and cached after). RSS is sampled every second, in the warm-up too. Writes JSON
 * (BENCH_SOAK_OUT, default <os tmpdir>/market-impact-bench-soak.json).
 */
import autocannon from 'autocannon';
import { writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEADLINE, SERVER_NODE_OPTIONS, mb, startLoadServer } from './load-harness.js';

const WARMUP = Number(process.env.BENCH_SOAK_WARMUP ?? 50_000);
const REQUESTS = Number(process.env.BENCH_SOAK_REQUESTS ?? 100_000);
const CONNECTIONS = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 50);
const OUT = process.env.BENCH_SOAK_OUT ?? join(tmpdir(), 'market-impact-bench-soak.json');
const WINDOWS = 300;

/** Paths per 100 requests. */
const MIX: [string | (() => string), number][] = [
  ['/health', 28],
  ['/', 10],
  ['/v1/events', 10],
  ['/v1/prices/PANW?from=2025-12-01&to=2026-02-27', 5],
  [HEADLINE, 25],
  [`${HEADLINE}?format=csv&table=cars`, 8],
  [`${HEADLINE}?format=svg`, 3],
  ['/v1/events/china-cybersecurity-software-ban-2026/premarket?path=false', 2],
  [() => `${HEADLINE}?estimation=${-250 - (pooled++ % WINDOWS)},-11`, 9],
];
let pooled = 0;
const cycle = MIX.flatMap(([path, n]) => Array.from({ length: n }, () => path));
let next = 0;
const mixed = {
  setupRequest: (req: { path?: string }) => {
    const p = cycle[next++ % cycle.length]!;
    return { ...req, path: typeof p === 'function' ? p() : p };
  },
};

const { base, stats, stop } = await startLoadServer();
const run = (amount: number) => autocannon({ url: base, connections: CONNECTIONS, amount, timeout: 30, requests: [mixed] });

const t0 = performance.now();
type Sample = { phase: 'warm-up' | 'soak'; seconds: number; rss_mb: number; heap_used_mb: number; heap_total_mb: number; external_mb: number };
const samples: Sample[] = [];
let phase: Sample['phase'] = 'warm-up';
const sampler = setInterval(() => {
  const at = phase;
  void stats().then((s) => samples.push({ phase: at, seconds: Math.round((performance.now() - t0) / 100) / 10, rss_mb: mb(s.rss), heap_used_mb: mb(s.heapUsed), heap_total_mb: mb(s.heapTotal), external_mb: mb(s.external) }));
}, 1_000);
const warm = await run(WARMUP);
const afterWarmup = await stats();
phase = 'soak';
const soak = await run(REQUESTS);
clearInterval(sampler);
const end = await stats();
stop();

const soaked = samples.filter((s) => s.phase === 'soak');
const maxRss = Math.max(end.rss, ...soaked.map((s) => s.rss_mb * 1e6));
const minRss = Math.min(end.rss, ...soaked.map((s) => s.rss_mb * 1e6));
const codes = Object.fromEntries(Object.entries(soak.statusCodeStats).map(([k, v]) => [k, v.count]));
const report = {
  generated_at: new Date().toISOString(),
  node: process.version,
  server_node_options: SERVER_NODE_OPTIONS.join(' '),
  cpus: cpus().length,
  connections: CONNECTIONS,
  warmup_requests: warm.requests.total,
  requests: soak.requests.total,
  seconds: soak.duration,
  throughput_rps: Math.round((soak.requests.total / soak.duration) * 10) / 10,
  latency_p50_ms: soak.latency.p50,
  latency_p99_ms: soak.latency.p99,
  errors: soak.errors + warm.errors,
  timeouts: soak.timeouts + warm.timeouts,
  status_codes: codes,
  server_cpu_seconds: Math.round((end.cpuSeconds - afterWarmup.cpuSeconds) * 10) / 10,
  rss_mb_after_warmup: mb(afterWarmup.rss),
  rss_mb_min: mb(minRss),
  rss_mb_max: mb(maxRss),
  rss_mb_end: mb(end.rss),
  rss_growth_end_pct: Math.round(((end.rss - afterWarmup.rss) / afterWarmup.rss) * 1000) / 10,
  rss_growth_max_pct: Math.round(((maxRss - afterWarmup.rss) / afterWarmup.rss) * 1000) / 10,
  samples,
};
writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
const { samples: _samples, ...summary } = report;
console.log(summary);
console.log(`RSS ${report.rss_mb_after_warmup} MB after warm-up, ${report.rss_mb_min}-${report.rss_mb_max} MB during the soak, ${report.rss_mb_end} MB at the end (${report.rss_growth_end_pct}%); written to ${OUT}`);
