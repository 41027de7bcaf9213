/**
 * Day 0 per listing on its own exchange's clock, with the trading dates of the real shared
 * international data (CSI 300, CAC 40, Hang Seng rows) where a test needs a calendar.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { announcementSessions, describeAnnouncementSessions } from '../../src/domain/announcement-sessions.js';
import { exchangeByMic, exchangeOfSymbol, sessionsOn, UnknownExchangeError } from '../../src/domain/exchanges.js';
import { listingDayZero } from '../../src/domain/listing-day-zero.js';
import { ROOT } from '../helpers/paths.js';

const INTL = resolve(ROOT, '../shared/market-data-intl/daily');
const HAS_INTL = existsSync(INTL);
const datesOf = (symbol: string): string[] =>
  readFileSync(resolve(INTL, `${symbol}.csv`), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',')[0]!);
/** Dates both files have: the listing's and its benchmark's own rows. */
const common = (a: string, b: string): string[] => {
  const other = new Set(datesOf(b));
  return datesOf(a).filter((d) => other.has(d));
};

const REUTERS = '2026-01-14T06:10:00-05:00';
const XSHG = exchangeByMic('XSHG');
const XPAR = exchangeByMic('XPAR');
const XHKG = exchangeByMic('XHKG');

/** Weekdays Mon-Fri between two dates (inclusive) minus the given holidays: a synthetic calendar for clock-only tests. */
function weekdaysBetween(from: string, to: string, holidays: string[] = []): string[] {
  const out: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += 86_400_000) {
    const d = new Date(t);
    const iso = d.toISOString().slice(0, 10);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6 && !holidays.includes(iso)) out.push(iso);
  }
  return out;
}

describe('exchange table', () => {
  it('maps Yahoo suffixes, index symbols and plain US tickers to their exchange', () => {
    const mic = (s: string) => exchangeOfSymbol(s).mic;
    expect([mic('601360.SS'), mic('300454.SZ'), mic('0981.HK'), mic('HO.PA'), mic('OCDO.L'), mic('SAP.DE'), mic('7203.T'), mic('ESLT.TA')]).toEqual([
      'XSHG',
      'XSHE',
      'XHKG',
      'XPAR',
      'XLON',
      'XETR',
      'XTKS',
      'XTAE',
    ]);
    expect([mic('AVGO'), mic('BRK-B'), mic('^FCHI'), mic('^HSI'), mic('^GSPC')]).toEqual(['XNYS', 'XNYS', 'XPAR', 'XHKG', 'XNYS']);
    expect([mic('ASML.AS'), mic('005930.KS'), mic('2330.TW'), mic('AZT.OL'), mic('^KS11')]).toEqual(['XAMS', 'XKRX', 'XTAI', 'XOSL', 'XKRX']);
    expect(exchangeOfSymbol('000300.ss').timeZone).toBe('Asia/Shanghai');
  });

  it('rejects an unknown suffix or index with the known ones and a fix', () => {
    expect(() => exchangeOfSymbol('VOD.XX')).toThrow(UnknownExchangeError);
    expect(() => exchangeOfSymbol('VOD.XX')).toThrow(/suffix \.XX.*known: \.SS \.SZ \.HK \.PA \.L \.DE \.T \.TA .*\.AX; no suffix = US.*as a MIC/);
    expect(() => exchangeOfSymbol('^STOXX50E')).toThrow(/Index \^STOXX50E is not in the index table/);
    expect(() => exchangeByMic('XXXX')).toThrow(/XXXX is not in the exchange table/);
  });

  it('has lunch breaks where the exchange has them, and dated schedule changes', () => {
    expect(sessionsOn(XSHG, '2026-01-14')).toEqual([{ open: '09:30', close: '11:30' }, { open: '13:00', close: '15:00' }]);
    expect(sessionsOn(XHKG, '2026-01-14')).toEqual([{ open: '09:30', close: '12:00' }, { open: '13:00', close: '16:00' }]);
    expect(sessionsOn(XPAR, '2026-01-17')).toEqual([]); // Saturday
    const tse = exchangeByMic('XTKS');
    expect(sessionsOn(tse, '2024-11-01').at(-1)?.close).toBe('15:00');
    expect(sessionsOn(tse, '2024-11-05').at(-1)?.close).toBe('15:30');
    const tase = exchangeByMic('XTAE');
    expect(sessionsOn(tase, '2025-12-28')).not.toEqual([]); // Sunday, old week
    expect(sessionsOn(tase, '2026-01-04')).toEqual([]); // first Sunday without trading
    expect(sessionsOn(tase, '2026-01-09')).toEqual([{ open: '10:00', close: '13:50' }]); // first Friday
  });
});

describe('listingDayZero: the headline report (06:10 New York, 14 Jan 2026)', () => {
  it.skipIf(!HAS_INTL)('is 19:10 in Shanghai, after the close: day 0 = 15 Jan for every A-share', () => {
    for (const sym of ['601360.SS', '600718.SS', '688561.SS', '688023.SS', '002439.SZ', '300454.SZ', '002212.SZ']) {
      const d0 = listingDayZero(REUTERS, exchangeOfSymbol(sym), common(sym, '000300.SS'));
      expect(d0, sym).toMatchObject({ local: { date: '2026-01-14', time: '19:10', utc_offset: '+08:00' }, state: 'after_close', date: '2026-01-15' });
    }
  });

  it.skipIf(!HAS_INTL)('is 12:10 in Paris, during the session: day 0 = 14 Jan for Thales', () => {
    const d0 = listingDayZero(REUTERS, exchangeOfSymbol('HO.PA'), common('HO.PA', '^FCHI'));
    expect(d0).toEqual({
      mic: 'XPAR',
      timeZone: 'Europe/Paris',
      local: { date: '2026-01-14', time: '12:10', utc_offset: '+01:00' },
      state: 'in_session',
      date: '2026-01-14',
      rule: 'during the session: same day',
    });
  });

  it.skipIf(!HAS_INTL)('says which sessions came before and after, per listing and in one sentence', () => {
    const paris = announcementSessions(REUTERS, XPAR, common('HO.PA', '^FCHI'));
    const shanghai = announcementSessions(REUTERS, XSHG, common('601360.SS', '000300.SS'));
    expect(paris).toMatchObject({
      in_progress: { date: '2026-01-14', open: '09:00', close: '17:30' },
      last_closed: { date: '2026-01-13', close: '17:30' },
      next_open: null,
    });
    expect(shanghai).toMatchObject({
      in_progress: null,
      last_closed: { date: '2026-01-14', open: '13:00', close: '15:00' },
      next_open: { date: '2026-01-15', open: '09:30' },
    });
    expect(describeAnnouncementSessions([paris, shanghai])).toBe(
      'Paris was trading at 12:10 local time (UTC+01:00) on 2026-01-14; the session ran 09:00-17:30; ' +
        'Shanghai had closed at 15:00 by 19:10 local time (UTC+08:00) on 2026-01-14; the next session opened on 2026-01-15 at 09:30',
    );
  });
});

describe('listingDayZero: clocks and calendars', () => {
  const hk = weekdaysBetween('2026-01-05', '2026-01-30');

  it('an announcement in the Hong Kong lunch break counts for that day (the afternoon session)', () => {
    const d0 = listingDayZero('2026-01-14T04:30:00Z', XHKG, hk); // 12:30 HKT
    expect(d0).toMatchObject({ local: { time: '12:30' }, state: 'lunch_break', date: '2026-01-14' });
    expect(d0.rule).toMatch(/lunch break: same day/);
    const s = announcementSessions('2026-01-14T04:30:00Z', XHKG, hk);
    expect(s.last_closed).toEqual({ date: '2026-01-14', open: '09:30', close: '12:00' });
    expect(s.next_open).toEqual({ date: '2026-01-14', open: '13:00', close: '16:00' });
    expect(s.sentence).toMatch(/^Hong Kong was in its lunch break at 12:30 .* morning session closed at 12:00\); the next session opened at 13:00$/);
  });

  it('lunch-break edges in Shanghai: 11:30 is the break, 13:00 the afternoon session, 15:00 after the close', () => {
    const cn = weekdaysBetween('2026-01-05', '2026-01-30');
    expect(listingDayZero('2026-01-14T03:29:00Z', XSHG, cn).state).toBe('in_session'); // 11:29
    expect(listingDayZero('2026-01-14T03:30:00Z', XSHG, cn).state).toBe('lunch_break'); // 11:30
    expect(listingDayZero('2026-01-14T05:00:00Z', XSHG, cn).state).toBe('in_session'); // 13:00
    expect(listingDayZero('2026-01-14T07:00:00Z', XSHG, cn)).toMatchObject({ state: 'after_close', date: '2026-01-15' }); // 15:00
    expect(listingDayZero('2026-01-14T01:00:00Z', XSHG, cn)).toMatchObject({ state: 'before_open', date: '2026-01-14' }); // 09:00
  });

  it('a Friday after-close or weekend announcement moves to Monday', () => {
    expect(listingDayZero('2026-01-16T17:00:00Z', XPAR, hk)).toMatchObject({ local: { date: '2026-01-16', time: '18:00' }, state: 'after_close', date: '2026-01-19' });
    expect(listingDayZero('2026-01-17T10:00:00Z', XPAR, hk)).toMatchObject({ state: 'not_trading', date: '2026-01-19' });
    // Sunday evening in New York is already Monday morning in Shanghai, before the open.
    expect(listingDayZero('2026-01-18T20:00:00-05:00', XSHG, hk)).toMatchObject({ local: { date: '2026-01-19', time: '09:00' }, state: 'before_open', date: '2026-01-19' });
  });

  it.skipIf(!HAS_INTL)('Spring Festival 2025: Shanghai closed 28 Jan - 4 Feb, the real CSI 300 rows give 5 Feb', () => {
    const csi = datesOf('000300.SS');
    expect(csi.filter((d) => d >= '2025-01-27' && d <= '2025-02-05')).toEqual(['2025-01-27', '2025-02-05']);
    // New Year's Eve afternoon (27 Jan was the last session), during the holiday, and after the 27 Jan close.
    expect(listingDayZero('2025-01-29T10:00:00+08:00', XSHG, csi)).toMatchObject({ state: 'not_trading', date: '2025-02-05' });
    expect(listingDayZero('2025-01-27T16:00:00+08:00', XSHG, csi)).toMatchObject({ state: 'after_close', date: '2025-02-05' });
    expect(listingDayZero('2025-01-27T14:00:00+08:00', XSHG, csi)).toMatchObject({ state: 'in_session', date: '2025-01-27' });
    // New York still traded on 28-31 Jan: the US calendar would have said 29 Jan.
    expect(announcementSessions('2025-01-29T10:00:00+08:00', XSHG, csi).sentence).toBe(
      'Shanghai did not trade on 2025-01-29 (10:00 local time, UTC+08:00); the next session opened on 2025-02-05 at 09:30',
    );
  });

  it.skipIf(!HAS_INTL)('DST in Paris: 16:00 UTC is 17:00 CET in the session on Fri 28 Mar 2025, 18:00 CEST after the close on Mon 31 Mar', () => {
    const cac = datesOf('^FCHI');
    expect(listingDayZero('2025-03-28T16:00:00Z', XPAR, cac)).toMatchObject({ local: { time: '17:00', utc_offset: '+01:00' }, state: 'in_session', date: '2025-03-28' });
    expect(listingDayZero('2025-03-31T16:00:00Z', XPAR, cac)).toMatchObject({ local: { time: '18:00', utc_offset: '+02:00' }, state: 'after_close', date: '2025-04-01' });
    // 07:30 UTC: 08:30 CET before the open on Friday, 09:30 CEST in the session on Monday.
    expect(listingDayZero('2025-03-28T07:30:00Z', XPAR, cac)).toMatchObject({ state: 'before_open', date: '2025-03-28' });
    expect(listingDayZero('2025-03-31T07:30:00Z', XPAR, cac)).toMatchObject({ state: 'in_session', date: '2025-03-31' });
  });

  it('TASE: a Friday afternoon after the 13:50 close of the new week moves to Monday; a Sunday under the old week trades', () => {
    const tase = exchangeByMic('XTAE');
    const newWeek = weekdaysBetween('2026-01-05', '2026-01-30');
    expect(listingDayZero('2026-01-09T14:30:00+02:00', tase, newWeek)).toMatchObject({ state: 'after_close', date: '2026-01-12' });
    expect(listingDayZero('2026-01-09T11:00:00+02:00', tase, newWeek)).toMatchObject({ state: 'in_session', date: '2026-01-09' });
    const oldWeek = ['2025-12-25', '2025-12-28', '2025-12-29'];
    expect(listingDayZero('2025-12-28T11:00:00+02:00', tase, oldWeek)).toMatchObject({ state: 'in_session', date: '2025-12-28' });
  });

  it('returns no day 0, with the reason, outside the stored dates or across a data gap', () => {
    const dates = ['2026-01-05', '2026-01-06', '2026-02-20'];
    expect(listingDayZero('2026-01-02T12:00:00Z', XPAR, dates)).toMatchObject({ date: null, rule: expect.stringMatching(/data start 2026-01-05/) });
    expect(listingDayZero('2026-03-02T12:00:00Z', XPAR, dates)).toMatchObject({ date: null, rule: expect.stringMatching(/data end 2026-02-20/) });
    expect(listingDayZero('2026-01-07T12:00:00Z', XPAR, dates)).toMatchObject({ date: null, rule: expect.stringMatching(/44 days .* a gap in the data/) });
    expect(() => listingDayZero('yesterday', XPAR, dates)).toThrow(RangeError);
  });
});
