import type { Catalog, PolicyEvent } from './events.js';

export type EventFilter = { country?: string; symbol?: string; from?: string; to?: string };

/** The policy events, searchable. Pure: built from an already validated catalog. */
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

  /** Events matching every given filter, oldest first. */
  list(filter: EventFilter = {}): PolicyEvent[] {
    const symbol = filter.symbol?.toUpperCase();
    const country = filter.country?.toUpperCase();
    return [...this.byId.values()]
      .filter(
        (e) =>
          (!country || e.country === country) &&
          (!symbol || e.securities.some((s) => s.symbol === symbol)) &&
          (!filter.from || e.date >= filter.from) &&
          (!filter.to || e.date <= filter.to),
      )
      .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  }
}
