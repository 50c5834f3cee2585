import type { EventRecord } from '../reader/event-record.ts';
import { clientFailure, serverFailure } from './activation-failure.ts';
import type { EventLocation } from './event-evidence.ts';
import { hiveLeak } from './hive-leak.ts';
import type { HostAliases } from './host-aliases.ts';
import { restart } from './restart-signal.ts';
import { sessionEvent } from './session-signal.ts';
import type { Signal } from './signal.ts';

export type { EventLocation } from './event-evidence.ts';

export interface ExtractOptions {
  /** Resolves a 10006's server named by address or alias (see host-aliases.ts). */
  aliases?: HostAliases;
}

/**
 * The signal one event carries, if any: a hive leak, a client or server-side activation failure, a
 * restart, or a logon / logoff of an identity whose hive can be unloaded. Rules: detection-rules.ts.
 */
export function extractSignals(
  event: EventRecord,
  where: EventLocation,
  options: ExtractOptions = {},
): Signal[] {
  const signal =
    hiveLeak(event, where) ??
    clientFailure(event, where, options.aliases) ??
    restart(event, where) ??
    sessionEvent(event, where) ??
    serverFailure(event, where);
  return signal ? [signal] : [];
}
