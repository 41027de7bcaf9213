import { TEST_LABELS } from '../domain/plain-language.js';
import type { StudyResult } from '../study/run-study.js';

type EventLike = { title: string; sources?: readonly string[] } | null | undefined;

/** The CAR window a chart's title reports: [0, 1] (the day of the news and the next) if asked for, else the first. */
export function headlineCar(result: StudyResult) {
  const cars = result.portfolio.cars;
  return cars.find((c) => c.window[0] === 0 && c.window[1] === 1) ?? cars[0];
}

/** The study's verdict on the headline window: its finding is the title, its caveats go beneath. */
export function headlineVerdict(result: StudyResult) {
  const car = headlineCar(result);
  return result.summary.find((v) => car && v.window[0] === car.window[0] && v.window[1] === car.window[1]);
}

/** A title that states the finding: the study's own verdict (src/study/verdict.ts), without its caveats. */
export function findingTitle(result: StudyResult): string {
  return headlineVerdict(result)?.finding ?? 'Abnormal returns around the news';
}

/** The verdict's caveats ("Caveats: …"), for the subtitle: a finding is never shown without them. */
export function caveatLine(result: StudyResult): string {
  const v = headlineVerdict(result);
  return v ? v.sentence.slice(v.finding.length).trim() : '';
}

/** What the title's p comes from, for the subtitle. */
export function headlineTestWords(result: StudyResult): string {
  return TEST_LABELS[result.headline_test.name] ?? result.headline_test.name;
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
