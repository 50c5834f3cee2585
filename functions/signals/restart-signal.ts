import type { EventRecord } from '../reader/event-record.ts';
import { imageName } from './activation-failure.ts';
import { APP_POOL_RECYCLES, HOST_RESTARTS, LEAK, PROCESS_EXIT } from './detection-rules.ts';
import { dataOf, type EventLocation, evidenceOf, isFrom } from './event-evidence.ts';
import { shortHostName } from './host-name.ts';
import type { Restart } from './signal.ts';

/** Evidence that the leaking process is gone: the host restarted, an app pool recycled, a dllhost/w3wp exited. */
export function restart(event: EventRecord, where: EventLocation): Restart | undefined {
  const common = () => ({
    kind: 'restart' as const,
    host: shortHostName(event.computer),
    hostFqdn: event.computer,
    time: event.timeCreated,
    evidence: evidenceOf(event, where),
  });
  const host = HOST_RESTARTS.find((r) => r.eventId === event.eventId && isFrom(event, r.provider));
  if (host) return { ...common(), scope: 'host', reason: host.reason };
  if (isFrom(event, APP_POOL_RECYCLES.provider)) {
    const recycle = appPoolRecycle(event);
    return recycle && { ...common(), scope: 'process', image: 'w3wp.exe', ...recycle };
  }
  if (event.eventId === PROCESS_EXIT.eventId && isFrom(event, PROCESS_EXIT.provider)) {
    const exit = processExit(event);
    return exit && { ...common(), scope: 'process', ...exit };
  }
  return undefined;
}

/**
 * A WAS recycle or idle shutdown. Only AppPoolID / ProcessID are confirmed Data names (real WAS 5011 and
 * 5139); events that name them otherwise are read by the message's insertion order.
 */
function appPoolRecycle(event: EventRecord): Pick<Restart, 'reason' | 'appPool' | 'pid'> | undefined {
  const rule = APP_POOL_RECYCLES.events.get(event.eventId);
  if (!rule) return undefined;
  const insertion = (n: number | undefined) => (n === undefined ? undefined : event.data[n - 1]?.value);
  const named = event.data.some((d) => /^(AppPoolID|ProcessID)$/i.test(d.name ?? ''));
  const pool = (named ? dataOf(event, 'AppPoolID') : insertion(rule.pool))?.trim();
  const pidText = (named ? dataOf(event, 'ProcessID') : insertion(rule.pid))?.trim();
  if (!pool) return undefined;
  const pid = pidText && /^\d+$/.test(pidText) ? Number(pidText) : undefined;
  return {
    reason: `app pool ${pool} recycled (${rule.why})`,
    appPool: pool,
    ...(pid !== undefined && rule.pid !== undefined ? { pid } : {}),
  };
}

/** Security 4689 of a dllhost.exe or w3wp.exe: ProcessId is hexadecimal (`0xfb0`). */
function processExit(event: EventRecord): Pick<Restart, 'reason' | 'image' | 'pid'> | undefined {
  const path = dataOf(event, 'ProcessName');
  const pidText = dataOf(event, 'ProcessId')?.trim();
  if (!path || !pidText || !/^0x[0-9a-f]+$/i.test(pidText)) return undefined;
  const image = imageName(path);
  if (!LEAK.processes.includes(image)) return undefined;
  const pid = Number.parseInt(pidText.slice(2), 16);
  return { reason: `${image} (pid ${pid}) exited`, image, pid };
}
