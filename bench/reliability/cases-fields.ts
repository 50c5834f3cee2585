/** Hostile values in well-formed events: edge times, record ids past 2^53, floods of processes and of errors, giants. */
import { bytesOf, failure, LeakAt, leak, serverError, utf8, xml } from './case-events.ts';
import { errorsKeptBounded, type HostileCase } from './hostile-case.ts';
import { spliced } from './hostile-streams.ts';

const MaxEvent = 4 * 1024 * 1024;
/** The leak and the server's own failure on `host` at `leakAt` / `failAt`. */
const pair = (host: string, leakAt: string, failAt: string, first = 1) =>
  xml(leak(`${host}.corp.example.net`, first, leakAt)) +
  xml(serverError(`${host}.corp.example.net`, first + 1, failAt));

const Safe = Number.MAX_SAFE_INTEGER;
const pastSafe = (spec: ReturnType<typeof leak>, id: string) =>
  xml(spec).replace(/<EventRecordID>\d+</, `<EventRecordID>${id}<`);
const bigIds =
  pastSafe(leak('APP02.corp.example.net'), '9007199254740993') +
  pastSafe(serverError('APP02.corp.example.net'), '18446744073709551615') +
  xml(leak('APP01.corp.example.net', Safe - 1)) +
  xml(serverError('APP01.corp.example.net', Safe));

const badTimes = ['2026-02-30T00:00:00.0000000Z', '2026-11-17T25:00:00Z', '10000-01-01T00:00:00Z', 'NaN'];
const timed = badTimes.map((t) => xml(serverError()).replace(/SystemTime='[^']*'/, `SystemTime='${t}'`));

/** A 1530 whose Detail is `head`, then `lines` copies of one Process line, then the event's end. */
function processFlood(lines: number): { head: Buffer; line: Buffer; tail: Buffer } {
  const marker = 'MARKER-PROCESS-LINES';
  const spec = leak();
  const detail = spec.data?.[0];
  if (detail && 'value' in detail)
    detail.value = `${lines} user registry handles leaked from \\Registry\\User\\S-1-5-21-1-2-3-1004:\n${marker}`;
  spec.message = 'Windows detected your registry file is still in use by other applications or services.';
  const [head, tail] = xml(spec).split(marker) as [string, string];
  const line =
    'Process 2428 (\\Device\\HarddiskVolume2\\Windows\\System32\\dllhost.exe) has opened key \\REGISTRY\\USER\\S-1-5-21-1-2-3-1004\n';
  return { head: utf8(head), line: utf8(line), tail: utf8(tail) };
}

/** A 1530 naming `count` distinct dllhost.exe processes: the most that fit in maxEventBytes is ~40,000. */
function distinctProcesses(count: number): string {
  const processes = Array.from({ length: count }, (_, i) => ({
    pid: 10_000 + i,
    path: '\\Device\\HarddiskVolume2\\Windows\\System32\\dllhost.exe',
    handles: 1,
  }));
  const spec = leak('APP01.corp.example.net', 101, LeakAt, processes);
  spec.message = 'Windows detected your registry file is still in use by other applications or services.';
  return xml(spec);
}

const GiB = 1024 ** 3;
const giantHead = xml(serverError()).split('</Data>')[0] as string;
const giantTail = `</Data></EventData></Event>\n${xml(leak())}${xml(failure())}`;

export const fieldCases: HostileCase[] = [
  {
    name: 'times-1601-and-9999',
    input:
      'app01: leak and failure at 1601-01-01T00:00:00.0000001Z; app02: the same at 9999-12-31T23:00Z; app03: a leak at 1601, one at 9999',
    expected:
      'all read; through ingest the 1601 events make their incidents (app03 at risk until 1601-01-08), the three at 9999 are refused, each an error: more than a day ahead of the clock (event-clock.ts). The arithmetic at year 9999 is pinned by event-time-range.test.ts',
    bytes: () =>
      utf8(
        pair('APP01', '1601-01-01T00:00:00.0000001Z', '1601-01-01T00:05:00.0000001Z') +
          pair('APP02', '9999-12-31T23:00:00.0000000Z', '9999-12-31T23:30:00.0000000Z', 3) +
          xml(leak('APP03.corp.example.net', 5, '1601-01-01T00:00:00.0000001Z')) +
          xml(leak('APP03.corp.example.net', 6, '9999-12-31T23:59:59.9999999Z')),
      ),
    reader: { events: 6, signals: 6, errors: [] },
    ingest: {
      newSignals: 3,
      errors: 3,
      incidents: [
        ['app01', 'open', 1],
        ['app03', 'at-risk', 0],
      ],
      alerts: ['opened', 'at-risk'],
      check: (o) => {
        const ends = o.incidents.flatMap((i) => (i.atRiskUntil ? [i.atRiskUntil] : [])).sort();
        const want = ['1601-01-08T00:00:00.000000100Z'];
        return ends.join() === want.join() ? [] : [`at-risk ends ${ends.join(', ')}`];
      },
    },
  },
  {
    name: 'future-dated-event',
    input:
      "app01's leak and failure today, after one ordinary failure of app01 dated 9999-12-31 (a broken or hostile clock)",
    expected: "today's incident opened and alerted: one event from the far future must not blind the host",
    bytes: () =>
      utf8(
        xml(serverError('APP01.corp.example.net', 50, '9999-12-31T23:00:00.0000000Z')) +
          pair('APP01', LeakAt, '2026-11-17T06:10:00.0000000Z', 60),
      ),
    reader: { events: 3, signals: 3, errors: [] },
    // refused at ingest, more than a day ahead of its clock (event-clock.ts): kept, it would end the host's history
    ingest: { newSignals: 2, errors: 1, incidents: [['app01', 'open', 1]], alerts: ['opened'] },
  },
  {
    name: 'impossible-times',
    input: `four failures timed ${badTimes.join(', ')}; then the morning`,
    expected: 'each an error naming its time, at its offset; the morning read',
    bytes: () => utf8(timed.join('') + pair('APP01', LeakAt, '2026-11-17T06:10:00.0000000Z', 10)),
    reader: {
      events: 6,
      signals: 2,
      errors: badTimes.map((t, i) => ({
        reason: new RegExp(`TimeCreated SystemTime '${t}' is not a time`),
        offset: bytesOf(timed.slice(0, i).join('')),
      })),
    },
    ingest: { errors: 4, newSignals: 2, incidents: [['app01', 'open', 1]], alerts: ['opened'] },
  },
  {
    name: 'record-id-past-2^53',
    input:
      'app02: leak and failure with EventRecordID 2^53+1 and 2^64-1; app01: with 2^53-2 and 2^53-1; delivered twice',
    expected:
      'ids past 2^53 refused with an error (a double would merge distinct ids: de-duplication stays exact); 2^53-1 counted once over both deliveries',
    bytes: () => utf8(bigIds),
    deliveries: 2,
    reader: {
      events: 4,
      signals: 2,
      errors: [
        { reason: /recordId is invalid: Too big: expected int to be <=9007199254740991/, offset: 0 },
        {
          reason: /recordId is invalid: Too big/,
          offset: bytesOf(pastSafe(leak('APP02.corp.example.net'), '9007199254740993')),
        },
      ],
    },
    ingest: {
      errors: 2,
      newSignals: 0,
      incidents: [['app01', 'open', 1]],
      alerts: ['opened'],
      check: (o) =>
        o.reports[0]?.record.newSignals === 2
          ? []
          : [`first delivery: ${o.reports[0]?.record.newSignals} new`],
    },
  },
  {
    name: 'process-lines-10^6',
    input:
      'the leak; a 1530 whose Detail has 1,000,000 Process lines naming dllhost.exe (120 MB, streamed); a failure',
    expected: `the 1530 cut at maxEventBytes (${MaxEvent}): an error at its offset, never held whole; the events around it read`,
    bytes: () => {
      const { head, line, tail } = processFlood(1_000_000);
      const fill = Buffer.concat(Array.from({ length: 8192 }, () => line));
      return spliced(
        Buffer.concat([utf8(xml(leak('APP01.corp.example.net', 99))), head]),
        fill,
        1_000_000 * line.length,
        Buffer.concat([tail, utf8(xml(serverError()))]),
      );
    },
    reader: {
      events: 2,
      signals: 2,
      errors: [
        {
          reason: /larger than 4194304 bytes \(maxEventBytes\)/,
          offset: bytesOf(xml(leak('APP01.corp.example.net', 99))),
        },
      ],
      maxLiveMb: 64,
    },
    ingest: { errors: 1, newSignals: 2, incidents: [['app01', 'open', 1]], alerts: ['opened'] },
  },
  {
    name: 'process-pids-flood',
    input: 'a 1530 naming 25,000 distinct dllhost.exe pids (3.6 MB: fits in maxEventBytes), then the failure',
    expected:
      'read in bounded time; the leak stored with its first 16 processes (hive-leak.ts PROCESSES_KEPT), its incident under 400 KB: the object never fails whole',
    bytes: () => utf8(distinctProcesses(25_000) + xml(serverError())),
    reader: { events: 2, signals: 2, errors: [], maxMs: 10_000 },
    ingest: { errors: 0, newSignals: 2, incidents: [['app01', 'open', 1]], alerts: ['opened'] },
  },
  {
    name: 'leak-long-path',
    input: 'a 1530 whose one dllhost.exe line has a 1 MB device path, then the failure',
    expected:
      'the path kept to its last 260 characters (hive-leak.ts PATH_KEPT), the leak stored with its incident under 400 KB: the object never fails whole',
    bytes: () =>
      utf8(
        xml(
          leak('APP01.corp.example.net', 101, LeakAt, [
            { pid: 5, path: `\\Device\\${'x'.repeat(1_000_000)}\\dllhost.exe` },
          ]),
        ).replace(/<Message>[^<]*<\/Message>/, '<Message>short</Message>') + xml(serverError()),
      ),
    reader: { events: 2, signals: 2, errors: [] },
    ingest: { errors: 0, newSignals: 2, incidents: [['app01', 'open', 1]], alerts: ['opened'] },
  },
  {
    name: 'a-million-errors',
    input: '1,000,000 empty `<Event></Event>` (16 MB), then the morning',
    expected: 'each an error (all counted, 50 kept in memory: under 64 MB held); the morning read',
    bytes: () =>
      spliced(
        Buffer.alloc(0),
        utf8('<Event></Event>\n'.repeat(65_536)),
        16_000_000,
        utf8(pair('APP01', LeakAt, '2026-11-17T06:10:00.0000000Z')),
      ),
    reader: { events: 1_000_002, signals: 2, errors: 1_000_000, maxLiveMb: 64 },
    ingest: {
      errors: 1_000_000,
      newSignals: 2,
      incidents: [['app01', 'open', 1]],
      alerts: ['opened'],
      check: errorsKeptBounded,
    },
    slow: true,
  },
  {
    name: 'data-value-1-GiB',
    input:
      "a failure whose one Data value is 1 GiB (streamed, never in memory), then the leak and a client's failure",
    expected: `cut at maxEventBytes: one error at the event's offset, under 64 MB held by the reader and by ingest; the rest read`,
    bytes: () => spliced(utf8(giantHead), Buffer.alloc(1 << 20, 0x61), GiB, utf8(giantTail)),
    reader: {
      events: 2,
      signals: 2,
      errors: [{ reason: /larger than 4194304 bytes \(maxEventBytes\)/, offset: 0 }],
      maxLiveMb: 64,
    },
    ingest: {
      errors: 1,
      newSignals: 2,
      incidents: [['app01', 'open', 1]],
      alerts: ['opened'],
      check: (o) => (o.heldMb < 64 ? [] : [`ingest held ${o.heldMb.toFixed(0)} MB`]),
    },
    slow: true,
  },
];
