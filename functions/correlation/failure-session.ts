import { z } from 'zod';
import { EventTimeSchema } from '../reader/event-record.ts';
import {
  type ActivationFailure,
  ActivationFailureSchema,
  byTimeThenEvent,
  type FailureForm,
  FailureFormSchema,
} from '../signals/signal.ts';

/**
 * Failures kept whole at each end of a session, by event time: the first FIRST_SAMPLE (enough to leave out, exactly,
 * the failures a session had before its leak: a client clock running behind, a stray error), and the last few.
 */
export const FIRST_SAMPLE = 20;
export const LAST_SAMPLE = 3;
/** Clients tallied by name; the failures of clients beyond these (by name order) are summed in `otherClients`. */
export const CLIENT_LIMIT = 500;
export const CLSID_LIMIT = 64;
const ERROR_TEXT_LIMIT = 300;

/** What one reporting computer contributed to a session. */
export const ClientTallySchema = z.object({
  /** Short name of the computer that logged the failures. */
  name: z.string(),
  fqdn: z.string(),
  count: z.number().int().min(1),
  first: EventTimeSchema,
  last: EventTimeSchema,
});
export type ClientTally = z.infer<typeof ClientTallySchema>;

/**
 * A session of failures naming one host: failures chained by gaps shorter than `quiet`. Every field is an exact
 * aggregate that merges with another session's (counts add, first/last take min/max, sets unite, samples keep the
 * first and last few), so a session built from any split of its failures, merged in any order, is the same.
 * The failures must be distinct events: de-duplication happens before (see coverage.ts).
 */
export const FailureSessionSchema = z.object({
  first: EventTimeSchema,
  last: EventTimeSchema,
  count: z.number().int().min(1),
  /** By name; at most CLIENT_LIMIT. */
  clients: z.array(ClientTallySchema),
  /** Failures of the clients beyond CLIENT_LIMIT. */
  otherClients: z
    .object({ count: z.number().int().min(1), first: EventTimeSchema, last: EventTimeSchema })
    .optional(),
  /** Failures per CLSID named (upper case `{…}`); at most CLSID_LIMIT, by name (`moreClsids` says there were more). */
  clsids: z.record(z.string(), z.number().int().min(1)),
  moreClsids: z.boolean().optional(),
  /** Failures by the rule that recognised them. */
  forms: z.partialRecord(FailureFormSchema, z.number().int().min(1)),
  /** Failures recorded from another host's shipper (forged-host setting `flag`). */
  foreignShipper: z.number().int().min(1).optional(),
  /** The FIRST_SAMPLE earliest failures and the LAST_SAMPLE latest (by time, then event identity). */
  firstFailures: z.array(ActivationFailureSchema),
  lastFailures: z.array(ActivationFailureSchema),
});
export type FailureSession = z.infer<typeof FailureSessionSchema>;

/** The session of a single failure. */
export function sessionOf(failure: ActivationFailure): FailureSession {
  const sample = sampled(failure);
  const form: FailureForm =
    failure.form ?? (failure.failure === 'client-dcom-10006' ? 'dcom-10006' : 'hresult-hex');
  return {
    first: failure.time,
    last: failure.time,
    count: 1,
    clients: [
      {
        name: failure.reporter,
        fqdn: failure.reporterFqdn,
        count: 1,
        first: failure.time,
        last: failure.time,
      },
    ],
    clsids: failure.clsid ? { [canonicalClsid(failure.clsid)]: 1 } : {},
    forms: { [form]: 1 },
    ...(failure.evidence.shippedBy ? { foreignShipper: 1 } : {}),
    firstFailures: [sample],
    lastFailures: [sample],
  };
}

/** Two sessions of distinct failures as one (their order does not matter). */
export function mergeSessions(a: FailureSession, b: FailureSession): FailureSession {
  const clients = mergeClients(a, b);
  const clsids = addCounts(a.clsids, b.clsids);
  const named = Object.keys(clsids).sort();
  const forms = addCounts(a.forms, b.forms) as FailureSession['forms'];
  const foreign = (a.foreignShipper ?? 0) + (b.foreignShipper ?? 0);
  const merged: FailureSession = {
    first: a.first < b.first ? a.first : b.first,
    last: a.last > b.last ? a.last : b.last,
    count: a.count + b.count,
    clients: clients.kept,
    clsids: Object.fromEntries(named.slice(0, CLSID_LIMIT).map((c) => [c, clsids[c] as number])),
    forms,
    firstFailures: [...a.firstFailures, ...b.firstFailures].sort(byTimeThenEvent).slice(0, FIRST_SAMPLE),
    lastFailures: [...a.lastFailures, ...b.lastFailures].sort(byTimeThenEvent).slice(-LAST_SAMPLE),
  };
  if (clients.others) merged.otherClients = clients.others;
  if (named.length > CLSID_LIMIT || a.moreClsids || b.moreClsids) merged.moreClsids = true;
  if (foreign > 0) merged.foreignShipper = foreign;
  return merged;
}

/** Counts by key, added. */
export function addCounts(
  a: Readonly<Record<string, number | undefined>>,
  b: Readonly<Record<string, number | undefined>>,
): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const [key, n] of [...Object.entries(a), ...Object.entries(b)]) sum[key] = (sum[key] ?? 0) + (n ?? 0);
  return sum;
}

function mergeClients(a: FailureSession, b: FailureSession) {
  const byName = new Map<string, ClientTally>();
  for (const tally of [...a.clients, ...b.clients]) {
    const seen = byName.get(tally.name);
    byName.set(tally.name, seen ? mergeTally(seen, tally) : tally);
  }
  const all = [...byName.values()].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  let others = mergeOthers(a.otherClients, b.otherClients);
  for (const dropped of all.slice(CLIENT_LIMIT)) {
    others = mergeOthers(others, { count: dropped.count, first: dropped.first, last: dropped.last });
  }
  return { kept: all.slice(0, CLIENT_LIMIT), others };
}

function mergeTally(a: ClientTally, b: ClientTally): ClientTally {
  return {
    name: a.name,
    // the same computer may be written in another case by another event: keep one, whatever the order
    fqdn: a.fqdn < b.fqdn ? a.fqdn : b.fqdn,
    count: a.count + b.count,
    first: a.first < b.first ? a.first : b.first,
    last: a.last > b.last ? a.last : b.last,
  };
}

type Others = FailureSession['otherClients'];
function mergeOthers(a: Others, b: Others): Others {
  if (!a || !b) return a ?? b;
  return {
    count: a.count + b.count,
    first: a.first < b.first ? a.first : b.first,
    last: a.last > b.last ? a.last : b.last,
  };
}

/** A failure as a sample keeps: its error text cut short (the item must stay small). */
export function sampled(failure: ActivationFailure): ActivationFailure {
  return failure.errorText.length <= ERROR_TEXT_LIMIT
    ? failure
    : { ...failure, errorText: `${failure.errorText.slice(0, ERROR_TEXT_LIMIT)}…` };
}

/** `{…}` in upper case, however the event wrote it. */
export function canonicalClsid(clsid: string): string {
  const bare = clsid.trim().replace(/^\{|\}$/g, '');
  return `{${bare.toUpperCase()}}`;
}
