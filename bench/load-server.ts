/**
 * The server under `npm run bench:load`, in its own process so its RSS and CPU time are its own:
 * an in-memory store with the headline event's real shared daily files, no price source (unless
 * BENCH_PRICE_PROVIDER=yahoo), no rate limit. Talks to the driver over IPC: sends { port } when
 * listening, answers 'stats' with { rss, heapUsed, heapTotal, external, cpuSeconds,
 * loopDelayP99Ms, loopDelayMaxMs } (event-loop delay since the previous read).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createApp } from '../src/app.js';
import { nodeDeps } from '../src/entry/node-deps.js';
import { startServer } from '../src/entry/node-server.js';
import { storeWithShared } from '../test/helpers/shared-data.js';
import { PRICE_PROVIDER } from './load-harness.js';

const SYMBOLS = ['PANW', 'FTNT', 'CHKP', 'AVGO', 'CRWD', 'S', 'RPD', 'GOOGL', 'MA', 'CSCO', 'CIBR', 'SPY', 'QQQ', 'HACK'];

const store = await storeWithShared(SYMBOLS);
const { deps } = nodeDeps(store, { eventsPath: undefined, priceProvider: PRICE_PROVIDER });
const app = createApp(deps);
const server = startServer({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => process.send?.({ port: info.port }));

// How long the event loop was held at a time (what every request queued behind): reset per stats read.
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();

process.on('message', (msg) => {
  if (msg === 'stats') {
    const cpu = process.cpuUsage();
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    const ms = (ns: number) => Math.round(ns / 1e5) / 10;
    process.send?.({
      rss,
      heapUsed,
      heapTotal,
      external,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      loopDelayP99Ms: ms(loopDelay.percentile(99)),
      loopDelayMaxMs: ms(loopDelay.max),
    });
    loopDelay.reset();
  } else if (msg === 'stop') {
    server.close();
    store.close();
    process.exit(0);
  }
});
