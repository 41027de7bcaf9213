const encoder = new TextEncoder();

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Digests of recent short JSON texts. A cached study's key and ETag are asked for on every
 * request, and a Web Crypto digest is a round trip through a job queue: it was a third of the CPU
 * time of a cached answer (bench:load). First in, first out; long texts (bulk requests) are not kept.
 */
const recentDigests = new Map<string, Promise<string>>();
const RECENT_DIGESTS = 4096;
const RECENT_TEXT_MAX = 4096;

/** Hex SHA-256 of a value's JSON (Web Crypto: same on Node and Workers). */
export function fingerprint(value: unknown): Promise<string> {
  const json = JSON.stringify(value);
  if (json.length > RECENT_TEXT_MAX) return sha256Hex(json);
  let digest = recentDigests.get(json);
  if (digest === undefined) {
    if (recentDigests.size >= RECENT_DIGESTS) recentDigests.delete(recentDigests.keys().next().value!);
    recentDigests.set(json, (digest = sha256Hex(json)));
  }
  return digest;
}

const onceDigests = new WeakMap<object, Promise<string>>();

/**
 * The fingerprint of an object nobody mutates (a catalog or stored event: a changed event is a
 * new object), computed once per object. An event's JSON is the heaviest part of a study's key,
 * and re-encoding it on every request was most of what a cached study allocated.
 */
export function fingerprintOnce(value: object): Promise<string> {
  let digest = onceDigests.get(value);
  if (digest === undefined) onceDigests.set(value, (digest = fingerprint(value)));
  return digest;
}

export type StudyCacheOptions<T> = {
  /** Upper bound of the cached values' total weight (bytes by default). */
  maxBytes: number;
  /** A value's weight; by default the length of its JSON, a fair proxy of its heap size. */
  weigh?: (value: T) => number;
  /** Whether a computed value may be kept (default: all); one that may not is still shared with the callers waiting for it. */
  keepable?: (value: T) => boolean;
};

/** 64 MB: a few hundred ordinary studies, or a handful of very large ones. */
export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * Computed studies kept in the process, least recently used first out, bounded in bytes rather
 * than entries (one 500-security study weighs as much as thousands of small ones). Keys
 * fingerprint the event, the parameters and the data version, so a changed event or price series
 * is a miss. Concurrent callers of one key share one computation; failures are not kept; a value
 * heavier than a quarter of the budget is shared with the callers waiting for it but not kept.
 */
export class StudyCache<T> {
  private readonly pending = new Map<string, { promise: Promise<T>; controller: AbortController; waiting: number }>();
  private readonly done = new Map<string, { value: T; bytes: number }>();
  private total = 0;
  private readonly maxBytes: number;
  private readonly weigh: (value: T) => number;
  private readonly keepable: (value: T) => boolean;

  constructor(options: Partial<StudyCacheOptions<T>> = {}) {
    this.maxBytes = options.maxBytes ?? DEFAULT_CACHE_BYTES;
    this.weigh = options.weigh ?? ((v) => JSON.stringify(v).length);
    this.keepable = options.keepable ?? (() => true);
  }

  get size(): number {
    return this.done.size;
  }

  get bytes(): number {
    return this.total;
  }

  /**
   * The cached value for `key`, or `compute()`'s (concurrent callers share one computation).
   * A caller's signal says it no longer waits (its client went away): the computation is
   * aborted, through the signal `compute` receives, only once every caller sharing it has gone.
   * The signal is asked for only when the caller has to wait: on Node, a request's signal is
   * made on first use, with a whole web Request behind it, and a hit needs none.
   */
  async getOrCompute(key: string, compute: (signal: AbortSignal) => Promise<T>, callerSignal?: () => AbortSignal | undefined): Promise<T> {
    const hit = this.done.get(key);
    if (hit) {
      this.done.delete(key); // re-inserted: most recently used last
      this.done.set(key, hit);
      return hit.value;
    }
    const signal = callerSignal?.();
    let running = this.pending.get(key);
    if (!running) {
      const controller = new AbortController();
      running = { promise: compute(controller.signal), controller, waiting: 0 };
      this.pending.set(key, running);
      const entry = running;
      entry.promise.then(
        (value) => this.keep(key, value),
        () => {},
      ).finally(() => this.pending.delete(key));
    }
    const entry = running;
    entry.waiting++;
    const leave = () => {
      if (--entry.waiting === 0) entry.controller.abort(signal?.reason);
    };
    if (signal?.aborted) leave();
    else signal?.addEventListener('abort', leave, { once: true });
    try {
      return await entry.promise;
    } finally {
      signal?.removeEventListener('abort', leave);
    }
  }

  private keep(key: string, value: T): void {
    if (!this.keepable(value)) return;
    const bytes = this.weigh(value);
    if (bytes > this.maxBytes / 4) return;
    this.done.set(key, { value, bytes });
    this.total += bytes;
    for (const [oldest, { bytes: b }] of this.done) {
      if (this.total <= this.maxBytes) break;
      this.done.delete(oldest);
      this.total -= b;
    }
  }
}

/** Bumped when the shape or meaning of responses changes, so old ETags stop matching. */
const REPRESENTATION_VERSION = 1;

/**
 * A strong ETag for a deterministic response: the fingerprint of everything it is computed
 * from (stored-data version, event, parameters, format).
 */
export async function etagFor(inputs: unknown): Promise<string> {
  return `"${await fingerprint({ v: REPRESENTATION_VERSION, inputs })}"`;
}

/** Headers sent with a validated response (format follows the Accept header too, so shared caches key on it). */
export const validatorHeaders = (etag: string): Record<string, string> => ({ ETag: etag, 'Cache-Control': 'public, max-age=300', Vary: 'Accept' });

/** Whether an If-None-Match header holds the ETag (weak comparison, RFC 9110 13.1.2: a compressing proxy may add W/). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  return !!ifNoneMatch && ifNoneMatch.split(',').some((m) => m.trim().replace(/^W\//, '') === etag || m.trim() === '*');
}
