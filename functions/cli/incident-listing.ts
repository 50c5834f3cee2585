import type { IncidentPage, IncidentStore, ListOptions } from '../alerts/incident-store.port.ts';
import type { IncidentStatusName, StoredIncident } from '../alerts/stored-incident.ts';
import type { TimeRange } from './time-range.ts';

/** The statuses `--status all` means: every incident that is not superseded by another. */
export const CurrentStatuses: readonly IncidentStatusName[] = ['at-risk', 'open', 'resolved', 'cleared'];

export interface ListingFilter extends TimeRange {
  statuses: readonly IncidentStatusName[];
  host?: string;
}

export interface ListingOptions {
  /** Items per index query (DynamoDB's Limit): small pages in tests, 100 by default. */
  pageSize?: number;
  /** Stop after this many incidents. */
  limit?: number;
}

/**
 * Incidents newest leak first, read a page at a time from the indexes (never a scan): one query stream per status
 * (the status index), or the host's stream (the host index) filtered by status; the streams are merged by leak
 * time, so a listing of every status still comes out in one order, and stops reading once `limit` is reached.
 */
export async function* listIncidents(
  store: IncidentStore,
  filter: ListingFilter,
  options: ListingOptions = {},
): AsyncGenerator<StoredIncident> {
  const query: ListOptions = {
    newestFirst: true,
    limit: options.pageSize ?? 100,
    ...(filter.since ? { since: filter.since } : {}),
    ...(filter.until ? { until: filter.until } : {}),
  };
  const wanted = new Set(filter.statuses);
  const streams = filter.host
    ? [pagesOf((after) => store.listByHost(filter.host as string, withCursor(query, after)))]
    : filter.statuses.map((status) =>
        pagesOf((after) => store.listByStatus(status, withCursor(query, after))),
      );
  let emitted = 0;
  for await (const incident of newestFirst(streams)) {
    if (!wanted.has(incident.status)) continue;
    yield incident;
    if (options.limit !== undefined && ++emitted >= options.limit) return;
  }
}

/** Every incident of the listing, in order (for reports and small outputs). */
export async function collectIncidents(
  store: IncidentStore,
  filter: ListingFilter,
  options: ListingOptions = {},
): Promise<StoredIncident[]> {
  const all: StoredIncident[] = [];
  for await (const incident of listIncidents(store, filter, options)) all.push(incident);
  return all;
}

function withCursor(query: ListOptions, after: string | undefined): ListOptions {
  return after ? { ...query, after } : query;
}

/** The items of successive pages, fetching the next page only when the previous one is used up. */
async function* pagesOf(read: (after: string | undefined) => Promise<IncidentPage>) {
  let after: string | undefined;
  do {
    const page = await read(after);
    yield* page.incidents;
    after = page.next;
  } while (after);
}

/** A k-way merge of streams each sorted newest leak first (ties: the larger id first, as a stable order). */
async function* newestFirst(streams: AsyncGenerator<StoredIncident>[]): AsyncGenerator<StoredIncident> {
  const heads = await Promise.all(streams.map((s) => s.next()));
  for (;;) {
    let best = -1;
    for (const [i, head] of heads.entries()) {
      if (head.done) continue;
      const current = heads[best];
      if (best < 0 || (current && !current.done && newer(head.value, current.value))) best = i;
    }
    const chosen = heads[best];
    if (!chosen || chosen.done) return;
    yield chosen.value;
    heads[best] = await (streams[best] as AsyncGenerator<StoredIncident>).next();
  }
}

function newer(a: StoredIncident, b: StoredIncident): boolean {
  return a.leakAt !== b.leakAt ? a.leakAt > b.leakAt : a.id > b.id;
}
