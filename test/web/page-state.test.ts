import { describe, expect, it } from 'vitest';

// The page's own module (plain browser JavaScript, no DOM in it), loaded as the browser loads it.
const modulePath = '../../src/web/static/page-state.js';
const state = (await import(/* @vite-ignore */ modulePath)) as {
  readState: (search: string) => Record<string, string>;
  writeState: (s: Record<string, string>) => string;
  announcedAt: (date: string, time: string) => string;
  studyRequest: (s: Record<string, string>, extra?: Record<string, unknown>, kind?: string) => { method: string; url: string; body?: string };
  fitCarWindows: (s: Record<string, string>) => { state: Record<string, string>; dropped: string[] };
};

describe('page state in the URL', () => {
  it('round-trips through the query string, keeping only what differs from the defaults', () => {
    const s = state.readState('?event=china-cybersecurity-software-ban-2026&benchmark=SPY&window=-3,3&junk=1');
    expect(s).toMatchObject({ event: 'china-cybersecurity-software-ban-2026', benchmark: 'SPY', window: '-3,3', model: 'market' });
    expect(state.writeState(s)).toBe('event=china-cybersecurity-software-ban-2026&benchmark=SPY&window=-3%2C3');
    expect(state.readState(`?${state.writeState(s)}`)).toEqual(s);
  });

  it('writes the announcement time with New York\'s offset of that day (EST and EDT)', () => {
    expect(state.announcedAt('2026-01-14', '06:10')).toBe('2026-01-14T06:10:00-05:00');
    expect(state.announcedAt('2025-07-31', '06:00')).toBe('2025-07-31T06:00:00-04:00');
    expect(state.announcedAt('2025-03-09', '16:30')).toBe('2025-03-09T16:30:00-04:00'); // the day clocks change
  });

  it('asks the API with GET for an event and POST for tickers', () => {
    const event = state.studyRequest(state.readState('?event=micron-cac-review-2023&benchmark=SMH&roles=named_firm'), { format: 'csv', table: 'cars' });
    expect(event).toEqual({ method: 'GET', url: '/v1/events/micron-cac-review-2023/study?benchmark=SMH&roles=named_firm&format=csv&table=cars' });
    const adHoc = state.studyRequest(state.readState('?tickers=panw, ftnt&date=2026-01-14&time=06:10&window=-3,3&car=0,1'));
    expect(adHoc.method).toBe('POST');
    expect(JSON.parse(adHoc.body!)).toEqual({
      securities: ['PANW', 'FTNT'].map((symbol) => ({ symbol, announced_at: '2026-01-14T06:10:00-05:00' })),
      window: '-3,3',
      car: '0,1',
    });
    const premarket = state.studyRequest(state.readState('?tickers=PANW&date=2026-01-14&window=-3,3'), {}, 'premarket');
    expect([premarket.url, JSON.parse(premarket.body!)]).toEqual(['/v1/premarket', { securities: [{ symbol: 'PANW', date: '2026-01-14' }], window: [-3, 3] }]);
  });

  it('leaves out CAR windows outside a narrowed event window, and names them', () => {
    const { state: fitted, dropped } = state.fitCarWindows(state.readState('?window=-3,3'));
    expect(fitted.car).toBe('0,0;0,1;-1,1');
    expect(dropped).toEqual(['-5,5']);
    expect(state.fitCarWindows(state.readState('?window=-5,5')).dropped).toEqual([]);
  });
});
