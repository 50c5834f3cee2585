import { shortHostName } from '../signals/host-name.ts';

/** Shippers write under `incoming/<host>/…`, where IAM confines each one to its own host's prefix. */
export const INCOMING_PREFIX = 'incoming/';
/** The optional Firehose delivery stream (CloudWatch agent → CloudWatch Logs → Firehose) writes here. */
export const FIREHOSE_PREFIX = 'firehose/';

/**
 * Who vouches for the hosts of an object's events:
 * - `host-prefix`: the key names the host whose shipper wrote it (`incoming/<host>/…`), so an event whose
 *   Computer is another host was written by the wrong shipper (the forgedHost setting decides what happens);
 * - `events`: a delivery stream writes for the whole fleet, so each event's Computer is its host.
 */
export type ObjectOrigin =
  | {
      success: true;
      origin: 'host-prefix';
      /** Short name of the shipper's host (see shortHostName). */
      host: string;
      /** The key's host segment as written: the role tag or certificate CN, case included. */
      hostAsWritten: string;
    }
  | { success: true; origin: 'events' }
  | { success: false; error: string };

/**
 * What ingest does with an event whose Computer is another host than the `incoming/<host>/` key names:
 * `accept` it as is, `flag` it (kept; its evidence names the shipper's host) or `reject` it (an error, not stored).
 */
export const FORGED_HOST_ACTIONS = ['accept', 'flag', 'reject'] as const;
export type ForgedHostAction = (typeof FORGED_HOST_ACTIONS)[number];
export const DEFAULT_FORGED_HOST_ACTION: ForgedHostAction = 'flag';

/** `YYYY/MM/DD/HH/<file>`: what Firehose adds after a prefix without expressions. */
const FIREHOSE_LAYOUT = /^\d{4}\/(0[1-9]|1[0-2])\/(0[1-9]|[12]\d|3[01])\/([01]\d|2[0-3])\/[^/]+$/;

/** Tells from an object key whether it names its shipper's host, or rejects it with the reason. */
export function objectOrigin(key: string): ObjectOrigin {
  if (key.startsWith(INCOMING_PREFIX)) return fromHostPrefix(key);
  if (key.startsWith(FIREHOSE_PREFIX)) {
    const rest = key.slice(FIREHOSE_PREFIX.length);
    if (FIREHOSE_LAYOUT.test(rest)) return { success: true, origin: 'events' };
    return {
      success: false,
      error: `key '${key}' is under ${FIREHOSE_PREFIX} but not in Firehose's layout ${FIREHOSE_PREFIX}YYYY/MM/DD/HH/<object>`,
    };
  }
  return {
    success: false,
    error: `key '${key}' is outside the known prefixes (${INCOMING_PREFIX}<host>/…, ${FIREHOSE_PREFIX}YYYY/MM/DD/HH/…)`,
  };
}

function fromHostPrefix(key: string): ObjectOrigin {
  const rest = key.slice(INCOMING_PREFIX.length);
  const slash = rest.indexOf('/');
  const segment = slash < 0 ? rest : rest.slice(0, slash);
  const name = slash < 0 ? '' : rest.slice(slash + 1);
  if (segment === '') return { success: false, error: `key '${key}' has no host after ${INCOMING_PREFIX}` };
  // A control character cannot be in a role tag or a certificate CN: the key was not written by a shipper.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: that is exactly what is looked for.
  if (/[\u0000-\u001f\u007f]/.test(segment)) {
    return { success: false, error: `key ${JSON.stringify(key)} has a control character in its host` };
  }
  const host = shortHostName(segment);
  if (host === '') return { success: false, error: `key '${key}': host segment '${segment}' names no host` };
  if (name === '' || name.endsWith('/')) {
    return {
      success: false,
      error: `key '${key}' names a folder, not an object under ${INCOMING_PREFIX}${segment}/`,
    };
  }
  return { success: true, origin: 'host-prefix', host, hostAsWritten: segment };
}

/**
 * The shipper's host when an event's Computer is another host than the key names, else undefined: only
 * `incoming/<host>/` keys vouch for a host, and names compare as short names (`WEB01.corp` is `web01`).
 */
export function forgedBy(origin: ObjectOrigin, computer: string): string | undefined {
  if (!origin.success || origin.origin !== 'host-prefix') return undefined;
  return shortHostName(computer) === origin.host ? undefined : origin.host;
}
