/** Who the events say they are: forged hosts, keys, hostile and giant names, a flood of clients. */
import type { EventSpec } from '../../samples/render-events.ts';
import { failure, leak, noise, serverError, utf8, xml } from './case-events.ts';
import type { HostileCase } from './hostile-case.ts';
import { alertMisses, pageMisses } from './rendered-check.ts';

/** hostb's leak and own failure, with hosta's ordinary events around them, all in an object of hosta's shipper. */
const forged = () =>
  utf8(
    [
      ...noise(3, 'HOSTA.corp.example.net'),
      leak('HOSTB.corp.example.net'),
      serverError('HOSTB.corp.example.net'),
    ]
      .map(xml)
      .join('\n'),
  );
const forgedKey = 'incoming/hosta/2026/11/17/forged.xml';

/** Markup, a bell, an ANSI escape and a right-to-left override in the server's and a client's Computer. */
const HostileServer = '<img src=x onerror=alert(1)>\u0007\u001b[31m\u202eAPP66';
const HostileClient = '*WS*<b>x</b>_~:#<script>alert(2)</script>';
const Now = new Date('2026-11-18T09:00:00Z');
/** A name as a quoted string with every control and format character escaped: safe to print in the table. */
const visible = (name: string) =>
  JSON.stringify(name).replace(
    /[\p{Cc}\p{Cf}]/gu,
    (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );

/** `count` clients, each its own computer, each logging one DCOM 10006 naming APP01, after APP01's leak. */
async function* clients(count: number, nameLength: number): AsyncGenerator<Uint8Array> {
  yield utf8(xml(leak()));
  const pad = 'x'.repeat(Math.max(0, nameLength - 8));
  for (let from = 0; from < count; from += 1000) {
    const specs: EventSpec[] = [];
    for (let i = from; i < Math.min(count, from + 1000); i++) {
      const second = String(i % 60).padStart(2, '0');
      const minute = String(10 + (Math.floor(i / 60) % 50)).padStart(2, '0');
      specs.push(
        failure(
          `WS${String(i).padStart(6, '0')}${pad}`,
          'APP01',
          1000 + i,
          `2026-11-17T06:${minute}:${second}.0000000Z`,
        ),
      );
    }
    yield utf8(specs.map(xml).join(''));
  }
}

export const originCases: HostileCase[] = [
  ...(['accept', 'flag', 'reject'] as const).map(
    (setting): HostileCase => ({
      name: `forged-host-${setting}`,
      input:
        "under incoming/hosta/: hosta's ordinary events, and hostb's leak and failure (forgedHost=" +
        setting +
        ')',
      expected: {
        accept: "hostb's incident opened and alerted as if hostb had shipped it",
        flag: "hostb's incident opened and alerted; its evidence and alert name hosta as the shipper",
        reject:
          "hostb's events refused (an error each, naming both hosts); nothing stored for hostb, no alert",
      }[setting],
      key: forgedKey,
      forgedHost: setting,
      bytes: forged,
      reader: { events: 5, signals: 2, errors: [] },
      ingest:
        setting === 'reject'
          ? {
              errors: 2,
              newSignals: 0,
              incidents: [],
              alerts: [],
              check: (o) => [
                ...(o.report?.record.errorSamples.every((e) =>
                  /HOSTB\.corp\.example\.net in an object of hosta's shipper: refused \(forgedHost=reject\)/.test(
                    e.reason,
                  ),
                )
                  ? []
                  : ['the errors do not name both hosts']),
                ...(o.stateKeys.some((k) => k.startsWith('host#hostb')) ? ['hostb has a stored state'] : []),
              ],
            }
          : {
              errors: 0,
              newSignals: 2,
              incidents: [['hostb', 'open', 1]],
              alerts: ['opened'],
              check: (o) => {
                const shippedBy = o.incidents[0]?.evidence.map((e) => e.shippedBy ?? '-').join();
                const want = setting === 'flag' ? 'hosta,hosta' : '-,-';
                const said = o.alerts[0]?.body.includes('shipped by hosta') ?? false;
                return shippedBy === want && said === (setting === 'flag')
                  ? []
                  : [`evidence shipped by ${shippedBy}, alert names the shipper: ${said}`];
              },
            },
    }),
  ),
  {
    name: 'key-dot-dot-host',
    input: 'the morning under `incoming/../firehose/2026/11/17/08/x` (a key trying to leave its prefix)',
    expected:
      "S3 keys are names, not paths: the host segment '..' names no host; refused with that reason, nothing read",
    key: 'incoming/../firehose/2026/11/17/08/x',
    bytes: () => utf8([leak(), serverError()].map(xml).join('')),
    reader: { events: 2, signals: 2 },
    ingest: {
      events: 0,
      errors: 1,
      incidents: [],
      alerts: [],
      check: (o) =>
        /host segment '\.\.' names no host/.test(o.report?.record.errorSamples[0]?.reason ?? '')
          ? []
          : [`reason '${o.report?.record.errorSamples[0]?.reason}'`],
    },
  },
  {
    name: 'key-dot-dot-path',
    input: "hostb's leak and failure under `incoming/hosta/../hostb/x.xml`",
    expected:
      "the shipper is the first segment, hosta: hostb's events are another host's (flagged, the default)",
    key: 'incoming/hosta/../hostb/2026/11/17/x.xml',
    bytes: () =>
      utf8([leak('HOSTB.corp.example.net'), serverError('HOSTB.corp.example.net')].map(xml).join('')),
    reader: { events: 2, signals: 2 },
    ingest: {
      newSignals: 2,
      incidents: [['hostb', 'open', 1]],
      alerts: ['opened'],
      check: (o) => (o.report?.record.shipper === 'hosta' ? [] : [`shipper ${o.report?.record.shipper}`]),
    },
  },
  {
    name: 'hostile-host-names',
    input: `a server named ${visible(HostileServer)} (leak, failure) and a client named ${visible(HostileClient)}`,
    expected:
      'stored as written; the alert (subject, text, chat) shows look-alikes and \\uXXXX codes, never the raw characters; the HTML page shows them as text: no element, request or dialog (headless chromium)',
    key: 'firehose/2026/11/17/08/hostile-names',
    chromium: true,
    bytes: () =>
      utf8(
        [
          leak(`${HostileServer}.corp`),
          serverError(`${HostileServer}.corp`),
          failure(HostileClient, HostileServer),
        ]
          .map(xml)
          .join(''),
      ),
    reader: { events: 3, signals: 3, errors: [] },
    ingest: {
      newSignals: 3,
      errors: 0,
      incidents: [[HostileServer.toLowerCase(), 'open', 2]],
      alerts: ['opened'],
      check: async (o) => [
        ...alertMisses(o.alerts),
        ...(await pageMisses(o.incidents, ['<img src=x onerror=alert(1)>', '<b>x</b>'], Now)),
      ],
    },
  },
  {
    name: 'host-name-400KB',
    input: 'a Firehose object: a leak and a failure from a 400 KB Computer name, then the morning of app01',
    expected:
      "the giant name's events refused (a host name longer than one DNS label, 63 bytes: no key or item can hold it); app01's incident stored",
    key: 'firehose/2026/11/17/08/giant-name',
    bytes: () =>
      utf8(
        [leak('H'.repeat(400_000)), serverError('H'.repeat(400_000)), leak(), serverError(), failure()]
          .map(xml)
          .join(''),
      ),
    reader: { events: 5, signals: 5, errors: [] },
    ingest: {
      errors: 2,
      newSignals: 3,
      incidents: [['app01', 'open', 2]],
      alerts: ['opened'],
      check: (o) =>
        o.report?.record.errorSamples.every((e) =>
          /names a host longer than 63 bytes: refused/.test(e.reason),
        )
          ? []
          : ['errors do not say why'],
    },
  },
  {
    name: 'clients-10^5',
    input:
      '100,000 distinct clients (63-byte names: one DNS label, the longest ingest takes) each failing against APP01 after its leak',
    expected:
      'every failure counted (500 clients named, the rest summed); the incident and state items under 400 KB (written as ingest writes them)',
    bytes: () => clients(100_000, 63),
    via: 'signals',
    reader: { events: 100_001, signals: 100_001, errors: [] },
    ingest: {
      incidents: [['app01', 'open', 100_000]],
      alerts: ['opened'],
      check: (o) => {
        const incident = o.incidents[0];
        return incident?.perClient.length === 500 && incident.clients.length === 500
          ? []
          : [`${incident?.perClient.length} clients named`];
      },
    },
    slow: true,
  },
  {
    name: 'clients-2000-ingest',
    input:
      '2,000 distinct clients failing against APP01, through the real ingest (one de-duplication item per client)',
    expected:
      'every failure counted, items under 400 KB; the time per client computer measured (it sets what an object can hold)',
    key: 'firehose/2026/11/17/08/clients',
    bytes: () => clients(2000, 20),
    reader: { events: 2001, signals: 2001, errors: [] },
    ingest: { newSignals: 2001, errors: 0, incidents: [['app01', 'open', 2000]], alerts: ['opened'] },
    slow: true,
  },
];
