import fc from 'fast-check';
import type { StoredIncident } from '../../functions/alerts/stored-incident.ts';

/** Text as hostile logs write it: markup, controls, bidi overrides, line breaks, among ordinary characters. */
export const hostileText = fc.string({
  unit: fc.oneof(
    fc.constantFrom(...'<>&*`|[]_~:#\u001b\u0007\u0000\u202e\u200b\r\n\t\u0085'.split('')),
    fc.constantFrom(...'aZ09.-\\/ é'.split('')),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 40,
});

/** The incident with every value that came from an event log replaced by `s` (plus a known marker). */
export function withLogText(incident: StoredIncident, s: string): StoredIncident {
  const v = `x${s}`;
  const cause = incident.cause;
  return {
    ...incident,
    hostFqdn: v,
    sid: v,
    processes: incident.processes.map((p) => ({ ...p, path: v })),
    clients: incident.clients.map(() => v),
    perClient: incident.perClient.map((c) => ({ ...c, name: v, fqdn: v })),
    clsids: [v],
    evidence: incident.evidence.map((e) => ({ ...e, source: v, computer: v, channel: v, provider: v })),
    ...(incident.ineffectiveRestarts
      ? { ineffectiveRestarts: incident.ineffectiveRestarts.map((r) => ({ ...r, reason: v, image: v })) }
      : {}),
    ...(cause
      ? {
          cause: {
            logoff: { ...cause.logoff, account: v },
            ...(cause.logon
              ? {
                  logon: {
                    ...cause.logon,
                    account: v,
                    ...(cause.logon.ip ? { ip: v } : {}),
                    ...(cause.logon.workstation ? { workstation: v } : {}),
                  },
                }
              : {}),
          },
        }
      : {}),
  };
}
