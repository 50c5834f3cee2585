import { XMLParser } from 'fast-xml-parser';
import type { EventRecord } from '../functions/reader/event-record.ts';
import { normaliseSystemTime } from '../functions/reader/event-time.ts';
import { BenchInputError } from './errors.ts';

/**
 * The "full parse" reference: what most users would write — split the stream into events and give
 * each to fast-xml-parser (with options that keep hex values, leading zeros and white space intact).
 */
export function eventParser(): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    parseTagValue: false,
    trimValues: false,
    htmlEntities: true,
  });
}

const OPEN = Buffer.from('<Event');
const CLOSE = Buffer.from('</Event>');

function isEventOpen(buf: Buffer, at: number): boolean {
  const next = buf[at + OPEN.length];
  return next === 0x20 || next === 0x3e || next === 0x0a || next === 0x0d || next === 0x09;
}

/** Splits fragments on `<Event …>` … `</Event>`, giving each event's byte offset in the stream. */
export async function* splitEvents(
  chunks: AsyncIterable<Buffer>,
): AsyncGenerator<{ offset: number; xml: string }> {
  let carry: Buffer = Buffer.alloc(0);
  let carryOffset = 0;
  for await (const chunk of chunks) {
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let pos = 0;
    for (;;) {
      let start = buf.indexOf(OPEN, pos);
      while (start !== -1 && !isEventOpen(buf, start)) start = buf.indexOf(OPEN, start + 1);
      if (start === -1 || start + OPEN.length >= buf.length) break;
      const end = buf.indexOf(CLOSE, start);
      if (end === -1) {
        pos = start;
        break;
      }
      yield { offset: carryOffset + start, xml: buf.toString('utf8', start, end + CLOSE.length) };
      pos = end + CLOSE.length;
    }
    carry = buf.subarray(Math.min(pos, Math.max(0, buf.length - OPEN.length)));
    carryOffset += buf.length - carry.length;
  }
}

type Node = Record<string, unknown>;

function text(node: unknown): string | undefined {
  if (typeof node === 'string') return node;
  if (node && typeof node === 'object') {
    const t = (node as Node)['#text'];
    return typeof t === 'string' ? t : '';
  }
  return undefined;
}

function attr(node: unknown, name: string): string | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const value = (node as Node)[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

function int(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value.trim());
  return Number.isInteger(n) ? n : undefined;
}

function list(node: unknown): unknown[] {
  if (node === undefined) return [];
  return Array.isArray(node) ? node : [node];
}

/** The markup inside <UserData> as written (fast-xml-parser would rebuild it, not keep it). */
function rawUserData(xml: string): string | undefined {
  const open = xml.indexOf('<UserData>');
  if (open === -1) return undefined;
  const close = xml.lastIndexOf('</UserData>');
  return close > open ? xml.slice(open + '<UserData>'.length, close) : undefined;
}

/** Maps fast-xml-parser's object for one event to our EventRecord. */
export function recordFromParsed(parsed: Node, xml: string): EventRecord {
  const event = parsed.Event as Node | undefined;
  const system = event?.System as Node | undefined;
  if (!event || !system) throw new BenchInputError('event without <System>');
  const provider = system.Provider;
  const eventId = int(text(system.EventID));
  const time = normaliseSystemTime(attr(system.TimeCreated, 'SystemTime') ?? '');
  const recordId = int(text(system.EventRecordID));
  const computer = text(system.Computer);
  if (eventId === undefined || time === undefined || recordId === undefined || !computer) {
    throw new BenchInputError('event without EventID, TimeCreated, EventRecordID or Computer');
  }
  const eventData = event.EventData as Node | string | undefined;
  const data = list(typeof eventData === 'object' ? eventData.Data : undefined).map((d) => ({
    ...(attr(d, 'Name') !== undefined ? { name: attr(d, 'Name') } : {}),
    value: text(d) ?? '',
  }));
  const record: EventRecord = {
    provider: {
      name: attr(provider, 'Name') ?? '',
      guid: attr(provider, 'Guid'),
      eventSourceName: attr(provider, 'EventSourceName'),
    },
    eventId,
    qualifiers: int(attr(system.EventID, 'Qualifiers')),
    version: int(text(system.Version)),
    level: int(text(system.Level)),
    task: int(text(system.Task)),
    opcode: int(text(system.Opcode)),
    keywords: text(system.Keywords),
    timeCreated: time,
    recordId,
    channel: text(system.Channel) ?? '',
    computer,
    userId: attr(system.Security, 'UserID'),
    processId: int(attr(system.Execution, 'ProcessID')),
    threadId: int(attr(system.Execution, 'ThreadID')),
    eventDataName: attr(eventData, 'Name'),
    data,
    userData: rawUserData(xml),
    message: text((event.RenderingInfo as Node | undefined)?.Message),
    binary: typeof eventData === 'object' ? text(eventData.Binary) : undefined,
  };
  for (const key of Object.keys(record) as (keyof EventRecord)[])
    if (record[key] === undefined) delete record[key];
  for (const key of ['guid', 'eventSourceName'] as const)
    if (record.provider[key] === undefined) delete record.provider[key];
  return record;
}
