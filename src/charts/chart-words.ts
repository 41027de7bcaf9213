import { TEST_LABELS, formatP, formatPercent, significance, windowWords } from '../domain/plain-language.js';
import type { StudyResult } from '../study/run-study.js';

type EventLike = { title: string; sources?: readonly string[] } | null | undefined;

/** The CAR window a chart's title reports: [0, 1] (the day of the news and the next) if asked for, else the first. */
export function headlineCar(result: StudyResult) {
  const cars = result.portfolio.cars;
  return cars.find((c) => c.window[0] === 0 && c.window[1] === 1) ?? cars[0];
}

/**
 * The study's own verdict sentence when the result carries a `summary` (one per headline
 * window); any of a string, a list of strings or a list of { text } is read.
 */
export function summarySentence(result: unknown): string | undefined {
  const summary = (result as { summary?: unknown }).summary;
  const textOf = (s: unknown): string | undefined =>
    typeof s === 'string' ? s : s && typeof s === 'object' ? ((s as { text?: string; sentence?: string }).text ?? (s as { sentence?: string }).sentence) : undefined;
  if (Array.isArray(summary)) return summary.map(textOf).find(Boolean);
  if (summary && typeof summary === 'object' && Array.isArray((summary as { sentences?: unknown[] }).sentences)) {
    return (summary as { sentences: unknown[] }).sentences.map(textOf).find(Boolean);
  }
  return textOf(summary);
}

/** A title that states the finding, from the headline test on the headline window. */
export function findingTitle(result: StudyResult): string {
  const fromSummary = summarySentence(result);
  if (fromSummary) return fromSummary;
  const car = headlineCar(result);
  const benchmark = result.params.benchmark ? `beyond ${result.params.benchmark} ` : '';
  if (!car || car.caar === null) return `Abnormal returns ${benchmark}around the news`;
  const test = car.tests[result.headline_test.name];
  const verdict = significance(test.p);
  const move = car.caar < 0 ? 'fell' : 'rose';
  const who = car.n === 1 ? 'The stock' : `The ${car.n} stocks`;
  const p = test.p === null ? 'no test possible' : `p = ${formatP(test.p)}`;
  const size = formatPercent(Math.abs(car.caar)).replace('+', '');
  return `${who} ${move} ${size} ${benchmark}${car.n === 1 ? '' : 'on average '}over ${windowWords(car.window)}: ${
    verdict.level === 'untested' ? 'no test possible' : `${verdict.words} (${p})`
  }`;
}

/** What the title's p comes from, for the subtitle. */
export function headlineTestWords(result: StudyResult): string {
  return TEST_LABELS[result.headline_test.name] ?? result.headline_test.name;
}

/**
 * The study's warnings as sentences: plain strings, or { code, securities, message } blocks. A
 * chart carries them under the plot, so that no title stands without its caveats.
 */
export function warningSentences(result: unknown): string[] {
  const warnings = (result as { warnings?: unknown }).warnings;
  if (!Array.isArray(warnings)) return [];
  return warnings.flatMap((w) => {
    if (typeof w === 'string') return [w];
    if (w && typeof w === 'object') {
      const { message, sentence, text, securities } = w as { message?: string; sentence?: string; text?: string; securities?: string[] };
      const body = message ?? sentence ?? text;
      return body ? [securities?.length && !body.includes(securities[0]!) ? `${securities.join(', ')}: ${body}` : body] : [];
    }
    return [];
  });
}

/** "Prices: … News: …" naming where the numbers and the story come from. */
export function sourceLine(event: EventLike): string {
  const prices = 'Prices: Yahoo Finance adjusted daily closes';
  const sources = event?.sources ?? [];
  const first = sources[0] ? hostName(sources[0]) : undefined;
  const news = first ? `; news: ${first}${sources.length > 1 ? ` and ${sources.length - 1} other report${sources.length > 2 ? 's' : ''}` : ''}` : '';
  return `${prices}${news}. Analysis: market-impact event study.`;
}

function hostName(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}
