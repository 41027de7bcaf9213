/**
 * Plain-language verdicts: one sentence per headline CAR window that a reporter can quote, with
 * the test and p-value that drove its wording and the warnings it must carry. The rules are in
 * docs/conventions.md ("Verdicts"); this is their only implementation.
 */
import type { StudyWarning } from './warnings.js';

export type Strength = 'significant' | 'weak' | 'no_evidence' | 'not_tested';

export type Verdict = {
  window: readonly [number, number];
  n: number;
  caar: number | null;
  test: string;
  p: number | null;
  strength: Strength;
  /** Codes of the warnings a reader must weigh with this verdict (all of them, stated in the text). */
  warnings: string[];
  sentence: string;
};

/** p below this: "unlikely to be chance alone"; below WEAK_P: weak evidence. Two-sided p. */
export const SIGNIFICANT_P = 0.05;
export const WEAK_P = 0.1;

export const TEST_LABELS: Record<string, string> = {
  cross_sectional_t: 'cross-sectional t-test',
  patell_z: 'Patell test',
  bmp_t: 'BMP test',
  kp_bmp_t: 'Kolari-Pynnönen-adjusted BMP test',
  kp_patell_z: 'Kolari-Pynnönen-adjusted Patell test',
  corrado_zivney: 'Corrado-Zivney rank test',
  generalized_sign: 'generalized sign test',
  wilcoxon: 'Wilcoxon signed-rank test',
  t: 't-test',
};

const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

export function strengthOf(p: number | null): Strength {
  if (p === null || !Number.isFinite(p)) return 'not_tested';
  if (p < SIGNIFICANT_P) return 'significant';
  if (p < WEAK_P) return 'weak';
  return 'no_evidence';
}

/** "over the day of the report and the next", from the window's event-time bounds. */
export function describeWindow([a, b]: readonly [number, number]): string {
  if (a === 0 && b === 0) return 'on the day of the news';
  if (a === 0 && b === 1) return 'over the day of the news and the next';
  if (a === -1 && b === 1) return 'from the day before the news to the day after';
  if (a === -1 && b === 0) return 'over the day before the news and the day of it';
  const side = (t: number) => (t === 0 ? 'the day of the news' : `${Math.abs(t)} trading day${Math.abs(t) === 1 ? '' : 's'} ${t < 0 ? 'before' : 'after'}`);
  return `from ${side(a)} to ${side(b)}`;
}

/** "1.1%" with at most two significant decimals, always positive (the verb carries the sign). */
export function percent(x: number): string {
  const v = Math.abs(x) * 100;
  return `${v >= 10 ? v.toFixed(1) : v >= 0.1 ? v.toFixed(1) : v.toFixed(2)}%`;
}

export function formatP(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

const PHRASE: Record<Strength, string> = {
  significant: 'unlikely to be chance alone',
  weak: 'weak evidence: chance cannot be ruled out',
  no_evidence: 'no evidence of a move beyond what chance produces',
  not_tested: 'not tested',
};

export type VerdictInput = {
  window: readonly [number, number];
  n: number;
  caar: number | null;
  test: string;
  p: number | null;
  /** "The nine named firms and parents"; derived from n when absent. */
  subject?: string;
  /** "the cybersecurity sector (CIBR)". */
  benchmark: string;
  warnings: readonly StudyWarning[];
};

/** "The nine securities" when the caller has no better name for the group. */
export function countedSubject(n: number, noun = 'securities', singular = 'security'): string {
  const word = NUMBER_WORDS[n] ?? String(n);
  return `The ${word} ${n === 1 ? singular : noun}`;
}

export function verdict(input: VerdictInput): Verdict {
  const strength = input.caar === null ? 'not_tested' : strengthOf(input.p);
  const subject = input.subject ?? countedSubject(input.n);
  const base = { window: input.window, n: input.n, caar: input.caar, test: input.test, p: input.p, strength };
  const codes = [...new Set(input.warnings.map((w) => w.code))];
  if (input.caar === null) {
    return { ...base, warnings: codes, sentence: `${subject}: no abnormal return could be computed ${describeWindow(input.window)}.` };
  }
  const moved = input.caar < 0 ? 'fell' : 'rose';
  const test = TEST_LABELS[input.test] ?? input.test;
  const evidence = input.p === null ? 'no test could be computed' : `${formatP(input.p)}, ${test}`;
  let sentence = `${subject} ${moved} ${percent(input.caar)} beyond ${input.benchmark} ${describeWindow(input.window)} (${evidence}): ${PHRASE[strength]}.`;
  // A result is never called significant without its caveats in the same breath.
  if (input.warnings.length > 0) {
    sentence += ` Caveat${input.warnings.length > 1 ? 's' : ''}: ${input.warnings.map((w) => w.short).join('; ')}.`;
  }
  return { ...base, warnings: codes, sentence };
}
