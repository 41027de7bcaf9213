import { formatP, formatPercent, significance, windowWords } from '../domain/plain-language.js';
import type { PremarketResult } from '../study/premarket/result.js';
import type { ComputedStudy } from '../study/run-study.js';
import { carChartDataFromStudy } from './car-chart-data.js';
import { carChart, type RenderedChart } from './car-chart.js';
import { caveatLine, findingTitle, headlineCar, headlineTestWords, sourceLine } from './chart-words.js';
import { premarketChart, premarketChartData } from './premarket-chart.js';
import type { ChartText } from './svg-canvas.js';
import { carChartVegaLite, premarketVegaLite } from './vega-lite.js';

/** A chart that can be drawn as SVG (and so PNG) or handed out as a Vega-Lite spec. */
export type Chart = {
  /** File name without extension, e.g. china-cybersecurity-software-ban-2026_car. */
  stem: string;
  defaults: ChartText;
  svg: (text: ChartText) => RenderedChart;
  vegaLite: (text: ChartText) => object;
};

type EventInfo = { id: string; title: string; announced_at?: string | null; session?: string | null; sources?: readonly string[] } | null | undefined;

const MODEL_WORDS: Record<string, string> = {
  market: 'market model',
  market_adjusted: 'market-adjusted returns',
  constant_mean: 'constant-mean model',
  factor: 'factor model',
};

/** The CAR chart of a study, with the finding as its title. */
export function studyCarChart(study: ComputedStudy, event: EventInfo): Chart {
  const { result } = study;
  const data = carChartDataFromStudy(study, event ?? undefined);
  const car = headlineCar(result);
  const test = car ? car.tests[result.headline_test.name] : undefined;
  const about = event ? `${event.title}. ` : '';
  const subtitle =
    `${about}Cumulative abnormal return beyond ${data.benchmark || 'the benchmark'} (${MODEL_WORDS[data.model] ?? data.model}), 0 at the close before day 0. ` +
    `Grey: each security; blue: the mean${data.bandLabel ? ` and its ${data.bandLabel}` : ''}.` +
    (car && test && test.p !== null ? ` The title's p is the ${headlineTestWords(result)} on ${windowWords(car.window)} (mean ${formatPercent(car.caar ?? 0)}).` : '') +
    (caveatLine(result) ? ` ${caveatLine(result)}` : '');
  const defaults: ChartText = { title: findingTitle(result), subtitle, source: sourceLine(event) };
  return {
    stem: `${event?.id ?? 'study'}_car`,
    defaults,
    svg: (text) => carChart(data, text),
    vegaLite: (text) => carChartVegaLite(data, text),
  };
}

/** The premarket split chart: abnormal overnight vs intraday return per security on day 0. */
export function premarketSplitChart(result: PremarketResult, event: EventInfo): Chart {
  const data = premarketChartData(result);
  const mean = result.portfolio;
  const share = mean.share_overnight;
  const total = mean.close_to_close;
  let title = 'Overnight and intraday abnormal returns on day 0';
  if (mean.n > 0 && total.mean_ar !== null) {
    const verdict = significance(total.cross_sectional_t.p);
    const p = total.cross_sectional_t.p === null ? 'no test possible' : `p = ${formatP(total.cross_sectional_t.p)}`;
    // Splitting a move that may be chance is not news: the title leads with whether there was one.
    title =
      verdict.level === 'significant' && share !== null
        ? `${share > 0.5 ? 'Most' : share > 0 ? 'Part' : 'None'} of the day-0 abnormal move (${formatPercent(total.mean_ar)}, ${p}) came before the open: ${Math.round(share * 100)}% of it overnight`
        : `No clear day-0 abnormal move to split: mean ${formatPercent(total.mean_ar)} (${p}, ${verdict.words})`;
  }
  const defaults: ChartText = {
    title,
    subtitle: `${event ? `${event.title}. ` : ''}${data.day0 ? `On ${data.day0} (day 0)` : 'On day 0'}: abnormal return beyond ${data.benchmark} before the open (previous close → open) and during the session (open → close), each from its own market model; mean over the ${mean.n} securities with both parts.`,
    source: sourceLine(event),
  };
  return {
    stem: `${event?.id ?? 'premarket'}_premarket`,
    defaults,
    svg: (text) => premarketChart(data, text),
    vegaLite: (text) => premarketVegaLite(data, text),
  };
}
