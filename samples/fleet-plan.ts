/**
 * The fleet of `npm run reliability:load` as a plan: its hosts, its timeline cut into 5-minute objects, and what it
 * plants (incidents, decoys, reboots). A pure function of the options.
 */
import { SampleOptionsError } from './errors.ts';
import { type PlantedDecoy, type PlantedReboot, plantDecoys, plantReboots } from './fleet-decoys.ts';
import { type FleetHost, fleetHosts } from './fleet-hosts.ts';
import { type FleetTimeline, type PlantedIncident, plantIncidents } from './fleet-incidents.ts';
import type { PlantedMap } from './fleet-planted.ts';

export interface FleetOptions {
  /** Default 200 (at least 40). */
  hosts?: number;
  /** Simulated hours, default 24 (at least 2). */
  hours?: number;
  seed?: number;
  /** UTC ms of the first window; default 2026-11-20T00:00:00Z. */
  start?: number;
}

export const OBJECT_MINUTES = 5;
const WINDOW = OBJECT_MINUTES * 60_000;

export interface FleetPlan {
  seed: number;
  hosts: FleetHost[];
  timeline: FleetTimeline;
  /** 5-minute windows: every host ships one object per window (Firehose hosts share one). */
  windows: number;
  planted: PlantedMap;
  incidents: PlantedIncident[];
  decoys: PlantedDecoy[];
  reboots: PlantedReboot[];
}

export function fleetPlan(options: FleetOptions = {}): FleetPlan {
  const hours = options.hours ?? 24;
  if (!Number.isInteger((hours * 60) / OBJECT_MINUTES) || hours < 2)
    throw new SampleOptionsError(`${hours} h is not at least 2 hours of whole 5-minute objects`, {
      ...options,
    });
  const start = options.start ?? Date.UTC(2026, 10, 20);
  const end = start + hours * 3_600_000;
  const timeline: FleetTimeline = {
    start,
    end,
    at: (f) => start + Math.round((f * (end - start)) / 1000) * 1000 + 123,
  };
  const hosts = fleetHosts(options.hosts ?? 200);
  const planted: PlantedMap = new Map();
  const incidents = plantIncidents(hosts, timeline, planted);
  const decoys = plantDecoys(hosts, timeline, planted);
  const reboots = plantReboots(hosts, timeline, planted);
  return {
    seed: options.seed ?? 0x1530,
    hosts,
    timeline,
    windows: (end - start) / WINDOW,
    planted,
    incidents,
    decoys,
    reboots,
  };
}

/** [from, to) of window `w` in UTC ms. */
export function windowOf(plan: FleetPlan, w: number): [number, number] {
  const from = plan.timeline.start + w * WINDOW;
  return [from, from + WINDOW];
}
