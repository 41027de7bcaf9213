/**
 * The Node server on loopback, spoken to over raw sockets (issue 14): a body shorter than its
 * Content-Length is a 408 within the configured request timeout, and what Node rejects before the
 * app sees it (431, malformed chunked bodies, a NUL in the request line) is problem+json too.
 */
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SERVER_LIMITS, clientErrorProblem, startServer } from '../../src/entry/node-server.js';
import { appWithEmptyStore, type TestApp } from '../helpers/app.js';

// Short enough that a test waits about a second, long enough for a loaded machine to send a request.
const LIMITS = { requestTimeoutMs: 1_500, headersTimeoutMs: 1_500, keepAliveTimeoutMs: 1_000 };

let t: TestApp;
let server: Server;
let port = 0;
beforeAll(async () => {
  t = await appWithEmptyStore();
  server = await new Promise<Server>((resolve) => {
    const s = startServer({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1', limits: LIMITS }, (info) => {
      port = info.port;
      resolve(s);
    });
  });
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  t?.store.close();
});

type RawResponse = { status: number; headers: Record<string, string>; body: string; ms: number };

/** Writes `chunks` (raw bytes) to a fresh connection and reads until the server closes it. */
function raw(chunks: (string | Buffer)[], { closeAfterMs = 10_000 } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1');
    const parts: Buffer[] = [];
    const guard = setTimeout(() => socket.destroy(), closeAfterMs);
    socket.on('connect', () => chunks.forEach((c) => socket.write(c)));
    socket.on('data', (d) => parts.push(d));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(guard);
      const text = Buffer.concat(parts).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const headers = Object.fromEntries(headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1] ?? 0), headers, body: rest.join('\r\n\r\n'), ms: performance.now() - started });
    });
  });
}

function expectProblem(res: RawResponse, status: number): { title: string; detail: string; status: number } {
  expect(res.status, `${res.status} ${res.body}`).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json');
  expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
  const problem = JSON.parse(res.body) as { type: string; title: string; detail: string; status: number };
  expect(problem.status).toBe(status);
  expect(problem.type).toMatch(/^https:\/\/market-impact\.dev\/problems\//);
  expect(problem.detail.length).toBeGreaterThan(20);
  return problem;
}

describe('server-level limits, over raw sockets on loopback', () => {
  it('a body shorter than its Content-Length is a 408 problem after the request timeout, and the connection is closed', async () => {
    const res = await raw(['POST /v1/studies HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"securities"']);
    const problem = expectProblem(res, 408);
    expect(problem.detail).toMatch(/not received in full within 1.5 s/);
    expect(res.headers.connection).toBe('close');
    expect(res.ms).toBeGreaterThanOrEqual(LIMITS.requestTimeoutMs - 100);
  });

  it('headers that never end are a 408 too', async () => {
    const res = await raw(['GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n']);
    expectProblem(res, 408);
  });

  it('headers over 16 KiB are a 431 problem', async () => {
    const res = await raw([`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`]);
    expect(expectProblem(res, 431).detail).toMatch(/16 KiB/);
  });

  it('a malformed chunked body is a 400 problem naming chunked encoding', async () => {
    const res = await raw(['POST /v1/studies HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n']);
    expect(expectProblem(res, 400).detail).toMatch(/chunked/);
  });

  it('a NUL in the request line is a 400 problem', async () => {
    const res = await raw(['GET /he\0alth HTTP/1.1\r\nHost: x\r\n\r\n']);
    expect(expectProblem(res, 400).detail).toMatch(/not valid HTTP/);
  });

  it('a well-formed request on the same server still gets its answer', async () => {
    const res = await raw(['GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);
    expect(res.status).toBe(200);
  });

  it('keep-alive is bounded: an idle connection is closed after the keep-alive timeout', async () => {
    const get = 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n';
    const idle = await raw([get]);
    expect(idle.status).toBe(200);
    expect(idle.headers.connection).toBe('keep-alive');
    expect(idle.ms).toBeGreaterThanOrEqual(LIMITS.keepAliveTimeoutMs - 100);
    expect(idle.ms, 'closed by the server, not by the 10 s guard').toBeLessThan(8_000);
  });
});

describe('clientErrorProblem', () => {
  it('says nothing to a client that hung up, and maps the rest', () => {
    expect(clientErrorProblem('ECONNRESET', DEFAULT_SERVER_LIMITS)).toBeUndefined();
    expect(clientErrorProblem('ERR_HTTP_REQUEST_TIMEOUT', DEFAULT_SERVER_LIMITS)!.status).toBe(408);
    expect(clientErrorProblem('HPE_HEADER_OVERFLOW', DEFAULT_SERVER_LIMITS)!.status).toBe(431);
    expect(clientErrorProblem('HPE_INVALID_CHUNK_SIZE', DEFAULT_SERVER_LIMITS)!.message).toMatch(/chunked/);
    expect(clientErrorProblem('HPE_INVALID_METHOD', DEFAULT_SERVER_LIMITS)!.status).toBe(400);
  });
});
