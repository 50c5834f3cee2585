/**
 * Adversarial inputs found by review: each test states a clause of the reader's contract (issue 2)
 * that a small input broke. Inputs are built here, tiny, and never depend on timing.
 */
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readSignals } from '../../functions/signals/read-signals.ts';
import { byteByByte, cutAt, readAll } from './reader-fixtures.ts';

const XMLNS = " xmlns='http://schemas.microsoft.com/win/2004/08/events/event'";
const FAILURE = '<Data>Error 0x800703FA: a registry key that has been marked for deletion.</Data>';

function event(id: number, recordId: number, eventData = '', xmlns = true): string {
  return (
    `<Event${xmlns ? XMLNS : ''}><System><Provider Name='Vendor-App'/><EventID>${id}</EventID>` +
    `<TimeCreated SystemTime='2026-11-17T11:00:00.0000000Z'/><EventRecordID>${recordId}</EventRecordID>` +
    `<Channel>Application</Channel><Computer>APP01.corp.example.net</Computer></System>` +
    `<EventData>${eventData}</EventData></Event>`
  );
}

function leak1530(recordId: number, xmlns = true): string {
  const detail =
    '3 user registry handles leaked from \\Registry\\User\\S-1-5-21-1-2-3-1004_Classes:&#13;\n' +
    'Process 2428 (\\Device\\HarddiskVolume2\\Windows\\System32\\dllhost.exe) has opened key \\REGISTRY\\USER\\S-1-5-21-1-2-3-1004_CLASSES';
  return (
    `<Event${xmlns ? XMLNS : ''}><System><Provider Name='Microsoft-Windows-User Profiles Service'/>` +
    `<EventID>1530</EventID><TimeCreated SystemTime='2026-11-17T11:00:00.0000000Z'/>` +
    `<EventRecordID>${recordId}</EventRecordID><Channel>Application</Channel>` +
    `<Computer>APP01.corp.example.net</Computer></System><EventData><Data Name='Detail'>${detail}</Data></EventData></Event>`
  );
}

/** An ordinary event cut short after its EventID, as a crashed writer leaves it. */
const truncatedNoise = event(4624, 1).replace(/<EventData>.*$/, '');

const chunkings = (bytes: Buffer) => [
  ['one chunk', () => bytes] as const,
  ['one byte at a time', () => byteByByte(bytes)] as const,
  ['cut in the middle', () => cutAt(bytes, [Math.floor(bytes.length / 2)])] as const,
];

describe('a DOCTYPE or ENTITY declaration anywhere rejects the whole object', () => {
  const afterJunk = Buffer.from(`${event(1, 1)}junk<!DOCTYPE x [<!ENTITY a "b">]>${event(2, 2, FAILURE)}`);
  it.each(chunkings(afterJunk))('after junk between events (%s)', async (_, source) => {
    const read = await readSignals(source(), { name: 'object' });
    expect(read.stats.rejected).toBe(true);
    expect(read.signals).toEqual([]);
  });

  it('inside the last event, cut short by the end of the input', async () => {
    const bytes = Buffer.from(`${event(1, 1, FAILURE)}<Event><System><!DOCTYPE x [<!ENTITY a "b">]>`);
    const read = await readSignals(bytes, { name: 'object' });
    expect(read.stats.rejected).toBe(true);
    expect(read.signals).toEqual([]);
  });

  it('whether a DOCTYPE written inside a comment between events rejects does not depend on chunking', async () => {
    const bytes = Buffer.from(`${event(1, 1)}<!-- <!DOCTYPE x> -->${event(2, 2, FAILURE)}`);
    const whole = await readSignals(bytes, { name: 'object' });
    const bytewise = await readSignals(byteByByte(bytes), { name: 'object' });
    expect(bytewise.stats.rejected).toBe(whole.stats.rejected);
    expect(bytewise.signals).toEqual(whole.signals);
  });
});

describe("the default 'candidates' mode finds every signal that decoding all events finds", () => {
  const cases: [string, string][] = [
    ['ERROR_KEY_DELETED with a character reference', event(1, 1, '<Data>ERROR&#95;KEY_DELETED</Data>')],
    ['0x800703FA with a character reference', event(1, 1, '<Data>0x800703F&#65;</Data>')],
    ['"marked for deletion" with a character reference', event(1, 1, '<Data>marked for&#32;deletion</Data>')],
  ];
  const sameSignals = async (xml: string) => {
    const bytes = Buffer.from(xml);
    const all = await readSignals(bytes, { name: 'object', decode: 'all' });
    const candidates = await readSignals(bytes, { name: 'object' });
    expect(all.signals).toHaveLength(1);
    expect(candidates.signals).toEqual(all.signals);
  };
  it.each(cases)('%s', async (_, xml) => sameSignals(xml));

  // KNOWN LIMITATION (it.fails: this starts failing once fixed). The scanner sees an event that runs
  // into the next one by the next one's `xmlns=`, which every Windows producer writes; without it, the
  // first EventID (the cut event's) decides, and a 1530 behind it is not decoded.
  it.fails('a 1530 without xmlns after an event cut short', async () =>
    sameSignals(`${truncatedNoise}${leak1530(2, false)}${event(1, 3)}`));
});

describe('readEvents never throws on bad input', () => {
  it('ten thousand `<Event>` start tags with one end tag (110 kB) end in errors, not an exception', async () => {
    const bytes = Buffer.from(`${'<Event></x>'.repeat(10_000)}</Event>`);
    const read = await readAll(bytes, { decode: 'candidates' });
    expect(read.errors.length).toBeGreaterThan(0);
  });
});

describe('Fluent Bit JSON lines are read the same for any chunking', () => {
  it('a record longer than maxEventBytes', async () => {
    const record = (xml: string, message: string) => `${JSON.stringify({ System: xml, Message: message })}\n`;
    const bytes = Buffer.from(
      record(event(1, 1, FAILURE), 'x'.repeat(3000)) + record(event(2, 2, FAILURE), ''),
    );
    const options = { maxEventBytes: 2000 };
    const whole = await readAll(bytes, options);
    const chunked = await readAll(cutAt(bytes, [100, 200, 300, 2100, 2600, 3100]), options);
    expect(chunked.items).toEqual(whole.items);
    expect(chunked.stats).toEqual(whole.stats);
  });
});

// KNOWN LIMITATIONS (it.fails: each starts failing once fixed). Event boundaries are found by native
// searches for `<Event` and `/Event>`, not by parsing comments, CDATA or `</Event >`: none of which any
// Windows producer writes. Fixing them means tokenising every byte, the cost the reader exists to avoid.
describe('comments and CDATA are markup the reader reads, not event boundaries', () => {
  const cases: [string, string][] = [
    ['`</Event>` inside a comment', event(1, 1, `<!-- </Event> -->${FAILURE}`)],
    ['`</Event>` inside CDATA', event(1, 1, '<Data><![CDATA[ </Event> ]]> 0x800703FA</Data>')],
    ['`<Event xmlns=…>` inside a comment', event(1, 1, `<!-- <Event${XMLNS}> -->${FAILURE}`)],
  ];
  for (const [name, xml] of cases) {
    it.fails(`${name}: the event is read whole, with its signal and no error`, async () => {
      const read = await readSignals(Buffer.from(xml), { name: 'object' });
      expect(read.errors).toEqual([]);
      expect(read.signals).toHaveLength(1);
    });
  }

  it.fails('an end tag written `</Event >` (white space is legal there) ends the event', async () => {
    const xml = `${event(1, 1, FAILURE).replace(/<\/Event>$/, '</Event >')}\n${event(2, 2)}`;
    const read = await readSignals(Buffer.from(xml), { name: 'object' });
    expect(read.errors).toEqual([]);
    expect(read.signals).toHaveLength(1);
  });

  it.fails('a comment holding `<Event>` between events is not an error', async () => {
    const read = await readAll(Buffer.from(`${event(1, 1)}<!-- <Event> -->${event(2, 2)}`));
    expect(read.errors).toEqual([]);
    expect(read.events.map((e) => e.recordId)).toEqual([1, 2]);
  });
});

describe('gzip: the events inflated before a cut or trailing garbage are kept, for any chunking', () => {
  it('a whole gzip member followed by garbage reads the same for every chunking, and reports the junk', async () => {
    const bytes = Buffer.concat([gzip, Buffer.from('garbage')]);
    const whole = await readAll(bytes);
    for (const size of [1000, 4096]) {
      const cut = await readAll(pieces(bytes, size));
      expect(cut.stats.events).toBe(whole.stats.events);
      expect(cut.errors).toEqual(whole.errors);
    }
    expect(whole.errors.at(-1)?.reason).toMatch(/corrupt/);
  });

  const count = 2000;
  const plain = Buffer.from(
    Array.from({ length: count }, (_, i) => event(1, i + 1, `<Data>${'v'.repeat(i % 50)}${i}</Data>`)).join(
      '\n',
    ),
  );
  const gzip = gzipSync(plain);
  async function* pieces(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  }

  it.each([0, 1000, 4096])(
    'a gzip cut short keeps every event it inflates to (chunks of %i bytes, 0 = one)',
    async (size) => {
      const cut = gzip.subarray(0, Math.floor(gzip.length * 0.7));
      const inflatable = gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH });
      const complete = inflatable.toString('latin1').split('</Event>').length - 1;
      const read = await readAll(size === 0 ? cut : pieces(cut, size));
      expect(read.stats.events).toBe(complete);
      expect(read.errors.at(-1)?.reason).toMatch(/truncated/);
    },
  );

  // Each member's deflate data goes to its own raw inflater, which stops at the member's end: the junk
  // after the last member never reaches zlib, so nothing inflated before it is dropped.
  it.each([0, 1000, 4096])(
    'a whole gzip member followed by garbage keeps all its events (chunks of %i bytes, 0 = one)',
    async (size) => {
      const bytes = Buffer.concat([gzip, Buffer.from('garbage')]);
      const read = await readAll(size === 0 ? bytes : pieces(bytes, size));
      expect(read.stats.events).toBe(count);
    },
  );
});
