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
