/**
 * The one error model. Every failure a client can see is an AppError; `toProblem` turns it into
 * an RFC 9457 problem+json body. Anything else is an internal error whose details stay in the log.
 */
export type FieldIssue = { field: string; message: string };

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }
  get type(): string {
    return `https://market-impact.dev/problems/${this.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  }
}

/** Thrown when request input fails validation; lists every bad field. */
export class ValidationError extends AppError {
  constructor(detail: string, readonly issues: FieldIssue[] = []) {
    super(400, 'Invalid request', detail, { errors: issues });
  }
}

/** A ValidationError from zod issues, one entry per bad field. */
export function fromZodIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): ValidationError {
  const fields = issues.map((i) => ({ field: i.path.map(String).join('.') || '(input)', message: i.message }));
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  return new ValidationError(`${fields.length} invalid field${fields.length === 1 ? '' : 's'} — ${summary}`, fields);
}

/** Thrown when an event, symbol or route does not exist. */
export class NotFoundError extends AppError {
  constructor(detail: string) {
    super(404, 'Not found', detail);
  }
}

/** Thrown when a write would clash with what is stored (duplicate id, database locked). */
export class ConflictError extends AppError {
  constructor(detail: string, extra: Record<string, unknown> = {}) {
    super(409, 'Conflict', detail, extra);
  }
}

/** Thrown when a study is well-formed but cannot be computed from the data; carries reasons. */
export class UnprocessableError extends AppError {
  constructor(detail: string, extra: Record<string, unknown> = {}) {
    super(422, 'Study cannot be computed', detail, extra);
  }
}

/** Thrown when the upstream price source failed (502) or cannot be reached (503). */
export class UpstreamError extends AppError {
  constructor(status: 502 | 503, detail: string, extra: Record<string, unknown> = {}) {
    super(status, status === 503 ? 'Price source unavailable' : 'Price source error', detail, extra);
  }
}

/** Thrown when the service's own store cannot answer (database closed or unreadable). */
export class ServiceUnavailableError extends AppError {
  constructor(detail: string) {
    super(503, 'Service unavailable', detail);
  }
}

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  [key: string]: unknown;
};

export function toProblem(err: unknown, instance?: string): Problem {
  if (err instanceof AppError) {
    return { type: err.type, title: err.title, status: err.status, detail: err.message, instance, ...err.extra };
  }
  return {
    type: 'about:blank',
    title: 'Internal Server Error',
    status: 500,
    detail: 'An unexpected error occurred; it has been logged with the request id.',
    instance,
  };
}
