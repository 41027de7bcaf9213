import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { AppError, toProblem } from '../errors.js';

/** How long a client may take to send a request, and how long an idle connection is kept. */
export type ServerLimits = {
  /** Whole request (headers and body) received within this; else 408. */
  requestTimeoutMs: number;
  /** Headers received within this (at most requestTimeoutMs). */
  headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
};

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
};

/** Node's own header limit (16 KiB), named in the 431 answer. */
const MAX_HEADER_BYTES = 16 * 1024;

/**
 * The answer to a request Node refused before it reached the app (timeouts, parse errors), in the
 * app's one error model; undefined when there is no one to answer (the client hung up).
 */
export function clientErrorProblem(code: string | undefined, limits: ServerLimits): AppError | undefined {
  if (code === 'ECONNRESET' || code === 'EPIPE') return undefined;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return new AppError(
      408,
      'Request timeout',
      `The request was not received in full within ${limits.requestTimeoutMs / 1000} s (for example a body shorter than its Content-Length). Send the whole request at once.`,
    );
  }
  if (code === 'HPE_HEADER_OVERFLOW') {
    return new AppError(431, 'Request header fields too large', `The request's headers exceed ${MAX_HEADER_BYTES / 1024} KiB; send fewer or shorter headers.`);
  }
  if (code?.startsWith('HPE_') && /CHUNK|TRANSFER_ENCODING/.test(code)) {
    return new AppError(400, 'Bad request', `The chunked request body is malformed (${code}); send a valid Transfer-Encoding: chunked body or a Content-Length.`);
  }
  return new AppError(400, 'Bad request', `The request is not valid HTTP/1.1 (${code ?? 'parse error'}), e.g. a control character in the request line or a malformed header.`);
}

function answerClientError(err: Error & { code?: string }, socket: Duplex, limits: ServerLimits): void {
  const problem = clientErrorProblem(err.code, limits);
  // A response already under way on this connection cannot be replaced by another.
  const inProgress = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (!problem || !socket.writable || inProgress) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify(toProblem(problem));
  const reason = problem.title.replace(/[^\x20-\x7e]/g, '');
  socket.end(
    `HTTP/1.1 ${problem.status} ${reason}\r\nContent-Type: application/problem+json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Serves `fetch` over HTTP/1.1 with bounded request and keep-alive times, and answers what Node
 * rejects itself (431, 408, malformed chunked bodies, bad request lines) as problem+json instead
 * of a bare status line.
 */
export function startServer(
  options: { fetch: (request: Request, env: unknown) => Response | Promise<Response>; port: number; hostname: string; limits?: ServerLimits },
  onListening?: (info: AddressInfo) => void,
): Server {
  const limits = options.limits ?? DEFAULT_SERVER_LIMITS;
  const server = serve(
    {
      fetch: options.fetch,
      port: options.port,
      hostname: options.hostname,
      serverOptions: {
        requestTimeout: limits.requestTimeoutMs,
        headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
        // Node checks the two timeouts on this interval (default 30 s): a fraction of the shorter.
        connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
        keepAliveTimeout: limits.keepAliveTimeoutMs,
        maxHeaderSize: MAX_HEADER_BYTES,
      },
    },
    onListening,
  ) as Server;
  // No maxRequestsPerSocket: past it Node answers a bare 503 with no body; the idle timeout
  // and the request timeout already bound what one connection can hold.
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.on('clientError', (err: Error & { code?: string }, socket: Duplex) => answerClientError(err, socket, limits));
  return server;
}
