/**
 * Exactly what the fleet holds, from its plan alone (nothing rendered): each planted incident as the detection
 * contract describes it (host, process, leak, first and last failure, failures per reporter, clients, status, the
 * logoff behind it), each decoy, each reboot. Times as the reader reports them (9 fractional digits).
 */
import type { DecoyKind } from './fleet-decoys.ts';
import { folderOf } from './fleet-hosts.ts';
import type { PlantedIncident } from './fleet-incidents.ts';
import { type FleetPlan, OBJECT_MINUTES } from './fleet-plan.ts';
import { plantedTime } from './fleet-planted.ts';
import { failureAt, nineDigits, streamFacts } from './fleet-streams.ts';

export interface IncidentFacts {
  name: string;
  host: string;
  hostFqdn: string;
  process: string;
  pid: number;
  sid: string;
  leakAt: string;
  firstFailureAt: string;
  lastFailureAt: string;
  failureCount: number;
  /** Failures per reporting computer (the server itself included), by short name. */
  perReporter: Record<string, number>;
  /** The other computers that reported failures, sorted. */
  clients: string[];
  /** At the end of the run, once a restart after the last failure has settled. */
  status: 'open' | 'resolved';
  resolvedBy?: 'restart';
  /** The logoff behind the leak, when the server's Security log was shipped with it. */
  causeLogoffAt?: string;
  storm: boolean;
  /** Failures per minute at the storm's height. */
  peakPerMinute: number;
  /** The windows (and hosts) of the objects that make it alertable: its leak's and its first failure's. */
  leak: { window: number; host: string };
  firstFailure: { window: number; host: string };
}

export interface DecoyFacts {
  kind: DecoyKind | 'reboot';
  host: string;
  at: string;
  what: string;
}

const WINDOW = OBJECT_MINUTES * 60_000;

export function incidentFacts(plan: FleetPlan, incident: PlantedIncident): IncidentFacts {
  const windowOf = (ms: number) => Math.floor((ms - plan.timeline.start) / WINDOW);
  const perReporter: Record<string, number> = {};
  for (const stream of incident.streams) {
    const name = folderOf(stream.reporter);
    perReporter[name] = (perReporter[name] ?? 0) + stream.count;
  }
  const totals = incident.streams.map(streamFacts);
  const firsts = incident.streams.map((s) => ({ ms: failureAt(s, 0).ms, host: folderOf(s.reporter) }));
  const first = firsts.reduce((a, b) => (b.ms < a.ms ? b : a));
  const leakMs = incident.leaks[0] as number;
  const host = folderOf(incident.server);
  return {
    name: incident.name,
    host,
    hostFqdn: incident.server.fqdn,
    process: incident.process,
    pid: incident.pid,
    sid: incident.identity.sid,
    leakAt: nineDigits(plantedTime(leakMs, 1530)),
    firstFailureAt: totals.map((t) => t.first).reduce((a, b) => (b < a ? b : a)),
    lastFailureAt: totals.map((t) => t.last).reduce((a, b) => (b > a ? b : a)),
    failureCount: totals.reduce((n, t) => n + t.count, 0),
    perReporter,
    clients: Object.keys(perReporter)
      .filter((name) => name !== host)
      .sort(),
    status: incident.end ? 'resolved' : 'open',
    ...(incident.end ? { resolvedBy: 'restart' as const } : {}),
    ...(incident.logoffAt !== undefined
      ? { causeLogoffAt: nineDigits(plantedTime(incident.logoffAt, 4634)) }
      : {}),
    storm: incident.storm,
    peakPerMinute: Math.round(
      incident.streams.filter((s) => s.periodMs <= 2000).reduce((n, s) => n + 60_000 / s.periodMs, 0),
    ),
    leak: { window: windowOf(leakMs), host },
    firstFailure: { window: windowOf(first.ms), host: first.host },
  };
}

export function decoyFacts(plan: FleetPlan): DecoyFacts[] {
  return [
    ...plan.decoys.map((d) => ({
      kind: d.kind,
      host: folderOf(d.host),
      at: nineDigits(plantedTime(d.at, 0)),
      what: d.what,
    })),
    ...plan.reboots.map((r) => ({
      kind: 'reboot' as const,
      host: folderOf(r.host),
      at: nineDigits(plantedTime(r.at, 0)),
      what: `reboot; its shipper sends its last ${r.resent} events again`,
    })),
  ];
}
