import type { Context } from 'hono';
import { StudyCache } from '../study/study-cache.js';

type Kept = { status: number; body: Uint8Array<ArrayBuffer>; headers: Record<string, string> };

/** The headers that describe a representation itself; validators come with each request's answer. */
const REPRESENTATION_HEADERS = ['content-type', 'content-disposition'];

/** 32 MB: thousands of CSV tables or SVG charts, a few hundred PNGs. */
const DEFAULT_KEPT_BYTES = 32 * 1024 * 1024;

/**
 * Answers kept by their strong ETag. A strong ETag fingerprints everything a response is made
 * from (data version, question, representation), so the bytes built once — a CSV table, a chart,
 * a prices query — are sent again as they are. Rebuilding them on every request is work, and under
 * load its garbage is what the collector falls behind on (bench:soak). Bounded in bytes.
 */
export class KeptAnswers {
  private readonly kept: StudyCache<Kept>;

  constructor(maxBytes = DEFAULT_KEPT_BYTES) {
    this.kept = new StudyCache<Kept>({ maxBytes, weigh: (k) => k.body.byteLength, keepable: (k) => k.status === 200 });
  }

  /**
   * The answer `build` makes, sent with `headers`. With an ETag in `headers`, what `build` made for
   * it is kept and sent again; without one (an answer that must not be stored) it is built each time.
   */
  async send(c: Context, headers: Record<string, string>, build: () => Response | Promise<Response>): Promise<Response> {
    const etag = headers.ETag;
    if (etag === undefined) return build();
    const kept = await this.kept.getOrCompute(etag, async () => {
      const res = await build();
      const own = REPRESENTATION_HEADERS.flatMap((h) => {
        const v = res.headers.get(h);
        return v === null ? [] : [[h, v] as const];
      });
      return { status: res.status, body: new Uint8Array(await res.arrayBuffer()), headers: Object.fromEntries(own) };
    });
    return c.body(kept.body, kept.status as 200, { ...headers, ...kept.headers });
  }
}
