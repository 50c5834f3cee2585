import type { IncidentStore, ListOptions } from './incident-store.port.ts';
import type { IncidentStatusName, StoredIncident } from './stored-incident.ts';

/** Every incident of some statuses (or of one host), every page, oldest leak first: for small listings. */
export async function allIncidents(
  store: IncidentStore,
  filter: { statuses?: readonly IncidentStatusName[]; host?: string } & Pick<ListOptions, 'since' | 'until'>,
): Promise<StoredIncident[]> {
  const range = {
    ...(filter.since ? { since: filter.since } : {}),
    ...(filter.until ? { until: filter.until } : {}),
  };
  const pages = filter.host
    ? [(after?: string) => store.listByHost(filter.host as string, { ...range, ...(after ? { after } : {}) })]
    : (filter.statuses ?? ['at-risk', 'open', 'resolved', 'cleared']).map(
        (status) => (after?: string) => store.listByStatus(status, { ...range, ...(after ? { after } : {}) }),
      );
  const incidents: StoredIncident[] = [];
  for (const page of pages) {
    let after: string | undefined;
    do {
      const result = await page(after);
      incidents.push(...result.incidents);
      after = result.next;
    } while (after);
  }
  const wanted = filter.host && filter.statuses ? new Set(filter.statuses) : undefined;
  return incidents
    .filter((i) => !wanted || wanted.has(i.status))
    .sort((a, b) => (a.leakAt < b.leakAt ? -1 : a.leakAt > b.leakAt ? 1 : 0));
}
