/**
 * The server of the load benchmarks (bench/load-server.ts) in a child process, so its RSS, CPU
 * time and event-loop delay are its own, read over IPC.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startNodeFlags } from '../test/helpers/start-flags.js';

export type ServerStats = { rss: number; heapUsed: number; heapTotal: number; external: number; cpuSeconds: number; loopDelayP99Ms: number; loopDelayMaxMs: number };

/** Node options of the server: those of `npm start`, or BENCH_SERVER_NODE_OPTIONS for experiments ('' for none). */
export const SERVER_NODE_OPTIONS = process.env.BENCH_SERVER_NODE_OPTIONS === undefined ? startNodeFlags() : process.env.BENCH_SERVER_NODE_OPTIONS.split(' ').filter(Boolean);

/** The server's price source: none (what is stored), or BENCH_PRICE_PROVIDER=yahoo, as `npm start` by default (unreachable offline). */
export const PRICE_PROVIDER = process.env.BENCH_PRICE_PROVIDER === 'yahoo' ? 'yahoo' : 'none';

export const HEADLINE = '/v1/events/china-cybersecurity-software-ban-2026/study';

export async function startLoadServer(): Promise<{ base: string; stats: () => Promise<ServerStats>; stop: () => void }> {
  const child = fork(fileURLToPath(new URL('./load-server.ts', import.meta.url)), { execArgv: [...SERVER_NODE_OPTIONS, '--import', 'tsx'], stdio: 'inherit' });
  const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve((m as { port: number }).port)));
  return {
    base: `http://127.0.0.1:${port}`,
    /** Reading the stats resets the event-loop delay histogram. */
    stats: () =>
      new Promise<ServerStats>((resolve) => {
        child.once('message', (m) => resolve(m as ServerStats));
        child.send('stats');
      }),
    stop: () => child.send('stop'),
  };
}

export const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
