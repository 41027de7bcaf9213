import { expect } from 'vitest';
import type { ProblemBody } from './problem.js';

/** Text that looks like a stack trace or a source location (`    at fn (file.ts:12:5)`, `src/x.ts:3`). */
const STACK_PATTERNS = [/\bat\s+\S*\s*\(?[^\s()]*\.(ts|js|mjs|cjs):\d+/, /\.(ts|js|mjs):\d+:\d+/, /\n\s+at\s/, /node_modules\//, /\/work\/main\//];

export function expectNoStackTrace(text: string, what = 'body'): void {
  for (const pattern of STACK_PATTERNS) expect(pattern.test(text), `${what} matches ${pattern}: ${text.slice(0, 400)}`).toBe(false);
}

/**
 * The full RFC 9457 shape the API promises for an error: problem+json, type (a URI), title,
 * status equal to the HTTP status, detail, instance = the request path, `errors` (one entry per
 * bad field) for 400, no stack trace, and an X-Request-Id header.
 */
export async function expectProblemShape(res: Response, status: number, path: string): Promise<ProblemBody> {
  const text = await res.text();
  expect(res.status, text.slice(0, 300)).toBe(status);
  expect(res.headers.get('content-type') ?? '').toMatch(/^application\/problem\+json\b/);
  expect(res.headers.get('x-request-id') ?? '').not.toBe('');
  expectNoStackTrace(text);
  const body = JSON.parse(text) as ProblemBody;
  expect(typeof body.type).toBe('string');
  expect(body.type === 'about:blank' || /^https?:\/\/\S+$/.test(body.type), `type ${body.type} is a URI`).toBe(true);
  expect(typeof body.title).toBe('string');
  expect(body.title.length).toBeGreaterThan(0);
  expect(body.status).toBe(status);
  expect(typeof body.detail).toBe('string');
  expect(body.detail.length).toBeGreaterThan(0);
  expect(body.instance).toBe(path);
  if (status === 400) {
    expect(Array.isArray(body.errors), `a 400 lists its bad fields in errors: ${text.slice(0, 300)}`).toBe(true);
    expect(body.errors!.length).toBeGreaterThan(0);
    for (const e of body.errors!) {
      expect(typeof e.field).toBe('string');
      expect(e.field.length).toBeGreaterThan(0);
      expect(typeof e.message).toBe('string');
      expect(e.message.length).toBeGreaterThan(0);
    }
  }
  return body;
}
