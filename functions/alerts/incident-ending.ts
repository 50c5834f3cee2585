import type { Incident } from '../correlation/incident.ts';
import type { Restart } from '../signals/signal.ts';
import { between, duration, secondsTime, shortTime } from './alert-times.ts';
import type { Escape } from './logoff-cause.ts';
import { type AuditEntry, alertsInOrder, type StoredIncident } from './stored-incident.ts';

/** What ended an incident, said for the subject (short) and the body. */
export interface Ending {
  /** "app pool DefaultAppPool recycled at 10:42 UTC", "resolved by hand", "quiet since …, no restart seen" */
  short: string;
  /** One sentence that ends with a full stop. */
  sentence: string;
  /** The evidence or the note, a line each. */
  details: string[];
  /** When the application stopped failing (or, for quiet, its last failure: it may still be broken). */
  end: string;
  /** It may still be broken: nothing showed that the leaking process went away. */
  uncertain: boolean;
}

/** How an incident ended, from its resolution (and, by hand, from its audit trail when it is a stored one). */
export function endingOf(
  incident: Pick<Incident, 'resolution' | 'lastFailureAt' | 'leakAt' | 'process' | 'pid'> & {
    audit?: AuditEntry[];
  },
  quote: Escape,
): Ending {
  const resolution = incident.resolution;
  const last = incident.lastFailureAt ?? incident.leakAt;
  if (resolution?.by === 'restart' && resolution.restart) {
    const r = resolution.restart;
    return {
      short: `${r.reason} at ${r.time.slice(11, 16)} UTC`,
      sentence: `${capitalised(restartText(r, quote))} at ${secondsTime(r.time)}, and no activation failed after it.`,
      details: [`Evidence:   ${restartEvidence(r, quote)}`],
      end: r.time,
      uncertain: false,
    };
  }
  if (resolution?.by === 'manual') {
    const audit = manualResolution(incident);
    const by = audit?.by ?? resolution.restart?.by;
    const note = audit?.note ?? resolution.restart?.note;
    return {
      short: `resolved by hand${by ? ` by ${shortName(by)}` : ''}`,
      sentence: `Resolved by hand${by ? ` by ${quote(by)}` : ''} at ${secondsTime(resolution.at)}.`,
      details: note ? [`Note:       ${quote(note)}`] : [],
      end: resolution.at,
      uncertain: false,
    };
  }
  if (resolution?.by === 'window') {
    return {
      short: 'at-risk window passed',
      sentence: `The leak is older than the detection window (since ${secondsTime(resolution.at)}) and nothing failed.`,
      details: [],
      end: resolution.at,
      uncertain: true,
    };
  }
  const quietFor = resolution ? ` for ${duration(between(last, resolution.at))}` : '';
  return {
    short: `quiet since ${shortTime(last)}, no restart seen`,
    sentence:
      `No activation failed${quietFor} since ${secondsTime(last)}, but no restart of ${quote(incident.process)} ` +
      `pid ${incident.pid} or of the host was seen: the application may still be broken, only unused.`,
    details: [],
    end: last,
    uncertain: true,
  };
}

/**
 * What had ended an incident that now fails again: the restart that did not fix it (or the resolution by hand),
 * else its having gone quiet. Undefined when nothing says so.
 */
export function previousEnding(
  incident: StoredIncident,
  quote: Escape,
): { sentence: string; after?: string } {
  const restart = incident.ineffectiveRestarts?.at(-1);
  if (restart?.scope === 'manual') {
    return {
      sentence: `It was resolved by hand${restart.by ? ` by ${quote(restart.by)}` : ''} at ${secondsTime(restart.time)}${restart.note ? ` ("${quote(restart.note)}")` : ''}, and activations failed again after that.`,
      after: restart.time,
    };
  }
  if (restart) {
    return {
      sentence: `${capitalised(restartText(restart, quote))} at ${secondsTime(restart.time)} did not fix it: activations failed again after it (${restartEvidence(restart, quote)}).`,
      after: restart.time,
    };
  }
  const resolved = alertsInOrder(incident)
    .filter(([, entry]) => entry.kind === 'resolved')
    .at(-1)?.[1];
  return {
    sentence: `It had gone quiet with no restart seen${resolved ? ` and was resolved at ${secondsTime(resolved.decidedAt)}` : ''}: the application was still broken, only unused.`,
  };
}

/** "app pool DefaultAppPool recycled", with the names from the logs escaped. */
export function restartText(restart: Restart, quote: Escape): string {
  if (restart.scope === 'host') return quote(restart.reason);
  const what = quote(restart.reason);
  return restart.pid !== undefined && !restart.reason.includes(String(restart.pid))
    ? `${what} (${restart.image ? `${quote(restart.image)} ` : ''}pid ${restart.pid})`
    : what;
}

export function restartEvidence(restart: Restart, quote: Escape): string {
  const e = restart.evidence;
  return `Event ${e.eventId} (${quote(e.provider)}), ${quote(e.computer)} ${quote(e.channel)} #${e.recordId} in ${quote(e.source)} at byte ${e.offset}`;
}

/** The audit entry of the resolution by hand that took effect (the latest). */
function manualResolution(incident: { audit?: AuditEntry[] }): AuditEntry | undefined {
  return (incident.audit ?? []).filter((a) => a.action === 'resolve' && a.outcome === 'resolved').at(-1);
}

/** `alice` from `arn:aws:sts::1234:assumed-role/oncall/alice` or `arn:aws:iam::1234:user/alice`: for a subject. */
function shortName(by: string): string {
  return by.split('/').at(-1) ?? by;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
