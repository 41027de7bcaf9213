/**
 * Stock exchanges a listing can trade on: MIC, time zone, regular sessions (with the lunch break
 * where there is one) and the Yahoo symbol suffixes that map to each. Pure data and lookups.
 *
 * Hours are the regular continuous-trading sessions in local time (opening and closing auctions
 * that end by the close are inside them). Half-days (e.g. Euronext on 24 and 31 December) are
 * not modelled: a listing's own stored rows say whether it traded, not when it closed early.
 *
 * @example
 *   exchangeOfSymbol('601360.SS').mic === 'XSHG'
 *   sessionsOn(exchangeOfSymbol('HO.PA'), '2026-01-14') // [{ open: '09:00', close: '17:30' }]
 */

/** One continuous trading session, local wall-clock times `HH:MM` (close exclusive). */
export interface TradingSession {
  open: string;
  close: string;
}

/** The sessions of each weekday (0 = Sunday ... 6 = Saturday) from a date on. */
export interface WeekSchedule {
  /** First date (YYYY-MM-DD) the schedule applies; null = since before any data here. */
  from: string | null;
  days: Partial<Record<0 | 1 | 2 | 3 | 4 | 5 | 6, readonly TradingSession[]>>;
  /** Where the hours come from: publisher, date, URL when known. */
  source: string;
}

export interface Exchange {
  /** ISO 10383 market identifier code. */
  mic: string;
  name: string;
  /** Short name for sentences: "Paris was trading at 12:10". */
  city: string;
  timeZone: string;
  currency: string;
  /** Yahoo suffixes, with the dot (`.SS`); the US exchanges have none. */
  suffixes: readonly string[];
  /** Oldest first; the last whose `from` is on or before a date applies. */
  schedules: readonly WeekSchedule[];
  /** The broad local index a listing is studied against when the catalog names none (US: the event's own benchmarks). */
  benchmark: string | null;
}

const s = (open: string, close: string): TradingSession => ({ open, close });
const weekdays = (...sessions: TradingSession[]): WeekSchedule['days'] => ({ 1: sessions, 2: sessions, 3: sessions, 4: sessions, 5: sessions });

const US_SCHEDULE: WeekSchedule[] = [
  { from: null, days: weekdays(s('09:30', '16:00')), source: 'NYSE and Nasdaq core trading hours, 09:30-16:00 ET (nyse.com, "Holidays and trading hours")' },
];
const CHINA_SCHEDULE: WeekSchedule[] = [
  {
    from: null,
    days: weekdays(s('09:30', '11:30'), s('13:00', '15:00')),
    source: 'SSE and SZSE trading rules: continuous auction 09:30-11:30 and 13:00-15:00 Beijing time (SZSE closing call auction 14:57-15:00)',
  },
];

/** US-listed venues share the New York clock and holidays. */
const us = (mic: string, name: string): Exchange => ({
  mic,
  name,
  city: 'New York',
  timeZone: 'America/New_York',
  currency: 'USD',
  suffixes: [],
  schedules: US_SCHEDULE,
  benchmark: null,
});

export const EXCHANGES: readonly Exchange[] = [
  us('XNYS', 'New York Stock Exchange'),
  us('XNAS', 'Nasdaq'),
  us('XASE', 'NYSE American'),
  us('ARCX', 'NYSE Arca'),
  us('BATS', 'Cboe BZX'),
  { mic: 'XSHG', name: 'Shanghai Stock Exchange', city: 'Shanghai', timeZone: 'Asia/Shanghai', currency: 'CNY', suffixes: ['.SS'], schedules: CHINA_SCHEDULE, benchmark: '000300.SS' },
  { mic: 'XSHE', name: 'Shenzhen Stock Exchange', city: 'Shenzhen', timeZone: 'Asia/Shanghai', currency: 'CNY', suffixes: ['.SZ'], schedules: CHINA_SCHEDULE, benchmark: '000300.SS' },
  {
    mic: 'XHKG',
    name: 'Hong Kong Exchanges and Clearing',
    city: 'Hong Kong',
    timeZone: 'Asia/Hong_Kong',
    currency: 'HKD',
    suffixes: ['.HK'],
    benchmark: '^HSI',
    schedules: [{ from: null, days: weekdays(s('09:30', '12:00'), s('13:00', '16:00')), source: 'HKEX securities market trading hours: morning 09:30-12:00, afternoon 13:00-16:00 (closing auction to ~16:10 not included)' }],
  },
  {
    mic: 'XPAR',
    name: 'Euronext Paris',
    city: 'Paris',
    timeZone: 'Europe/Paris',
    currency: 'EUR',
    suffixes: ['.PA'],
    benchmark: '^FCHI',
    schedules: [{ from: null, days: weekdays(s('09:00', '17:30')), source: 'Euronext cash market trading hours: continuous trading 09:00-17:30 CET/CEST' }],
  },
  {
    mic: 'XLON',
    name: 'London Stock Exchange',
    city: 'London',
    timeZone: 'Europe/London',
    currency: 'GBP',
    suffixes: ['.L'],
    benchmark: '^FTSE',
    schedules: [{ from: null, days: weekdays(s('08:00', '16:30')), source: 'LSE SETS continuous trading 08:00-16:30 UK time' }],
  },
  {
    mic: 'XETR',
    name: 'Xetra (Deutsche Börse)',
    city: 'Frankfurt',
    timeZone: 'Europe/Berlin',
    currency: 'EUR',
    suffixes: ['.DE'],
    benchmark: '^GDAXI',
    schedules: [{ from: null, days: weekdays(s('09:00', '17:30')), source: 'Xetra continuous trading 09:00-17:30 CET/CEST' }],
  },
  {
    mic: 'XTKS',
    name: 'Tokyo Stock Exchange',
    city: 'Tokyo',
    timeZone: 'Asia/Tokyo',
    currency: 'JPY',
    suffixes: ['.T'],
    benchmark: '^N225',
    schedules: [
      { from: null, days: weekdays(s('09:00', '11:30'), s('12:30', '15:00')), source: 'TSE hours before the extension: 09:00-11:30, 12:30-15:00 (Yomiuri/Jiji, 22 Apr 2023)' },
      {
        from: '2024-11-05',
        days: weekdays(s('09:00', '11:30'), s('12:30', '15:30')),
        source: 'TSE close moved to 15:30 from 5 Nov 2024 (Jiji Press via nippon.com, 5 Nov 2024: https://www.nippon.com/en/news/yjj2024110500956/)',
      },
    ],
  },
  {
    mic: 'XTAE',
    name: 'Tel Aviv Stock Exchange',
    city: 'Tel Aviv',
    timeZone: 'Asia/Jerusalem',
    currency: 'ILS',
    suffixes: ['.TA'],
    benchmark: '^TA125.TA',
    schedules: [
      {
        from: null,
        // Before 2026 the week ran Sunday to Thursday. Assumption, not verified from a source here:
        // 09:59-17:25 Monday-Thursday and 09:59-15:50 on Sunday.
        days: { 0: [s('09:59', '15:50')], 1: [s('09:59', '17:25')], 2: [s('09:59', '17:25')], 3: [s('09:59', '17:25')], 4: [s('09:59', '17:25')] },
        source: 'Sunday-Thursday week until Thursday 1 Jan 2026 (Globes, 5 Jan 2026); the hours of that regime are an unverified assumption',
      },
      {
        // The week from Sunday 4 Jan 2026 on: that Sunday was the first without trading.
        from: '2026-01-04',
        days: { 1: [s('10:00', '17:35')], 2: [s('10:00', '17:35')], 3: [s('10:00', '17:35')], 4: [s('10:00', '17:35')], 5: [s('10:00', '13:50')] },
        source: 'Monday-Friday from 5 Jan 2026: 10:00-17:35 Mon-Thu, Friday to 13:50 for shares (Globes, "New trading week on Tel Aviv Stock Exchange underway": https://en.globes.co.il/en/article-New-trading-week-on-Tel-Aviv-Stock-Exchange-underway-1001531000)',
      },
    ],
  },
];

/** Further markets on one continuous session (hours as the exchanges publish them; not re-checked here). */
const UNVERIFIED = 'regular session as published by the exchange (not re-checked against a source in this project)';
const simple = (mic: string, name: string, city: string, timeZone: string, currency: string, suffixes: string[], open: string, close: string, benchmark: string): Exchange => ({
  mic,
  name,
  city,
  timeZone,
  currency,
  suffixes,
  schedules: [{ from: null, days: weekdays(s(open, close)), source: UNVERIFIED }],
  benchmark,
});

export const MORE_EXCHANGES: readonly Exchange[] = [
  simple('XAMS', 'Euronext Amsterdam', 'Amsterdam', 'Europe/Amsterdam', 'EUR', ['.AS'], '09:00', '17:30', '^AEX'),
  simple('XSWX', 'SIX Swiss Exchange', 'Zurich', 'Europe/Zurich', 'CHF', ['.SW'], '09:00', '17:30', '^SSMI'),
  simple('XMIL', 'Borsa Italiana', 'Milan', 'Europe/Rome', 'EUR', ['.MI'], '09:00', '17:30', 'FTSEMIB.MI'),
  simple('XOSL', 'Oslo Børs', 'Oslo', 'Europe/Oslo', 'NOK', ['.OL'], '09:00', '16:20', '^OSEAX'),
  simple('XKRX', 'Korea Exchange', 'Seoul', 'Asia/Seoul', 'KRW', ['.KS', '.KQ'], '09:00', '15:30', '^KS11'),
  simple('XTAI', 'Taiwan Stock Exchange', 'Taipei', 'Asia/Taipei', 'TWD', ['.TW'], '09:00', '13:30', '^TWII'),
  simple('XASX', 'ASX', 'Sydney', 'Australia/Sydney', 'AUD', ['.AX'], '10:00', '16:00', '^AXJO'),
];

/**
 * Index symbols without an exchange suffix (Yahoo spells them `^XXX`): the exchange whose
 * calendar they follow. A `^` symbol not listed here is not guessed.
 */
export const INDEX_EXCHANGE: Readonly<Record<string, string>> = {
  '^GSPC': 'XNYS',
  '^DJI': 'XNYS',
  '^IXIC': 'XNAS',
  '^NDX': 'XNAS',
  '^RUT': 'XNYS',
  '^SOX': 'XNAS',
  '^VIX': 'XNYS',
  '^FCHI': 'XPAR',
  '^HSI': 'XHKG',
  '^FTSE': 'XLON',
  '^GDAXI': 'XETR',
  '^N225': 'XTKS',
  '^AEX': 'XAMS',
  '^SSMI': 'XSWX',
  '^OSEAX': 'XOSL',
  '^KS11': 'XKRX',
  '^TWII': 'XTAI',
  '^AXJO': 'XASX',
};

const ALL = [...EXCHANGES, ...MORE_EXCHANGES];
const byMic = new Map(ALL.map((e) => [e.mic, e]));
const bySuffix = new Map(ALL.flatMap((e) => e.suffixes.map((x) => [x, e] as const)));

/** Thrown when a symbol's exchange cannot be told from its suffix (or a MIC is not in the table). */
export class UnknownExchangeError extends Error {
  override readonly name = 'UnknownExchangeError';
}

const KNOWN = () => [...bySuffix.keys()].join(' ');

/** The exchange of a MIC from the table. @throws UnknownExchangeError */
export function exchangeByMic(mic: string): Exchange {
  const e = byMic.get(mic);
  if (!e) throw new UnknownExchangeError(`Exchange ${mic} is not in the exchange table; known MICs: ${[...byMic.keys()].join(' ')}.`);
  return e;
}

/**
 * The exchange a Yahoo symbol trades on: by its suffix (`.SS` -> XSHG), by the index table for
 * `^` symbols, and New York (XNYS; Nasdaq shares its clock) for a plain US ticker or share class
 * (AVGO, BRK-B).
 * @throws UnknownExchangeError for an unknown suffix or index, naming the known ones.
 */
export function exchangeOfSymbol(symbol: string): Exchange {
  const sym = symbol.toUpperCase();
  const suffix = /(\.[A-Z]{1,3})$/.exec(sym)?.[1];
  if (suffix !== undefined) {
    const e = bySuffix.get(suffix);
    if (!e) {
      throw new UnknownExchangeError(
        `Symbol ${sym} has the exchange suffix ${suffix}, which is not in the exchange table (known: ${KNOWN()}; no suffix = US). Give the listing's exchange as a MIC, or use a supported listing.`,
      );
    }
    return e;
  }
  if (sym.startsWith('^')) {
    const mic = INDEX_EXCHANGE[sym];
    if (!mic) {
      throw new UnknownExchangeError(
        `Index ${sym} is not in the index table, so its exchange is unknown (known: ${Object.keys(INDEX_EXCHANGE).join(' ')}). Use a benchmark with an exchange suffix, or a known index.`,
      );
    }
    return exchangeByMic(mic);
  }
  return exchangeByMic('XNYS');
}

/** Whether two exchanges keep one clock and calendar (NYSE and Nasdaq; Shanghai and Shenzhen). */
export function sameMarketClock(a: Exchange, b: Exchange): boolean {
  return a.timeZone === b.timeZone && a.schedules === b.schedules;
}

/** The week schedule in force on a date. */
export function scheduleOn(exchange: Exchange, date: string): WeekSchedule {
  let found = exchange.schedules[0]!;
  for (const sch of exchange.schedules) if (sch.from === null || sch.from <= date) found = sch;
  return found;
}

/**
 * The regular sessions of an exchange's weekday schedule on a local date (empty on its weekend).
 * Whether the exchange actually traded that date is for the stored rows to say.
 */
export function sessionsOn(exchange: Exchange, date: string): readonly TradingSession[] {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay() as 0 | 1 | 2 | 3 | 4 | 5 | 6;
  return scheduleOn(exchange, date).days[dow] ?? [];
}
