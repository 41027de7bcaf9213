/**
 * What the guard-rails and the abnormal volume read of a symbol's stored series between two
 * dates, computed in process from the series the study engine already holds (aligned-series.ts)
 * instead of a query per study. Same definitions as queries/estimation-window-diagnostics.sql and
 * queries/daily-volumes.sql, which stay the reference (test/study/stored-window.test.ts).
 */
import { firstOnOrAfter, type DailyCloses, type SeriesCache } from './aligned-series.js';

/** How an estimation window's stored prices behave (the warnings' inputs, docs/conventions.md "Warnings"). */
export type WindowDiagnostics = { zeroReturnShare: number; stalestStretchShare: number; zeroVolumeShare: number | null };

/** A symbol and an inclusive range of dates (days since 1970-01-01). */
export type DatedRange = { symbol: string; from: number; to: number };

/** A symbol's stored volumes on the dates of a range that have one (dates ascending). */
export type RangeVolumes = { dates: Int32Array; volumes: Float64Array };

/** What the store says of each symbol's prices over a date range (unchanged days, days without volume), in the order asked. */
export interface WindowDiagnosticsSource {
  windows(items: readonly DatedRange[]): Promise<WindowDiagnostics[]>;
}

/** Stored daily volumes per (symbol, date range), in the order asked. */
export interface VolumeSource {
  volumes(items: readonly DatedRange[]): Promise<RangeVolumes[]>;
}

/** |r| below this is an unchanged price (a stale quote rather than a move). */
const UNCHANGED = 0.0005;
/** Returns in a stale stretch: about three months of trading. */
const STRETCH = 60;

/** Rows of `s` with from <= date <= to: [lo, hi). */
function rowsBetween(s: DailyCloses, from: number, to: number): [number, number] {
  return [firstOnOrAfter(s.dates, from), firstOnOrAfter(s.dates, to + 1)];
}

/**
 * Returns are consecutive stored closes inside the range (the first row in it has none); the
 * stalest stretch is the largest share of unchanged returns in any 60 consecutive ones (0 with
 * fewer); volume shares count the rows of the range that have a volume.
 */
export function windowDiagnostics(s: DailyCloses, from: number, to: number): WindowDiagnostics {
  const [lo, hi] = rowsBetween(s, from, to);
  const c = s.closes;
  const unchanged = new Uint8Array(Math.max(0, hi - lo));
  let returns = 0;
  let stale = 0;
  let inStretch = 0;
  let stalest = 0;
  for (let i = lo + 1; i < hi; i++) {
    const isStale = Math.abs(c[i]! / c[i - 1]! - 1) < UNCHANGED ? 1 : 0;
    unchanged[i - lo] = isStale;
    returns++;
    stale += isStale;
    inStretch += isStale;
    if (returns > STRETCH) inStretch -= unchanged[i - lo - STRETCH]!;
    if (returns >= STRETCH) stalest = Math.max(stalest, inStretch / STRETCH);
  }
  let volumeDays = 0;
  let zeroVolume = 0;
  const v = s.volumes;
  if (v) {
    for (let i = lo; i < hi; i++) {
      if (Number.isNaN(v[i]!)) continue;
      volumeDays++;
      if (v[i] === 0) zeroVolume++;
    }
  }
  return {
    zeroReturnShare: returns > 0 ? stale / returns : 0,
    stalestStretchShare: stalest,
    zeroVolumeShare: volumeDays > 0 ? zeroVolume / volumeDays : null,
  };
}

/** The stored volumes of `s` between `from` and `to` (only dates that have one). */
export function rangeVolumes(s: DailyCloses, from: number, to: number): RangeVolumes {
  const v = s.volumes;
  if (!v) return { dates: new Int32Array(0), volumes: new Float64Array(0) };
  const [lo, hi] = rowsBetween(s, from, to);
  const keep: number[] = [];
  for (let i = lo; i < hi; i++) if (!Number.isNaN(v[i]!)) keep.push(i);
  return { dates: Int32Array.from(keep, (i) => s.dates[i]!), volumes: Float64Array.from(keep, (i) => v[i]!) };
}

/** Both reads from the series cache, at the store's current data version. */
export class SeriesWindowReads implements WindowDiagnosticsSource, VolumeSource {
  constructor(
    private readonly cache: SeriesCache,
    private readonly dataVersion: () => Promise<string>,
  ) {}

  private async each<T>(items: readonly DatedRange[], read: (s: DailyCloses, from: number, to: number) => T): Promise<T[]> {
    if (items.length === 0) return [];
    const series = await this.cache.series([...new Set(items.map((i) => i.symbol))], await this.dataVersion());
    return items.map((i) => read(series.get(i.symbol)!, i.from, i.to));
  }

  windows(items: readonly DatedRange[]): Promise<WindowDiagnostics[]> {
    return this.each(items, windowDiagnostics);
  }

  volumes(items: readonly DatedRange[]): Promise<RangeVolumes[]> {
    return this.each(items, rangeVolumes);
  }
}
