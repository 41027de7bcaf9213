/**
 * NYSE holiday rules and the trading calendar built from a benchmark's stored dates.
 * Holiday dates are the NYSE's published schedules; the real-data checks read
 * ../shared/market-data/daily (skipped when absent).
 */
import { describe, expect, it } from 'vitest';
import { TradingCalendar, addDays } from '../../src/domain/trading-calendar.js';
import { isRuleTradingDay, nyseHolidays } from '../../src/domain/us-holidays.js';
import { sharedDailyDates } from '../helpers/fixtures.js';
import { HAS_SHARED } from '../helpers/paths.js';

const sorted = (s: Iterable<string>) => [...s].sort();

describe('nyseHolidays', () => {
  it('2026: the ten NYSE holidays, Independence Day observed on Friday Jul 3', () => {
    expect(sorted(nyseHolidays(2026))).toEqual([
      '2026-01-01', // New Year's Day
      '2026-01-19', // Martin Luther King Jr. Day (third Monday)
      '2026-02-16', // Washington's Birthday
      '2026-04-03', // Good Friday (Easter 2026-04-05)
      '2026-05-25', // Memorial Day
      '2026-06-19', // Juneteenth
      '2026-07-03', // Independence Day (Jul 4 is a Saturday)
      '2026-09-07', // Labor Day
      '2026-11-26', // Thanksgiving
      '2026-12-25', // Christmas
    ]);
  });

  it('2022: New Year on Saturday is not observed on Fri 2021-12-31; Juneteenth Sun -> Mon Jun 20; Christmas Sun -> Mon Dec 26', () => {
    expect(sorted(nyseHolidays(2022))).toEqual([
      '2022-01-17',
      '2022-02-21',
      '2022-04-15',
      '2022-05-30',
      '2022-06-20',
      '2022-07-04',
      '2022-09-05',
      '2022-11-24',
      '2022-12-26',
    ]);
    expect(isRuleTradingDay('2021-12-31')).toBe(true);
    expect(isRuleTradingDay('2022-01-03')).toBe(true);
    expect(nyseHolidays(2021).has('2021-12-31')).toBe(false);
  });

  it('2023: New Year on Sunday -> Mon Jan 2; Juneteenth Mon Jun 19', () => {
    expect(sorted(nyseHolidays(2023))).toEqual([
      '2023-01-02',
      '2023-01-16',
      '2023-02-20',
      '2023-04-07',
      '2023-05-29',
      '2023-06-19',
      '2023-07-04',
      '2023-09-04',
      '2023-11-23',
      '2023-12-25',
    ]);
    expect(isRuleTradingDay('2023-06-19')).toBe(false);
  });

  it('2027 (beyond the data): Saturday holidays move to Friday, Sunday ones to Monday', () => {
    expect(sorted(nyseHolidays(2027))).toEqual([
      '2027-01-01',
      '2027-01-18',
      '2027-02-15',
      '2027-03-26',
      '2027-05-31',
      '2027-06-18',
      '2027-07-05',
      '2027-09-06',
      '2027-11-25',
      '2027-12-24',
    ]);
  });

  it('Juneteenth is a holiday only from 2022', () => {
    expect(isRuleTradingDay('2021-06-18')).toBe(true); // Juneteenth 2021 (Sat) was not yet an NYSE holiday
    expect(nyseHolidays(2021).size).toBe(9);
  });

  it('Good Friday across years (Easter computus)', () => {
    const goodFridays = ['2018-03-30', '2019-04-19', '2020-04-10', '2021-04-02', '2024-03-29', '2025-04-18'];
    for (const d of goodFridays) {
      expect(nyseHolidays(Number(d.slice(0, 4))).has(d), d).toBe(true);
      expect(isRuleTradingDay(d), d).toBe(false);
    }
  });

  it('weekends never trade; ordinary weekdays do', () => {
    expect(isRuleTradingDay('2026-01-17')).toBe(false); // Saturday
    expect(isRuleTradingDay('2026-01-18')).toBe(false); // Sunday
    expect(isRuleTradingDay('2026-01-14')).toBe(true); // Wednesday
    expect(isRuleTradingDay('2026-01-20')).toBe(true); // Tuesday after MLK day
  });

  it.skipIf(!HAS_SHARED)('match the real SPY and ^GSPC dates 2018-2026 except the two national days of mourning', () => {
    for (const symbol of ['SPY', '^GSPC']) {
      const dates = sharedDailyDates(symbol);
      const traded = new Set(dates);
      const first = dates[0]!;
      const last = dates.at(-1)!;
      expect(first).toBe('2018-01-02');
      // Every stored date is a rule trading day ...
      expect(dates.filter((d) => !isRuleTradingDay(d))).toEqual([]);
      // ... and the rule trading days missing from the data are exactly the unscheduled closures.
      const missing: string[] = [];
      for (let d = first; d <= last; d = addDays(d, 1)) if (isRuleTradingDay(d) && !traded.has(d)) missing.push(d);
      expect(missing, symbol).toEqual(['2018-12-05', '2025-01-09']);
    }
  });
});

describe('addDays', () => {
  it('crosses months, years and leap days, both ways', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-01-14', -365)).toBe('2025-01-14');
    expect(addDays('2026-03-07', 2)).toBe('2026-03-09'); // across the US DST change: date arithmetic is in UTC
  });
});

describe('TradingCalendar', () => {
  it('with no stored dates follows the holiday rules', () => {
    const cal = new TradingCalendar([]);
    expect(cal.first).toBeUndefined();
    expect(cal.covers('2026-01-14')).toBe(false);
    expect(cal.isTradingDay('2026-01-19')).toBe(false); // MLK day
    expect(cal.isTradingDay('2025-01-09')).toBe(true); // the rules do not know the day of mourning
    expect(cal.onOrAfter('2026-01-17')).toBe('2026-01-20'); // Sat -> Tue (Mon is MLK day)
    expect(cal.after('2026-07-02')).toBe('2026-07-06'); // Jul 3 observed, weekend
    expect(cal.onOrAfter('2026-01-14')).toBe('2026-01-14');
  });

  it('inside the span of the stored dates uses exactly those dates (synthetic dates), outside it the rules', () => {
    // Made-up span with a gap on Tue 2026-01-06: inside the span the gap is a non-trading day.
    const cal = new TradingCalendar(['2026-01-07', '2026-01-05', '2026-01-08']); // unsorted on purpose
    expect(cal.first).toBe('2026-01-05');
    expect(cal.last).toBe('2026-01-08');
    expect(cal.covers('2026-01-06')).toBe(true);
    expect(cal.isTradingDay('2026-01-06')).toBe(false);
    expect(cal.after('2026-01-05')).toBe('2026-01-07');
    expect(cal.covers('2026-01-09')).toBe(false);
    expect(cal.isTradingDay('2026-01-09')).toBe(true); // Friday, by the rules
    expect(cal.after('2026-01-08')).toBe('2026-01-09'); // leaves the span: rules
    expect(cal.onOrAfter('2026-01-10')).toBe('2026-01-12');
    expect(cal.isTradingDay('2026-01-02')).toBe(true); // before the span: rules
  });

  describe.skipIf(!HAS_SHARED)('from the real SPY dates', () => {
    const cal = new TradingCalendar(HAS_SHARED ? sharedDailyDates('SPY') : []);

    it('spans the file', () => {
      expect(cal.first).toBe('2018-01-02');
      expect(cal.last).toBe('2026-07-31');
    });

    it('knows the unscheduled closures the rules cannot (2025-01-09 Carter, 2018-12-05 Bush)', () => {
      expect(sharedDailyDates('SPY')).not.toContain('2025-01-09');
      expect(isRuleTradingDay('2025-01-09')).toBe(true);
      expect(cal.isTradingDay('2025-01-09')).toBe(false);
      expect(cal.after('2025-01-08')).toBe('2025-01-10');
      expect(cal.onOrAfter('2025-01-09')).toBe('2025-01-10');
      expect(cal.isTradingDay('2018-12-05')).toBe(false);
      expect(cal.after('2018-12-04')).toBe('2018-12-06');
    });

    it('agrees with the rules on scheduled holidays inside the span', () => {
      for (const d of ['2026-01-19', '2026-04-03', '2023-06-19', '2022-06-20', '2026-07-03', '2025-11-27']) {
        expect(cal.isTradingDay(d), d).toBe(false);
      }
      expect(cal.after('2025-11-26')).toBe('2025-11-28'); // over Thanksgiving
      expect(cal.after('2025-12-31')).toBe('2026-01-02'); // over New Year
    });

    it('falls back to the rules after the last stored date', () => {
      expect(cal.covers('2026-08-03')).toBe(false);
      expect(cal.after('2026-07-31')).toBe('2026-08-03'); // Fri -> Mon, by the rules
      expect(cal.isTradingDay('2026-09-07')).toBe(false); // Labor Day 2026
      expect(cal.after('2026-09-04')).toBe('2026-09-08');
      expect(cal.after('2026-11-25')).toBe('2026-11-27');
      expect(cal.after('2026-12-24')).toBe('2026-12-28');
    });
  });
});

describe('TradingCalendar with holes in the stored dates (synthetic dates)', () => {
  it('treats a hole longer than a long weekend as missing data and asks the holiday rules', () => {
    // Stored: two weeks in May 2023 and two in July, nothing in between (fetched in two windows).
    const may = ['2023-05-15', '2023-05-16', '2023-05-17', '2023-05-18', '2023-05-19'];
    const july = ['2023-07-10', '2023-07-11', '2023-07-12'];
    const cal = new TradingCalendar([...may, ...july]);
    expect(cal.isTradingDay('2023-05-22')).toBe(true); // a Monday inside the hole: rules say it trades
    expect(cal.isTradingDay('2023-05-29')).toBe(false); // Memorial Day, by the rules
    expect(cal.onOrAfter('2023-05-21')).toBe('2023-05-22');
  });

  it('still reads a short hole as a closure (a stored holiday week)', () => {
    const cal = new TradingCalendar(['2025-01-08', '2025-01-10']); // 2025-01-09: day of mourning
    expect(cal.isTradingDay('2025-01-09')).toBe(false);
  });
});
