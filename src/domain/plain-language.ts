/**
 * The words a reader sees for a p-value, and the number format they are written in. One place:
 * the study summaries, the chart titles and the web page (which reads them from
 * GET /assets/plain-language.json) all use these rules; docs/conventions.md writes them down.
 */
export const SIGNIFICANCE_RULES = [
  { below: 0.05, level: 'significant', words: 'unlikely to be chance alone' },
  { below: 0.1, level: 'weak', words: 'weak evidence: could be chance' },
  { below: Infinity, level: 'none', words: 'no evidence of an effect: consistent with chance' },
] as const;

export type SignificanceLevel = (typeof SIGNIFICANCE_RULES)[number]['level'] | 'untested';

/** The level and words for a two-sided p; `null` (test not computable) is "untested". */
export function significance(p: number | null | undefined): { level: SignificanceLevel; words: string } {
  if (p === null || p === undefined || !Number.isFinite(p)) return { level: 'untested', words: 'no test possible' };
  const rule = SIGNIFICANCE_RULES.find((r) => p < r.below)!;
  return { level: rule.level, words: rule.words };
}

/** True minus sign (U+2212), as print typography wants, and a sign on every non-zero value. */
export const MINUS = '\u2212';

/** A signed percentage: formatPercent(-0.01062) === '−1.1%'; digits after the point default 1. */
export function formatPercent(v: number, digits = 1): string {
  const text = Math.abs(v * 100).toFixed(digits);
  if (Number(text) === 0) return `${text}%`;
  return `${v < 0 ? MINUS : '+'}${text}%`;
}

/** p as a reporter writes it: two decimals, three below 0.01, "< 0.001" below that. */
export function formatP(p: number): string {
  if (p < 0.001) return '< 0.001';
  return p < 0.01 ? p.toFixed(3) : p.toFixed(2);
}

/** "days 0 to +1", "day 0", "days −1 to +1". */
export function windowWords([a, b]: readonly [number, number]): string {
  const day = (t: number) => (t > 0 ? `+${t}` : t < 0 ? `${MINUS}${-t}` : '0');
  return a === b ? `day ${day(a)}` : `days ${day(a)} to ${day(b)}`;
}

/** Test names as a reader sees them. */
export const TEST_LABELS: Record<string, string> = {
  cross_sectional_t: 'cross-sectional t-test',
  patell_z: 'Patell Z-test',
  bmp_t: 'BMP test',
  kp_bmp_t: 'Kolari-Pynnönen-adjusted BMP test',
  kp_patell_z: 'Kolari-Pynnönen-adjusted Patell test',
  corrado_zivney: 'Corrado-Zivney rank test',
  generalized_sign: 'generalized sign test',
  wilcoxon: 'Wilcoxon signed-rank test',
};

/** Everything above, as data for the browser page. */
export function plainLanguageRules() {
  return {
    significance: SIGNIFICANCE_RULES.map((r) => ({ below: Number.isFinite(r.below) ? r.below : null, level: r.level, words: r.words })),
    untested: 'no test possible',
    minus: MINUS,
    percent_digits: 1,
    tests: TEST_LABELS,
  };
}
