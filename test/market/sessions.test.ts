/**
 * Sessions and dates on the exchange's own clock, from the trading hours in REAL recorded chart
 * metadata of non-US listings (OCDO.L on the LSE, WSU.DE on XETRA). Both were recorded in
 * February (GMT / CET); the bars classified here are in summer (BST / CEST), so a fixed UTC
 * offset would put them in the wrong session.
 */
import { describe, expect, it } from 'vitest';
import { localDate, sessionOf, sessionRules, type TradingHoursMeta } from '../../src/market/yahoo/sessions.js';
import { chartResult, HAS_YAHOO, recording } from './yahoo-replay.js';

/** The recorded meta, with the epoch seconds the library would have turned into Dates. */
function hoursOf(file: string): TradingHoursMeta {
  const meta = chartResult(recording(file)).meta;
  const period = (p: { start: number; end: number }) => ({ start: new Date(p.start * 1000), end: new Date(p.end * 1000) });
  const c = meta.currentTradingPeriod;
  return {
    exchangeTimezoneName: meta.exchangeTimezoneName,
    currentTradingPeriod: { pre: period(c.pre), regular: period(c.regular), post: period(c.post) },
  };
}

describe.skipIf(!HAS_YAHOO)('exchange clocks of non-US listings', () => {
  it('LSE (OCDO.L): regular 08:00-16:30 London time, in winter and in summer', () => {
    const rules = sessionRules(hoursOf('chart-OCDO.L-2020-01-01-to-2020-01-03.json'));
    expect(rules.timeZone).toBe('Europe/London');
    expect(sessionOf(new Date('2020-01-02T07:30:00Z'), rules)).toBe('pre'); // 07:30 GMT
    expect(sessionOf(new Date('2020-01-02T08:00:00Z'), rules)).toBe('regular');
    expect(sessionOf(new Date('2020-01-02T16:30:00Z'), rules)).toBe('post');
    expect(sessionOf(new Date('2020-07-01T07:30:00Z'), rules)).toBe('regular'); // 08:30 BST
    expect(sessionOf(new Date('2020-07-01T15:30:00Z'), rules)).toBe('post'); // 16:30 BST
  });

  it('XETRA (WSU.DE): regular 09:00-17:30 Berlin time; daily bars dated by Berlin', () => {
    const rules = sessionRules(hoursOf('chart-WSU.DE-2023-08-04-to-2023-08-09.json'));
    expect(rules.timeZone).toBe('Europe/Berlin');
    expect(sessionOf(new Date('2023-08-04T06:30:00Z'), rules)).toBe('pre'); // 08:30 CEST
    expect(sessionOf(new Date('2023-08-04T07:30:00Z'), rules)).toBe('regular'); // 09:30 CEST (08:30 at the recorded CET offset)
    expect(sessionOf(new Date('2023-08-04T15:30:00Z'), rules)).toBe('post'); // 17:30 CEST
    // A bar opening at 23:30 UTC belongs to the next Berlin day.
    expect(localDate(new Date('2023-08-03T23:30:00Z'), 'Europe/Berlin')).toBe('2023-08-04');
  });
});
