import { AppError, ConflictError, NotFoundError } from '../errors.js';
import { filterEvents, type EventCatalog, type EventFilter } from '../domain/event-catalog.js';
import type { PolicyEvent } from '../domain/events.js';

/** Stored events that no longer pass validation, by id, with the reason. */
export type UnreadableEvent = { id: string; reason: string };
export type StoredEvents = { events: PolicyEvent[]; unreadable: UnreadableEvent[] };

/** Where events added through the API live (DuckDB on Node; none on the edge). */
export interface UserEventStore {
  /**
   * Every stored event; rows that fail today's schema come back as `unreadable`, never thrown.
   * `fresh`: read past any memo (a write that lost a race must see the winner).
   */
  all(fresh?: boolean): Promise<StoredEvents>;
  insert(event: PolicyEvent): Promise<void>;
  /** false when no such event is stored. */
  update(event: PolicyEvent): Promise<boolean>;
  /** false when no such event is stored. */
  remove(id: string): Promise<boolean>;
}

export type EventOrigin = 'catalog' | 'api';

const NO_USER_EVENTS: StoredEvents = { events: [], unreadable: [] };

/** Thrown when an API-added event is stored but fails validation (stored under an older schema). */
export class UnreadableEventError extends AppError {
  constructor(event: UnreadableEvent) {
    super(
      409,
      'Stored event invalid',
      `The stored event "${event.id}" no longer passes validation (${event.reason}). Replace it with PUT /v1/events/${event.id} or delete it.`,
      { event_id: event.id },
    );
  }
}

/**
 * The file catalog (read-only, curated with sources) merged with events added through the API.
 * (Cached studies key on the event's content, so a changed event is a cache miss.)
 */
export class EventRepository {
  constructor(
    private readonly catalog: EventCatalog,
    private readonly stored?: UserEventStore,
  ) {}

  /**
   * The events added through the API, as read: the same object until the next write where the
   * store keeps its reads (an answer built from it may be kept while it is the same object).
   */
  userEvents(): Promise<StoredEvents> {
    return this.stored ? this.stored.all() : Promise.resolve(NO_USER_EVENTS);
  }

  /** Matching events; stored events that fail validation are left out (and named by `unreadable`). */
  async list(filter: EventFilter = {}): Promise<PolicyEvent[]> {
    return filterEvents([...this.catalog.list(), ...(await this.userEvents()).events], filter);
  }

  /** Stored events left out of every answer because they fail validation. */
  async unreadable(): Promise<UnreadableEvent[]> {
    return (await this.userEvents()).unreadable;
  }

  async get(id: string, fresh = false): Promise<{ event: PolicyEvent; origin: EventOrigin } | undefined> {
    const fromCatalog = this.catalog.get(id);
    if (fromCatalog) return { event: fromCatalog, origin: 'catalog' };
    if (!this.stored) return undefined;
    const { events, unreadable } = await this.stored.all(fresh);
    const user = events.find((e) => e.id === id);
    if (user) return { event: user, origin: 'api' };
    const bad = unreadable.find((e) => e.id === id);
    if (bad) throw new UnreadableEventError(bad);
    return undefined;
  }

  /** Where a listed event comes from. */
  originOf(id: string): EventOrigin {
    return this.catalog.get(id) ? 'catalog' : 'api';
  }

  async size(): Promise<number> {
    return this.catalog.size + (this.stored ? (await this.stored.all()).events.length : 0);
  }

  async create(event: PolicyEvent): Promise<void> {
    const exists = () => new ConflictError(`An event with id "${event.id}" already exists; PUT /v1/events/${event.id} replaces an API-added event.`, { reason: 'exists' });
    if (await this.get(event.id)) throw exists();
    try {
      await this.store().insert(event);
    } catch (err) {
      // Lost a race with another create of the same id: that one is stored, this one is not, and
      // retrying would only meet it again, so say so rather than "retry".
      if (err instanceof ConflictError && (await this.get(event.id, true).catch(() => undefined))) {
        throw new ConflictError(
          `Another request created an event with id "${event.id}" while this one was being written; this request stored nothing. GET /v1/events/${event.id} shows the stored event; PUT replaces it.`,
          { reason: 'created_concurrently' },
        );
      }
      throw err;
    }
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
