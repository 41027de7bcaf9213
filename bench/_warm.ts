import { TradingCalendar } from '../src/domain/trading-calendar.js';
import { nodeDeps } from '../src/entry/node-deps.js';
import { DuckDbStore } from '../src/store/duckdb-store.js';
import { StudyParamsSchema } from '../src/study/params.js';
import { runStudy } from '../src/study/run-study.js';
import { mulberry32 } from '../src/stats/random.js';
const store = await DuckDbStore.open(process.env.DB ?? '/tmp/real.duckdb');
const bench = process.env.BM ?? 'SPY';
const base = nodeDeps(store, { eventsPath: undefined }).deps;
const dates = await base.prices.tradingDates(bench);
const calendar = new TradingCalendar(dates);
const deps = { ...base, calendar: async () => calendar };
const eligible = dates.slice(260, dates.length - 10);
const symbols = (await store.all<{ symbol: string }>('security-summaries', { symbols: (await import('@duckdb/node-api')).listValue(JSON.parse(process.env.SYMS ?? '[]')) })).map((r) => r.symbol);
const random = mulberry32(5);
const seen = new Set<string>(); const events: { symbol: string; date: string }[] = [];
while (events.length < 10000) { const s = symbols[Math.floor(random() * symbols.length)]!; const d = eligible[Math.floor(random() * eligible.length)]!; if (!seen.has(s + d)) { seen.add(s + d); events.push({ symbol: s, date: d }); } }
const params = StudyParamsSchema.parse({ benchmark: bench });
await runStudy(deps, events, params);
const { Session } = await import('node:inspector/promises');
const session = new Session(); session.connect();
if (process.env.PROF) { await session.post('Profiler.enable'); await session.post('Profiler.start'); }
for (let i = 0; i < 3; i++) {
  const c0 = process.cpuUsage(); const t0 = performance.now();
  await runStudy(deps, events, params);
  const c = process.cpuUsage(c0);
  console.log('warm wall', ((performance.now() - t0) / 1000).toFixed(2), 'cpu', ((c.user + c.system) / 1e6).toFixed(2));
}
if (process.env.PROF) { const { profile } = await session.post('Profiler.stop'); (await import('node:fs')).writeFileSync('/tmp/warm.cpuprofile', JSON.stringify(profile)); }
store.close();
