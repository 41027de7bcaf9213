/**
 * Stage 5 of a study, beside presentation: the guard-rails a reader needs before quoting a result
 * — warnings (src/study/warnings.ts) measured on each security's estimation window and the
 * catalog, and one verdict sentence per CAR window (src/study/verdict.ts) that states them.
 */
import { newYorkDate, type PolicyEvent } from '../domain/events.js';
import { halvesVolatilityRatio } from '../stats/volatility-break.js';
import { fromEpochDay } from './aligned-series.js';
import type { StudyParams } from './params.js';
import type { WindowDiagnosticsSource } from './stored-window.js';
import type { Portfolio, TestName } from './portfolio.js';
import type { StudySecurityInput } from './resolve.js';
import type { SecurityEvidence } from './security-result.js';
import { countedSubject, verdict, type Verdict } from './verdict.js';
import { caveats, list, studyWarnings, type Confounder, type SecurityDiagnostics, type StudyWarning } from './warnings.js';


/** A studied security-event: its request, its result head and its evidence. */
export type StudiedSecurity = {
  input: StudySecurityInput;
  id: string;
  symbol: string;
  role?: string | undefined;
  benchmark: string;
  day0: string;
  evidence: SecurityEvidence;
};

export type GuardRails = { summary: Verdict[]; warnings: StudyWarning[] };

/** A warning as results carry it (the caveat words stay inside the verdict). */
export type PublicWarning = Omit<StudyWarning, 'short'>;

const ROLE_WORDS: Record<string, string> = {
  named_firm: 'named firms',
  parent_company: 'parent companies',
  domestic_beneficiary: 'domestic beneficiaries',
  peer: 'peers',
};

const BENCHMARK_WORDS: Record<string, string> = {
  SPY: 'the S&P 500 (SPY)',
  '^GSPC': 'the S&P 500',
  QQQ: 'the Nasdaq-100 (QQQ)',
  IWM: 'the Russell 2000 (IWM)',
};

/** The calendar date of the news where it was read: New York for US listings. */
function announcedDate(input: StudySecurityInput, event: PolicyEvent | undefined): string | null {
  if (input.announced_at) return newYorkDate(input.announced_at);
  return input.date ?? event?.date ?? null;
}

/** Confounders the catalog knows: the event's own (per security) and other catalog events of the same securities. */
export function catalogConfounders(event: PolicyEvent | undefined, catalog: readonly PolicyEvent[]): Confounder[] {
  const own = (event?.confounders ?? []).filter((c) => c.symbols.length > 0);
  const others = catalog
    .filter((e) => e.id !== event?.id)
    .map((e) => ({
      symbols: e.securities.map((s) => s.symbol),
      date: e.date,
      description: `another catalog event, "${e.title}"`,
      source: `GET /v1/events/${e.id}`,
    }));
  return [...own, ...others];
}

export async function guardRails(input: {
  studied: readonly StudiedSecurity[];
  portfolio: Portfolio;
  headlineTest: TestName;
  params: StudyParams;
  event: PolicyEvent | undefined;
  catalog: readonly PolicyEvent[];
  diagnostics: WindowDiagnosticsSource | undefined;
  /** Warnings found earlier (e.g. a price source that failed, with stored prices used instead). */
  earlier: readonly StudyWarning[];
}): Promise<GuardRails> {
  const { studied, params, event } = input;
  // Only the estimation window's bounds and its largest AR's date are needed as text.
  const stored = input.diagnostics
    ? await input.diagnostics.windows(
        studied.map(({ symbol, evidence: { estimationAr: { days } } }) => ({ symbol, from: days[0]!, to: days.at(-1)! })),
      )
    : studied.map(() => ({ zeroReturnShare: 0, stalestStretchShare: 0, zeroVolumeShare: null }));
  const diagnostics = studied.map((s, i): SecurityDiagnostics => {
    const ars = Array.from(s.evidence.estimationAr.values);
    const sigma = s.evidence.estimation.sigma;
    let maxAbs = 0;
    let maxAt = -1;
    ars.forEach((ar, j) => {
      if (Math.abs(ar) > maxAbs) [maxAbs, maxAt] = [Math.abs(ar), j];
    });
    const days = s.evidence.days;
    return {
      id: s.id,
      symbol: s.symbol,
      benchmark: s.benchmark,
      estimationN: s.evidence.estimation.n,
      estimationRequested: params.estimation[1] - params.estimation[0] + 1,
      zeroReturnShare: stored[i]!.zeroReturnShare,
      stalestStretchShare: stored[i]!.stalestStretchShare,
      volatilityRatio: halvesVolatilityRatio(ars),
      maxAbsStandardizedAr: maxAbs / sigma,
      maxAbsDate: maxAt >= 0 ? fromEpochDay(s.evidence.estimationAr.days[maxAt]!) : null,
      zeroVolumeShare: stored[i]!.zeroVolumeShare,
      day0: s.day0,
      announcedDate: announcedDate(s.input, event),
      windowDates: [days[0]!.date, days.at(-1)!.date],
    };
  });
  const sectorFunds = new Set(event ? (event.sector_funds ?? []) : input.catalog.flatMap((e) => e.sector_funds ?? []));
  const warnings = [
    ...input.earlier,
    ...studyWarnings({ securities: diagnostics, sectorFunds, confounders: catalogConfounders(event, input.catalog), headlineTestName: input.headlineTest }),
  ];
  const benchmarks = [...new Set(studied.map((s) => s.benchmark))];
  const benchmark =
    benchmarks.length > 1 ? 'their benchmarks' : sectorFunds.has(benchmarks[0]!) ? `the sector fund ${benchmarks[0]}` : (BENCHMARK_WORDS[benchmarks[0]!] ?? benchmarks[0]!);
  const order = Object.keys(ROLE_WORDS);
  const roles = [...new Set(studied.map((s) => s.role).filter((r): r is string => !!r))].sort((x, y) => order.indexOf(x) - order.indexOf(y));
  const roleWords = list(roles.map((r) => ROLE_WORDS[r] ?? r));
  const shown = caveats(warnings);
  const summary = input.portfolio.cars.map((car) => {
    const test = car.tests[input.headlineTest];
    const subject = roles.length ? countedSubject(car.n, roleWords, roleWords) : undefined;
    return verdict({
      window: car.window,
      n: car.n,
      caar: car.caar,
      test: input.headlineTest,
      p: test.p,
      benchmark,
      warnings: shown,
      ...(subject ? { subject } : {}),
    });
  });
  return { summary, warnings };
}

export function publicWarnings(warnings: readonly StudyWarning[]): PublicWarning[] {
  return warnings.map(({ short: _short, ...w }) => w);
}
