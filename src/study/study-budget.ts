/**
 * The work one study request may ask for. A study's cost grows with securities x days: the
 * estimation rows fitted and the event-window rows returned (each day carries its AR, t, p and
 * running CAR, and every portfolio test runs on every day). Above the budget the request is
 * refused before any work, with the limit and how to split it, rather than computed for minutes
 * and answered with tens of megabytes.
 */
import { UnprocessableError } from '../errors.js';
import type { StudyParams } from './params.js';

/** Event-window rows (securities x window days) per request: 10,000 security-events of [-5, 5]. */
export const MAX_WINDOW_ROWS = 110_000;
/** Estimation rows (securities x estimation days) per request: 10,000 of [-250, -11] with room. */
export const MAX_ESTIMATION_ROWS = 5_000_000;

const span = ([a, b]: readonly [number, number]) => b - a + 1;

export function assertStudyBudget(securities: number, params: Pick<StudyParams, 'window' | 'estimation'>): void {
  const windowRows = securities * span(params.window);
  const estimationRows = securities * span(params.estimation);
  const over = [
    windowRows > MAX_WINDOW_ROWS ? { what: 'event-window days', asked: windowRows, limit: MAX_WINDOW_ROWS, per: span(params.window) } : null,
    estimationRows > MAX_ESTIMATION_ROWS ? { what: 'estimation-window days', asked: estimationRows, limit: MAX_ESTIMATION_ROWS, per: span(params.estimation) } : null,
  ].filter((o) => o !== null);
  if (over.length === 0) return;
  const fits = Math.max(1, Math.min(...over.map((o) => Math.floor(o.limit / o.per))));
  throw new UnprocessableError(
    `This study asks for ${over.map((o) => `${o.asked.toLocaleString('en-US')} ${o.what} (${securities} securities x ${o.per}; the limit is ${o.limit.toLocaleString('en-US')})`).join(' and ')}. ` +
      `Split it into requests of at most ${fits} securities, or narrow the windows.`,
    { budget: { max_window_rows: MAX_WINDOW_ROWS, max_estimation_rows: MAX_ESTIMATION_ROWS, securities_per_request: fits } },
  );
}
