import { dataNamed, type EventRecord } from '../reader/event-record.ts';
import {
  CLIENT_FAILURE,
  CLSID_IN_TEXT,
  GUID,
  KEY_DELETED_TEXT,
  LEAK,
  LEAK_HEADER,
  LEAK_PROCESS_LINE,
} from './detection-rules.ts';
import { shortHostName } from './host-name.ts';
import type { ActivationFailure, Evidence, HiveLeak, LeakingProcess, Signal } from './signal.ts';

export interface EventLocation {
  /** File path or S3 key. */
  source: string;
  offset: number;
}

/** The signals one event carries: a hive leak, a client or a server-side activation failure, or none. */
export function extractSignals(event: EventRecord, where: EventLocation): Signal[] {
  const leak = hiveLeak(event, where);
  if (leak) return [leak];
  const failure = clientFailure(event, where) ?? serverFailure(event, where);
  return failure ? [failure] : [];
}

function evidence(event: EventRecord, where: EventLocation): Evidence {
  return {
    source: where.source,
    offset: where.offset,
    computer: event.computer,
    channel: event.channel,
    recordId: event.recordId,
    provider: event.provider.name,
    eventId: event.eventId,
  };
}

function hiveLeak(event: EventRecord, where: EventLocation): HiveLeak | undefined {
  if (event.eventId !== LEAK.eventId || event.provider.name.toLowerCase() !== LEAK.provider) return undefined;
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
    evidence: evidence(event, where),
  };
}

/** DCOM 10006 on a client: param1 the error, param2 the server as the client named it, param3 the CLSID. */
function clientFailure(event: EventRecord, where: EventLocation): ActivationFailure | undefined {
  if (event.eventId !== CLIENT_FAILURE.eventId) return undefined;
  const names = [event.provider.name, event.provider.eventSourceName ?? ''].map((n) => n.toLowerCase());
  if (!names.some((n) => CLIENT_FAILURE.providers.includes(n))) return undefined;
  const param = (n: number) => dataNamed(event, `param${n}`) ?? event.data[n - 1]?.value;
  const server = param(2)?.trim();
  if (!server) return undefined;
  const clsid = GUID.exec(param(3) ?? '')?.[1];
  return {
    kind: 'failure',
    host: shortHostName(server),
    hostAsNamed: server,
    reporter: shortHostName(event.computer),
    reporterFqdn: event.computer,
    time: event.timeCreated,
    failure: 'client-dcom-10006',
    errorText: (param(1) ?? '').trim(),
    ...(clsid ? { clsid: `{${clsid.toUpperCase()}}` } : {}),
    evidence: evidence(event, where),
  };
}

/** Any event whose text carries ERROR_KEY_DELETED fails on the computer that logged it. */
function serverFailure(event: EventRecord, where: EventLocation): ActivationFailure | undefined {
  const texts = eventTexts(event);
  const hit = texts.find((t) => KEY_DELETED_TEXT.test(t));
  if (hit === undefined) return undefined;
  const clsid = texts.map((t) => CLSID_IN_TEXT.exec(t)?.[1]).find((c) => c !== undefined);
  const process = processOf(event);
  return {
    kind: 'failure',
    host: shortHostName(event.computer),
    hostAsNamed: event.computer,
    reporter: shortHostName(event.computer),
    reporterFqdn: event.computer,
    time: event.timeCreated,
    failure: 'server-error',
    errorText: hit.trim().slice(0, 2000),
    ...(clsid ? { clsid: `{${clsid.toUpperCase()}}` } : {}),
    ...(process ? { process } : {}),
    evidence: evidence(event, where),
  };
}

/** Data, UserData, rendered Message and Binary where it decodes to text (ASCII or UTF-16LE). */
function eventTexts(event: EventRecord): string[] {
  const texts = event.data.map((d) => d.value);
  if (event.userData) texts.push(event.userData);
  if (event.message) texts.push(event.message);
  if (event.binary) {
    const bytes = Buffer.from(event.binary.replace(/\s+/g, ''), 'hex');
    texts.push(bytes.toString('latin1'), bytes.toString('utf16le'));
  }
  return texts;
}

/** The failing process where the event names it: named ProcessName/ProcessID, or an `x.exe` Data after its pid (ASP.NET). */
function processOf(event: EventRecord): { name?: string; pid?: number } | undefined {
  const namedName = dataNamed(event, 'ProcessName');
  const namedPid = dataNamed(event, 'ProcessID') ?? dataNamed(event, 'ProcessId');
  if (namedName || namedPid) {
    return {
      ...(namedName ? { name: imageName(namedName) } : {}),
      ...(namedPid && /^\d+$/.test(namedPid.trim()) ? { pid: Number(namedPid.trim()) } : {}),
    };
  }
  const at = event.data.findIndex((d) => d.name === undefined && /^[\w .-]+\.exe$/i.test(d.value.trim()));
  if (at < 0) return undefined;
  const before = event.data[at - 1]?.value.trim() ?? '';
  return {
    name: imageName(event.data[at]?.value ?? ''),
    ...(/^\d+$/.test(before) ? { pid: Number(before) } : {}),
  };
}

function imageName(pathOrName: string): string {
  const t = pathOrName.trim();
  return t.slice(t.lastIndexOf('\\') + 1).toLowerCase();
}
