import type { Catalog, PolicyEvent } from './events.js';

export type EventFilter = { country?: string | undefined; symbol?: string | undefined; from?: string | undefined; to?: string | undefined };

/** Events matching every given filter, oldest first. */
export function filterEvents(events: Iterable<PolicyEvent>, filter: EventFilter = {}): PolicyEvent[] {
  const symbol = filter.symbol?.toUpperCase();
  const country = filter.country?.toUpperCase();
  return [...events]
    .filter(
      (e) =>
        (!country || e.country === country) &&
        (!symbol || e.securities.some((s) => s.symbol === symbol)) &&
        (!filter.from || e.date >= filter.from) &&
        (!filter.to || e.date <= filter.to),
    )
    .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
}

/** The curated policy events of data/events.json. Pure: built from an already validated catalog. */
export class EventCatalog {
  private readonly byId: Map<string, PolicyEvent>;

  constructor(readonly catalog: Catalog) {
    this.byId = new Map(catalog.events.map((e) => [e.id, e]));
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): PolicyEvent | undefined {
    return this.byId.get(id);
  }

  list(filter: EventFilter = {}): PolicyEvent[] {
    return filterEvents(this.byId.values(), filter);
  }
}
