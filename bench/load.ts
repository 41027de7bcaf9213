/**
 * `npm run bench:load`: the API under 50 connections on loopback (autocannon), each scenario
 * bounded in time. The server (bench/load-server.ts) runs in a child process over real shared
 * daily files; its RSS and CPU seconds are read before and after. Prints a table and writes
 * the figures as JSON (BENCH_LOAD_OUT, default <os tmpdir>/market-impact-bench-load.json).
 *   BENCH_LOAD_SECONDS (10) per scenario, BENCH_LOAD_CONNECTIONS (50).
 */
import autocannon, { type Result } from 'autocannon';
import { writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEADLINE, PRICE_PROVIDER, SERVER_NODE_OPTIONS, mb, startLoadServer, type ServerStats as Stats } from './load-harness.js';

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 50);
const OUT = process.env.BENCH_LOAD_OUT ?? join(tmpdir(), 'market-impact-bench-load.json');

const { base, stats, stop } = await startLoadServer();

// Every uncached request asks for another estimation window (7,000 of them, more than any run
// sends), so no two share a cache entry.
let variant = 0;
const nextWindow = () => {
  const v = variant++;
  return `estimation=${-250 - (v % 700)},${-11 - (Math.floor(v / 700) % 10)}`;
};
const uncached = { setupRequest: (req: { path?: string }) => ({ ...req, path: `${HEADLINE}?${nextWindow()}` }) };

type Scenario = { name: string; requests: { path?: string; setupRequest?: typeof uncached.setupRequest }[]; connections?: number };
const scenarios: Scenario[] = [
  { name: 'GET /health', requests: [{ path: '/health' }] },
  { name: 'GET / (the page)', requests: [{ path: '/' }] },
  { name: 'GET /v1/prices/PANW', requests: [{ path: '/v1/prices/PANW' }] },
  { name: 'GET headline study (cached)', requests: [{ path: HEADLINE }] },
  { name: 'GET headline study (uncached: a new estimation window each time)', requests: [uncached] },
];

function row(name: string, r: Result, wall: number, cpu: number, loop: Stats) {
  const codes = Object.fromEntries(Object.entries(r.statusCodeStats).map(([k, v]) => [k, v.count]));
  return {
    scenario: name,
    connections: CONNECTIONS,
    seconds: r.duration,
    requests: r.requests.total,
    throughput_rps: Math.round((r.requests.total / r.duration) * 10) / 10,
    latency_p50_ms: r.latency.p50,
    latency_p99_ms: r.latency.p99,
    errors: r.errors,
    timeouts: r.timeouts,
    status_codes: codes,
    server_cpu_seconds: Math.round(cpu * 10) / 10,
    loop_delay_p99_ms: loop.loopDelayP99Ms,
    loop_delay_max_ms: loop.loopDelayMaxMs,
    wall_seconds: Math.round(wall * 10) / 10,
  };
}

const run = (requests: Scenario['requests'], connections = CONNECTIONS) =>
  autocannon({ url: base, connections, duration: SECONDS, timeout: 30, requests });

/**
 * Studies whose clients autocannon has just left may still be finishing a stage on the server;
 * the next scenario must not measure that backlog: wait until /health answers promptly.
 */
async function drain(limitMs = 120_000): Promise<void> {
  const until = performance.now() + limitMs;
  while (performance.now() < until) {
    const t0 = performance.now();
    await fetch(`${base}/health`).then((r) => r.arrayBuffer());
    if (performance.now() - t0 < 100) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

await run([{ path: HEADLINE }], 1).catch(() => undefined); // warm-up: calendar, cache, JIT
const before = await stats();
type Row = ReturnType<typeof row> & { cpu_ms_per_request?: number; cpu_vs_health?: number };
const rows: Row[] = [];
for (const s of scenarios) {
  const t0 = performance.now();
  const c0 = (await stats()).cpuSeconds;
  const r = await run(s.requests);
  const after = await stats();
  rows.push(row(s.name, r, (performance.now() - t0) / 1000, after.cpuSeconds - c0, after));
  await drain();
}
// Server CPU per request of each route alone, and against /health's in the same run (the
// baseline: the machine is shared, and a ratio travels better than milliseconds).
const perRequest = (r: Row) => (r.server_cpu_seconds * 1000) / Math.max(1, r.requests);
const health = perRequest(rows[0]!);
for (const r of rows) {
  r.cpu_ms_per_request = Math.round(perRequest(r) * 1000) / 1000;
  r.cpu_vs_health = Math.round((perRequest(r) / health) * 10) / 10;
}
// Cheap requests while studies compute: 10 connections of uncached studies beside 20 of /health
// and 20 of the cached headline study.
{
  const t0 = performance.now();
  const c0 = (await stats()).cpuSeconds;
  const [studies, health, cached] = await Promise.all([run([uncached], 10), run([{ path: '/health' }], 20), run([{ path: HEADLINE }], 20)]);
  const after = await stats();
  const [cpu, wall] = [after.cpuSeconds - c0, (performance.now() - t0) / 1000];
  rows.push({ ...row('GET /health while uncached studies run (beside)', health, wall, cpu, after), connections: 20 });
  rows.push({ ...row('GET headline study, cached, while uncached studies run (beside)', cached, wall, cpu, after), connections: 20 });
  rows.push({ ...row('GET uncached studies (beside /health and cached)', studies, wall, cpu, after), connections: 10 });
  await drain();
}
const after = await stats();
stop();

const report = {
  generated_at: new Date().toISOString(),
  node: process.version,
  server_node_options: SERVER_NODE_OPTIONS.join(' '),
  price_provider: PRICE_PROVIDER,
  cpus: cpus().length,
  cpu_model: cpus()[0]?.model,
  seconds_per_scenario: SECONDS,
  rss_mb_before: mb(before.rss),
  rss_mb_after: mb(after.rss),
  server_cpu_seconds_total: Math.round((after.cpuSeconds - before.cpuSeconds) * 10) / 10,
  scenarios: rows,
};
writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
console.table(rows.map((r) => ({ scenario: r.scenario, conns: r.connections, 'req/s': r.throughput_rps, 'p50 ms': r.latency_p50_ms, 'p99 ms': r.latency_p99_ms, errors: r.errors, timeouts: r.timeouts, 'cpu s': r.server_cpu_seconds, 'wall s': r.wall_seconds, 'cpu ms/req': r.cpu_ms_per_request ?? '', '× /health': r.cpu_vs_health ?? '', 'loop p99 ms': r.loop_delay_p99_ms, 'loop max ms': r.loop_delay_max_ms })));
console.log(`server RSS ${report.rss_mb_before} MB before, ${report.rss_mb_after} MB after; server CPU ${report.server_cpu_seconds_total} s; written to ${OUT}`);
