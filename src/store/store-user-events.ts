import type { StoredEvents, UserEventStore } from '../events/event-repository.js';
import { PolicyEventSchema, type PolicyEvent } from '../domain/events.js';
import type { DuckDbStore } from './duckdb-store.js';
import { GenerationMemo } from './generation-memo.js';

/**
 * API-added events in DuckDB, each written in its own transaction; read and validated once per
 * committed write (every study reads them for its confounders, /health counts them).
 */
export class StoreUserEvents implements UserEventStore {
  private readonly memo: GenerationMemo<StoredEvents>;

  constructor(private readonly db: DuckDbStore) {
    this.memo = new GenerationMemo(() => db.writeGeneration);
  }

  all(fresh = false): Promise<StoredEvents> {
    return fresh ? this.read() : this.memo.get(() => this.read());
  }

  private async read(): Promise<StoredEvents> {
    const rows = await this.db.all<{ id: string; body: string }>('user-events');
    const out: StoredEvents = { events: [], unreadable: [] };
    // Re-validated on the way out: a row written under an older, looser schema must not reach a
    // study, nor take the rest of the catalog down with it.
    for (const r of rows) {
      let body: unknown;
      try {
        body = JSON.parse(r.body);
      } catch {
        out.unreadable.push({ id: r.id, reason: 'the stored body is not JSON' });
        continue;
      }
      const parsed = PolicyEventSchema.safeParse(body);
      if (parsed.success) out.events.push(parsed.data);
      else out.unreadable.push({ id: r.id, reason: parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; ') });
    }
    return out;
  }

  async insert(event: PolicyEvent): Promise<void> {
    await this.db.transaction((tx) => tx.run('insert-user-event', { id: event.id, body: JSON.stringify(event) }));
  }

  async update(event: PolicyEvent): Promise<boolean> {
    return this.db.transaction(async (tx) => (await tx.all('update-user-event', { id: event.id, body: JSON.stringify(event) })).length > 0);
  }

  async remove(id: string): Promise<boolean> {
    return this.db.transaction(async (tx) => (await tx.all('delete-user-event', { id })).length > 0);
  }
}
