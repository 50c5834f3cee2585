import { dataNamed, type EventRecord } from '../reader/event-record.ts';
import { APP_POOL_RECYCLES, CLIENT_FAILURE, CLSID_IN_TEXT, GUID } from './detection-rules.ts';
import { type EventLocation, evidenceOf, isFrom } from './event-evidence.ts';
import type { HostAliases } from './host-aliases.ts';
import { shortHostName } from './host-name.ts';
import { keyDeletedIn, keyDeletedInBinary } from './key-deleted.ts';
import type { ActivationFailure } from './signal.ts';

/**
 * DCOM 10006 on a client: param1 the error, param2 the server as the client named it, param3 the CLSID.
 * A server named by address or alias is resolved through the alias table; unlisted names stay as named.
 */
export function clientFailure(
  event: EventRecord,
  where: EventLocation,
  aliases?: HostAliases,
): ActivationFailure | undefined {
  if (event.eventId !== CLIENT_FAILURE.eventId) return undefined;
  const names = [event.provider.name, event.provider.eventSourceName ?? ''].map((n) => n.toLowerCase());
  if (!names.some((n) => CLIENT_FAILURE.providers.includes(n))) return undefined;
  const param = (n: number) => dataNamed(event, `param${n}`) ?? event.data[n - 1]?.value;
  const server = param(2)?.trim();
  if (!server) return undefined;
  const clsid = GUID.exec(param(3) ?? '')?.[1];
  return {
    kind: 'failure',
    host: aliases?.hostFor(server) ?? shortHostName(server),
    hostAsNamed: server,
    reporter: shortHostName(event.computer),
    reporterFqdn: event.computer,
    time: event.timeCreated,
    failure: 'client-dcom-10006',
    form: 'dcom-10006',
    errorText: (param(1) ?? '').trim(),
    ...(clsid ? { clsid: `{${clsid.toUpperCase()}}` } : {}),
    evidence: evidenceOf(event, where),
  };
}

/** Any event whose text (Data, UserData, Message, Binary) carries ERROR_KEY_DELETED fails on its own computer. */
export function serverFailure(event: EventRecord, where: EventLocation): ActivationFailure | undefined {
  const texts = eventTexts(event);
  const hit = keyDeletedIn(texts) ?? (event.binary ? keyDeletedInBinary(event.binary) : undefined);
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
    form: hit.form,
    errorText: hit.text.trim().slice(0, 2000),
    ...(clsid ? { clsid: `{${clsid.toUpperCase()}}` } : {}),
    ...(process ? { process } : {}),
    evidence: evidenceOf(event, where),
  };
}

/** Data, UserData and the rendered Message; Binary is read apart (keyDeletedInBinary). */
function eventTexts(event: EventRecord): string[] {
  const texts = event.data.map((d) => d.value);
  if (event.userData) texts.push(event.userData);
  if (event.message) texts.push(event.message);
  return texts;
}

/**
 * The failing process where the event names it: named ProcessName/ProcessID (WAS names only the pid of
 * its w3wp worker), or an `x.exe` Data after its pid (ASP.NET).
 */
function processOf(event: EventRecord): { name?: string; pid?: number } | undefined {
  const namedName =
    dataNamed(event, 'ProcessName') ?? (isFrom(event, APP_POOL_RECYCLES.provider) ? 'w3wp.exe' : undefined);
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

export function imageName(pathOrName: string): string {
  const t = pathOrName.trim();
  return t.slice(t.lastIndexOf('\\') + 1).toLowerCase();
}
