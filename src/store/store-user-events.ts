import type { UserEventStore } from '../events/event-repository.js';
import { PolicyEventSchema, type PolicyEvent } from '../domain/events.js';
import type { DuckDbStore } from './duckdb-store.js';

/** API-added events in DuckDB, each written in its own transaction. */
export class StoreUserEvents implements UserEventStore {
  constructor(private readonly db: DuckDbStore) {}

  async all(): Promise<PolicyEvent[]> {
    const rows = await this.db.all<{ body: string }>('user-events');
    // Re-validated on the way out: a row written by an older schema must not reach a study.
    return rows.map((r) => PolicyEventSchema.parse(JSON.parse(r.body)));
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
