import { ConflictError, NotFoundError } from '../errors.js';
import { filterEvents, type EventCatalog, type EventFilter } from '../domain/event-catalog.js';
import type { PolicyEvent } from '../domain/events.js';

/** Where events added through the API live (DuckDB on Node; none on the edge). */
export interface UserEventStore {
  all(): Promise<PolicyEvent[]>;
  insert(event: PolicyEvent): Promise<void>;
  /** false when no such event is stored. */
  update(event: PolicyEvent): Promise<boolean>;
  /** false when no such event is stored. */
  remove(id: string): Promise<boolean>;
}

export type EventOrigin = 'catalog' | 'api';

/**
 * The file catalog (read-only, curated with sources) merged with events added through the API.
 * (Cached studies key on the event's content, so a changed event is a cache miss.)
 */
export class EventRepository {
  constructor(
    private readonly catalog: EventCatalog,
    private readonly stored?: UserEventStore,
  ) {}

  async list(filter: EventFilter = {}): Promise<PolicyEvent[]> {
    const user = this.stored ? await this.stored.all() : [];
    return filterEvents([...this.catalog.list(), ...user], filter);
  }

  async get(id: string): Promise<{ event: PolicyEvent; origin: EventOrigin } | undefined> {
    const fromCatalog = this.catalog.get(id);
    if (fromCatalog) return { event: fromCatalog, origin: 'catalog' };
    const user = (await this.stored?.all())?.find((e) => e.id === id);
    return user ? { event: user, origin: 'api' } : undefined;
  }

  /** Where a listed event comes from. */
  originOf(id: string): EventOrigin {
    return this.catalog.get(id) ? 'catalog' : 'api';
  }

  async size(): Promise<number> {
    return this.catalog.size + (this.stored ? (await this.stored.all()).length : 0);
  }

  async create(event: PolicyEvent): Promise<void> {
    if (await this.get(event.id)) throw new ConflictError(`An event with id "${event.id}" already exists; PUT /v1/events/${event.id} replaces an API-added event.`);
    await this.store().insert(event);
  }

  async replace(event: PolicyEvent): Promise<void> {
    this.guardCatalog(event.id);
    if (!(await this.store().update(event))) throw new NotFoundError(`No API-added event with id "${event.id}"; POST /v1/events creates one.`);
  }

  async remove(id: string): Promise<void> {
    this.guardCatalog(id);
    if (!(await this.store().remove(id))) throw new NotFoundError(`No API-added event with id "${id}".`);
  }

  private guardCatalog(id: string): void {
    if (this.catalog.get(id)) {
      throw new ConflictError(`Event "${id}" belongs to the curated catalog (data/events.json) and cannot be changed through the API; edit the file instead.`);
    }
  }

  private store(): UserEventStore {
    if (!this.stored) throw new ConflictError('This deployment has no writable event store.');
    return this.stored;
  }
}
