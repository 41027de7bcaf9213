/**
 * Securities' returns aligned with their benchmarks', as typed arrays built in process from the
 * stored adjusted closes, which are read once per data version and kept: a study reads them
 * without a query per request or a boxed value per row. Alignment rules (docs/conventions.md,
 * "Data and returns"): a return is close_d / close_prev - 1 (or its log) over the series' own
 * consecutive rows; a security's return is paired with its benchmark's on the same date only
 * when both span the same interval (the same previous stored date).
 */

/**
 * One symbol's stored dates (days since 1970-01-01, ascending) and adjusted closes, and its
 * volumes where any is stored (NaN on a date without one; absent when the symbol has none).
 */
export type DailyCloses = { dates: Int32Array; closes: Float64Array; volumes?: Float64Array };

/** A pair's common return dates and both returns. */
export type AlignedSeries = { dates: Int32Array; ri: Float64Array; rm: Float64Array };

export type ReturnKind = 'simple' | 'log';
export type SeriesPair = { symbol: string; benchmark: string };

/** Reads symbols' closes from the store (one query for all of them). */
export interface ClosesSource {
  closes(symbols: readonly string[]): Promise<DailyCloses[]>;
}

/** 256 MB of closes: ~10,000 symbols of ten years. */
export const DEFAULT_SERIES_BYTES = 256 * 1024 * 1024;

const bytesOf = (s: DailyCloses) => s.dates.byteLength + s.closes.byteLength + (s.volumes?.byteLength ?? 0);
const alignedBytes = (s: AlignedSeries) => s.dates.byteLength + s.ri.byteLength + s.rm.byteLength;

/**
 * A least-recently-used, byte-bounded cache of symbols' closes over a ClosesSource, emptied
 * whenever the store's data version changes. Symbols asked for together are read in one query;
 * each pair is aligned once per version and kept (a bulk study meets the same pairs again).
 */
export class SeriesCache {
  private readonly symbols = new Map<string, DailyCloses>();
  /** Pairs already aligned at this version (insertion order = age), bounded by `maxBytes` too. */
  private readonly pairs = new Map<string, AlignedSeries>();
  private pairBytes = 0;
  private version: string | undefined;
  private total = 0;

  constructor(
    private readonly source: ClosesSource,
    private readonly maxBytes = DEFAULT_SERIES_BYTES,
  ) {}

  get bytes(): number {
    return this.total;
  }

  /** Each pair's aligned returns, in the order asked, at data version `version`. */
  async aligned(pairs: readonly SeriesPair[], returns: ReturnKind, version: string): Promise<AlignedSeries[]> {
    const keyOf = (p: SeriesPair) => `${p.symbol}\u0000${p.benchmark}\u0000${returns}`;
    if (version !== this.version) this.clear(version);
    const todo = pairs.filter((p) => !this.pairs.has(keyOf(p)));
    const closes = await this.series([...new Set(todo.flatMap((p) => [p.symbol, p.benchmark]))], version);
    const memo = new Map<string, AlignedSeries>();
    const out = pairs.map((p) => {
      const key = keyOf(p);
      let s = memo.get(key) ?? this.pairs.get(key);
      if (!s) s = align(closes.get(p.symbol)!, closes.get(p.benchmark)!, returns);
      memo.set(key, s);
      return s;
    });
    if (this.version !== version) return out; // the data changed meanwhile: keep nothing
    for (const [key, s] of memo) {
      if (this.pairs.delete(key)) this.pairBytes -= alignedBytes(s);
      this.pairs.set(key, s);
      this.pairBytes += alignedBytes(s);
    }
    for (const [key, s] of this.pairs) {
      if (this.pairBytes <= this.maxBytes) break;
      this.pairs.delete(key);
      this.pairBytes -= alignedBytes(s);
    }
    return out;
  }

  private clear(version: string): void {
    this.symbols.clear();
    this.pairs.clear();
    this.total = 0;
    this.pairBytes = 0;
    this.version = version;
  }

  /** Each symbol's stored series at data version `version` (read in one query if not kept). */
  async series(wanted: readonly string[], version: string): Promise<Map<string, DailyCloses>> {
    if (version !== this.version) this.clear(version);
    const missing = wanted.filter((s) => !this.symbols.has(s));
    const out = new Map<string, DailyCloses>();
    if (missing.length) {
      const read = await this.source.closes(missing);
      missing.forEach((s, i) => out.set(s, read[i]!));
      // The data changed while reading: answer this request, keep nothing of an old version.
      if (this.version !== version) return new Map(wanted.map((s) => [s, out.get(s) ?? this.symbols.get(s)!]));
    }
    for (const s of wanted) {
      const c = this.symbols.get(s) ?? out.get(s)!;
      if (!this.symbols.delete(s)) this.total += bytesOf(c);
      this.symbols.set(s, c); // most recently used last
      out.set(s, c);
    }
    for (const [s, c] of this.symbols) {
      if (this.total <= this.maxBytes) break;
      if (out.has(s)) continue; // never evict what this request uses
      this.symbols.delete(s);
      this.total -= bytesOf(c);
    }
    return out;
  }
}

/** Pairs a security's returns with its benchmark's (two sorted date runs, merged in one pass). */
export function align(security: DailyCloses, benchmark: DailyCloses, returns: ReturnKind): AlignedSeries {
  const n = Math.min(security.dates.length, benchmark.dates.length);
  const dates = new Int32Array(n);
  const ri = new Float64Array(n);
  const rm = new Float64Array(n);
  const log = returns === 'log';
  const [sc, bc] = [security.closes, benchmark.closes];
  const [sd, bd] = [security.dates, benchmark.dates];
  let k = 0;
  for (let i = 1, j = 1; i < sd.length && j < bd.length; ) {
    if (sd[i]! < bd[j]!) i++;
    else if (sd[i]! > bd[j]!) j++;
    else {
      if (sd[i - 1] === bd[j - 1]) {
        dates[k] = sd[i]!;
        ri[k] = log ? Math.log(sc[i]! / sc[i - 1]!) : sc[i]! / sc[i - 1]! - 1;
        rm[k] = log ? Math.log(bc[j]! / bc[j - 1]!) : bc[j]! / bc[j - 1]! - 1;
        k++;
      }
      i++;
      j++;
    }
  }
  // Copies, not views: a kept pair holds only its own bytes.
  return { dates: dates.slice(0, k), ri: ri.slice(0, k), rm: rm.slice(0, k) };
}

/** Index of the first date >= `day` (dates ascending), or dates.length. */
export function firstOnOrAfter(dates: Int32Array, day: number): number {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (dates[mid]! < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** YYYY-MM-DD <-> days since 1970-01-01 (UTC calendar dates, no time zone). */
export const toEpochDay = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
export const fromEpochDay = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10);
