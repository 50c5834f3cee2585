/**
 * What the reader tests share: a set of events covering every hazard of event-formats.md, the
 * record each must become, and small ways to feed and drain the reader.
 */
import type { EventRecord } from '../../functions/reader/event-record.ts';
import {
  type ReadItem,
  type ReadOptions,
  type ReadStats,
  readEvents,
} from '../../functions/reader/read-events.ts';
import {
  aspnet1309,
  complusError,
  dcom10006,
  type EventSpec,
  hiveLeak1530,
  noiseEvent,
  seededRandom,
  systemTime,
} from '../../samples/render-events.ts';

export const BASE_MS = Date.UTC(2026, 10, 17, 11, 0, 0);
export const APP01 = 'APP01.corp.example.net';
export const SID = 'S-1-5-21-3623811015-3361044348-30300820-1004';
export const NON_ASCII = 'Zażółć gęślą jaźń — 日本語のテキスト 😀 Ünïcödé';
export const ENTITY_TEXT = `a & b < c > d "double" 'single' &amp; literally`;

/** One event of each hazard, in time order, all with distinct record ids. */
export function hazardSpecs(): EventSpec[] {
  const rng = seededRandom(7);
  const at = (s: number, ticks = 0) => systemTime(BASE_MS + s * 1000, ticks);
  const spec = (s: number, extra: Partial<EventSpec>): EventSpec => ({
    provider: { name: 'Hivewatch-Test', guid: '{0F5C1B2A-3D4E-4F60-8A7B-9C0D1E2F3A4B}' },
    eventId: 900 + s,
    timeCreated: at(s),
    recordId: 100 + s,
    channel: 'Application',
    computer: APP01,
    ...extra,
  });
  return [
    hiveLeak1530({
      computer: APP01,
      time: at(0, 1234),
      sid: SID,
      classes: true,
      recordId: 994,
      processes: [
        { pid: 2428, path: '\\Device\\HarddiskVolume2\\Windows\\SysWOW64\\DLLHOST.EXE', handles: 3 },
        { pid: 884, path: '\\Device\\HarddiskVolume2\\Windows\\System32\\svchost.exe', handles: 1 },
      ],
    }),
    dcom10006({
      computer: 'WEB01.corp.example.net',
      server: '\\\\APP01',
      clsid: '{6E3B2A1C-0D9F-4E8A-B7C6-D5E4F3A2B1C0}',
      time: at(60),
      recordId: 5120,
    }),
    aspnet1309({
      computer: 'IIS01.corp.example.net',
      time: at(61),
      recordId: 77,
      pid: 5312,
      appPool: 'Orders',
      clsid: '{6E3B2A1C-0D9F-4E8A-B7C6-D5E4F3A2B1C0}',
    }),
    complusError({
      computer: APP01,
      time: at(62),
      recordId: 995,
      appId: '{0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0}',
      appName: 'XRC',
    }),
    noiseEvent(rng, { computer: APP01, time: at(63), recordId: 996 }),
    spec(4, {
      userData:
        "<LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'><SubjectUserName>jdoe</SubjectUserName></LogFileCleared>",
      eventId: 104,
      channel: 'System',
    }),
    spec(5, {
      data: [{ name: 'param1', value: 'Print Spooler' }],
      binary: '5300700070006F006F006C00650072002F0034000000',
    }),
    spec(6, {
      data: [
        { name: 'Text', value: ENTITY_TEXT },
        { name: 'Refs', raw: 'line1&#13;&#10;line2&#x9;tab&#65;' },
      ],
    }),
    spec(7, { data: [{ value: 'before\x01middle\x13after' }], classic: true, qualifiers: 0 }),
    spec(8, { data: [{ name: 'Long', value: 'x'.repeat(300_000) }] }),
    spec(9, { data: [{ name: 'Text', value: NON_ASCII }], message: `Rendered: ${NON_ASCII}\nsecond line` }),
    spec(10, {
      provider: { name: `Vendor & Sons 'Service'`, eventSourceName: 'Vendor "Svc"' },
      classic: true,
    }),
    // Two events 100 ns apart, the later written first, the earlier with 9 digits.
    spec(11, { timeCreated: systemTime(BASE_MS + 11_000, 5) }),
    spec(12, { timeCreated: `${systemTime(BASE_MS + 11_000, 4).slice(0, -1)}00Z` }),
  ];
}

/** What a spec must read back as (fields the renderer controls), for `toMatchObject`. */
export function expectedRecord(
  spec: EventSpec,
  options: { withMessage?: boolean } = {},
): Partial<EventRecord> {
  const expected: Partial<EventRecord> = {
    provider: {
      name: spec.provider.name,
      ...(spec.provider.guid ? { guid: spec.provider.guid } : {}),
      ...(spec.provider.eventSourceName ? { eventSourceName: spec.provider.eventSourceName } : {}),
    },
    eventId: spec.eventId,
    timeCreated: nineDigitTime(spec.timeCreated),
    recordId: spec.recordId,
    channel: spec.channel,
    computer: spec.computer,
    level: spec.level ?? 4,
  };
  if (spec.qualifiers !== undefined) expected.qualifiers = spec.qualifiers;
  if (spec.userId !== undefined) expected.userId = spec.userId;
  if (!spec.classic) {
    expected.version = spec.version ?? 0;
    expected.processId = spec.processId ?? 0;
    expected.threadId = spec.threadId ?? 0;
  }
  if (spec.eventDataName !== undefined) expected.eventDataName = spec.eventDataName;
  if (spec.userData !== undefined) expected.userData = spec.userData;
  else {
    expected.data = (spec.data ?? []).map((d) => ({
      ...(d.name !== undefined ? { name: d.name } : {}),
      value: 'raw' in d ? decodeRefs(d.raw) : d.value,
    }));
  }
  if (spec.binary !== undefined) expected.binary = spec.binary;
  if (options.withMessage !== false && spec.message !== undefined)
    expected.message = spec.message.replace(/\n/g, '\r\n');
  return expected;
}

function decodeRefs(raw: string): string {
  return raw
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)));
}

export function nineDigitTime(time: string): string {
  const m = /^(.*\.)(\d+)Z$/.exec(time);
  return m ? `${m[1]}${(m[2] ?? '').padEnd(9, '0')}Z` : time;
}

export interface ReadResult {
  items: ReadItem[];
  events: EventRecord[];
  errors: Extract<ReadItem, { kind: 'error' }>[];
  stats: ReadStats;
}

/** Reads everything (decode 'all' unless told otherwise). */
export async function readAll(
  source: Uint8Array | AsyncIterable<Uint8Array> | NodeJS.ReadableStream,
  options: ReadOptions = {},
): Promise<ReadResult> {
  const stream = readEvents(source as AsyncIterable<Uint8Array>, { decode: 'all', ...options });
  const items: ReadItem[] = [];
  for await (const item of stream) items.push(item);
  return {
    items,
    events: items.flatMap((i) => (i.kind === 'event' ? [i.event] : [])),
    errors: items.flatMap((i) => (i.kind === 'error' ? [i] : [])),
    stats: { ...stream.stats },
  };
}

/** The bytes cut at the given positions, each piece its own copy. */
export async function* cutAt(bytes: Uint8Array, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= from || cut >= bytes.length) continue;
    yield bytes.slice(from, cut);
    from = cut;
  }
  yield bytes.slice(from);
}

/** One byte at a time: the harshest chunking there is. */
export async function* byteByByte(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i++) yield bytes.slice(i, i + 1);
}
