/**
 * The headline event's premarket / overnight table, as Markdown for the README, built from the
 * study on the real shared data. Write it to a file with:
 *   PREMARKET_TABLE_OUT=<file> npx vitest run test/study/premarket-table.test.ts
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCatalog } from '../../src/domain/events.js';
import { nodeDeps } from '../../src/entry/node-deps.js';
import { isComputed } from '../../src/stats/test-result.js';
import type { TestResult } from '../../src/stats/test-result.js';
import type { DuckDbStore } from '../../src/store/duckdb-store.js';
import { StorePremarket } from '../../src/store/store-premarket.js';
import { DEFAULT_PREMARKET_PARAMS } from '../../src/study/premarket/inputs.js';
import type { IntradayFigures } from '../../src/study/premarket/intraday-figures.js';
import { runPremarket, type PremarketResult } from '../../src/study/premarket/result.js';
import { sharedSubset } from '../helpers/fixtures.js';
import { HAS_SHARED, ROOT, SHARED } from '../helpers/paths.js';
import { storeWithDirectory } from '../helpers/store.js';
import { removeTempDirs } from '../helpers/tmp.js';

const HEADLINE = 'china-cybersecurity-software-ban-2026';
const pct = (x: number | null | undefined, digits = 2) => (x === null || x === undefined ? '—' : `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(digits)}%`);
const tp = (t: number, p: number) => `t ${t >= 0 ? '' : '−'}${Math.abs(t).toFixed(2)}, p ${p.toFixed(2)}`;
const share = (x: number | null) => (x === null ? '—' : `${x < 0 ? '−' : ''}${Math.abs(x).toFixed(2)}`);
const test = (r: TestResult) => (isComputed(r) ? tp(r.statistic, r.p) : 'n/a');

/** How far the 09:30 bar's open is from the open implied by the bars' low and last close. */
function offBy(f: IntradayFigures): string {
  const c = (f.security.previous_close as { factor_check?: { from_open: number; from_low: number | null; from_close: number | null } }).factor_check;
  const ref = c?.from_close ?? c?.from_low;
  return c && ref ? pct(c.from_open / ref - 1) : 'an unknown amount';
}

/** The Markdown table of a premarket result. */
export function premarketMarkdown(result: PremarketResult, title: string): string {
  const lines = [
    `**${title}** — day 0 ${result.securities.find((s) => s.day0)?.day0}, benchmark ${result.params.benchmark} ` +
      `(market model per part, estimation [−250, −11]; t prediction-error corrected, two-sided p).`,
    '',
    '| Security | Overnight (prev close → open) | Abnormal overnight | Intraday (open → close) | Abnormal intraday | Close-to-close AR | Share overnight | Data |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const s of result.securities) {
    if (s.status === 'ok') {
      lines.push(
        `| ${s.symbol} | ${pct(s.overnight.return)} | ${pct(s.overnight.ar)} (${tp(s.overnight.t, s.overnight.p)}) | ${pct(s.intraday.return)} | ` +
          `${pct(s.intraday.ar)} (${tp(s.intraday.t, s.intraday.p)}) | ${pct(s.close_to_close.ar)} (${tp(s.close_to_close.ar_t, s.close_to_close.ar_p)}) | ` +
          `${share(s.share_overnight)} | ${s.data.granularity} |`,
      );
    } else if (s.status === 'close_only') {
      const cc = s.close_to_close;
      lines.push(`| ${s.symbol} | close-only data | — | — | — | ${cc ? `${pct(cc.ar)} (${tp(cc.ar_t, cc.ar_p)})` : '—'} | — | daily (close only) |`);
    }
  }
  const p = result.portfolio;
  lines.push(
    `| **Mean (N = ${p.n})** | | **${pct(p.overnight.mean_ar)}** (${test(p.overnight.cross_sectional_t)}) | | **${pct(p.intraday.mean_ar)}** (${test(p.intraday.cross_sectional_t)}) | ` +
      `**${pct(p.close_to_close.mean_ar)}** (${test(p.close_to_close.cross_sectional_t)}) | **${share(p.share_overnight)}** | |`,
  );
  const byReason = new Map<string, string[]>();
  for (const s of result.securities) {
    if (s.status !== 'excluded') continue;
    const why = /outside the US/.test(s.reason) ? 'listed outside the US, not studied on the US calendar' : s.reason;
    byReason.set(why, [...(byReason.get(why) ?? []), s.symbol]);
  }
  lines.push(
    '',
    'Mean: cross-sectional t over the securities with both parts. Share overnight = abnormal overnight / close-to-close AR ' +
      '(mean: mean over mean); separate models, so it is not bounded to [0, 1].',
  );
  if (byReason.size) lines.push(`Not in the table: ${[...byReason].map(([why, syms]) => `${syms.join(', ')} (${why})`).join('; ')}.`);
  return lines.join('\n');
}

describe.skipIf(!HAS_SHARED)('headline premarket / overnight table (real data)', () => {
  let store: DuckDbStore;
  let result: PremarketResult;
  beforeAll(async () => {
    const catalog = parseCatalog(JSON.parse(readFileSync(join(ROOT, 'data/events.json'), 'utf8')));
    const event = catalog.events.find((e) => e.id === HEADLINE)!;
    const daily = [...new Set([...event.securities.map((s) => s.symbol), ...event.benchmarks, 'SPY'])].filter((s) => existsSync(join(SHARED, 'daily', `${s}.csv`)));
    const intraday = ['AVGO', 'QQQ'].map((symbol) => ({ interval: '5m', symbol }));
    store = (await storeWithDirectory(sharedSubset(daily, intraday))).store;
    const deps = { ...nodeDeps(store, { eventsPath: undefined }).deps, premarket: new StorePremarket(store) };
    result = await runPremarket(
      deps,
      event.securities.map((s) => ({ symbol: s.symbol, date: event.date, announced_at: event.announced_at ?? undefined, session: event.session, role: s.role, exchange: s.exchange, listed_in_us: s.listed_in_us })),
      { ...DEFAULT_PREMARKET_PARAMS, path: false },
      event,
    );
  });
  afterAll(() => {
    store?.close();
    removeTempDirs();
  });

  it('renders the table and the premarket notes', () => {
    const table = premarketMarkdown(result, 'Reuters, 14 Jan 2026 ~06:10 ET: China tells firms to stop using US/Israeli cybersecurity software');
    const get = (sym: string) => result.securities.find((s) => s.symbol === sym)!;
    const notes: string[] = [];
    const avgo = get('AVGO');
    if (avgo.status === 'ok' && 'instants' in avgo.premarket) {
      const f: IntradayFigures = avgo.premarket;
      notes.push(
        `- AVGO, 5-minute bars (regular session only, no premarket bars stored for 14 Jan): opening gap ${pct(f.opening_gap.security)} vs QQQ ${pct(f.opening_gap.benchmark)}, ` +
          `abnormal ${pct(f.opening_gap.abnormal)}; open → ${f.session.through} ${pct(f.session.security_move_from_open)} vs QQQ ${pct(f.session.benchmark_move_from_open)}, abnormal ${pct(f.session.abnormal)}. ` +
          `Bar moves are stock − β × QQQ with the daily models' betas and no alpha (the daily abnormal overnight also subtracts α = ${pct(avgo.overnight.estimation.alpha)}); ` +
          `the raw previous close (${(f.security.previous_close.price ?? 0).toFixed(2)}) is derived from the adjusted file with the 09:30 bar's open, which differs by ` +
          `${offBy(f)} from the open implied by the day's low and close (bar feed vs official open).`,
      );
    }
    const panw = get('PANW');
    const ftnt = get('FTNT');
    if (panw.status === 'ok' && ftnt.status === 'ok') {
      notes.push(
        `- Press-reported premarket moves (Reuters BUZZ): PANW −2.8% to $185.52, FTNT −2.8% to $76.15. No premarket bars are stored for 14 Jan; ` +
          `by the 09:30 open PANW stood ${pct(panw.overnight.return)} and FTNT ${pct(ftnt.overnight.return)} against the 13 Jan close (daily open/close): ` +
          `PANW's premarket drop had reversed before the open, FTNT's had not.`,
      );
    }
    const p = result.portfolio;
    notes.push(
      `- Over the ${p.n} securities with both parts, ${share(p.share_overnight)} of the mean close-to-close AR (${pct(p.close_to_close.mean_ar)}) came overnight; ` +
        `no part is significant for the portfolio (p ≥ ${Math.min(...[p.overnight, p.intraday, p.close_to_close].map((x) => x.cross_sectional_t.p ?? 1)).toFixed(2)}).`,
    );
    notes.push(`- CIBR and HACK (the event's cyber ETFs) are close-only, so QQQ is the benchmark for every column, close-to-close included.`);
    const text = `${table}\n\n${notes.join('\n')}\n`;
    // Quiet by default (CI logs); PREMARKET_TABLE_OUT=<file> writes the table for the README.
    if (process.env.PREMARKET_TABLE_OUT) writeFileSync(process.env.PREMARKET_TABLE_OUT, text);
    expect(table).toMatch(/\| PANW \|/);
    expect(table).toMatch(/\| CHKP \| close-only data/);
    expect(result.portfolio.n).toBe(7);
  });
});
