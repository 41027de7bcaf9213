import type { IntradayInterval } from '../price-provider.js';

/**
 * How far back Yahoo serves intraday bars, and how long a span one request may ask for. Yahoo
 * answers a request beyond these with HTTP 422 ("... data not available for startTime=...");
 * asking only for what it serves keeps those out of the error path.
 */
export type IntradayReach = { maxAgeDays: number; maxSpanDays: number };

const DAY_MS = 86_400_000;
/** Kept off the exact edge: Yahoo measures "30 days" from its own clock. */
const EDGE_MARGIN_MS = 3_600_000;

export const INTRADAY_REACH: Record<IntradayInterval, IntradayReach> = {
  '1m': { maxAgeDays: 30, maxSpanDays: 7 },
  '2m': { maxAgeDays: 60, maxSpanDays: 60 },
  '5m': { maxAgeDays: 60, maxSpanDays: 60 },
  '15m': { maxAgeDays: 60, maxSpanDays: 60 },
  '30m': { maxAgeDays: 60, maxSpanDays: 60 },
  '90m': { maxAgeDays: 60, maxSpanDays: 60 },
  '60m': { maxAgeDays: 730, maxSpanDays: 730 },
  '1h': { maxAgeDays: 730, maxSpanDays: 730 },
};

export function earliestIntraday(interval: IntradayInterval, now: Date): Date {
  return new Date(now.getTime() - INTRADAY_REACH[interval].maxAgeDays * DAY_MS + EDGE_MARGIN_MS);
}

/** [from, to) cut into spans Yahoo accepts in one request. */
export function requestSpans(interval: IntradayInterval, from: Date, to: Date): { from: Date; to: Date }[] {
  const step = INTRADAY_REACH[interval].maxSpanDays * DAY_MS;
  const spans: { from: Date; to: Date }[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += step) {
    spans.push({ from: new Date(t), to: new Date(Math.min(t + step, to.getTime())) });
  }
  return spans;
}
