/**
 * The storm of issue 8, lazily: `stormObjects` describes one shipped object at a time (key, host, window,
 * exact counts) and each description renders its own gzip bytes on demand, so 6–24 simulated hours
 * (2–9 million failures) never sit in memory. Deterministic from the seed; `stormFacts` gives the exact
 * totals a bench checks against (failures per client, events, the leak and the failures' first and last times).
 */
import type { Readable } from 'node:stream';
import {
  failureCount,
  noiseCounts,
  type ObjectPlan,
  objectStream,
  objectText,
  preludeEvents,
} from './storm-object.ts';
import {
  failureTime,
  PRELUDE,
  preludeTime,
  STORM_DLLHOST,
  STORM_IDENTITY,
  type StormOptions,
  type StormPlan,
  stormPlan,
  windowSpan,
} from './storm-plan.ts';

export type { StormOptions } from './storm-plan.ts';

export interface StormObject {
  /** `incoming/<host>/<yyyy>/<mm>/<dd>/<name>.json.gz` (`.xml.gz` for wevtutil). */
  key: string;
  /** Short host name in lower case, as the key names it. */
  host: string;
  fqdn: string;
  /** The window the object covers, ISO 8601 UTC: [start, end). */
  start: string;
  end: string;
  events: number;
  failures: number;
  /** The object's gzip bytes, rendered as they are read. */
  render(): Readable;
  /** The object's uncompressed text, in batches. */
  text(): Generator<string>;
}

/** Exactly what the storm holds; times as the reader reports them (9 fractional digits). */
export interface StormFacts {
  server: { host: string; fqdn: string };
  clients: string[];
  sid: string;
  process: { name: 'dllhost.exe'; pid: number; path: string };
  leakAt: string;
  classesLeakAt: string;
  firstFailureAt: string;
  lastFailureAt: string;
  failures: number;
  failuresPerClient: Record<string, number>;
  events: number;
  eventsPerHost: Record<string, number>;
  objects: number;
}

const folder = (fqdn: string) => (fqdn.split('.')[0] ?? fqdn).toLowerCase();
const nine = (time: string) => `${time.slice(0, -1)}00Z`;

function describe(plan: StormPlan, object: ObjectPlan): StormObject {
  const [from, to] = windowSpan(plan, object.window);
  const start = new Date(from).toISOString();
  const host = folder(object.host.fqdn);
  const clock = start.slice(11, 19).replaceAll(':', '');
  const name = plan.style === 'fluent-bit' ? `winevtlog-${clock}.json.gz` : `events-${clock}.xml.gz`;
  const counts = noiseCounts(plan, object.hostIndex, object.window);
  const failures = failureCount(plan, object.hostIndex, object.window);
  const prelude = object.hostIndex === 0 && object.window === -1 ? preludeEvents(plan).length : 0;
  return {
    key: `incoming/${host}/${start.slice(0, 4)}/${start.slice(5, 7)}/${start.slice(8, 10)}/${name}`,
    host,
    fqdn: object.host.fqdn,
    start,
    end: new Date(to).toISOString(),
    events: failures + prelude + counts.Security + counts.System + counts.Application,
    failures,
    render: () => objectStream(plan, object),
    text: () => objectText(plan, object),
  };
}

/** The objects in shipping order: window by window, the server's first, then each client's. */
export function* stormObjects(options: StormOptions): Generator<StormObject> {
  const plan = stormPlan(options);
  for (const object of objectPlans(plan)) yield describe(plan, object);
}

function* objectPlans(plan: StormPlan): Generator<ObjectPlan> {
  const hosts = [plan.server, ...plan.clients];
  const next = hosts.map((_, i) => firstRecords(plan, i));
  for (let window = -1; window < plan.windows; window++) {
    for (const [hostIndex, host] of hosts.entries()) {
      const records = next[hostIndex] as Record<string, number>;
      const object: ObjectPlan = { host, hostIndex, window, firstRecord: { ...records } };
      yield object;
      advance(plan, object, records);
    }
  }
}

/** Where each host's logs stood when the storm began (Windows numbers every log from its last clear). */
function firstRecords(plan: StormPlan, hostIndex: number): Record<string, number> {
  const base = (channel: number) =>
    1_000 + ((plan.seed * 31 + hostIndex * 7_919 + channel * 104_729) % 900_000);
  return { Security: base(1), System: base(2), Application: base(3) };
}

/** Moves a host's record ids past the object (counted exactly as objectEvents numbers them). */
function advance(plan: StormPlan, object: ObjectPlan, next: Record<string, number>): void {
  const counts = noiseCounts(plan, object.hostIndex, object.window);
  const add = (channel: string, n: number) => {
    next[channel] = (next[channel] ?? 1) + n;
  };
  add('Security', counts.Security);
  add('System', counts.System + failureCount(plan, object.hostIndex, object.window));
  add('Application', counts.Application);
  if (object.hostIndex === 0 && object.window === -1)
    for (const event of preludeEvents(plan)) add(event.channel, 1);
}

/** The storm's exact totals, from the descriptions alone (nothing is rendered). */
export function stormFacts(options: StormOptions): StormFacts {
  const plan = stormPlan(options);
  const clients = plan.clients.map((h) => folder(h.fqdn));
  const failuresPerClient = Object.fromEntries(clients.map((c) => [c, 0]));
  const eventsPerHost: Record<string, number> = {};
  let events = 0;
  let objects = 0;
  for (const object of stormObjects(options)) {
    objects++;
    events += object.events;
    eventsPerHost[object.host] = (eventsPerHost[object.host] ?? 0) + object.events;
    if (object.failures)
      failuresPerClient[object.host] = (failuresPerClient[object.host] ?? 0) + object.failures;
  }
  const perClient = plan.windows * plan.failuresPerWindow;
  return {
    server: { host: folder(plan.server.fqdn), fqdn: plan.server.fqdn },
    clients,
    sid: STORM_IDENTITY.sid,
    process: { name: 'dllhost.exe', ...STORM_DLLHOST },
    leakAt: nine(preludeTime(plan, PRELUDE.leak)),
    classesLeakAt: nine(preludeTime(plan, PRELUDE.classesLeak)),
    firstFailureAt: nine(minTime(plan.clients.map((_, c) => failureTime(plan, c, 0)))),
    lastFailureAt: nine(maxTime(plan.clients.map((_, c) => failureTime(plan, c, perClient - 1)))),
    failures: Object.values(failuresPerClient).reduce((a, b) => a + b, 0),
    failuresPerClient,
    events,
    eventsPerHost,
    objects,
  };
}

const minTime = (times: string[]) => times.reduce((a, b) => (b < a ? b : a));
const maxTime = (times: string[]) => times.reduce((a, b) => (b > a ? b : a));
