import type { StoredIncident } from '../alerts/stored-incident.ts';
import { LogonTypeNames } from './fix-advice.ts';
import { accountOf } from './incident-rows.ts';
import { brokenSpan, humanDuration } from './time-broken.ts';

/** What one host went through in the period. */
export interface HostSummary {
  host: string;
  /** Leaks followed by failures (open or resolved). */
  incidents: number;
  /** Leaks by dllhost/w3wp that have not failed (at risk) or ended without a failure (cleared). */
  atRiskLeaks: number;
  /** Open or at risk now. */
  openNow: number;
  failures: number;
  /** Sum of first failure → restart/resolution (time-broken.ts); the open ones count up to now (or `until`). */
  brokenSeconds: number;
  /** Some of it is still going on. */
  brokenOngoing: boolean;
  clients: string[];
  identities: string[];
  firstLeakAt: string;
  lastLeakAt: string;
  /** More than one leak in the period: it will happen again until the policy is set. */
  repeat: boolean;
}

/** What one identity (the account an application runs as) caused in the period, on every host. */
export interface IdentitySummary {
  sid: string;
  /** `DOMAIN\user`, where a logoff named it. */
  accounts: string[];
  hosts: string[];
  incidents: number;
  atRiskLeaks: number;
  brokenSeconds: number;
  /** How the identity logged on before the leaks that had a cause (`remote interactive (Remote Desktop)` ×3). */
  logons: string[];
  /** Leaks with no logoff seen (the Security log was not shipped). */
  causeUnknown: number;
  repeat: boolean;
}

/** A host to give DisableForceUnload first, and why. */
export interface PolicyPick {
  rank: number;
  host: string;
  reason: string;
}

export interface FleetReport {
  since?: string;
  until?: string;
  generatedAt: string;
  totals: {
    incidents: number;
    atRiskLeaks: number;
    hosts: number;
    identities: number;
    brokenSeconds: number;
  };
  hosts: HostSummary[];
  identities: IdentitySummary[];
  policyFirst: PolicyPick[];
}

const Failing = new Set(['open', 'resolved']);
const Quiet = new Set(['at-risk', 'cleared']);

/**
 * `hivewatch report`: per host and per identity, the incidents and at-risk leaks of the period, the time the
 * applications were broken, the repeat offenders, and the hosts to give the DisableForceUnload policy first —
 * most incidents first, then most time broken, then most at-risk leaks.
 */
export function fleetReport(
  incidents: readonly StoredIncident[],
  range: { since?: string; until?: string },
  now: Date,
  policyTop = 5,
): FleetReport {
  const current = incidents.filter((i) => i.status !== 'superseded');
  // a report of a past period counts what is still failing up to the end of that period
  const until = range.until ? Date.parse(range.until) : Number.NaN;
  const asOf = until < now.getTime() ? new Date(until) : now;
  const hosts = summarize(current, (i) => i.host).map(([host, list]) => hostSummary(host, list, asOf));
  const identities = summarize(current, (i) => i.sid.toUpperCase()).map(([sid, list]) =>
    identitySummary(sid, list, asOf),
  );
  hosts.sort(byWeight);
  identities.sort(byWeight);
  return {
    ...(range.since ? { since: range.since } : {}),
    ...(range.until ? { until: range.until } : {}),
    generatedAt: now.toISOString(),
    totals: {
      incidents: hosts.reduce((n, h) => n + h.incidents, 0),
      atRiskLeaks: hosts.reduce((n, h) => n + h.atRiskLeaks, 0),
      hosts: hosts.length,
      identities: identities.length,
      brokenSeconds: hosts.reduce((n, h) => n + h.brokenSeconds, 0),
    },
    hosts,
    identities,
    policyFirst: policyPicks(hosts, policyTop),
  };
}

function summarize(
  incidents: readonly StoredIncident[],
  key: (i: StoredIncident) => string,
): [string, StoredIncident[]][] {
  const groups = new Map<string, StoredIncident[]>();
  for (const incident of incidents) {
    const k = key(incident);
    groups.set(k, [...(groups.get(k) ?? []), incident]);
  }
  return [...groups.entries()];
}

function brokenOf(list: readonly StoredIncident[], now: Date) {
  const spans = list.map((i) => brokenSpan(i, now)).filter((s) => s !== undefined);
  return {
    brokenSeconds: Math.round(spans.reduce((n, s) => n + s.ms, 0) / 1000),
    brokenOngoing: spans.some((s) => s.end === 'ongoing'),
  };
}

function hostSummary(host: string, list: readonly StoredIncident[], now: Date): HostSummary {
  const leaks = list.map((i) => i.leakAt).sort();
  const incidents = list.filter((i) => Failing.has(i.status)).length;
  const atRiskLeaks = list.filter((i) => Quiet.has(i.status)).length;
  return {
    host,
    incidents,
    atRiskLeaks,
    openNow: list.filter((i) => i.status === 'open' || i.status === 'at-risk').length,
    failures: list.reduce((n, i) => n + i.failureCount, 0),
    ...brokenOf(list, now),
    clients: [...new Set(list.flatMap((i) => i.clients))].sort(),
    identities: [...new Set(list.map((i) => i.sid.toUpperCase()))].sort(),
    firstLeakAt: leaks[0] as string,
    lastLeakAt: leaks.at(-1) as string,
    repeat: incidents + atRiskLeaks > 1,
  };
}

function identitySummary(sid: string, list: readonly StoredIncident[], now: Date): IdentitySummary {
  const logons = new Map<string, number>();
  for (const incident of list) {
    const type = incident.cause?.logon?.logonType ?? incident.cause?.logoff.logonType;
    if (!incident.cause) continue;
    const name = type === undefined ? 'logon type not given' : (LogonTypeNames[type] ?? `logon type ${type}`);
    logons.set(name, (logons.get(name) ?? 0) + 1);
  }
  const incidents = list.filter((i) => Failing.has(i.status)).length;
  const atRiskLeaks = list.filter((i) => Quiet.has(i.status)).length;
  const hosts = [...new Set(list.map((i) => i.host))].sort();
  return {
    sid,
    accounts: [...new Set(list.map(accountOf).filter((a): a is string => a !== undefined))].sort(),
    hosts,
    incidents,
    atRiskLeaks,
    brokenSeconds: brokenOf(list, now).brokenSeconds,
    logons: [...logons.entries()].sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name} ×${n}`),
    causeUnknown: list.filter((i) => !i.cause).length,
    repeat: incidents + atRiskLeaks > 1,
  };
}

/** Most incidents first, then most time broken, then most at-risk leaks; a name breaks ties. */
function byWeight<T extends { incidents: number; brokenSeconds: number; atRiskLeaks: number }>(
  a: T & ({ host: string } | { sid: string }),
  b: T & ({ host: string } | { sid: string }),
): number {
  const name = (x: { host: string } | { sid: string }) => ('host' in x ? x.host : x.sid);
  return (
    b.incidents - a.incidents ||
    b.brokenSeconds - a.brokenSeconds ||
    b.atRiskLeaks - a.atRiskLeaks ||
    (name(a) < name(b) ? -1 : 1)
  );
}

function policyPicks(hosts: readonly HostSummary[], top: number): PolicyPick[] {
  const mostIncidents = Math.max(0, ...hosts.map((h) => h.incidents));
  const mostBroken = Math.max(0, ...hosts.map((h) => h.brokenSeconds));
  return hosts
    .filter((h) => h.incidents + h.atRiskLeaks > 0)
    .slice(0, top)
    .map((h, i) => {
      const why: string[] = [];
      if (h.incidents > 0) {
        const most = h.incidents === mostIncidents && hosts.length > 1 ? ' (the most)' : '';
        why.push(`${h.incidents} incident${h.incidents === 1 ? '' : 's'}${most}`);
        const longest = h.brokenSeconds === mostBroken && hosts.length > 1 ? ' (the most)' : '';
        why.push(`${humanDuration(h.brokenSeconds * 1000)} broken${longest}`);
      }
      if (h.atRiskLeaks > 0) why.push(`${h.atRiskLeaks} at-risk leak${h.atRiskLeaks === 1 ? '' : 's'}`);
      if (h.openNow > 0) why.push(`${h.openNow} open or at risk now`);
      if (h.identities.length > 1) why.push(`${h.identities.length} identities leaked`);
      return { rank: i + 1, host: h.host, reason: why.join(', ') };
    });
}
