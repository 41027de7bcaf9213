/**
 * How POST /v1/studies names the security-events it did not study, in the request's own terms:
 * positions in a JSON body's `securities`, lines of an uploaded CSV (line 1 is the header).
 * The engine finds repeats by position; these turn them into the answer's report or a refusal.
 */
import { RepeatedEventsError, type RepeatedEvent } from '../study/resolve.js';
import type { CsvRowProblem } from './security-csv.js';

export type DuplicateRow = { index: number; first_index: number; id: string } | { line: number; first_line: number; id: string };

/** What an answer reports besides the outcomes: rows left out, bad (uploads) or repeated. */
export type RowReport = { rejected_rows?: CsvRowProblem[]; duplicate_rows?: DuplicateRow[] };

export type RequestRows = {
  report: (repeats: readonly RepeatedEvent[]) => RowReport;
  /** The 400 of strict=true for repeats. */
  refusal: (repeats: readonly RepeatedEvent[]) => RepeatedEventsError;
};

/** A JSON body: `duplicate_rows` only when there are repeats, so other answers stay as they were. */
export const jsonRows: RequestRows = {
  report: (repeats) => (repeats.length > 0 ? { duplicate_rows: repeats.map(({ index, first_index, id }) => ({ index, first_index, id })) } : {}),
  refusal: (repeats) => new RepeatedEventsError(repeats),
};

/** An uploaded CSV whose studied rows stand on `lines` (in order), with the rows it rejected. */
export function csvRows(lines: readonly number[], rejected: CsvRowProblem[]): RequestRows {
  const line = (index: number) => lines[index]!;
  return {
    report: (repeats) => ({ rejected_rows: rejected, duplicate_rows: repeats.map((r) => ({ line: line(r.index), first_line: line(r.first_index), id: r.id })) }),
    refusal: (repeats) => new RepeatedEventsError(repeats, (index) => `line ${line(index)}`),
  };
}
