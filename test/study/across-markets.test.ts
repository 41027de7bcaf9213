/**
 * Listings outside the US in the engine, on the real shared data of both directories: each on its
 * own exchange's clock and trading dates, against a local benchmark; and the refusals (unknown
 * suffix, no stored benchmark, a date the exchange did not trade) with their fixes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { nodeDeps } from '../../src/entry/node-deps.js';
import type { DuckDbStore } from '../../src/store/duckdb-store.js';
import { expectProblem } from '../helpers/problem.js';
import { hasSharedIntl, storeWithSharedAndIntl } from '../helpers/shared-data.js';

type Outcome = { id: string; symbol: string; benchmark: string; day0: string | null; day0_rule: string | null; status: string; reason?: string };
type Study = { params: Record<string, unknown>; securities: Outcome[]; warnings: { code: string; securities: string[]; message: string }[] };

const post = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe.skipIf(!hasSharedIntl)('listings outside the US on their own clock (real data)', () => {
  let store: DuckDbStore;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    store = await storeWithSharedAndIntl(['SPY', 'CIBR', 'PANW']);
    app = createApp(nodeDeps(store, { eventsPath: undefined }).deps);
  });
  afterAll(() => store?.close());

  const study = async (body: unknown): Promise<Study> => {
    const res = await app.request('/v1/studies', post(body));
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Study;
  };

  it("gives Shanghai, Paris and New York each their own day 0 for one Reuters timestamp, and says so in params", async () => {
    const at = '2026-01-14T06:10:00-05:00';
    const r = await study({ benchmark: 'CIBR', securities: ['601360.SS', '300454.SZ', 'HO.PA', 'PANW'].map((symbol) => ({ symbol, announced_at: at })) });
    const by = Object.fromEntries(r.securities.map((s) => [s.symbol, s]));
    expect(by['601360.SS']).toMatchObject({ id: '601360.SS@2026-01-15', benchmark: '000300.SS', day0: '2026-01-15', status: 'ok' });
    expect(by['601360.SS']!.day0_rule).toBe('19:10 on 2026-01-14 in Shanghai (UTC+08:00), after the close: next trading day');
    expect(by['300454.SZ']).toMatchObject({ benchmark: '000300.SS', day0: '2026-01-15', status: 'ok' });
    expect(by['HO.PA']).toMatchObject({ benchmark: '^FCHI', day0: '2026-01-14', status: 'ok' });
    expect(by['HO.PA']!.day0_rule).toBe('12:10 on 2026-01-14 in Paris (UTC+01:00), during the session: same day');
    // The study-wide benchmark is for US listings; the rest keep a benchmark of their own market.
    expect(by['PANW']).toMatchObject({ benchmark: 'CIBR', day0: '2026-01-14', day0_rule: 'before the open: same day' });
    expect(r.params.currency).toMatch(/no currency conversion/);
    expect(r.params.listings_outside_us).toMatch(/XSHG against 000300\.SS/);
  });

  it('moves day 0 over the 2025 Spring Festival closure for a timestamp, and refuses a bare date the exchange did not trade', async () => {
    const r = await study({
      securities: [
        { symbol: 'HO.PA', date: '2025-01-29' },
        { symbol: '601360.SS', announced_at: '2025-01-29T10:00:00+08:00' },
        { symbol: '000300.SS', date: '2025-01-29', benchmark: '000001.SS' },
      ],
    });
    const [paris, timed, bare] = r.securities;
    expect(paris).toMatchObject({ day0: '2025-01-29', status: 'ok' });
    expect(timed!.day0).toBe('2025-02-05');
    expect(timed!.day0_rule).toMatch(/did not trade that day: next trading day/);
    expect(bare).toMatchObject({ status: 'excluded', day0: null });
    expect(bare!.reason).toMatch(/Shanghai Stock Exchange did not trade on 2025-01-29 .*\(the next is 2025-02-05\)/);
  });

  it("premarket: a listing outside the US says which of its own sessions came before and after the news", async () => {
    const res = await app.request('/v1/premarket', post({ benchmark: 'SPY', securities: [
      { symbol: 'PANW', announced_at: '2026-01-14T06:10:00-05:00' },
      { symbol: 'HO.PA', announced_at: '2026-01-14T06:10:00-05:00' },
      { symbol: '601360.SS', announced_at: '2026-01-14T06:10:00-05:00' },
    ] }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { securities: { symbol: string; status: string; sessions?: string }[] };
    const by = Object.fromEntries(body.securities.map((s) => [s.symbol, s]));
    expect(by['HO.PA']!.status).toBe('excluded');
    expect(by['HO.PA']!.sessions).toMatch(/^Paris was trading at 12:10 local time/);
    expect(by['601360.SS']!.sessions).toMatch(/^Shanghai had closed at 15:00/);
    expect(by.PANW!.sessions).toBeUndefined();
  });

  it('warns when a listing is measured against a benchmark on another calendar', async () => {
    const r = await study({ securities: [{ symbol: 'HO.PA', announced_at: '2026-01-14T06:10:00-05:00', benchmark: 'SPY' }] });
    expect(r.securities[0]).toMatchObject({ benchmark: 'SPY', status: 'ok' });
    const w = r.warnings.find((x) => x.code === 'benchmark_calendar');
    expect(w?.securities).toEqual(['HO.PA@2026-01-14']);
    expect(w?.message).toMatch(/New York's calendar and HO\.PA on Paris's.*currencies differ \(EUR, USD\)/);
  });

  it('answers 422 with the fix for an unknown exchange suffix or a local benchmark without prices', async () => {
    const res = await app.request('/v1/studies', post({ securities: [{ symbol: 'ABC.XX', date: '2026-01-14' }, { symbol: '601360.SS', date: '2026-01-15', benchmark: '399001.SZ' }] }));
    const body = await expectProblem(res, 422);
    const reasons = (body.securities as { reason: string }[]).map((s) => s.reason);
    expect(reasons[0]).toMatch(/suffix \.XX, which is not in the exchange table \(known: \.SS \.SZ .*Give the listing's exchange as a MIC/);
    expect(reasons[1]).toBe('no stored prices for the benchmark 399001.SZ');
  });

  it('reports ad-hoc groups when securities name them, and keeps the shape of a study that names none', async () => {
    const at = '2026-01-14T06:10:00-05:00';
    const named = await study({
      benchmark: 'CIBR',
      securities: [
        { symbol: 'PANW', announced_at: at, group: 'named_firm' },
        { symbol: '601360.SS', announced_at: at, group: 'domestic_beneficiary' },
        { symbol: '300454.SZ', announced_at: at, group: 'domestic_beneficiary' },
      ],
    });
    const groups = (named as unknown as { groups: { name: string; ok: string[]; note: string | null }[] }).groups;
    expect(groups.map((g) => [g.name, g.ok])).toEqual([
      ['named_firm', ['PANW@2026-01-14']],
      ['domestic_beneficiary', ['601360.SS@2026-01-15', '300454.SZ@2026-01-15']],
    ]);
    const diff = (named as unknown as { differences: { a: string; b: string; windows: { kp_welch_t: { reason?: string } }[] }[] }).differences;
    expect(diff.map((d) => [d.a, d.b])).toEqual([['domestic_beneficiary', 'named_firm']]);
    expect(diff[0]!.windows[0]!.kp_welch_t.reason).toMatch(/N >= 2 in each group \(N = 2, 1\)/);
    const plain = await study({ benchmark: 'CIBR', securities: [{ symbol: 'PANW', announced_at: at }] });
    expect(Object.keys(plain)).not.toContain('groups');
    expect(Object.keys(plain)).not.toContain('differences');
  });
});
