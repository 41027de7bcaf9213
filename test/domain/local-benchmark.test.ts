import { describe, expect, it } from 'vitest';
import { listingBenchmark } from '../../src/domain/local-benchmark.js';

describe('listingBenchmark', () => {
  it("takes the request's override, else the catalog's, else the exchange's index, else (US) the event's", () => {
    expect(listingBenchmark({ symbol: '601360.SS' }, {})).toEqual({ ok: true, benchmark: '000300.SS', source: 'exchange', exchange: 'XSHG', warning: null });
    expect(listingBenchmark({ symbol: '300454.SZ', exchange: 'XSHE', benchmark: '399006.SZ' }, {})).toMatchObject({ benchmark: '399006.SZ', source: 'catalog', warning: null });
    expect(listingBenchmark({ symbol: 'HO.PA', benchmark: '^FCHI' }, { override: '^FCHI' })).toMatchObject({ benchmark: '^FCHI', source: 'request', warning: null });
    expect(listingBenchmark({ symbol: 'PANW', exchange: 'XNAS' }, { eventBenchmark: 'CIBR' })).toMatchObject({ benchmark: 'CIBR', source: 'event', warning: null });
    // The CSI 300 (a .SS symbol) shares Shenzhen's clock; SPY (New York) shares Nasdaq's.
    expect(listingBenchmark({ symbol: '002439.SZ' }, {})).toMatchObject({ benchmark: '000300.SS', warning: null });
    expect(listingBenchmark({ symbol: 'PANW', exchange: 'XNAS' }, { override: 'SPY' })).toMatchObject({ benchmark: 'SPY', warning: null });
  });

  it('warns when the benchmark keeps another calendar or currency', () => {
    const r = listingBenchmark({ symbol: 'HO.PA' }, { override: 'SPY' });
    expect(r).toMatchObject({ ok: true, benchmark: 'SPY', source: 'request' });
    expect(r.ok && r.warning).toBe(
      "Benchmark SPY trades on New York's calendar and HO.PA on Paris's: returns are compared on common dates only, and a day 0 on which one of them did not trade moves to the next common date. Their currencies differ (EUR, USD): returns are not converted.",
    );
    const hk = listingBenchmark({ symbol: '0981.HK' }, { override: '000300.SS' });
    expect(hk.ok && hk.warning).toMatch(/Shanghai's calendar and 0981\.HK on Hong Kong's.*\(HKD, CNY\)/);
  });

  it('refuses a listing with no benchmark, or an unknown exchange, with the fix', () => {
    expect(listingBenchmark({ symbol: 'PANW' }, {})).toEqual({ ok: false, reason: 'PANW trades on New York Stock Exchange and has no benchmark: name one with benchmark=<symbol>.' });
    expect(listingBenchmark({ symbol: 'VOD.XX' }, {})).toMatchObject({ ok: false, reason: expect.stringMatching(/suffix \.XX.*known: /) });
    const r = listingBenchmark({ symbol: 'HO.PA' }, { override: '^STOXX50E' });
    expect(r.ok && r.warning).toMatch(/exchange of benchmark \^STOXX50E is unknown/);
  });
});
