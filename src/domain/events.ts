/**
 * Policy-event catalog: zod schemas, types and cross-field rules for `data/events.json`.
 * Pure: no I/O. The caller reads the file and hands the parsed JSON to `parseCatalog`.
 *
 * @example
 *   const catalog = parseCatalog(JSON.parse(await readFile('data/events.json', 'utf8')));
 *   const headline = catalog.events.find((e) => e.id === 'china-cybersecurity-software-ban-2026');
 */
import { exchangeByMic, exchangeOfSymbol, UnknownExchangeError } from './exchanges.js';
import { MAX_SYMBOL_LENGTH, SYMBOL_PATTERN } from './symbols.js';
import { z } from 'zod';

/**
 * When the news came out relative to US equity hours (times in America/New_York):
 * `pre` before 09:30 on a trading day, `regular` 09:30-16:00, `post` after the close,
 * `closed` on a weekend or market holiday. `null` in an event means unknown.
 */
export const SessionSchema = z.enum(['pre', 'regular', 'post', 'closed'], {
  error: 'session must be one of pre, regular, post, closed (or null when unknown)',
});
export type Session = z.infer<typeof SessionSchema>;

/**
 * How a security relates to the event:
 * - `named_firm`: the policy names the firm, or it is a listed firm the policy directly restricts
 *   or the press reported as directly hit (e.g. a chip maker under new export rules);
 * - `parent_company`: the listed owner of a named firm that is itself not listed;
 * - `peer`: read-across: a firm not named or directly restricted (competitor, possibly exposed
 *   or possibly benefiting firm, "suggested" tickers);
 * - `domestic_beneficiary`: a firm in the acting country expected to gain from the policy.
 */
export const SecurityRoleSchema = z.enum(['named_firm', 'parent_company', 'peer', 'domestic_beneficiary'], {
  error: 'role must be one of named_firm, parent_company, peer, domestic_beneficiary',
});
export type SecurityRole = z.infer<typeof SecurityRoleSchema>;

/** Exchanges (MIC) whose listings count as US-listed. */
export const US_EXCHANGES: readonly string[] = ['XNAS', 'XNYS', 'XASE', 'ARCX', 'BATS'];

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The dates the service reasons about: the holiday rules, the price data and JavaScript's Date
 * (which reads years 0-99 as 1900-1999) all hold inside this span; a date outside it is refused.
 */
export const DATE_RANGE = { first: '1900-01-01', last: '2100-12-31' } as const;

/** True when `s` is `YYYY-MM-DD`, names a real calendar day (rejects 2026-02-30) and lies in DATE_RANGE. */
export function isCalendarDate(s: string): boolean {
  const m = YMD.exec(s);
  if (!m || s < DATE_RANGE.first || s > DATE_RANGE.last) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

/**
 * True when an ISO 8601 date-time names a real instant (the pattern alone lets through offsets
 * such as +99:00) whose own calendar date (before any offset) lies in DATE_RANGE.
 */
export function isInstantInRange(s: string): boolean {
  return isCalendarDate(s.slice(0, 10)) && !Number.isNaN(Date.parse(s));
}

/**
 * True unless `s` holds a lone UTF-16 surrogate (text that is no Unicode: it cannot be stored as
 * JSON or UTF-8). With the `u` flag a valid surrogate pair is one code point, outside the class.
 */
export function isWellFormedText(s: string): boolean {
  return !/[\uD800-\uDFFF]/u.test(s);
}

/** Bounds on stored event text, far above the curated catalog's largest values (x5 or more). */
export const EVENT_LIMITS = { jsonBytes: 64 * 1024, shortText: 500, longText: 4000, url: 2048, securities: 200, listItems: 50 } as const;

/** Non-empty, well-formed text of at most `max` characters. */
const text = (field: string, max: number) =>
  z
    .string()
    .min(1, { error: `${field} must not be empty` })
    .max(max, { error: `${field} must be at most ${max} characters` })
    .refine(isWellFormedText, { error: `${field} must be well-formed Unicode text (it holds a lone surrogate such as \\ud800)` });

/** Day of week of a `YYYY-MM-DD` date: 0 = Sunday ... 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

const nyDateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/New_York',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The America/New_York calendar date of an ISO 8601 instant.
 * @example newYorkDate('2026-01-14T11:10:00Z') === '2026-01-14'
 */
export function newYorkDate(iso: string): string {
  const parts = nyDateFormat.formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const BenchmarkSymbolSchema = z
  .string()
  .max(MAX_SYMBOL_LENGTH)
  .regex(SYMBOL_PATTERN, { error: 'benchmark must be a Yahoo-style symbol such as SPY, 000300.SS or ^FCHI' });

export const EventSecuritySchema = z.strictObject({
  symbol: z.string().max(MAX_SYMBOL_LENGTH).regex(SYMBOL_PATTERN, { error: 'symbol must be a Yahoo-style symbol such as AVGO, HO.PA or 601360.SS' }),
  name: text('name', EVENT_LIMITS.shortText),
  role: SecurityRoleSchema,
  exchange: z.string().regex(/^[A-Z0-9]{4}$/, { error: 'exchange must be a 4-character MIC such as XNAS or XSHG' }),
  listed_in_us: z.boolean(),
  /** The listing's own-market benchmark (e.g. 000300.SS for A-shares, ^FCHI for Paris); absent: the event's `benchmarks`. */
  benchmark: BenchmarkSymbolSchema.optional(),
  /** ISO 4217 trading currency; must be the exchange's. */
  currency: z.string().regex(/^[A-Z]{3}$/, { error: 'currency must be an ISO 4217 code such as USD or CNY' }).optional(),
  /** A `peer` chosen as part of the event's control group: unnamed, same industry, same market as the named firms. */
  control: z.boolean().optional(),
  note: text('note', EVENT_LIMITS.longText).optional(),
});
export type EventSecurity = z.infer<typeof EventSecuritySchema>;

/** Other news on or near the event date that moved some securities (or the whole market: `symbols` empty). */
export const ConfounderSchema = z.strictObject({
  symbols: z.array(z.string().max(MAX_SYMBOL_LENGTH).regex(SYMBOL_PATTERN, { error: 'confounder symbols must be Yahoo-style symbols' })),
  date: z.string().refine(isCalendarDate, { error: 'confounder date must be a real calendar date in YYYY-MM-DD form' }),
  description: text('confounder description', EVENT_LIMITS.longText),
  source: text('confounder source', EVENT_LIMITS.shortText),
});
export type Confounder = z.infer<typeof ConfounderSchema>;

export const PolicyEventSchema = z
  .strictObject({
    id: z.string().max(100, { error: 'id must be at most 100 characters' }).regex(SLUG, { error: 'id must be a lowercase slug such as huawei-entity-list-2019' }),
    title: text('title', EVENT_LIMITS.shortText),
    date: z.string().refine(isCalendarDate, { error: `date must be a real calendar date in YYYY-MM-DD form, from ${DATE_RANGE.first} to ${DATE_RANGE.last}` }),
    announced_at: z
      .iso.datetime({ offset: true, error: 'announced_at must be an ISO 8601 date-time with an offset (or Z), or null' })
      .refine(isInstantInRange, { error: `announced_at must be a real instant between ${DATE_RANGE.first} and ${DATE_RANGE.last}` })
      .nullable(),
    session: SessionSchema.nullable(),
    authority: text('authority', EVENT_LIMITS.shortText),
    country: z.string().regex(/^[A-Z]{2}$/, { error: 'country must be an ISO 3166-1 alpha-2 code such as CN or US' }),
    securities: z.array(EventSecuritySchema).max(EVENT_LIMITS.securities, { error: `securities must list at most ${EVENT_LIMITS.securities} entries` }),
    benchmarks: z
      .array(z.string().max(MAX_SYMBOL_LENGTH).regex(SYMBOL_PATTERN, { error: 'benchmark must be a Yahoo-style symbol such as SPY' }))
      .min(1, { error: 'benchmarks must list at least one symbol (the first is the default)' })
      .max(EVENT_LIMITS.listItems, { error: `benchmarks must list at most ${EVENT_LIMITS.listItems} symbols` }),
    sources: z
      .array(z.url({ protocol: /^https?$/, error: 'source must be an http(s) URL' }).max(EVENT_LIMITS.url, { error: `source must be at most ${EVENT_LIMITS.url} characters` }))
      .max(EVENT_LIMITS.listItems, { error: `sources must list at most ${EVENT_LIMITS.listItems} URLs` }),
    notes: z.array(text('note', EVENT_LIMITS.longText)).max(EVENT_LIMITS.listItems, { error: `notes must hold at most ${EVENT_LIMITS.listItems} entries` }),
    /** Benchmarks that are sector funds of the treated firms (they may hold them: abnormal returns against them are conservative). */
    sector_funds: z.array(BenchmarkSymbolSchema).max(EVENT_LIMITS.listItems, { error: `sector_funds must list at most ${EVENT_LIMITS.listItems} symbols` }).optional(),
    confounders: z.array(ConfounderSchema).max(EVENT_LIMITS.listItems, { error: `confounders must hold at most ${EVENT_LIMITS.listItems} entries` }).optional(),
    /** Why the event cannot be studied (no listed security); required when `securities` is empty. */
    not_studyable: text('not_studyable', EVENT_LIMITS.longText).optional(),
  })
  .superRefine((e, ctx) => {
    const where = `event "${e.id}"`;
    // Each field is bounded, but their product is not: one event should stay a small record.
    const bytes = new TextEncoder().encode(JSON.stringify(e)).length;
    if (bytes > EVENT_LIMITS.jsonBytes) {
      ctx.addIssue({ code: 'custom', path: [], message: `${where} is ${bytes} bytes as JSON; an event may take at most ${EVENT_LIMITS.jsonBytes} (shorten its notes or split it)` });
    }
    // Date-dependent rules only make sense on a valid date (its own issue is already reported).
    const dateOk = isCalendarDate(e.date);
    // The catalog's `date` is the New York calendar date of the news: it is what day 0 is
    // counted from for US securities, so an announcement timestamp must fall on that date there.
    if (dateOk && typeof e.announced_at === 'string' && isInstantInRange(e.announced_at)) {
      const ny = newYorkDate(e.announced_at);
      if (ny !== e.date) {
        ctx.addIssue({
          code: 'custom',
          path: ['announced_at'],
          message: `${where}: announced_at ${e.announced_at} is ${ny} in America/New_York, but date is ${e.date}`,
        });
      }
    }
    // US markets never trade on weekends. Weekday `closed` is allowed: holidays are not
    // known here (no trading calendar in this module).
    const dow = dateOk ? dayOfWeek(e.date) : -1;
    if ((dow === 0 || dow === 6) && e.session !== null && e.session !== 'closed') {
      ctx.addIssue({
        code: 'custom',
        path: ['session'],
        message: `${where}: session "${e.session}" is impossible on ${e.date}, a weekend day (use "closed")`,
      });
    }
    const seen = new Set<string>();
    e.securities.forEach((s, i) => {
      if (seen.has(s.symbol)) {
        ctx.addIssue({
          code: 'custom',
          path: ['securities', i, 'symbol'],
          message: `${where}: securities lists symbol ${s.symbol} more than once`,
        });
      }
      seen.add(s.symbol);
      for (const issue of listingIssues(s)) {
        ctx.addIssue({ code: 'custom', path: ['securities', i, issue.field], message: `${where}: ${issue.message}` });
      }
      const usExchange = US_EXCHANGES.includes(s.exchange);
      if (usExchange !== s.listed_in_us) {
        ctx.addIssue({
          code: 'custom',
          path: ['securities', i, 'listed_in_us'],
          message: `${where}: securities ${s.symbol} has listed_in_us ${s.listed_in_us} but exchange ${s.exchange} is ${usExchange ? '' : 'not '}a US exchange`,
        });
      }
    });
    if (e.securities.length === 0 && e.not_studyable === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['not_studyable'],
        message: `${where}: lists no securities, so it cannot be studied; say why in not_studyable (e.g. "No listed target: ByteDance is private")`,
      });
    }
    (e.confounders ?? []).forEach((c, i) => {
      c.symbols.forEach((sym, j) => {
        if (!seen.has(sym)) {
          ctx.addIssue({
            code: 'custom',
            path: ['confounders', i, 'symbols', j],
            message: `${where}: confounder symbol ${sym} is not one of the event's securities (use [] for market-wide news)`,
          });
        }
      });
    });
    const seenBench = new Set<string>();
    e.benchmarks.forEach((b, i) => {
      if (seenBench.has(b)) {
        ctx.addIssue({
          code: 'custom',
          path: ['benchmarks', i],
          message: `${where}: benchmarks lists ${b} more than once`,
        });
      }
      seenBench.add(b);
    });
  });
export type PolicyEvent = z.infer<typeof PolicyEventSchema>;

/** A listing's exchange, currency and control flag against the exchange table and its role. */
function listingIssues(s: EventSecurity): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  const it = `securities ${s.symbol}`;
  if (s.control === true && s.role !== 'peer') out.push({ field: 'control', message: `${it} is in the control group but has role ${s.role} (only peers can be controls)` });
  if (!s.listed_in_us) {
    try {
      const bySuffix = exchangeOfSymbol(s.symbol);
      if (bySuffix.mic !== s.exchange) {
        out.push({ field: 'exchange', message: `${it} has exchange ${s.exchange}, but its suffix means ${bySuffix.mic} (${bySuffix.name})` });
        return out; // the currency is judged once the exchange is right
      }
    } catch (err) {
      if (!(err instanceof UnknownExchangeError)) throw err;
      out.push({ field: 'symbol', message: err.message });
    }
  }
  if (s.currency !== undefined) {
    try {
      const ex = exchangeByMic(s.exchange);
      if (ex.currency !== s.currency) out.push({ field: 'currency', message: `${it} has currency ${s.currency}, but ${s.exchange} trades in ${ex.currency}` });
    } catch (err) {
      if (!(err instanceof UnknownExchangeError)) throw err;
    }
  }
  return out;
}

export const CatalogSchema = z
  .strictObject({
    version: z.literal(1, { error: 'version must be 1' }),
    events: z.array(PolicyEventSchema),
  })
  .superRefine(
    (c, ctx) => {
      // Runs even when some events are invalid, so a duplicate id is reported with the rest.
      const events: unknown[] = Array.isArray(c?.events) ? c.events : [];
      const first = new Map<string, number>();
      events.forEach((e, i) => {
        const id = e !== null && typeof e === 'object' ? (e as { id?: unknown }).id : undefined;
        if (typeof id !== 'string') return;
        const prev = first.get(id);
        if (prev === undefined) {
          first.set(id, i);
        } else {
          ctx.addIssue({
            code: 'custom',
            path: ['events', i, 'id'],
            message: `event "${id}": id is not unique (also used by events[${prev}])`,
          });
        }
      });
    },
    { when: (payload) => payload.value !== null && typeof payload.value === 'object' },
  );
export type Catalog = z.infer<typeof CatalogSchema>;

/** One validation problem: where (`events[3].date`) and what. */
export interface CatalogIssue {
  path: string;
  message: string;
}

/** Thrown when the event catalog does not match the schema; `issues` lists every problem. */
export class CatalogValidationError extends Error {
  override readonly name = 'CatalogValidationError';
  constructor(readonly issues: CatalogIssue[]) {
    super(`invalid event catalog (${issues.length} issue${issues.length === 1 ? '' : 's'}):\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`);
  }
}

function formatPath(path: readonly PropertyKey[], input: unknown): string {
  let out = '';
  let node: unknown = input;
  for (const key of path) {
    if (typeof key === 'number') {
      out += `[${key}]`;
    } else {
      out += out === '' ? String(key) : `.${String(key)}`;
    }
    node = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    // Name the event next to its index: events[3](id "micron-cac-review-2023").date
    if (typeof key === 'number' && path[0] === 'events' && out === `events[${key}]`) {
      const id = node !== null && typeof node === 'object' ? (node as { id?: unknown }).id : undefined;
      if (typeof id === 'string') out += `(id "${id}")`;
    }
  }
  return out === '' ? '(root)' : out;
}

/**
 * Validate the parsed JSON of `data/events.json`.
 * @throws CatalogValidationError listing every issue (path + message).
 */
export function parseCatalog(json: unknown): Catalog {
  const result = CatalogSchema.safeParse(json);
  if (result.success) return result.data;
  throw new CatalogValidationError(
    result.error.issues.map((issue) => ({ path: formatPath(issue.path, json), message: issue.message })),
  );
}
