/**
 * Plain-language verdicts: one sentence per CAR window that a reporter can quote, with the test
 * and p-value that drove its wording and the warnings it must carry. The words for p-values are
 * the one rule set of src/domain/plain-language.ts; docs/conventions.md ("Verdicts") writes it down.
 */
import { TEST_LABELS, formatP, significance, type SignificanceLevel } from '../domain/plain-language.js';
import type { StudyWarning } from './warnings.js';

export type Verdict = {
  window: readonly [number, number];
  n: number;
  caar: number | null;
  test: string;
  p: number | null;
  /** The p-value's level alone (the caveats qualify it, they do not change it). */
  strength: SignificanceLevel;
  /** Codes of the warnings a reader must weigh with this verdict (all of them, stated in the text). */
  warnings: string[];
  /** The finding without its caveats (chart titles). */
  finding: string;
  /** The finding and its caveats: what may be quoted. */
  sentence: string;
};

const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

/** "over the day of the report and the next", from the window's event-time bounds. */
export function describeWindow([a, b]: readonly [number, number]): string {
  if (a === 0 && b === 0) return 'on the day of the news';
  if (a === 0 && b === 1) return 'over the day of the news and the next';
  if (a === -1 && b === 1) return 'from the day before the news to the day after';
  if (a === -1 && b === 0) return 'over the day before the news and the day of it';
  const side = (t: number) => (t === 0 ? 'the day of the news' : `${Math.abs(t)} trading day${Math.abs(t) === 1 ? '' : 's'} ${t < 0 ? 'before' : 'after'}`);
  return `from ${side(a)} to ${side(b)}`;
}

/** "1.1%" (one decimal, two below 0.1%), always positive: the verb carries the sign. */
export function percent(x: number): string {
  const v = Math.abs(x) * 100;
  return `${v >= 0.1 ? v.toFixed(1) : v.toFixed(2)}%`;
}

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
  const level = significance(input.caar === null ? null : input.p);
  const strength = level.level;
  const subject = input.subject ?? countedSubject(input.n);
  const base = { window: input.window, n: input.n, caar: input.caar, test: input.test, p: input.p, strength };
  const codes = [...new Set(input.warnings.map((w) => w.code))];
  if (input.caar === null) {
    const finding = `${subject}: no abnormal return could be computed ${describeWindow(input.window)}.`;
    return { ...base, warnings: codes, finding, sentence: finding };
  }
  const moved = input.caar < 0 ? 'fell' : 'rose';
  const test = TEST_LABELS[input.test] ?? input.test;
  const evidence = input.p === null ? 'no test could be computed' : `p ${input.p < 0.001 ? '' : '= '}${formatP(input.p)}, ${test}`;
  const finding = `${subject} ${moved} ${percent(input.caar)} beyond ${input.benchmark} ${describeWindow(input.window)} (${evidence}): ${level.words}.`;
  // A result is never called significant without its caveats in the same breath.
  const caveats = input.warnings.length > 0 ? ` Caveat${input.warnings.length > 1 ? 's' : ''}: ${input.warnings.map((w) => w.short).join('; ')}.` : '';
  return { ...base, warnings: codes, finding, sentence: finding + caveats };
}
