/**
 * How `npm run cli -- study events.csv` writes its answer. A CSV table is made from the API's
 * NDJSON stream as the lines arrive, with the API's own records (study-stream.ts, study-tables.ts):
 * a 10,000-row study never sits whole in memory, and the stream's last line still carries the
 * rows the study left out, which the command reports on stderr (a CSV answer has no place for them).
 */
import { open } from 'node:fs/promises';
import type { Problem } from '../errors.js';
import { toCsv } from '../routes/representation.js';
import type { RowReport } from '../routes/request-rows.js';
import { csvTableText } from '../routes/study-stream.js';
import type { SecurityOutcome, StudyResult } from '../study/run-study.js';
import { isSecurityTable, studyTables, type StudyTableName } from '../study/study-tables.js';

export type Output = { write: (text: string) => Promise<void>; close: () => Promise<void> };

export async function fileOutput(path: string): Promise<Output> {
  const file = await open(path, 'w');
  return {
    write: async (text) => {
      await file.write(text);
    },
    close: () => file.close(),
  };
}

/** The rows an answer left out, as `file:line: why (row skipped)`. */
export function skippedRowLines(file: string, report: RowReport): string[] {
  return [
    ...(report.rejected_rows ?? []).map((r) => `${file}:${r.line}: ${r.message} (row skipped)`),
    // An upload's repeats are named by line (a JSON body's by position).
    ...(report.duplicate_rows ?? []).flatMap((d) => ('line' in d ? [`${file}:${d.line}: same symbol and day 0 as line ${d.first_line}, ${d.id} (row skipped)`] : [])),
  ];
}

type StreamLine = ({ type: 'security' } & SecurityOutcome) | ({ type: 'portfolio' } & Omit<StudyResult, 'securities'> & RowReport) | { type: 'error'; problem: Problem };

/** The lines of an NDJSON body, each parsed as it completes. */
async function* ndjsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<StreamLine> {
  const decoder = new TextDecoder();
  let rest = '';
  for await (const bytes of body as unknown as AsyncIterable<Uint8Array>) {
    const lines = (rest + decoder.decode(bytes, { stream: true })).split('\n');
    rest = lines.pop()!;
    for (const line of lines) if (line) yield JSON.parse(line) as StreamLine;
  }
  if (rest.trim()) yield JSON.parse(rest) as StreamLine;
}

/**
 * Writes the table `table` of a streamed study to `out`: a per-security table row by row as the
 * security-events arrive, any other one from the last line.
 * @returns the report of the rows left out, or the problem the stream ended with.
 */
export async function writeCsvFromNdjson(body: ReadableStream<Uint8Array>, table: StudyTableName, out: Output): Promise<{ report: RowReport } | { problem: Problem }> {
  const rows = isSecurityTable(table) ? csvTableText('study', table) : undefined;
  if (rows) await out.write(rows.head);
  for await (const line of ndjsonLines(body)) {
    if (line.type === 'error') return { problem: line.problem };
    if (line.type === 'security') {
      if (rows) await out.write(rows.outcome(line));
      continue;
    }
    const { type: _type, rejected_rows, duplicate_rows, ...result } = line;
    // The whole tables are made of the portfolio's parts; the outcomes have already gone by.
    if (!rows) await out.write(toCsv(studyTables({ ...result, securities: [] })[table]!()));
    return { report: { rejected_rows, duplicate_rows } };
  }
  return { problem: { type: 'about:blank', title: 'Incomplete answer', status: 500, detail: 'The study stream ended without its last line.' } };
}
