/**
 * What goes wrong in shippers' objects: each bad record is an error at its record's offset, and every
 * other record is still read.
 */
import { describe, expect, it } from 'vitest';
import type { EventSpec } from '../../samples/render-events.ts';
import {
  CONTROL_ENVELOPE,
  cloudWatchAgentMessage,
  firehoseObject,
  fluentBitJsonLine,
  fluentBitLogKeyLine,
  vectorObject,
  vectorRecord,
} from '../../samples/shipper-shapes.ts';
import { hazardSpecs, readAll } from './reader-fixtures.ts';

const hazards = hazardSpecs();
const big = hazards.find((s) => s.eventId === 908) as EventSpec;
const specs = hazards.filter((s) => s.eventId !== 908);
const ids = specs.map((s) => s.recordId);

/** Byte offset where each line starts. */
function starts(lines: readonly string[]): number[] {
  let at = 0;
  return lines.map((line) => {
    const start = at;
    at += Buffer.byteLength(line, 'utf8');
    return start;
  });
}

describe("a shipper's cut: the event is an error at its record, the rest is read", () => {
  it('Vector cuts the XML at 32 KiB and appends "...[truncated]" (xml_parser.rs truncate_utf8)', async () => {
    const all = [...specs.slice(0, 3), big, ...specs.slice(3)];
    expect(vectorRecord(big).xml).toMatch(/\.\.\.\[truncated\]$/);
    const lines = vectorObject(all, 'newline_delimited').split(/(?<=\n)/);
    const { events, errors } = await readAll(Buffer.from(lines.join('')));
    expect(events.map((e) => e.recordId)).toEqual(ids);
    expect(errors).toEqual([
      {
        kind: 'error',
        offset: starts(lines)[3],
        reason: 'in the JSON field xml: event is truncated: its JSON string ends before </Event>',
        fatal: false,
      },
    ]);
  });

  it('Fluent Bit writes System "" when it cannot render: an error, not a silent drop (pack.c pack_nullstr)', async () => {
    const lines = specs.map((s, i) => fluentBitJsonLine(s, i === 2 ? { system: '' } : {}));
    const { events, errors, stats } = await readAll(Buffer.from(lines.join('')));
    expect(events.map((e) => e.recordId)).toEqual(ids.filter((_, i) => i !== 2));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ offset: starts(lines)[2], fatal: false });
    expect(errors[0]?.reason).toMatch(/empty System field.*could not render/);
    expect(stats.errors).toBe(1);
  });

  it('a JSON record cut short by the end of the object: the records before are read', async () => {
    const lines = specs.map((s) => fluentBitJsonLine(s));
    const whole = lines.join('');
    const cut = Buffer.from(whole).subarray(0, (starts(lines)[5] as number) + 40);
    const { events, errors } = await readAll(cut);
    expect(events.map((e) => e.recordId)).toEqual(ids.slice(0, 5));
    expect(errors).toEqual([
      {
        kind: 'error',
        offset: starts(lines)[5],
        reason: 'JSON record is truncated: the input ends inside it',
        fatal: false,
      },
    ]);
  });

  it('cut after its XML: the event is read, and the cut reported', async () => {
    const line = fluentBitJsonLine(specs[0] as EventSpec);
    const cut = Buffer.from(line.slice(0, line.indexOf('"Message"') + 12));
    const { events, errors } = await readAll(cut);
    expect(events.map((e) => e.recordId)).toEqual([ids[0]]);
    expect(errors.map((e) => e.reason)).toEqual(['JSON record is truncated: the input ends inside it']);
  });
});

describe('records without event XML', () => {
  it('CloudWatch Logs: a log event whose message is not event XML is an error at its own `{`', async () => {
    const messages = specs.slice(0, 4).map(cloudWatchAgentMessage);
    messages.splice(2, 0, 'Service started');
    const object = firehoseObject([CONTROL_ENVELOPE, { messageType: 'DATA_MESSAGE', messages }], {
      processing: 'decompressed',
    });
    const { events, errors } = await readAll(object);
    expect(events.map((e) => e.recordId)).toEqual(ids.slice(0, 4));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.offset).toBe(object.lastIndexOf('{"id"', object.indexOf('Service started')));
    expect(errors[0]?.reason).toMatch(/no event XML/);
  });

  it('Vector without include_xml: each record says what is missing, then the reader gives up', async () => {
    const records = Array.from({ length: 2000 }, (_, i) => {
      const { xml: _xml, ...rest } = vectorRecord({ ...(specs[i % specs.length] as EventSpec), recordId: i });
      return `${JSON.stringify(rest)}\n`;
    });
    const object = Buffer.from(records.join(''));
    const limit = 64 * 1024;
    const { events, errors } = await readAll(object, { noEventLimit: limit });
    expect(events).toEqual([]);
    const fatal = errors.at(-1);
    expect(fatal).toMatchObject({ offset: limit, fatal: true });
    expect(fatal?.reason).toMatch(/no event XML in the first 65536 bytes/);
    const recordsBefore = starts(records).filter((at) => at < limit);
    expect(errors.slice(0, -1).map((e) => e.offset)).toEqual(recordsBefore);
    expect(errors[0]?.reason).toMatch(/include_xml/);
  });

  it('log_key System: an event Fluent Bit could not render is an empty line, which says nothing', async () => {
    const text = specs.map((s, i) => fluentBitLogKeyLine(s, i === 1 ? { system: '' } : {})).join('');
    const { events, errors } = await readAll(Buffer.from(text));
    // A limit of the layout, not of the reader: json_lines keeps the record and its error.
    expect(events.map((e) => e.recordId)).toEqual(ids.filter((_, i) => i !== 1));
    expect(errors).toEqual([]);
  });
});

describe('malformed JSON: an error where it breaks, the walk goes on at the next record', () => {
  const records = specs.map((s) => fluentBitJsonLine(s).trimEnd());
  const damageAt = (record: number) => (starts(records.map((r) => `${r}\n`))[record] as number) + 30;

  it.each([
    ['one per line', '\n'],
    ['back to back (Firehose)', ''],
  ])('%s', async (_, separator) => {
    const text = records.map((r) => `${r}${separator}`).join('');
    const at = separator === '' ? (starts(records)[3] as number) + 30 : damageAt(3);
    const damaged = `${text.slice(0, at)}"${text.slice(at)}`;
    const { events, errors } = await readAll(Buffer.from(damaged));
    expect(events.map((e) => e.recordId)).toEqual(ids.filter((_, i) => i !== 3));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.offset).toBeGreaterThanOrEqual(at);
    expect(errors[0]?.reason).toMatch(/JSON record is malformed/);
  });

  it('inside a top-level array (Vector): the next element is found after `},`', async () => {
    const text = vectorObject(specs, 'default');
    const third = [...text.matchAll(/\{"channel":/g)].map((m) => m.index)[2] as number;
    // Between two members of the third record: a `]` where a `,` or `}` must be.
    const at = text.indexOf(',', third);
    const damaged = `${text.slice(0, at)}]]${text.slice(at)}`;
    const { events, errors } = await readAll(Buffer.from(damaged));
    expect(events.map((e) => e.recordId)).toEqual(ids.filter((_, i) => i !== 2));
    expect(errors.map((e) => e.offset)).toEqual([at]);
  });

  it('junk between records is reported once and skipped', async () => {
    const text = `${records[0]}\nnot json at all\n${records[1]}\n`;
    const { events, errors } = await readAll(Buffer.from(text));
    expect(events.map((e) => e.recordId)).toEqual(ids.slice(0, 2));
    expect(errors).toEqual([
      {
        kind: 'error',
        offset: (records[0] as string).length + 1,
        reason: 'unexpected content between JSON records (not a JSON record): skipped',
        fatal: false,
      },
    ]);
  });

  it('nesting deeper than 64 levels is refused, not recursed into', async () => {
    const text = `${'['.repeat(10_000)}\n${records[0]}\n`;
    const { events, errors } = await readAll(Buffer.from(`${records[1]}\n{"a":${text}`));
    expect(events.map((e) => e.recordId)).toEqual([ids[1], ids[0]]);
    expect(errors.map((e) => e.reason)).toEqual([
      'JSON record is malformed (nested deeper than 64 levels): skipped to the next record',
    ]);
  });

  it('an invalid escape in the XML string: an error at the record', async () => {
    const bad = (records[1] as string).replace('<EventID', '\\q<EventID');
    const text = `${records[0]}\n${bad}\n${records[2]}\n`;
    const { events, errors } = await readAll(Buffer.from(text));
    expect(events.map((e) => e.recordId)).toEqual([ids[0], ids[2]]);
    expect(errors).toEqual([
      {
        kind: 'error',
        offset: (records[0] as string).length + 1,
        reason: 'the JSON string holding the event XML has an invalid escape: skipped',
        fatal: false,
      },
    ]);
  });
});

describe('limits hold inside JSON', () => {
  it('an XML string longer than maxEventBytes is an error at its record; the rest is read', async () => {
    const lines = specs.map((s) => fluentBitJsonLine(s));
    const long = fluentBitJsonLine(big);
    const all = [...lines.slice(0, 2), long, ...lines.slice(2)];
    const { events, errors } = await readAll(Buffer.from(all.join('')), { maxEventBytes: 100_000 });
    expect(events.map((e) => e.recordId)).toEqual(ids);
    expect(errors).toEqual([
      {
        kind: 'error',
        offset: starts(all)[2],
        reason: 'event is larger than 100000 bytes (maxEventBytes): skipped',
        fatal: false,
      },
    ]);
  });

  it('a DOCTYPE inside the XML of a record rejects the whole object', async () => {
    const xml = fluentBitLogKeyLine(specs[0] as EventSpec).trimEnd();
    const tag = xml.indexOf('>') + 1;
    const evil = JSON.stringify({
      System: `${xml.slice(0, tag)}<!DOCTYPE x [<!ENTITY a "b">]>${xml.slice(tag)}`,
    });
    const text = `${fluentBitJsonLine(specs[1] as EventSpec)}${evil}\n${fluentBitJsonLine(specs[2] as EventSpec)}`;
    const { errors, stats } = await readAll(Buffer.from(text));
    expect(stats.rejected).toBe(true);
    expect(errors.at(-1)).toMatchObject({ fatal: true });
    expect(errors.at(-1)?.reason).toMatch(/DOCTYPE.*rejected/);
  });

  it('a string that starts with a DOCTYPE is not an event: the record has no XML, nothing is expanded', async () => {
    const evil = JSON.stringify({
      System: `<!DOCTYPE x [<!ENTITY a "b">]>${fluentBitLogKeyLine(specs[0] as EventSpec)}`,
    });
    const { events, errors } = await readAll(
      Buffer.from(`${evil}\n${fluentBitJsonLine(specs[1] as EventSpec)}`),
    );
    expect(events.map((e) => e.recordId)).toEqual([ids[1]]);
    expect(errors.map((e) => [e.offset, /no event XML/.test(e.reason)])).toEqual([[0, true]]);
  });
});
