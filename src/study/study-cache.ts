const encoder = new TextEncoder();

/** Hex SHA-256 of a value's JSON (Web Crypto: same on Node and Workers). */
export async function fingerprint(value: unknown): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(JSON.stringify(value)));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Computed studies kept in the process, least recently used first out. Keys fingerprint the
 * event, the parameters and the data version, so a changed event or price series is a miss.
 */
export class StudyCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly capacity = 200) {}

  get size(): number {
    return this.entries.size;
  }

  /** The cached value for `key`, or `compute()`'s (concurrent callers share one computation). */
  async getOrCompute(key: string, compute: () => Promise<T>): Promise<T> {
    let entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
    } else {
      entry = compute();
      entry.catch(() => this.entries.delete(key)); // failures are not cached
    }
    this.entries.set(key, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return entry;
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
