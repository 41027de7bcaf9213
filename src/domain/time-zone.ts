/**
 * Wall-clock arithmetic in IANA time zones (an exchange's clock), on Intl alone so it runs on
 * Node and Workers. Formatters are cached per zone: building one costs far more than using it.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** An instant's local date (YYYY-MM-DD), time (HH:MM) and minutes after midnight in a zone. */
export function localClock(instant: number | Date, timeZone: string): { date: string; time: string; minutes: number; seconds: number } {
  const p = Object.fromEntries(format(timeZone).formatToParts(instant).map((x) => [x.type, x.value]));
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    time: `${p.hour}:${p.minute}`,
    minutes: Number(p.hour) * 60 + Number(p.minute),
    seconds: Number(p.second),
  };
}

/** Epoch ms of a wall-clock time (HH:MM) on a date in a zone; two passes settle DST changes. */
export function zonedMs(date: string, hm: string, timeZone: string): number {
  const guess = Date.parse(`${date}T${hm}:00Z`);
  const offsetAt = (ms: number) => {
    const c = localClock(ms, timeZone);
    return Date.parse(`${c.date}T${c.time}:${String(c.seconds).padStart(2, '0')}Z`) - ms;
  };
  return guess - offsetAt(guess - offsetAt(guess));
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    format(timeZone);
    return true;
  } catch {
    return false;
  }
}
