/**
 * Each configuration in shipping/ against the code: the keys it makes are keys ingest accepts and attributes to
 * the right host, what it keeps includes every event id the detection uses, and what it writes is a shape the
 * reader reads. The agents' behaviour is taken from their own code: fluent/fluent-bit v5.1.1 (commit d55459d)
 * and aws/amazon-cloudwatch-agent (commit ab55b8d); file names are given where each fact is used.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { objectOrigin } from '../../functions/ingest/object-origin.ts';
import { SIGNAL_EVENT_IDS } from '../../functions/reader/prefilter.ts';
import { readEvents } from '../../functions/reader/read-events.ts';
import { shortHostName } from '../../functions/signals/host-name.ts';
import { readSignals } from '../../functions/signals/read-signals.ts';
import {
  aspnet1309,
  complusError,
  dcom10006,
  dotnet1026,
  type EventSpec,
  fluentBitRecord,
  hiveLeak1530,
  renderEventXml,
  securityLogoff,
  securityLogon,
  userSid,
} from '../../samples/render-events.ts';
import {
  EVENT_HOMES,
  type EventFacts,
  keeps,
  MAX_XPATH_EXPRESSIONS,
} from '../../shipping/event-selection.ts';
import {
  CLOUDWATCH_AGENT_CONFIG,
  FLUENT_BIT_CONFIG,
  fluentBitObjectKey,
  readCloudWatchAgentConfig,
  readFluentBitConfig,
} from '../../shipping/shipper-configs.ts';
import { synthesizeHivewatch, theResource } from '../infra/synthesized-stack.ts';

const fluentBitText = readFileSync(FLUENT_BIT_CONFIG, 'utf8');
const fluentBit = readFluentBitConfig(fluentBitText);
const agent = readCloudWatchAgentConfig(readFileSync(CLOUDWATCH_AGENT_CONFIG, 'utf8'));
const installScript = readFileSync(
  new URL('../../shipping/fluent-bit/install-fluent-bit.ps1', import.meta.url),
  'utf8',
);
const [s3] = fluentBit.outputs.filter((o) => o.name === 's3');
const winevtlogInputs = fluentBit.inputs.filter((i) => i.name === 'winevtlog');
const configs = [
  ['Fluent Bit', fluentBit.selection],
  ['CloudWatch agent', agent.selection],
] as const;

/** Where the install script puts Fluent Bit's files (and creates the folder). */
const DATA = 'C:\\ProgramData\\hivewatch\\fluent-bit';

/**
 * The keys each part of the configuration may hold, from Fluent Bit's own source: src/flb_config.c (service),
 * src/flb_input.c and src/flb_output.c (every instance), plugins/in_winevtlog/in_winevtlog.c and
 * plugins/out_s3/s3.c (their config_map). A misspelt key is ignored or refused by Fluent Bit; here it fails.
 */
const KNOWN_KEYS = {
  service: [
    'flush',
    'grace',
    'daemon',
    'log_file',
    'log_level',
    'parsers_file',
    'plugins_file',
    'http_server',
    'http_listen',
    'http_port',
    'health_check',
    'storage.path',
    'storage.sync',
    'storage.metrics',
    'storage.checksum',
    'storage.backlog.mem_limit',
    'storage.max_chunks_up',
    'storage.delete_irrecoverable_chunks',
    'storage.trim_files',
  ],
  input: [
    'name',
    'tag',
    'log_level',
    'alias',
    'mem_buf_limit',
    'storage.type',
    'storage.pause_on_chunks_overlimit',
    'threaded',
  ],
  winevtlog: [
    'channels',
    'db',
    'interval_sec',
    'interval_nsec',
    'string_inserts',
    'event_data_as_map',
    'event_template_cache_size',
    'read_existing_events',
    'render_event_as_xml',
    'render_event_as_text',
    'render_event_text_key',
    'use_ansi',
    'ignore_missing_channels',
    'event_query',
    'read_limit_per_cycle',
  ],
  output: [
    'name',
    'match',
    'match_regex',
    'alias',
    'log_level',
    'retry_limit',
    'storage.total_limit_size',
    'workers',
  ],
  s3: [
    'format',
    'json_date_format',
    'json_date_key',
    'total_file_size',
    'upload_chunk_size',
    'upload_timeout',
    'bucket',
    'region',
    'role_arn',
    'endpoint',
    'sts_endpoint',
    'canned_acl',
    'compression',
    'content_type',
    'store_dir',
    'store_dir_limit_size',
    'quarantine_dir_limit_size',
    's3_key_format',
    's3_key_format_tag_delimiters',
    'auto_retry_requests',
    'use_put_object',
    'send_content_md5',
    'preserve_data_ordering',
    'retry_exhausted_action',
    'log_key',
    'external_id',
    'static_file_path',
    'storage_class',
    'profile',
  ],
};

const isOn = (value: string | undefined) => ['on', 'true', 'yes', '1'].includes((value ?? '').toLowerCase());

describe('the Fluent Bit configuration (shipping/fluent-bit/fluent-bit.yaml)', () => {
  it('uses only keys Fluent Bit knows', () => {
    expect(Object.keys(fluentBit.service).filter((k) => !KNOWN_KEYS.service.includes(k))).toEqual([]);
    for (const input of winevtlogInputs) {
      const known = [...KNOWN_KEYS.input, ...KNOWN_KEYS.winevtlog];
      expect(
        Object.keys(input).filter((k) => !known.includes(k)),
        input.tag,
      ).toEqual([]);
    }
    expect(
      Object.keys(s3 ?? {}).filter((k) => ![...KNOWN_KEYS.output, ...KNOWN_KEYS.s3].includes(k)),
    ).toEqual([]);
  });

  it('reads Application, System and Security as XML, each with its own bookmark file and filesystem buffering', () => {
    expect(winevtlogInputs.map((i) => i.channels)).toEqual(['Application', 'System', 'Security']);
    for (const input of winevtlogInputs) {
      expect(isOn(input.render_event_as_xml), input.channels).toBe(true);
      expect(input['storage.type']).toBe('filesystem');
      expect(input.db?.startsWith(`${DATA}\\`)).toBe(true);
    }
    expect(new Set(winevtlogInputs.map((i) => i.db)).size).toBe(winevtlogInputs.length);
    expect(fluentBit.service['storage.path']?.startsWith(`${DATA}\\`)).toBe(true);
  });

  it('keeps every file in the folder the install script creates', () => {
    expect(installScript).toContain("$root = 'C:\\ProgramData\\hivewatch'");
    expect(installScript).toContain("$data = Join-Path $root 'fluent-bit'");
    const paths = [
      fluentBit.service.log_file,
      fluentBit.service['storage.path'],
      s3?.store_dir,
      ...winevtlogInputs.map((i) => i.db),
    ];
    for (const path of paths) expect(path?.startsWith(`${DATA}\\`), path).toBe(true);
  });

  it('sends every input to one s3 output: PutObject only, compressed, buffered in an explicit folder', () => {
    const match = new RegExp(`^${(s3?.match ?? '').replace(/\./g, '\\.').replace(/\*/g, '.*')}$`);
    for (const input of winevtlogInputs) expect(match.test(input.tag ?? ''), input.tag).toBe(true);
    expect(isOn(s3?.use_put_object)).toBe(true);
    // plugins/out_s3/s3.c: gzip and zstd set Content-Encoding; the reader reads gzip today.
    expect(s3?.compression).toBe('gzip');
    expect(s3?.store_dir).not.toBe('/tmp/fluent-bit/s3');
    // PutObject carries the whole object: Fluent Bit refuses total_file_size above 1 GB with use_put_object.
    expect(s3?.total_file_size).toMatch(/^\d+M$/);
    expect(Number.parseInt(s3?.total_file_size ?? '', 10)).toBeLessThanOrEqual(1000);
    // The format json_lines (the default) and the whole record: `System` holds the event XML.
    expect(s3?.format ?? 'json_lines').toBe('json_lines');
    expect(s3?.log_key).toBeUndefined();
  });

  it('takes its variables from the environment the install script gives the service', () => {
    const used = [...new Set([...fluentBitText.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]))].sort();
    expect(used).toEqual(['HIVEWATCH_BUCKET', 'HIVEWATCH_HOST', 'HIVEWATCH_REGION']);
    for (const name of used) expect(installScript).toContain(`"${name}=`);
    expect(installScript).toContain('"AWS_SHARED_CREDENTIALS_FILE=');
  });

  it('keeps each event query within what Windows accepts in a bare XPath', () => {
    for (const [, queries] of fluentBit.selection) {
      for (const query of queries) expect(query.expressions).toBeLessThanOrEqual(MAX_XPATH_EXPRESSIONS);
    }
  });
});

describe('the keys Fluent Bit writes', () => {
  const key = (host: string, at = new Date('2026-08-21T09:05:07Z')) =>
    fluentBitObjectKey(s3?.s3_key_format ?? '', {
      env: { HIVEWATCH_HOST: host, HIVEWATCH_BUCKET: 'hivewatch-ingest', HIVEWATCH_REGION: 'eu-west-1' },
      tag: 'winevtlog.application',
      uuid: 'Xy7rT2qa',
      at,
    });

  it('name the host under incoming/, dated in UTC', () => {
    expect(key('web01')).toBe('incoming/web01/2026/08/21/090507-Xy7rT2qa.json.gz');
  });

  it('are accepted by ingest and attributed to the host IAM let write them, for any host name', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9-]{0,14}[A-Za-z0-9])?(\.[a-z0-9]{1,10}){0,3}$/),
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        (host, at) => {
          const written = key(host, at);
          // IAM's resource is incoming/${tag or CN}/*: the segment must be the identity exactly, case included.
          expect(written.startsWith(`incoming/${host}/`)).toBe(true);
          expect(objectOrigin(written)).toEqual({
            success: true,
            origin: 'host-prefix',
            host: shortHostName(host),
            hostAsWritten: host,
          });
        },
      ),
    );
  });

  it('are refused by ingest when HIVEWATCH_HOST is missing (Fluent Bit then writes an empty segment)', () => {
    const written = key('');
    expect(written.startsWith('incoming//')).toBe(true);
    expect(objectOrigin(written)).toMatchObject({ success: false, error: expect.stringMatching(/no host/) });
  });
});

describe('the CloudWatch agent configuration (shipping/cloudwatch-agent/hivewatch-windows-events.json)', () => {
  it('renders every event as XML', () => {
    for (const entry of agent.entries) expect(entry.event_format, entry.log_stream_name).toBe('xml');
  });

  it('gives each entry its own state: no two share log group, stream and channel (the agent assumes it)', () => {
    // plugins/inputs/windows_event_log/windows_event_log.go names each entry's state file by the three.
    const names = agent.entries.map((e) => `${e.log_group_name}_${e.log_stream_name}_${e.event_name}`);
    expect(new Set(names).size).toBe(names.length);
  });

  it('keeps each entry within the 32 expressions Windows allows in a Select', () => {
    for (const [, queries] of agent.selection) {
      for (const query of queries) expect(query.expressions).toBeLessThanOrEqual(32);
    }
  });

  it('writes to the log group the stack subscribes, whose Firehose keys ingest attributes to the events', () => {
    const groups = [...new Set(agent.entries.map((e) => e.log_group_name))];
    expect(groups).toHaveLength(1);
    const { template } = synthesizeHivewatch({ agentLogGroup: groups[0] });
    const [, filter] = theResource(template, 'AWS::Logs::SubscriptionFilter');
    expect(filter.Properties.LogGroupName).toBe(groups[0]);
    const [, stream] = theResource(template, 'AWS::KinesisFirehose::DeliveryStream');
    expect(stream.Properties.ExtendedS3DestinationConfiguration.Prefix.startsWith('firehose/')).toBe(true);
  });
});

describe.each(configs)('what the %s configuration keeps', (_name, selection) => {
  const allLevels = [0, 1, 2, 3, 4, 5];

  it('includes every event id the detection uses, in its channel, at any level', () => {
    expect(SIGNAL_EVENT_IDS.size).toBeGreaterThan(0);
    for (const id of SIGNAL_EVENT_IDS) {
      const home = EVENT_HOMES[id];
      expect(
        home,
        `event ${id}: add its channel to EVENT_HOMES (shipping/event-selection.ts) and the configs`,
      ).toBeDefined();
      for (const level of allLevels) {
        const event = { channel: home?.channel ?? '', eventId: id, level, provider: home?.provider ?? '' };
        expect(keeps(selection, event), `${home?.channel} ${id} at level ${level}`).toBe(true);
      }
    }
  });

  it('includes the restart, logon and logoff events hivewatch reads (every id in EVENT_HOMES)', () => {
    for (const [id, home] of Object.entries(EVENT_HOMES)) {
      for (const level of allLevels) {
        const event = { channel: home.channel, eventId: Number(id), level, provider: home.provider };
        expect(keeps(selection, event), `${home.channel} ${id} at level ${level}`).toBe(true);
      }
    }
  });

  it('includes the failures that carry 0x800703FA, from whichever provider, by their level', () => {
    const common = { computer: 'APP01.corp.example.net', time: '2026-08-21T09:05:07.1234567Z', recordId: 1 };
    const failures: EventSpec[] = [
      complusError({ ...common, appId: '{0B3A6F2E-0000-4000-8000-000000000001}', appName: 'XRC' }),
      complusError({
        ...common,
        appId: '{0B3A6F2E-0000-4000-8000-000000000001}',
        appName: 'XRC',
        modern: true,
      }),
      aspnet1309({
        ...common,
        pid: 4410,
        appPool: 'Orders',
        clsid: '{0B3A6F2E-0000-4000-8000-000000000002}',
      }),
      dotnet1026(common),
    ];
    for (const spec of failures) expect(keeps(selection, facts(spec)), spec.provider.name).toBe(true);
    // A System error from any provider (Service Control Manager 7000 renders ERROR_KEY_DELETED's text).
    expect(
      keeps(selection, { channel: 'System', eventId: 7000, level: 2, provider: 'Service Control Manager' }),
    ).toBe(true);
  });

  it('leaves out the rest: informational events, the other audit events, other channels', () => {
    const noise: EventFacts[] = [
      { channel: 'Application', eventId: 1000, level: 4, provider: 'Application' },
      { channel: 'Application', eventId: 33205, level: 0, provider: 'MSSQLSERVER' },
      { channel: 'System', eventId: 7036, level: 4, provider: 'Service Control Manager' },
      { channel: 'System', eventId: 10016, level: 3, provider: 'Microsoft-Windows-DistributedCOM' },
      { channel: 'Security', eventId: 4688, level: 0, provider: 'Microsoft-Windows-Security-Auditing' },
      { channel: 'Security', eventId: 4625, level: 0, provider: 'Microsoft-Windows-Security-Auditing' },
      { channel: 'Security', eventId: 4672, level: 0, provider: 'Microsoft-Windows-Security-Auditing' },
      {
        channel: 'Microsoft-Windows-Sysmon/Operational',
        eventId: 1,
        level: 4,
        provider: 'Microsoft-Windows-Sysmon',
      },
    ];
    for (const event of noise)
      expect(keeps(selection, event), `${event.channel} ${event.eventId}`).toBe(false);
  });
});

it('the two configurations keep the same events (same channels, levels and ids)', () => {
  const ids = [
    ...Object.keys(EVENT_HOMES).map(Number),
    1,
    20,
    1000,
    1309,
    4625,
    4688,
    7000,
    7036,
    10016,
    33205,
  ];
  fc.assert(
    fc.property(
      fc.constantFrom('Application', 'System', 'Security', 'Setup', 'Microsoft-Windows-Sysmon/Operational'),
      fc.constantFrom(...ids),
      fc.integer({ min: 0, max: 5 }),
      (channel, eventId, level) => {
        const event = { channel, eventId, level, provider: 'any' };
        expect(keeps(agent.selection, event)).toBe(keeps(fluentBit.selection, event));
      },
    ),
  );
});

/** The System fields of a sample event, as a query sees them. */
function facts(spec: EventSpec): EventFacts {
  return {
    channel: spec.channel,
    eventId: spec.eventId,
    level: spec.level ?? 4,
    provider: spec.provider.name,
  };
}

/** A morning on APP01 as the configurations ship it: the logon/logoff, the leak, the failures on both sides. */
function incidentEvents(): EventSpec[] {
  const at = (minute: number, recordId: number) => ({
    time: `2026-08-21T09:${String(minute).padStart(2, '0')}:07.1234567Z`,
    recordId,
  });
  const identity = { sid: userSid(1104), user: 'svc_orders', logonId: '0x3a81f2' };
  return [
    securityLogon({
      computer: 'APP01.corp.example.net',
      ...at(1, 501),
      ...identity,
      logonType: 10,
      ipAddress: '10.1.2.3',
    }),
    securityLogoff({ computer: 'APP01.corp.example.net', ...at(2, 502), ...identity, eventId: 4647 }),
    hiveLeak1530({
      computer: 'APP01.corp.example.net',
      ...at(3, 88),
      sid: identity.sid,
      processes: [{ pid: 2428, path: '\\Device\\HarddiskVolume2\\Windows\\System32\\dllhost.exe' }],
    }),
    complusError({
      computer: 'APP01.corp.example.net',
      ...at(7, 89),
      appId: '{0B3A6F2E-0000-4000-8000-000000000001}',
      appName: 'XRC',
    }),
    dcom10006({
      computer: 'WEB01.corp.example.net',
      ...at(8, 3001),
      server: 'APP01',
      clsid: '{0B3A6F2E-0000-4000-8000-000000000003}',
    }),
  ];
}

describe('what the configurations write is a shape the reader reads', () => {
  it('Fluent Bit: gzip json_lines, one record per event with the XML in System (string_inserts off)', async () => {
    expect(isOn(winevtlogInputs[0]?.string_inserts)).toBe(false);
    const events = incidentEvents();
    for (const spec of events) expect(keeps(fluentBit.selection, facts(spec)), `${spec.eventId}`).toBe(true);
    // plugins/in_winevtlog/pack.c winevtlog_pack_xml_event: System, Message (StringInserts only when on);
    // out_s3 json_lines puts json_date_key ("date") first.
    const lines = events.map((spec) => {
      const { StringInserts: _, ...record } = JSON.parse(fluentBitRecord(spec)) as Record<string, unknown>;
      return `${JSON.stringify(record)}\n`;
    });
    expect(lines[0]).toMatch(/^\{"date":"[^"]+","System":"<Event xmlns=/);
    const object = gzipSync(Buffer.from(lines.join(''), 'utf8'));
    const read = await readSignals(object, {
      name: 'incoming/app01/2026/08/21/090507-Xy7rT2qa.json.gz',
      contentEncoding: 'gzip',
    });
    expect(read.errors).toEqual([]);
    expect(read.stats.shape).toBe('json-lines');
    expect(read.stats.events).toBe(events.length);
    expect(read.signals.map((s) => `${s.kind} ${s.host}`).sort()).toEqual([
      'failure app01',
      'failure app01',
      'leak app01',
      'logoff app01',
      'logon app01',
    ]);
  });

  it('CloudWatch agent → CloudWatch Logs → Firehose: gzip’d subscription envelopes back to back', async () => {
    const events = incidentEvents();
    for (const spec of events) expect(keeps(agent.selection, facts(spec)), `${spec.eventId}`).toBe(true);
    // Each record CloudWatch Logs puts into Firehose is one gzip'd JSON envelope (messageType, owner, logGroup,
    // logStream, subscriptionFilters, logEvents[{id, timestamp, message}]); Firehose without processing or
    // compression writes the records back to back. The agent's message with event_format xml is the event's
    // EvtFormatMessage XML, RenderingInfo included (plugins/inputs/windows_event_log/wineventlog/wineventlog.go).
    const envelope = (messageType: string, logStream: string, messages: string[]) =>
      gzipSync(
        JSON.stringify({
          messageType,
          owner: messageType === 'DATA_MESSAGE' ? '123456789012' : 'CloudwatchLogs',
          logGroup: agent.entries[0]?.log_group_name,
          logStream,
          subscriptionFilters: ['hivewatch-AgentLogsSubscription'],
          logEvents: messages.map((message, i) => ({
            id: `3795345384727493729563287923847592837459283745982${i}`,
            timestamp: 1787303107123 + i,
            message,
          })),
        }),
      );
    const object = Buffer.concat([
      envelope('CONTROL_MESSAGE', '', ['CWL CONTROL MESSAGE: Checking health of destination Firehose.']),
      envelope(
        'DATA_MESSAGE',
        'app01-security-logons',
        events.slice(0, 2).map((s) => renderEventXml(s)),
      ),
      envelope(
        'DATA_MESSAGE',
        'app01-application-profiles',
        events.slice(2, 4).map((s) => renderEventXml(s)),
      ),
      envelope(
        'DATA_MESSAGE',
        'web01-system-signals',
        events.slice(4).map((s) => renderEventXml(s)),
      ),
    ]);
    const items = [];
    for await (const item of readEvents(object, { decode: 'all' })) items.push(item);
    expect(items.filter((i) => i.kind === 'error')).toEqual([]);
    expect(items.filter((i) => i.kind === 'event')).toHaveLength(events.length);
  });
});
