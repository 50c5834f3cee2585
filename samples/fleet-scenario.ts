/**
 * The fleet of `npm run reliability:load` (issue 12): `hosts` hosts shipping an object every 5 simulated minutes for
 * `hours`, in their shippers' shapes and key layouts (`incoming/<host>/…`, and Firehose objects carrying many hosts),
 * with twelve planted incidents, at-risk leaks, reboots and decoys in realistic noise. Lazy and deterministic:
 * `fleetObjects` renders one object at a time; `fleetFacts` states what ingest must find, from the plan alone.
 */
import { type DecoyFacts, decoyFacts, type IncidentFacts, incidentFacts } from './fleet-facts.ts';
import { type FleetOptions, type FleetPlan, fleetPlan } from './fleet-plan.ts';

export type { DecoyFacts, IncidentFacts } from './fleet-facts.ts';
export { type FleetObject, fleetObjects } from './fleet-objects.ts';
export { type FleetOptions, type FleetPlan, fleetPlan } from './fleet-plan.ts';

export interface FleetFacts {
  hosts: number;
  hours: number;
  windows: number;
  start: string;
  end: string;
  /** Hosts per shipper. */
  shippers: Record<string, number>;
  incidents: IncidentFacts[];
  decoys: DecoyFacts[];
}

export function fleetFacts(options: FleetOptions | FleetPlan = {}): FleetFacts {
  const plan = 'planted' in options ? options : fleetPlan(options);
  const shippers: Record<string, number> = {};
  for (const host of plan.hosts) shippers[host.shipper] = (shippers[host.shipper] ?? 0) + 1;
  return {
    hosts: plan.hosts.length,
    hours: (plan.timeline.end - plan.timeline.start) / 3_600_000,
    windows: plan.windows,
    start: new Date(plan.timeline.start).toISOString(),
    end: new Date(plan.timeline.end).toISOString(),
    shippers,
    incidents: plan.incidents.map((incident) => incidentFacts(plan, incident)),
    decoys: decoyFacts(plan),
  };
}
