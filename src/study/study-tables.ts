import type { Table } from '../domain/table.js';
import { TEST_NAMES, type PortfolioTests } from './portfolio.js';
import type { SecurityOutcome, StudyResult } from './run-study.js';

const DIFFERENCE_TESTS = ['kp_welch_t', 'welch_t', 'welch_scar_t', 'pooled_t'] as const;
const testColumns = TEST_NAMES.flatMap((n) => [n, `${n}_p`]);
const testCells = (tests: PortfolioTests) => TEST_NAMES.flatMap((n) => [tests[n].statistic, tests[n].p]);

/** A table whose rows each come from one security-event's outcome. */
export type SecurityTable = { columns: string[]; rows: (s: SecurityOutcome) => unknown[][] };

/**
 * The per-security tables, row by row from each outcome: a streamed response writes a
 * security-event's rows as soon as it is computed, the whole table is the same rows in order.
 */
export const SECURITY_TABLES = {
  days: {
    columns: ['id', 'symbol', 'benchmark', 'day0', 't', 'date', 'return', 'benchmark_return', 'ar', 'ar_t', 'ar_p', 'car'],
    rows: (s) => (s.status === 'ok' ? s.days.map((d) => [s.id, s.symbol, s.benchmark, s.day0, d.t, d.date, d.return, d.benchmark_return, d.ar, d.ar_t, d.ar_p, d.car]) : []),
  },
  cars: {
    columns: ['id', 'symbol', 'window_start', 'window_end', 'car', 'se', 't', 'p', 'reason'],
    rows: (s) => (s.status === 'ok' ? s.cars.map((c) => [s.id, s.symbol, c.window[0], c.window[1], c.car, c.se, c.t, c.p, 'reason' in c ? c.reason : null]) : []),
  },
  securities: {
    columns: ['id', 'symbol', 'role', 'benchmark', 'day0', 'status', 'reason', 'n', 'df', 'alpha', 'beta', 'r2', 'sigma'],
    rows: (s) => {
      const base = [s.id, s.symbol, s.role ?? null, s.benchmark, s.day0, s.status];
      return [
        s.status === 'ok'
          ? [...base, null, s.estimation.n, s.estimation.df, s.estimation.alpha, s.estimation.beta, s.estimation.r2, s.estimation.sigma]
          : [...base, s.reason, null, null, null, null, null, null],
      ];
    },
  },
} satisfies Record<string, SecurityTable>;

export type SecurityTableName = keyof typeof SECURITY_TABLES;
export const isSecurityTable = (name: string): name is SecurityTableName => Object.hasOwn(SECURITY_TABLES, name);

const wholeTable = ({ columns, rows }: SecurityTable, securities: readonly SecurityOutcome[]): Table => ({ columns, rows: securities.flatMap(rows) });

/** The tables of a study, the default first. */
export const STUDY_TABLE_NAMES = ['days', 'cars', 'securities', 'portfolio_days', 'portfolio_cars', 'summary', 'warnings', 'groups', 'differences'] as const;
export type StudyTableName = (typeof STUDY_TABLE_NAMES)[number];

/** The study as flat tables, one row per observation: what CSV downloads and spreadsheets want. */
export function studyTables(result: StudyResult): Record<StudyTableName, () => Table> {
  return {
    days: () => wholeTable(SECURITY_TABLES.days, result.securities),
    cars: () => wholeTable(SECURITY_TABLES.cars, result.securities),
    securities: () => wholeTable(SECURITY_TABLES.securities, result.securities),
    portfolio_days: () => ({
      columns: ['t', 'n', 'aar', 'caar', ...testColumns],
      rows: result.portfolio.days.map((d) => [d.t, d.n, d.aar, d.caar, ...testCells(d.tests)]),
    }),
    summary: () => ({
      columns: ['window_start', 'window_end', 'n', 'caar', 'test', 'p', 'strength', 'warnings', 'sentence'],
      rows: result.summary.map((v) => [v.window[0], v.window[1], v.n, v.caar, v.test, v.p, v.strength, v.warnings.join(' '), v.sentence]),
    }),
    warnings: () => ({
      columns: ['code', 'securities', 'message'],
      rows: result.warnings.map((w) => [w.code, w.securities.join(' '), w.message]),
    }),
    groups: () => ({
      columns: ['group', 'window_start', 'window_end', 'n', 'caar', ...testColumns, 'note'],
      rows: (result.groups ?? []).flatMap((g) => g.cars.map((c) => [g.name, c.window[0], c.window[1], c.n, c.caar, ...testCells(c.tests), g.note])),
    }),
    differences: () => ({
      columns: ['a', 'b', 'window_start', 'window_end', 'n_a', 'n_b', 'mean_a', 'mean_b', 'difference', ...DIFFERENCE_TESTS.flatMap((n) => [n, `${n}_df`, `${n}_p`]), 'note'],
      rows: (result.differences ?? []).flatMap((d) =>
        d.windows.map((w) => [d.a, d.b, w.window[0], w.window[1], w.n_a, w.n_b, w.mean_a, w.mean_b, w.difference, ...DIFFERENCE_TESTS.flatMap((n) => [w[n].statistic, w[n].df, w[n].p]), d.note]),
      ),
    }),
    portfolio_cars: () => ({
      columns: ['window_start', 'window_end', 'n', 'caar', ...testColumns],
      rows: result.portfolio.cars.map((c) => [c.window[0], c.window[1], c.n, c.caar, ...testCells(c.tests)]),
    }),
  };
}
