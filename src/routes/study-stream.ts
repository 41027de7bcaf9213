/**
 * A study streamed as text — NDJSON lines or the rows of a per-security CSV table — written one
 * security-event at a time as the engine computes them, with back-pressure: a slow reader holds
 * the study back instead of filling memory, whatever the number of security-events.
 *
 * The response starts with the first studied security-event, so whatever refuses a request
 * (parameters, the budget, repeats under strict=true, nothing studyable) is still a problem+json
 * with its own status. A failure after the first byte cannot change the status any more: NDJSON
 * then ends with an error line; CSV has no place for one, so its transfer is cut off and the
 * client sees a truncated body (no final chunk), never a table that merely looks short.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../app.js';
import { AppError, toProblem, type Problem } from '../errors.js';
import type { ComputedStudy, OutcomeSink, SecurityOutcome } from '../study/run-study.js';
import { SECURITY_TABLES, type SecurityTableName } from '../study/study-tables.js';
import { csvHeaders, csvRecord } from './representation.js';
import type { RowReport } from './request-rows.js';

export const wantsNdjson = (c: Context) => c.req.query('format') === 'ndjson' || /\bapplication\/x-ndjson\b/.test(c.req.header('accept') ?? '');

/** How a study is written as text. */
export type StudyText = {
  headers: Record<string, string>;
  /** Written first (a CSV header). */
  head: string;
  /** A security-event's part, written as soon as it is computed. */
  outcome: (o: SecurityOutcome) => string;
  /** Written last, from the whole study. */
  tail: (study: ComputedStudy) => string;
  /** The last line after a failure mid-stream; without it the transfer is cut off. */
  failure?: (problem: Problem) => string;
};

/** `{"type":"security",...}` per security-event, then `{"type":"portfolio",...}` with the rest of the result and the report. */
export function ndjsonText(report: (study: ComputedStudy) => RowReport): StudyText {
  const line = (value: unknown) => `${JSON.stringify(value)}\n`;
  return {
    headers: { 'content-type': 'application/x-ndjson; charset=utf-8' },
    head: '',
    outcome: (o) => line({ type: 'security', ...o }),
    tail: (study) => {
      const { securities: _securities, ...rest } = study.result;
      return line({ type: 'portfolio', ...rest, ...report(study) });
    },
    failure: (problem) => line({ type: 'error', problem }),
  };
}

/** A per-security table as CSV: the same records, in the same order, as the whole table. */
export function csvTableText(fileStem: string, name: SecurityTableName): StudyText {
  const table = SECURITY_TABLES[name];
  return {
    headers: csvHeaders(fileStem, name),
    head: csvRecord(table.columns),
    outcome: (o) => table.rows(o).map(csvRecord).join(''),
    tail: () => '',
  };
}

/** The client stopped reading (it went away): nobody is left to tell anything. */
class ClientGone extends Error {
  override name = 'AbortError';
}

/**
 * Runs `study` with a sink that writes each outcome as `text`, and answers once the first studied
 * security-event is written (or the study ends); rejects with the study's error before that.
 */
export function streamedStudy(c: Context<AppEnv>, study: (sink: OutcomeSink) => Promise<ComputedStudy>, text: StudyText): Promise<Response> {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const encoder = new TextEncoder();
  // What is written before the response starts; null once it has.
  let held: string[] | null = [text.head];
  let respond!: (response: Response) => void;
  let refuse!: (error: unknown) => void;
  const response = new Promise<Response>((resolve, reject) => {
    respond = resolve;
    refuse = reject;
  });

  // Resolves when the reader has taken the bytes: that wait is the back-pressure.
  const send = (part: string) => writer.write(encoder.encode(part)).catch(() => Promise.reject(new ClientGone('The client stopped reading the stream.')));
  const write = async (part: string) => {
    if (held) held.push(part);
    else if (part) await send(part);
  };
  const begin = async () => {
    if (!held) return;
    const first = held.join('');
    held = null;
    respond(c.body(readable, 200, text.headers));
    await send(first);
  };
  const lateFailure = async (error: unknown) => {
    if (error instanceof ClientGone) return;
    if (!(error instanceof AppError)) c.var.deps.log?.({ level: 'error', request_id: c.var.requestId, path: c.req.path, error: String((error as Error)?.stack ?? error) });
    try {
      if (text.failure) {
        await send(text.failure(toProblem(error, c.req.path)));
        await writer.close();
      } else {
        await writer.abort(error);
      }
    } catch {
      // The client went away meanwhile.
    }
  };

  study(async (outcomes) => {
    for (const o of outcomes) {
      await write(text.outcome(o));
      if (o.status === 'ok') await begin();
    }
  })
    .then(async (done) => {
      await write(text.tail(done));
      await begin();
      await writer.close().catch(() => undefined); // fails only when the client went away
    })
    .catch((error: unknown) => (held ? refuse(error) : lateFailure(error)));
  return response;
}
