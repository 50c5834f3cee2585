import { dataNamed, type EventRecord } from '../reader/event-record.ts';
import { LEAK, LEAK_HEADER, LEAK_PROCESS_LINE } from './detection-rules.ts';
import { type EventLocation, evidenceOf, providerOf } from './event-evidence.ts';
import { shortHostName } from './host-name.ts';
import type { HiveLeak, LeakingProcess } from './signal.ts';

/** Event 1530 naming dllhost.exe or w3wp.exe among the processes that held the hive open. */
export function hiveLeak(event: EventRecord, where: EventLocation): HiveLeak | undefined {
  if (event.eventId !== LEAK.eventId || providerOf(event) !== LEAK.provider) return undefined;
  const detail = dataNamed(event, 'Detail') ?? event.data.map((d) => d.value).join('\n');
  const header = LEAK_HEADER.exec(detail);
  if (!header) return undefined;
  const processes: LeakingProcess[] = [];
  for (const line of detail.split('\n')) {
    const m = LEAK_PROCESS_LINE.exec(line);
    if (!m) continue;
    const path = (m[2] as string).trim();
    const name = path.slice(path.lastIndexOf('\\') + 1).toLowerCase();
    const pid = Number(m[1]);
    if (LEAK.processes.includes(name) && !processes.some((p) => p.pid === pid && p.path === path)) {
      processes.push({ name, pid, path });
    }
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
