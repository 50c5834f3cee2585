import { dataNamed, type EventRecord } from '../reader/event-record.ts';
import { LEAK, LEAK_HEADER, LEAK_PROCESS_LINE } from './detection-rules.ts';
import { type EventLocation, evidenceOf, providerOf } from './event-evidence.ts';
import { shortHostName } from './host-name.ts';
import type { HiveLeak, LeakingProcess } from './signal.ts';

/**
 * Processes of one leak kept, in order of mention. A real 1530 names a handful; a hostile one can name 25,000
 * (3.6 MB fits in one event), and every process of a leak is stored with it and with its incident (400 KB an item).
 */
export const PROCESSES_KEPT = 16;
/** Characters of a device path kept (MAX_PATH): a longer one keeps its end, which names the image, after `…`. */
export const PATH_KEPT = 260;

/** Event 1530 naming dllhost.exe or w3wp.exe among the processes that held the hive open. */
export function hiveLeak(event: EventRecord, where: EventLocation): HiveLeak | undefined {
  if (event.eventId !== LEAK.eventId || providerOf(event) !== LEAK.provider) return undefined;
  const detail = dataNamed(event, 'Detail') ?? event.data.map((d) => d.value).join('\n');
  const header = LEAK_HEADER.exec(detail);
  if (!header) return undefined;
  const processes: LeakingProcess[] = [];
  const seen = new Set<string>();
  for (const line of detail.split('\n')) {
    const m = LEAK_PROCESS_LINE.exec(line);
    if (!m) continue;
    const written = (m[2] as string).trim();
    const name = written.slice(written.lastIndexOf('\\') + 1).toLowerCase();
    if (!LEAK.processes.includes(name)) continue;
    const pid = Number(m[1]);
    const path = keptPath(written);
    const key = `${pid}|${path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    processes.push({ name, pid, path });
    if (processes.length === PROCESSES_KEPT) break;
  }
  if (processes.length === 0) return undefined;
  const hiveName = header[2] as string;
  const classes = /_classes$/i.test(hiveName);
  return {
    kind: 'leak',
    host: shortHostName(event.computer),
    hostFqdn: event.computer,
    time: event.timeCreated,
    sid: classes ? hiveName.slice(0, -'_classes'.length) : hiveName,
    hive: classes ? 'classes' : 'user',
    processes,
    handleCount: Number(header[1]),
    evidence: evidenceOf(event, where),
  };
}

function keptPath(path: string): string {
  return path.length <= PATH_KEPT ? path : `…${path.slice(-(PATH_KEPT - 1))}`;
}
