import { type EventDataItem, type EventRecord, EventRecordSchema } from './event-record.ts';
import { normaliseSystemTime } from './event-time.ts';
import { parseElement, type XmlElement } from './xml-element.ts';

export type EventRecordResult =
  | { success: true; data: EventRecord }
  | { success: false; reason: string; index: number };

/** Parses one `<Event>` and validates it at the boundary. Problems come back as values; RefusedXmlError is thrown. */
export function toEventRecord(text: string): EventRecordResult {
  const root = parseElement(text);
  if (localName(root.name) !== 'Event') return fail(`root element is <${root.name}>, not <Event>`);
  const system = child(root, 'System');
  if (!system) return fail('event has no <System>');
  const provider = child(system, 'Provider');
  const eventIdElement = child(system, 'EventID');
  const rawTime = child(system, 'TimeCreated')?.attributes.get('SystemTime');
  const timeCreated = rawTime === undefined ? undefined : normaliseSystemTime(rawTime);
  if (rawTime !== undefined && timeCreated === undefined)
    return fail(`TimeCreated SystemTime '${rawTime}' is not a time`);
  const execution = child(system, 'Execution');
  const eventData = child(root, 'EventData');
  const userData = child(root, 'UserData');
  const candidate = {
    provider: {
      name: provider?.attributes.get('Name') ?? provider?.attributes.get('EventSourceName'),
      guid: provider?.attributes.get('Guid') || undefined,
      eventSourceName: provider?.attributes.get('EventSourceName') || undefined,
    },
    eventId: integer(eventIdElement?.text),
    qualifiers: optional(integer(eventIdElement?.attributes.get('Qualifiers'))),
    version: optional(integer(child(system, 'Version')?.text)),
    level: optional(integer(child(system, 'Level')?.text)),
    task: optional(integer(child(system, 'Task')?.text)),
    opcode: optional(integer(child(system, 'Opcode')?.text)),
    keywords: child(system, 'Keywords')?.text.trim() || undefined,
    timeCreated,
    recordId: integer(child(system, 'EventRecordID')?.text),
    channel: child(system, 'Channel')?.text.trim() ?? '',
    computer: child(system, 'Computer')?.text.trim(),
    userId: child(system, 'Security')?.attributes.get('UserID') || undefined,
    processId: optional(integer(execution?.attributes.get('ProcessID'))),
    threadId: optional(integer(execution?.attributes.get('ThreadID'))),
    eventDataName: eventData?.attributes.get('Name') || undefined,
    data: eventData ? dataItems(eventData) : [],
    userData: userData ? text.slice(userData.contentStart, userData.contentEnd).trim() : undefined,
    message: child(child(root, 'RenderingInfo'), 'Message')?.text,
    binary: (child(eventData, 'Binary') ?? child(root, 'Binary'))?.text.trim() || undefined,
  };
  const parsed = EventRecordSchema.safeParse(candidate);
  if (parsed.success) return { success: true, data: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'event';
  const given = issue?.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown>)?.[k], candidate);
  return fail(
    given === undefined ? `event has no valid ${field}` : `event ${field} is invalid: ${issue?.message}`,
  );
}

function fail(reason: string): EventRecordResult {
  return { success: false, reason, index: 0 };
}

function dataItems(eventData: XmlElement): EventDataItem[] {
  const items: EventDataItem[] = [];
  for (const c of eventData.children) {
    if (localName(c.name) !== 'Data') continue;
    const name = c.attributes.get('Name');
    items.push(name === undefined ? { value: c.text } : { name, value: c.text });
  }
  return items;
}

function child(parent: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!parent) return undefined;
  for (const c of parent.children) if (localName(c.name) === name) return c;
  return undefined;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** Optional header fields never cost the event: an unreadable one is left out. */
function optional(value: number | undefined): number | undefined {
  return value === undefined || Number.isNaN(value) ? undefined : value;
}

function integer(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const t = raw.trim();
  if (t === '') return undefined;
  if (/^\d+$/.test(t)) return Number(t);
  if (/^0x[0-9a-f]+$/i.test(t)) return Number.parseInt(t.slice(2), 16);
  return Number.NaN;
}
