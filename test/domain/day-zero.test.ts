/**
 * Day 0: the first US session whose close reflects the news (docs/conventions.md, "Day 0").
 * Events below are the catalog's (data/events.json) or minimal event objects with made-up times.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dayZero, localDateTime } from '../../src/domain/day-zero.js';
import { parseCatalog, type PolicyEvent } from '../../src/domain/events.js';
import { TradingCalendar } from '../../src/domain/trading-calendar.js';
import { isEarlyClose } from '../../src/domain/us-holidays.js';
import { sharedDailyDates } from '../helpers/fixtures.js';
import { HAS_SHARED, ROOT } from '../helpers/paths.js';

const catalog = parseCatalog(JSON.parse(readFileSync(join(ROOT, 'data/events.json'), 'utf8')));
const event = (id: string): PolicyEvent => {
  const e = catalog.events.find((x) => x.id === id);
  if (!e) throw new Error(`no event ${id} in data/events.json`);
  return e;
};

const RULES = new TradingCalendar([]);
/** The real SPY calendar when the shared data is present; the rules otherwise. */
const SPY = HAS_SHARED ? new TradingCalendar(sharedDailyDates('SPY')) : RULES;

describe('localDateTime', () => {
  it('gives the New York date and clock time of an instant, across DST', () => {
    expect(localDateTime('2026-01-14T06:10:00-05:00', 'America/New_York')).toEqual({ date: '2026-01-14', time: '06:10' });
    expect(localDateTime('2026-01-15T03:00:00Z', 'America/New_York')).toEqual({ date: '2026-01-14', time: '22:00' });
    expect(localDateTime('2026-07-01T13:30:00Z', 'America/New_York')).toEqual({ date: '2026-07-01', time: '09:30' });
    expect(localDateTime('2026-07-01T04:00:00Z', 'America/New_York')).toEqual({ date: '2026-07-01', time: '00:00' });
  });

  it('rejects a string that is not a timestamp', () => {
    expect(() => localDateTime('yesterday', 'America/New_York')).toThrow(RangeError);
  });
});

describe('dayZero: catalog events', () => {
  it('the headline event (2026-01-14T06:10 ET, pre) -> 2026-01-14, same day', () => {
    const e = event('china-cybersecurity-software-ban-2026');
    expect(e.announced_at).toBe('2026-01-14T06:10:00-05:00');
    expect(e.session).toBe('pre');
    for (const cal of [RULES, SPY]) {
      expect(dayZero(e, cal)).toEqual({ date: '2026-01-14', session: 'pre', rule: 'before the open: same day' });
    }
    // With the session removed it is derived from the timestamp, with the same result.
    expect(dayZero({ ...e, session: null }, SPY)).toMatchObject({ date: '2026-01-14', session: 'pre' });
  });

  it('the Micron ruling, Sunday 2023-05-21 (closed) -> Monday 2023-05-22', () => {
    const e = event('micron-cac-review-2023');
    expect(e.session).toBe('closed');
    expect(dayZero(e, SPY)).toEqual({ date: '2023-05-22', session: 'closed', rule: 'non-trading day: next trading day' });
  });

  it('a post-close announcement on Friday 2022-11-25 (FCC ban) -> Monday 2022-11-28', () => {
    const e = event('fcc-huawei-zte-equipment-ban-2022');
    expect(e.session).toBe('post');
    expect(dayZero(e, SPY)).toEqual({ date: '2022-11-28', session: 'post', rule: 'after the close: next trading day' });
  });

  it('post on a weekday -> the next day; regular -> the same day; unknown session on a trading day -> that day', () => {
    expect(dayZero(event('huawei-entity-list-2019'), SPY).date).toBe('2019-05-16');
    expect(dayZero(event('bis-advanced-computing-rule-2022'), SPY)).toMatchObject({ date: '2022-10-07', session: 'regular' });
    expect(dayZero(event('china-gallium-germanium-controls-2023'), SPY)).toEqual({
      date: '2023-07-03',
      session: null,
      rule: 'session unknown, trading day: same day',
    });
  });
});

describe('dayZero: given session', () => {
  const on = (date: string, session: PolicyEvent['session']) => dayZero({ date, session }, RULES);

  it('pre and regular on a trading day -> that day', () => {
    expect(on('2026-01-14', 'pre')).toEqual({ date: '2026-01-14', session: 'pre', rule: 'before the open: same day' });
    expect(on('2026-01-14', 'regular')).toEqual({ date: '2026-01-14', session: 'regular', rule: 'during the session: same day' });
  });

  it('post -> the next trading day: Friday -> Monday, and over a long weekend', () => {
    expect(on('2026-01-14', 'post').date).toBe('2026-01-15');
    expect(on('2026-01-09', 'post').date).toBe('2026-01-12'); // Fri -> Mon
    expect(on('2026-01-16', 'post').date).toBe('2026-01-20'); // Fri -> Tue (Mon 19th is MLK day)
  });

  it('post before a holiday skips it', () => {
    expect(on('2026-07-02', 'post').date).toBe('2026-07-06'); // Thu; Fri Jul 3 observed Independence Day
    expect(on('2026-11-25', 'post').date).toBe('2026-11-27'); // Wed before Thanksgiving
    expect(on('2026-04-02', 'post').date).toBe('2026-04-06'); // Thu before Good Friday
  });

  it('weekend and holiday dates -> the next trading day, whatever the session says', () => {
    expect(on('2026-01-17', 'closed').date).toBe('2026-01-20'); // Saturday, then MLK day
    expect(on('2026-01-18', null)).toEqual({ date: '2026-01-20', session: null, rule: 'non-trading day: next trading day' });
    expect(on('2026-01-19', 'closed').date).toBe('2026-01-20'); // MLK day
    expect(on('2026-12-25', null).date).toBe('2026-12-28'); // Christmas (Fri)
    expect(on('2026-01-19', 'pre').date).toBe('2026-01-20'); // a "pre" on a holiday: still the next session
  });

  it('an unknown session on a trading day -> that day', () => {
    expect(on('2026-01-14', null)).toEqual({ date: '2026-01-14', session: null, rule: 'session unknown, trading day: same day' });
  });
});

describe('dayZero: session derived from announced_at only (America/New_York)', () => {
  const at = (announced_at: string, cal = RULES) =>
    dayZero({ date: announced_at.slice(0, 10), announced_at, session: null }, cal);

  it('pre < 09:30 <= regular < 16:00 <= post', () => {
    expect(at('2026-01-14T09:29:00-05:00')).toMatchObject({ date: '2026-01-14', session: 'pre' });
    expect(at('2026-01-14T09:30:00-05:00')).toMatchObject({ date: '2026-01-14', session: 'regular' });
    expect(at('2026-01-14T15:59:00-05:00')).toMatchObject({ date: '2026-01-14', session: 'regular' });
    expect(at('2026-01-14T16:00:00-05:00')).toEqual({ date: '2026-01-15', session: 'post', rule: 'after the close: next trading day' });
    expect(at('2026-01-14T23:59:00-05:00')).toMatchObject({ date: '2026-01-15', session: 'post' });
  });

  it('uses the New York clock, not the offset written (UTC, and summer time)', () => {
    // 21:30Z on Jan 14 is 16:30 EST: post.
    expect(dayZero({ date: '2026-01-14', announced_at: '2026-01-14T21:30:00Z', session: null }, RULES)).toMatchObject({
      date: '2026-01-15',
      session: 'post',
    });
    // 13:45Z on Jul 1 is 09:45 EDT (regular), though it would be 08:45 in EST.
    expect(dayZero({ date: '2026-07-01', announced_at: '2026-07-01T13:45:00Z', session: null }, RULES)).toMatchObject({
      date: '2026-07-01',
      session: 'regular',
    });
    // 02:00Z on Jan 15 is 21:00 EST on Jan 14: post on the 14th -> the 15th.
    expect(dayZero({ date: '2026-01-14', announced_at: '2026-01-15T02:00:00Z', session: null }, RULES)).toMatchObject({
      date: '2026-01-15',
      session: 'post',
    });
  });

  it('a weekend or holiday timestamp is "closed" -> the next trading day', () => {
    expect(at('2026-01-17T10:00:00-05:00')).toEqual({ date: '2026-01-20', session: 'closed', rule: 'non-trading day: next trading day' });
    expect(at('2026-01-19T08:00:00-05:00')).toMatchObject({ date: '2026-01-20', session: 'closed' }); // MLK day
    expect(at('2026-07-03T12:00:00-04:00')).toMatchObject({ date: '2026-07-06', session: 'closed' }); // observed Jul 4
  });

  it('a given session wins over the one the timestamp implies', () => {
    expect(dayZero({ date: '2026-01-14', announced_at: '2026-01-14T10:00:00-05:00', session: 'post' }, RULES)).toMatchObject({
      date: '2026-01-15',
      session: 'post',
    });
  });

  it.skipIf(!HAS_SHARED)('uses the stored calendar: a post on 2025-01-08 -> 2025-01-10 (01-09 closed for Carter)', () => {
    expect(at('2025-01-08T17:00:00-05:00', SPY)).toMatchObject({ date: '2025-01-10', session: 'post' });
    expect(at('2025-01-09T10:00:00-05:00', SPY)).toMatchObject({ date: '2025-01-10', session: 'closed' });
    // The rules alone would say 2025-01-09.
    expect(at('2025-01-08T17:00:00-05:00', RULES).date).toBe('2025-01-09');
  });
});

describe('early closes (13:00 ET)', () => {
  it('knows the NYSE half days: day after Thanksgiving, July 3 and Dec 24 on Mon-Thu', () => {
    expect(['2025-11-28', '2025-07-03', '2025-12-24', '2024-12-24', '2023-07-03'].every(isEarlyClose)).toBe(true);
    // 2026-07-03 is a Friday: the observed Independence Day, closed all day; 2021-12-24 Friday: observed Christmas.
    expect(['2026-07-03', '2021-12-24', '2025-11-27', '2025-12-23'].some(isEarlyClose)).toBe(false);
  });

  it('puts news after a 13:00 close on the next session', () => {
    const cal = new TradingCalendar([]);
    expect(dayZero({ date: '2025-11-28', announced_at: '2025-11-28T14:00:00-05:00' }, cal)).toMatchObject({ date: '2025-12-01', session: 'post' });
    expect(dayZero({ date: '2025-11-28', announced_at: '2025-11-28T12:30:00-05:00' }, cal)).toMatchObject({ date: '2025-11-28', session: 'regular' });
  });
});
