import { z } from '@hono/zod-openapi';
import { SYMBOL_INPUT_PATTERN } from '../domain/symbols.js';
import { DATE_RANGE, SessionSchema, isCalendarDate, isInstantInRange } from '../domain/events.js';

/** Schemas shared by several routes. */
export const IsoDate = z
  .string()
  .refine(isCalendarDate, { message: `must be a real date in YYYY-MM-DD form from ${DATE_RANGE.first} to ${DATE_RANGE.last}, e.g. 2026-01-14` })
  .openapi({ example: '2026-01-14', format: 'date' });

export const Symbol = z
  .string()
  .min(1)
  .max(20)
  .regex(SYMBOL_INPUT_PATTERN, 'must be a ticker such as PANW, ^GSPC or HO.PA')
  .transform((s) => s.toUpperCase())
  .openapi({ example: 'PANW' });

/** One security-event of an ad-hoc study: a symbol and when its news came out. */
export const SecurityEventInput = z
  .object({
    symbol: Symbol,
    date: IsoDate.optional(),
    announced_at: z.iso
      .datetime({ offset: true, message: 'must be ISO 8601 with an offset, e.g. 2026-01-14T06:10:00-05:00' })
      .refine(isInstantInRange, { message: `must be a real instant between ${DATE_RANGE.first} and ${DATE_RANGE.last}` })
      .optional(),
    session: SessionSchema.optional(),
    benchmark: Symbol.optional(),
    group: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be a group name in lower case, e.g. named_firm or control')
      .optional()
      .openapi({ description: 'Group the security is reported in (studies: `groups`, `differences`)', example: 'named_firm' }),
  })
  .refine((s) => s.date !== undefined || s.announced_at !== undefined, { message: 'give date or announced_at' })
  .openapi('SecurityEvent');

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .passthrough()
  .openapi('Problem');

/** OpenAPI response entries for problem+json error statuses. */
export function problems(...statuses: number[]) {
  const descriptions: Record<number, string> = {
    400: 'Invalid request: every bad field is listed in `errors`',
    401: 'Missing or wrong API key',
    403: 'Writes are disabled on this server',
    404: 'Unknown event, symbol or route',
    409: 'Conflict with stored data',
    413: 'Request body too large',
    415: 'The body must be sent with Content-Type: application/json',
    422: 'The study cannot be computed from the data; reasons per security',
    429: 'Too many study requests from this client (when the server sets a rate limit): see the Retry-After header',
    502: 'The price source answered with an error',
    503: 'The price source or database is unavailable',
  };
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: descriptions[s] ?? 'Error', content: { 'application/problem+json': { schema: ProblemSchema } } },
    ]),
  );
}
