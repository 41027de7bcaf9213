import type { UserEventStore } from '../events/event-repository.js';
import { PolicyEventSchema, type PolicyEvent } from '../domain/events.js';
import { AppError } from '../errors.js';
import type { DuckDbStore } from './duckdb-store.js';

/** API-added events in DuckDB, each written in its own transaction. */
export class StoreUserEvents implements UserEventStore {
  constructor(private readonly db: DuckDbStore) {}

  async all(): Promise<PolicyEvent[]> {
    const rows = await this.db.all<{ id: string; body: string }>('user-events');
    // Re-validated on the way out: a row written by an older schema must not reach a study.
    return rows.map((r) => {
      const parsed = PolicyEventSchema.safeParse(JSON.parse(r.body));
      if (parsed.success) return parsed.data;
      throw new AppError(
        500,
        'Stored event invalid',
        `The stored event "${r.id}" no longer passes validation (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}). Replace it with PUT /v1/events/${r.id} or delete it.`,
      );
    });
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
