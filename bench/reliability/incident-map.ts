import type { StoredIncident } from '../../functions/alerts/stored-incident.ts';
import type { LoggedAlert } from './on-call-log.ts';

/**
 * The incident an alert belongs to now: late events can re-anchor an incident's failures on another leak, and the
 * successor then carries the notifications of the one it superseded (so its page is the successor's page).
 */
export function finalIncidentOf(incidents: readonly StoredIncident[]): (id: string) => string {
  const byId = new Map(incidents.map((i) => [i.id, i]));
  return (id) => {
    let current = id;
    for (let hops = 0; hops < 20; hops++) {
      const next = byId.get(current)?.supersededBy;
      if (!next) return current;
      current = next;
    }
    return current;
  };
}

/** Alerts received per final incident and kind: `<id>|<kind>` → the alerts. */
export function alertsByIncident(
  alerts: readonly LoggedAlert[],
  incidents: readonly StoredIncident[],
): Map<string, LoggedAlert[]> {
  const finalOf = finalIncidentOf(incidents);
  const grouped = new Map<string, LoggedAlert[]>();
  for (const alert of alerts) {
    const key = `${finalOf(alert.incidentId)}|${alert.kind}`;
    grouped.set(key, [...(grouped.get(key) ?? []), alert]);
  }
  return grouped;
}
