import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CatalogValidationError,
  isCalendarDate,
  newYorkDate,
  parseCatalog,
  type Catalog,
  type PolicyEvent,
} from '../../src/domain/events.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const raw: unknown = JSON.parse(readFileSync(`${root}data/events.json`, 'utf8'));
const catalog: Catalog = parseCatalog(raw);
const dailyDir = `${root}../shared/market-data/daily`;

const HEADLINE = 'china-cybersecurity-software-ban-2026';

function headline(c: Catalog = catalog): PolicyEvent {
  const e = c.events.find((x) => x.id === HEADLINE);
  if (!e) throw new Error(`missing ${HEADLINE}`);
  return e;
}

/** A deep copy of the raw catalog JSON, to mutate into a bad variant. */
function rawCopy(): { version: number; events: Record<string, unknown>[] } {
  return structuredClone(raw) as { version: number; events: Record<string, unknown>[] };
}

/** The catalog with the headline event replaced by `mutate(copy)`. */
function withHeadline(mutate: (e: Record<string, unknown>) => void): unknown {
  const c = rawCopy();
  const e = c.events.find((x) => x.id === HEADLINE);
  if (!e) throw new Error(`missing ${HEADLINE}`);
  mutate(e);
  return c;
}

function issuesOf(json: unknown): string[] {
  try {
    parseCatalog(json);
  } catch (err) {
    expect(err).toBeInstanceOf(CatalogValidationError);
    return (err as CatalogValidationError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected the catalog to be rejected');
}

describe('data/events.json', () => {
  it('parses, with version 1 and unique ids', () => {
    expect(catalog.version).toBe(1);
    expect(catalog.events.length).toBeGreaterThanOrEqual(21);
    expect(new Set(catalog.events.map((e) => e.id)).size).toBe(catalog.events.length);
  });

  it('has the headline event as events.md gives it', () => {
    const e = headline();
    expect(e.date).toBe('2026-01-14');
    expect(e.announced_at).toBe('2026-01-14T06:10:00-05:00');
    expect(new Date(e.announced_at ?? '').toISOString()).toBe('2026-01-14T11:10:00.000Z');
    expect(e.session).toBe('pre');
    expect(e.country).toBe('CN');
    expect(e.benchmarks).toEqual(['CIBR', 'HACK', 'QQQ', 'SPY']);

    const role = Object.fromEntries(e.securities.map((s) => [s.symbol, s.role]));
    expect(role).toEqual({
      AVGO: 'parent_company',
      PANW: 'named_firm',
      FTNT: 'named_firm',
      CHKP: 'named_firm',
      CRWD: 'named_firm',
      S: 'named_firm',
      RPD: 'named_firm',
      CYBR: 'named_firm',
      GOOGL: 'parent_company',
      MA: 'parent_company',
      'HO.PA': 'parent_company',
      '601360.SS': 'domestic_beneficiary',
      '600718.SS': 'domestic_beneficiary',
      '688561.SS': 'domestic_beneficiary',
      '002439.SZ': 'domestic_beneficiary',
      '300454.SZ': 'domestic_beneficiary',
      '688023.SS': 'domestic_beneficiary',
      '002212.SZ': 'domestic_beneficiary',
      CSCO: 'peer',
      ZS: 'peer',
      OKTA: 'peer',
      NET: 'peer',
      TENB: 'peer',
      QLYS: 'peer',
    });
    const bySymbol = new Map(e.securities.map((s) => [s.symbol, s]));
    expect(bySymbol.get('HO.PA')).toMatchObject({ exchange: 'XPAR', listed_in_us: false });
    expect(bySymbol.get('601360.SS')).toMatchObject({ exchange: 'XSHG', listed_in_us: false });
    expect(bySymbol.get('600718.SS')).toMatchObject({ exchange: 'XSHG', listed_in_us: false });
    expect(bySymbol.get('S')).toMatchObject({ exchange: 'XNYS', listed_in_us: true });
    expect(bySymbol.get('AVGO')?.note).toMatch(/VMware/);
    expect(bySymbol.get('GOOGL')?.note).toMatch(/Mandiant/);
    expect(bySymbol.get('GOOGL')?.note).toMatch(/Wiz/);
    expect(bySymbol.get('MA')?.note).toMatch(/Recorded Future/);
    expect(bySymbol.get('HO.PA')?.note).toMatch(/Imperva/);

    expect(e.sources).toContain('https://www.tradingkey.com/jp/news/more-news/261474286-reuters');
    expect(e.sources).toContain('https://worldjournal.com/wj/story/121339/9266461');
    const notes = e.notes.join('\n');
    expect(notes).toMatch(/UNCONFIRMED/);
    expect(notes).toMatch(/11:30 UTC/);
    expect(notes).toMatch(/15 Jan/);
    expect(notes).toMatch(/Section 232/);
    expect(notes).toMatch(/retail sales/);
  });

  it('gives the headline listings outside the US their exchange, local benchmark and currency, and a US control group', () => {
    const e = headline();
    const abroad = e.securities.filter((s) => !s.listed_in_us);
    expect(abroad.map((s) => `${s.symbol} ${s.exchange} ${s.benchmark} ${s.currency}`)).toEqual([
      'HO.PA XPAR ^FCHI EUR',
      '601360.SS XSHG 000300.SS CNY',
      '600718.SS XSHG 000300.SS CNY',
      '688561.SS XSHG 000300.SS CNY',
      '002439.SZ XSHE 000300.SS CNY',
      '300454.SZ XSHE 000300.SS CNY',
      '688023.SS XSHG 000300.SS CNY',
      '002212.SZ XSHE 000300.SS CNY',
    ]);
    const control = e.securities.filter((s) => s.control);
    expect(control.map((s) => s.symbol)).toEqual(['ZS', 'OKTA', 'NET', 'TENB', 'QLYS']);
    expect(control.every((s) => s.role === 'peer' && s.listed_in_us)).toBe(true);
    expect(e.sector_funds).toEqual(['CIBR', 'HACK', 'BUG']);
    expect(e.confounders?.[0]).toMatchObject({ symbols: ['AVGO'], date: '2026-01-14', description: expect.stringMatching(/Section 232/) });
  });

  it.skipIf(!existsSync(dailyDir))('has a price file for every control peer and every listing abroad with its benchmark', () => {
    const intlDir = `${root}../shared/market-data-intl/daily`;
    const has = (s: string) => existsSync(`${dailyDir}/${s}.csv`) || existsSync(`${intlDir}/${s}.csv`);
    const e = headline();
    const needed = e.securities.filter((s) => s.control || (!s.listed_in_us && s.exchange !== 'XHKG')).flatMap((s) => [s.symbol, s.benchmark ?? e.benchmarks[0]!]);
    expect(needed.filter((s) => !has(s))).toEqual([]);
  });

  it('writes for readers: notes and sources cite public sources, never internal files or to-dos', () => {
    const texts = catalog.events.flatMap((e) => [
      ...e.notes,
      ...e.securities.flatMap((s) => (s.note ? [s.note] : [])),
      ...(e.confounders ?? []).flatMap((c) => [c.description, c.source]),
      e.not_studyable ?? '',
    ]);
    expect(texts.filter((t) => /events\.md|Part [AB]\b|check against|\bE\d\d\b|\bA0\b/.test(t))).toEqual([]);
  });

  it('says why an event without securities cannot be studied', () => {
    const empty = catalog.events.filter((e) => e.securities.length === 0);
    expect(empty.map((e) => e.id)).toEqual(['tiktok-divest-or-ban-law-2024', 'kaspersky-software-ban-2024']);
    for (const e of empty) expect(e.not_studyable, e.id).toMatch(/No listed target/);
  });

  it('has at least 12 events with US-listed securities', () => {
    const withUs = catalog.events.filter((e) => e.securities.some((s) => s.listed_in_us));
    expect(withUs.length).toBeGreaterThanOrEqual(12);
  });

  it('keeps the timing facts events.md gives for Part B', () => {
    const byId = new Map(catalog.events.map((e) => [e.id, e]));
    expect(byId.get('micron-cac-review-2023')).toMatchObject({ date: '2023-05-21', session: 'closed', announced_at: null });
    expect(byId.get('china-gallium-germanium-controls-2023')).toMatchObject({ date: '2023-07-03', session: null });
    expect(byId.get('nvidia-h20-licence-2025')).toMatchObject({ date: '2025-04-15', session: 'post' });
  });

  it('ends every benchmark list with SPY', () => {
    for (const e of catalog.events) expect(e.benchmarks.at(-1), e.id).toBe('SPY');
  });

  it.skipIf(!existsSync(dailyDir))('has a daily price file for every benchmark symbol', () => {
    const missing = catalog.events.flatMap((e) =>
      e.benchmarks.filter((b) => !existsSync(`${dailyDir}/${b}.csv`)).map((b) => `${e.id}: ${b}`),
    );
    expect(missing).toEqual([]);
  });
});

describe('catalog rules', () => {
  it('accepts real calendar dates only', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2026-1-14')).toBe(false);
  });

  it('computes the New York date of an instant', () => {
    expect(newYorkDate('2026-01-14T11:10:00Z')).toBe('2026-01-14');
    expect(newYorkDate('2026-01-15T03:00:00Z')).toBe('2026-01-14');
    expect(newYorkDate('2025-03-04T15:15:00+08:00')).toBe('2025-03-04');
  });

  it('rejects an impossible date', () => {
    // announced_at is left as is: the bad date must not also produce an announced_at issue.
    const issues = issuesOf(withHeadline((e) => { e.date = '2026-02-30'; }));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/\.date: date must be a real calendar date/);
    expect(issues[0]).toContain(HEADLINE);
  });

  it('rejects a bad slug', () => {
    const issues = issuesOf(withHeadline((e) => { e.id = 'China_Cyber Ban'; }));
    expect(issues.join('\n')).toMatch(/\.id: id must be a lowercase slug/);
  });

  it('rejects a duplicate id', () => {
    const c = rawCopy();
    const first = c.events[0];
    const second = c.events[1];
    if (!first || !second) throw new Error('catalog too small');
    second.id = first.id;
    const issues = issuesOf(c);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^events\[1\].*\.id: .*id is not unique/);
    expect(issues[0]).toContain(String(first.id));
  });

  it('reports a duplicate id together with other issues', () => {
    const c = rawCopy();
    const [first, second, third] = c.events;
    if (!first || !second || !third) throw new Error('catalog too small');
    second.id = first.id;
    third.session = 'weekend';
    const issues = issuesOf(c);
    expect(issues).toHaveLength(2);
    expect(issues.join('\n')).toMatch(/id is not unique/);
    expect(issues.join('\n')).toMatch(/\.session: /);
  });

  it('rejects a duplicate security symbol', () => {
    const issues = issuesOf(
      withHeadline((e) => {
        const securities = e.securities as unknown[];
        securities.push(structuredClone(securities[0]));
      }),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(new RegExp(`securities\\[${(headline().securities.length)}\\]\\.symbol: `));
    expect(issues[0]).toMatch(/AVGO more than once/);
    expect(issues[0]).toContain(HEADLINE);
  });

  it('rejects announced_at on another New York date than date', () => {
    // 02:00 UTC on 15 Jan is still 14 Jan in New York: accepted.
    expect(() => parseCatalog(withHeadline((e) => { e.announced_at = '2026-01-15T02:00:00Z'; }))).not.toThrow();
    // 06:10 on 15 Jan in New York: rejected.
    const issues = issuesOf(withHeadline((e) => { e.announced_at = '2026-01-15T06:10:00-05:00'; }));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/announced_at: .*2026-01-15 in America\/New_York, but date is 2026-01-14/);
    expect(issues[0]).toContain(HEADLINE);
  });

  it('rejects announced_at without an offset', () => {
    const issues = issuesOf(withHeadline((e) => { e.announced_at = '2026-01-14T06:10:00'; }));
    expect(issues.join('\n')).toMatch(/\.announced_at: announced_at must be an ISO 8601 date-time with an offset/);
  });

  it('rejects a bad source URL', () => {
    const issues = issuesOf(withHeadline((e) => { (e.sources as string[]).push('worldjournal.com/wj/story/121339/9266461'); }));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/\.sources\[\d+\]: source must be an http\(s\) URL/);
    expect(issues[0]).toContain(HEADLINE);
  });

  it('rejects an unknown session', () => {
    const issues = issuesOf(withHeadline((e) => { e.session = 'premarket'; }));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/\.session: session must be one of pre, regular, post, closed/);
    expect(issues[0]).toContain(HEADLINE);
  });

  it('rejects a trading session on a weekend, but allows weekday "closed"', () => {
    const issues = issuesOf(
      withHeadline((e) => { e.date = '2026-01-17'; e.announced_at = null; }),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/session: .*"pre" is impossible on 2026-01-17, a weekend day/);
    // Weekday holidays are not known here, so weekday "closed" passes.
    expect(() => parseCatalog(withHeadline((e) => { e.session = 'closed'; }))).not.toThrow();
  });

  it('rejects an unknown security role', () => {
    const issues = issuesOf(
      withHeadline((e) => {
        const s = (e.securities as Record<string, unknown>[])[0];
        if (s) s.role = 'supplier';
      }),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/securities\[0\]\.role: role must be one of named_firm/);
  });

  it('rejects a suffix that disagrees with the exchange, an unknown suffix, a wrong currency and a non-peer control', () => {
    const at = (sym: string, e: Record<string, unknown>) => (e.securities as Record<string, unknown>[]).find((s) => s.symbol === sym)!;
    const issues = issuesOf(
      withHeadline((e) => {
        at('HO.PA', e).exchange = 'XSHG';
        at('601360.SS', e).currency = 'HKD';
        at('PANW', e).control = true;
        (e.securities as Record<string, unknown>[]).push({ symbol: 'VOD.XX', name: 'Vodafone', role: 'peer', exchange: 'XLON', listed_in_us: false });
      }),
    );
    expect(issues, issues.join("\n")).toHaveLength(4);
    expect(issues.join('\n')).toMatch(/HO\.PA has exchange XSHG, but its suffix means XPAR/);
    expect(issues.join('\n')).toMatch(/601360\.SS has currency HKD, but XSHG trades in CNY/);
    expect(issues.join('\n')).toMatch(/PANW is in the control group but has role named_firm/);
    expect(issues.join('\n')).toMatch(/VOD\.XX has the exchange suffix \.XX, which is not in the exchange table/);
  });

  it('rejects an event without securities unless it says why, and a confounder naming a security it does not list', () => {
    const issues = issuesOf(
      withHeadline((e) => {
        e.securities = [];
        e.confounders = [{ symbols: ['AVGO'], date: '2026-01-14', description: 'chip tariffs', source: 'report.az' }];
      }),
    );
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatch(/not_studyable: .*lists no securities, so it cannot be studied; say why in not_studyable/);
    expect(issues[1]).toMatch(/confounders\[0\]\.symbols\[0\]: .*AVGO is not one of the event's securities/);
  });

  it('rejects listed_in_us that disagrees with the exchange', () => {
    const issues = issuesOf(
      withHeadline((e) => {
        const s = (e.securities as Record<string, unknown>[]).find((x) => x.symbol === 'HO.PA');
        if (s) s.listed_in_us = true;
      }),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/listed_in_us: .*HO\.PA.*XPAR is not a US exchange/);
  });

  it('rejects unknown fields and lists every issue at once', () => {
    const issues = issuesOf(
      withHeadline((e) => {
        e.tickers = ['PANW'];
        e.country = 'China';
        e.benchmarks = [];
      }),
    );
    expect(issues).toHaveLength(3);
    expect(issues.join('\n')).toMatch(/country: country must be an ISO 3166-1 alpha-2 code/);
    expect(issues.join('\n')).toMatch(/benchmarks: benchmarks must list at least one symbol/);
    expect(issues.join('\n')).toMatch(/tickers/);
  });

  it('rejects a non-object catalog with a readable error', () => {
    expect(() => parseCatalog(null)).toThrow(CatalogValidationError);
    expect(() => parseCatalog({ version: 2, events: [] })).toThrow(/version: version must be 1/);
  });
});
