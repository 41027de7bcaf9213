/**
 * The international reference (intl_study.R -> golden/intl-study.json) against the rest of the
 * project: its US group reproduces the existing headline golden case, and the day 0 it derived
 * in R for every listing is the one the TypeScript exchange clock gives on the same dates.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exchangeByMic } from '../../src/domain/exchanges.js';
import { listingDayZero } from '../../src/domain/listing-day-zero.js';
import { ROOT } from '../helpers/paths.js';
import { expectClose } from '../helpers/tolerance.js';

type Test = { statistic: number | null };
type Portfolio = { caar?: number; aar?: number; tests: Record<string, Test> };
type Listing = { symbol: string; status: string; exchange: string; benchmark: string; day0?: string; announced_local?: string; days?: { date: string }[] };
const intl = JSON.parse(readFileSync(resolve(ROOT, 'test/reference/golden/intl-study.json'), 'utf8')) as {
  announced_at: string;
  listings: Listing[];
  groups: { name: string; ok: string[]; days: Portfolio[]; cars: Portfolio[] }[];
};
const us = JSON.parse(readFileSync(resolve(ROOT, 'test/reference/golden/event-studies.json'), 'utf8')) as {
  cases: { name: string; securities: { symbol: string }[]; portfolio: { days: Portfolio[]; cars: Portfolio[] } }[];
};

const DIRS = ['../shared/market-data', '../shared/market-data-intl'].map((d) => resolve(ROOT, d, 'daily'));
const HAS_DATA = DIRS.every((d) => existsSync(d));
const datesOf = (symbol: string): string[] => {
  const dir = DIRS.find((d) => existsSync(resolve(d, `${symbol}.csv`)));
  if (!dir) throw new Error(`no ${symbol}.csv`);
  return readFileSync(resolve(dir, `${symbol}.csv`), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]!);
};

describe('golden/intl-study.json', () => {
  it('reproduces the existing headline golden case with its US named firms and parents vs CIBR', () => {
    const group = intl.groups.find((g) => g.name === 'us_named_and_parents')!;
    const cibr = us.cases.find((c) => c.name === 'china-cyber-2026-cibr')!;
    expect([...group.ok].sort()).toEqual(cibr.securities.map((s) => s.symbol).sort());
    const compare = (mine: Portfolio[], theirs: Portfolio[], what: string) => {
      expect(mine.length).toBe(theirs.length);
      theirs.forEach((p, i) => {
        expectClose(mine[i]!.caar ?? null, p.caar ?? null, `${what}[${i}].caar`);
        for (const [name, t] of Object.entries(p.tests)) expectClose(mine[i]!.tests[name]?.statistic, t.statistic, `${what}[${i}].${name}`);
      });
    };
    compare(group.days, cibr.portfolio.days, 'days');
    compare(group.cars, cibr.portfolio.cars, 'cars');
  });

  it.skipIf(!HAS_DATA)("has, for every listing, the day 0 the listing's own exchange clock gives", () => {
    const ok = intl.listings.filter((l) => l.status === 'ok');
    expect(ok.length).toBe(22);
    for (const l of ok) {
      const bench = new Set(datesOf(l.benchmark));
      const dates = datesOf(l.symbol).filter((d) => bench.has(d));
      expect(listingDayZero(intl.announced_at, exchangeByMic(l.exchange), dates).date, l.symbol).toBe(l.day0);
    }
    const day0 = Object.fromEntries(ok.map((l) => [l.symbol, `${l.day0} (${l.announced_local})`]));
    expect(day0['HO.PA']).toBe('2026-01-14 (2026-01-14 12:10)');
    expect(day0['300454.SZ']).toBe('2026-01-15 (2026-01-14 19:10)');
  });
});
