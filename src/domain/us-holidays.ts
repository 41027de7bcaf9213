/**
 * NYSE full-day holiday rules, used for dates the stored data does not cover (the future, or a
 * database with no benchmark yet). Unscheduled closures (e.g. 2018-12-05, 2025-01-09 national
 * days of mourning) are not rules; inside the data they come from the benchmark's own dates.
 */
const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);

/** The n-th (1-based) given weekday (0 = Sunday) of a month; n = -1 for the last. */
function nthWeekday(y: number, m: number, weekday: number, n: number): string {
  if (n > 0) {
    const first = new Date(Date.UTC(y, m - 1, 1)).getUTCDay();
    return iso(y, m, 1 + ((weekday - first + 7) % 7) + 7 * (n - 1));
  }
  const lastDay = new Date(Date.UTC(y, m, 0));
  const back = (lastDay.getUTCDay() - weekday + 7) % 7;
  return iso(y, m, lastDay.getUTCDate() - back);
}

/** Saturday holidays move to Friday, Sunday ones to Monday (NYSE Rule 7.2). */
function observed(y: number, m: number, d: number): string {
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return iso(y, m, d + (wd === 6 ? -1 : wd === 0 ? 1 : 0));
}

/** Gregorian Easter Sunday (anonymous Gregorian algorithm). */
function easter(y: number): [number, number] {
  const a = y % 19, b = Math.floor(y / 100), c = y % 100;
  const d = Math.floor(b / 4), e = b % 4, f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  return [month, ((h + l - 7 * m + 114) % 31) + 1];
}

const cache = new Map<number, Set<string>>();

export function nyseHolidays(year: number): Set<string> {
  let set = cache.get(year);
  if (set) return set;
  const [em, ed] = easter(year);
  const days = [
    nthWeekday(year, 1, 1, 3), // Martin Luther King Jr. Day
    nthWeekday(year, 2, 1, 3), // Washington's Birthday
    iso(year, em, ed - 2), // Good Friday
    nthWeekday(year, 5, 1, -1), // Memorial Day
    observed(year, 7, 4),
    nthWeekday(year, 9, 1, 1), // Labor Day
    nthWeekday(year, 11, 4, 4), // Thanksgiving
    observed(year, 12, 25),
  ];
  // New Year's Day on a Saturday is not observed on the Friday before (NYSE rule).
  if (new Date(Date.UTC(year, 0, 1)).getUTCDay() !== 6) days.push(observed(year, 1, 1));
  if (year >= 2022) days.push(observed(year, 6, 19)); // Juneteenth, first observed 2022
  set = new Set(days);
  cache.set(year, set);
  return set;
}

export function isRuleTradingDay(date: string): boolean {
  const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
  return wd !== 0 && wd !== 6 && !nyseHolidays(Number(date.slice(0, 4))).has(date);
}

/**
 * NYSE early closes (13:00 ET): the day after Thanksgiving, and July 3 and December 24 when they
 * fall Monday to Thursday (on a Friday they are the observed holiday itself, or a full day).
 */
export function isEarlyClose(date: string): boolean {
  const year = Number(date.slice(0, 4));
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  const monthDay = date.slice(5);
  if (date === addDaysIso(nthWeekday(year, 11, 4, 4), 1)) return true;
  return (monthDay === '07-03' || monthDay === '12-24') && weekday >= 1 && weekday <= 4;
}

function addDaysIso(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Every NYSE early close in [fromYear, toYear], as YYYY-MM-DD. */
export function earlyCloses(fromYear: number, toYear: number): string[] {
  const dates: string[] = [];
  for (let y = fromYear; y <= toYear; y++) {
    for (const d of [`${y}-07-03`, `${y}-12-24`, addDaysIso(nthWeekday(y, 11, 4, 4), 1)]) if (isEarlyClose(d)) dates.push(d);
  }
  return dates.sort();
}
