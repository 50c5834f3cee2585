import { describe, expect, it } from 'vitest';
import { type EventSpec, fluentBitRecord, renderEvents, renderFile } from '../../samples/render-events.ts';
import { ENTITY_TEXT, hazardSpecs, NON_ASCII, readAll } from './reader-fixtures.ts';

const specs = hazardSpecs();
const byId = (id: number): EventSpec => {
  const spec = specs.find((s) => s.eventId === id);
  if (!spec) throw new Error(`no spec ${id}`);
  return spec;
};
const readOne = async (spec: EventSpec, style: 'wevtutil' | 'libevtx' = 'wevtutil') => {
  const { events, errors } = await readAll(Buffer.from(renderEvents([spec], style)));
  expect(errors).toEqual([]);
  expect(events).toHaveLength(1);
  return events[0] as NonNullable<(typeof events)[0]>;
};

describe('event fields and hazards', () => {
  it('7- and 9-digit times keep full precision: two events 100 ns apart sort correctly', async () => {
    const later = byId(911);
    const earlier = byId(912);
    expect(later.timeCreated).toMatch(/\.\d{7}Z$/);
    expect(earlier.timeCreated).toMatch(/\.\d{9}Z$/);
    const { events } = await readAll(Buffer.from(renderEvents([later, earlier], 'wevtutil')));
    const times = events.map((e) => e.timeCreated);
    expect(times).toEqual(['2026-11-17T11:00:11.000000500Z', '2026-11-17T11:00:11.000000400Z']);
    expect([...times].sort()).toEqual([times[1], times[0]]);
  });

  it('classic events: unnamed Data, no Version/Opcode/Correlation/Execution', async () => {
    const event = await readOne(byId(1309));
    expect(event.version).toBeUndefined();
    expect(event.opcode).toBeUndefined();
    expect(event.processId).toBeUndefined();
    expect(event.qualifiers).toBe(32768);
    expect(event.data).toHaveLength(30);
    expect(event.data.every((d) => d.name === undefined)).toBe(true);
    expect(event.data[15]?.value).toBe('w3wp.exe');
    expect(event.data[18]?.value).toContain('800703fa');
  });

  it('UserData instead of EventData is kept as its inner markup', async () => {
    const event = await readOne(byId(104));
    expect(event.userData).toContain('<SubjectUserName>jdoe</SubjectUserName>');
    expect(event.userData).toMatch(/^<LogFileCleared/);
    expect(event.data).toEqual([]);
  });

  it('Binary is kept as written hex', async () => {
    const event = await readOne(byId(905), 'libevtx');
    expect(event.binary).toBe('5300700070006F006F006C00650072002F0034000000');
    expect(event.data).toEqual([{ name: 'param1', value: 'Print Spooler' }]);
  });

  it('entities and numeric character references are decoded, in text and attributes', async () => {
    const event = await readOne(byId(906));
    expect(event.data[0]?.value).toBe(ENTITY_TEXT);
    expect(event.data[1]?.value).toBe('line1\r\nline2\ttabA');
    const classic = await readOne(byId(910), 'libevtx');
    expect(classic.provider).toEqual({ name: `Vendor & Sons 'Service'`, eventSourceName: 'Vendor "Svc"' });
  });

  it('control characters Windows writes into Data (\\x01, \\x13) do not make the event unreadable', async () => {
    for (const style of ['wevtutil', 'libevtx'] as const) {
      const event = await readOne(byId(907), style);
      expect(event.data[0]?.value).toBe('before\x01middle\x13after');
    }
  });

  it('very long Data is read whole', async () => {
    const event = await readOne(byId(908));
    expect(event.data[0]?.value).toHaveLength(300_000);
  });

  it('Data of 3 MB (under the default 4 MiB event limit) is read whole, in every encoding', async () => {
    const spec = { ...byId(908), data: [{ name: 'Long', value: 'é'.repeat(1_500_000) }] };
    for (const encoding of ['utf-8', 'utf-16le'] as const) {
      const { events, errors } = await readAll(renderFile([spec], { style: 'wevtutil', encoding }));
      expect(errors).toEqual([]);
      expect(events[0]?.data[0]?.value).toHaveLength(1_500_000);
    }
  });

  it('non-ASCII text in Data and in the rendered Message', async () => {
    const event = await readOne(byId(909));
    expect(event.data[0]?.value).toBe(NON_ASCII);
    expect(event.message).toBe(`Rendered: ${NON_ASCII}\r\nsecond line`);
  });

  it('XML comments between and inside events and CDATA in Data are plain XML, not declarations', async () => {
    const leak = renderEvents([byId(1530)], 'wevtutil');
    const text = `<!-- exported by hand -->${leak.replace('<System>', '<!-- note --><System>').replace("Name='Detail'>", "Name='Detail'><![CDATA[a<b&c]]>")}`;
    const { events, errors, stats } = await readAll(Buffer.from(text));
    expect(errors).toEqual([]);
    expect(stats.rejected).toBe(false);
    expect(events[0]?.data[0]?.value).toMatch(/^a<b&c4 user registry handles/);
  });

  it('Keywords padded (libevtx) or not (Windows) carry the same value', async () => {
    const spec = byId(10006);
    const windows = await readOne(spec);
    const libevtx = await readOne(spec, 'libevtx');
    expect(BigInt(windows.keywords ?? '')).toBe(BigInt(libevtx.keywords ?? ''));
  });

  it('the 1530 leak keeps its Detail text, EventData name and system user', async () => {
    const event = await readOne(byId(1530));
    expect(event.eventDataName).toBe('EVENT_HIVE_LEAK');
    expect(event.userId).toBe('S-1-5-18');
    const detail = event.data.find((d) => d.name === 'Detail')?.value ?? '';
    expect(detail).toMatch(
      /^4 user registry handles leaked from \\Registry\\User\\S-1-5-21-[\d-]+_Classes:\n/,
    );
    expect(detail.endsWith('\n')).toBe(true);
    expect(detail.split('\n')).toHaveLength(6);
  });
});

describe('Fluent Bit JSON lines', () => {
  it('takes the event from the field System; the record time is not the event time', async () => {
    const spec = { ...byId(10006), collectedAt: '2026-11-18T09:30:00.000000Z' };
    const { events, stats } = await readAll(Buffer.from(`${fluentBitRecord(spec)}\n`));
    expect(stats.shape).toBe('json-lines');
    expect(events[0]?.timeCreated).toBe('2026-11-17T11:01:00.000000000Z');
    expect(events[0]?.data.map((d) => d.value)).toEqual([
      'Unspecified error ',
      '\\\\APP01',
      '{6E3B2A1C-0D9F-4E8A-B7C6-D5E4F3A2B1C0}',
    ]);
  });

  it('other fields, their order and JSON escapes do not matter', async () => {
    const spec = byId(907);
    const record = JSON.parse(fluentBitRecord(spec)) as Record<string, unknown>;
    const line = JSON.stringify({
      Message: 'ignored <Event>',
      Extra: { System: 'not this one' },
      System: record.System,
    });
    const { events, errors } = await readAll(Buffer.from(`${line}\r\n${line.replace(/\//g, '\\/')}\n`));
    expect(errors).toEqual([]);
    expect(events).toHaveLength(2);
    expect(events[1]?.data[0]?.value).toBe('before\x01middle\x13after');
  });

  it('gzip-compressed, as the s3 output with compression gzip writes it', async () => {
    const { events, stats } = await readAll(renderFile(specs, { style: 'fluent-bit', gzip: true }));
    expect(events).toHaveLength(specs.length);
    expect(stats).toMatchObject({ compressed: true, shape: 'json-lines' });
  });
});
