/** Hostile JSON records: a System that is not XML, an endless envelope, lone surrogates, bad escapes, nesting. */
import { fluentBitJsonLine } from '../../samples/shipper-shapes.ts';
import { bytesOf, failure, leak, serverError, utf8, xml } from './case-events.ts';
import { errorsKeptBounded, type HostileCase } from './hostile-case.ts';
import { spliced } from './hostile-streams.ts';

const morningLines = [leak(), serverError(), failure()].map((spec) => fluentBitJsonLine(spec)).join('');
const notXml = ['{"System":"hello"}\n', '{"System":{"Event":1}}\n', '{"System":""}\n', '{"System":1530}\n'];

/** A CloudWatch Logs envelope (Firehose) whose logEvents never end: the morning, then `entries` log events without XML. */
const EnvelopeHead =
  '{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"hivewatch-windows-events",' +
  '"logStream":"i-0abc","subscriptionFilters":["hivewatch"],"logEvents":[' +
  [leak(), serverError(), failure()]
    .map((spec, i) => `{"id":"${i}","timestamp":1795431600000,"message":${JSON.stringify(xml(spec))}},`)
    .join('');
const Junk = Buffer.from('{"id":"9","timestamp":1795431600000,"message":"not an event"},'.repeat(16_384));
const Entries = 2_000_000;

const lone = fluentBitJsonLine(serverError()).replace('Contoso Orders', 'Contoso \\ud800Orders \\udc00');
const badEscape = fluentBitJsonLine(failure('WS02.corp.example.net')).replace(
  'Unspecified error',
  'Unspecified \\x41 error',
);

export const jsonCases: HostileCase[] = [
  {
    name: 'json-system-not-xml',
    input:
      'JSON lines whose System is "hello", an object, "" and a number, then the morning as Fluent Bit writes it',
    expected:
      'each such record an error at its offset (no event XML; "" named as Fluent Bit\'s failure); the morning read',
    bytes: () => utf8(notXml.join('') + morningLines),
    reader: {
      events: 3,
      signals: 3,
      errors: notXml.map((_, i) => ({
        reason: i === 2 ? /empty System field/ : /carries no event XML/,
        offset: bytesOf(notXml.slice(0, i).join('')),
      })),
    },
    ingest: { errors: 4, newSignals: 3, incidents: [['app01', 'open', 2]], alerts: ['opened'] },
  },
  {
    name: 'cloudwatch-endless-envelope',
    input: `a CloudWatch Logs envelope: the morning, then ${Entries.toLocaleString('en')} log events without XML, never closed (130 MB)`,
    expected:
      'the morning read; each log event an error (all counted, 50 kept); the cut envelope reported; under 64 MB held',
    bytes: () => spliced(utf8(EnvelopeHead), Junk, Entries * (Junk.length / 16_384), Buffer.alloc(0)),
    reader: {
      events: 3,
      signals: 3,
      errors: Entries + 1,
      check: (o) =>
        /JSON record is truncated/.test(o.lastError?.reason ?? '')
          ? []
          : [`last error '${o.lastError?.reason}'`],
      maxLiveMb: 64,
    },
    ingest: {
      errors: Entries + 1,
      newSignals: 3,
      incidents: [['app01', 'open', 2]],
      alerts: ['opened'],
      check: errorsKeptBounded,
    },
    slow: true,
  },
  {
    name: 'json-lone-surrogates',
    input:
      'Fluent Bit line whose System escapes a lone \\ud800 and a lone \\udc00; a line with an invalid escape (\\x41)',
    expected:
      'lone surrogates read as U+FFFD (event and signal kept); the bad escape an error at its record; the rest read',
    bytes: () => utf8(fluentBitJsonLine(leak()) + lone + badEscape + fluentBitJsonLine(failure())),
    reader: {
      events: 3,
      signals: 3,
      errors: [{ reason: /invalid escape/, offset: bytesOf(fluentBitJsonLine(leak()) + lone) }],
      check: (o) => (o.stats.shape === 'json-lines' ? [] : [`shape ${o.stats.shape}`]),
    },
    ingest: { errors: 1, newSignals: 3, incidents: [['app01', 'open', 2]], alerts: ['opened'] },
  },
  {
    name: 'json-deep-nesting',
    input: 'a JSON line nested 100,000 arrays deep, then the morning as JSON lines',
    expected:
      'an error where it passes 64 levels (no recursion), the walk resumes at the next line: the morning read',
    bytes: () => utf8(`{"System":${'['.repeat(100_000)}\n${morningLines}`),
    reader: {
      events: 3,
      signals: 3,
      errors: [{ reason: /nested deeper than 64 levels/, offset: '{"System":'.length + 63 }],
    },
    ingest: { errors: 1, newSignals: 3, incidents: [['app01', 'open', 2]], alerts: ['opened'] },
  },
];
