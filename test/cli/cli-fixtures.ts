import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { HostLedger } from '../../functions/hosts/host-ledger.port.ts';
import type { Signal } from '../../functions/signals/signal.ts';
import { DynamoDbIncidentStore } from '../../functions/storage/dynamodb-incident-store.ts';
import { createLocalPipeline, type LocalPipeline } from '../../local/local-pipeline.ts';
import type { LocalServices } from '../../local/local-services.ts';
import type { LocalResources } from '../../local/resources.ts';
import { writeMorningScenario } from '../../samples/morning-scenario.ts';
import { at, failure, leak, restart, session } from '../correlation/signal-builders.ts';
import { ingestSignals, ledgerOn } from '../storage/ledger-fixtures.ts';

/** The clock the fixtures' writes run on: after every event of the fleet below. */
export const FleetNow = new Date('2026-11-22T12:00:00Z');

export const Sid = {
  xrc: 'S-1-5-21-1111-2222-3333-1107',
  orders: 'S-1-5-21-1111-2222-3333-1122',
  reports: 'S-1-5-21-1111-2222-3333-1150',
  farm: 'S-1-5-21-1111-2222-3333-1200',
} as const;

const dllhost = (pid: number) => [
  { name: 'dllhost.exe', pid, path: '\\Device\\HarddiskVolume2\\Windows\\SysWOW64\\dllhost.exe' },
];
const w3wp = (pid: number) => [
  { name: 'w3wp.exe', pid, path: '\\Device\\HarddiskVolume3\\Windows\\System32\\inetsrv\\w3wp.exe' },
];

/** `n` failures of `host` reported by `reporters` in turn, a minute apart from `start`. */
function failures(host: string, reporters: readonly string[], n: number, start: string, firstRecord: number) {
  return Array.from({ length: n }, (_, i) =>
    failure({
      host,
      reporter: reporters[i % reporters.length] as string,
      recordId: firstRecord + i,
      time: at(`+${i}m`, start),
      clsid: '{7C8E2A41-6B3D-4F15-9E2A-5D0C3B8F1A62}',
      source: `incoming/${reporters[i % reporters.length]}/2026/11/17/System.xml.gz`,
    }),
  );
}

/** A logon/logoff pair of `account` (`sid`) on `host`, the logoff `gap` before `leakAt`. */
function logonAndLogoff(o: {
  host: string;
  sid: string;
  account: string;
  logonType: number;
  leakAt: string;
  ip?: string;
  recordId: number;
}): Signal[] {
  const [logon, logoff] = [
    session({
      kind: 'logon',
      host: o.host,
      sid: o.sid,
      time: at('-40m', o.leakAt),
      recordId: o.recordId,
      logonId: '0x5c2e91a',
      logonType: o.logonType,
      ...(o.ip ? { ip: o.ip } : {}),
    }),
    session({
      kind: 'logoff',
      host: o.host,
      sid: o.sid,
      time: at('-14s', o.leakAt),
      recordId: o.recordId + 1,
      logonId: '0x5c2e91a',
      logonType: o.logonType,
    }),
  ];
  return [logon, logoff].map((s) => ({ ...s, account: o.account }) as Signal);
}

/**
 * A small fleet, each host's signals as the objects its shipper would send, written by the real ingest path
 * (coverage, host states, correlation, outbox) into the tables:
 * - app01 (svc_xrc, a COM+ server): three incidents — resolved by a host restart (the logoff of an RDP session
 *   caused it), resolved as quiet, and open now: the repeat offender;
 * - iis01 (svc_orders, an app pool): 40 failures from five clients (more than the sample keeps), caused by a
 *   scheduled task's logoff (logon type 4): open;
 * - app02 (svc_reports): an at-risk leak, no failure; app03: an at-risk leak its process restart cleared;
 * - farm01…farm07: one open incident each, an hour apart (enough for several small pages).
 */
export function fleetObjects(): Signal[][] {
  const d0 = at('+0s');
  const d2 = at('+2d');
  const d4 = at('+4d');
  const iisLeak = at('+1d');
  const app01 = [
    [
      ...logonAndLogoff({
        host: 'app01',
        sid: Sid.xrc,
        account: 'CORP\\svc_xrc',
        logonType: 10,
        leakAt: d0,
        ip: '10.20.1.44',
        recordId: 10,
      }),
      leak({
        host: 'app01',
        recordId: 20,
        time: d0,
        sid: Sid.xrc,
        processes: dllhost(2428),
        source: 'incoming/app01/2026/11/17/Application.xml.gz',
      }),
      ...failures('app01', ['ws01', 'ws02', 'app01'], 6, at('+10m'), 100),
      restart({ host: 'app01', recordId: 30, time: at('+3h'), scope: 'host' }),
    ],
    [
      leak({ host: 'app01', recordId: 40, time: d2, sid: Sid.xrc, processes: dllhost(3100) }),
      ...failures('app01', ['ws01'], 3, at('+1h', d2), 200),
    ],
    [
      leak({ host: 'app01', recordId: 50, time: d4, sid: Sid.xrc, processes: dllhost(3388) }),
      ...failures('app01', ['ws01', 'ws03'], 4, at('+1h', d4), 300),
    ],
  ];
  const iis01 = [
    [
      ...logonAndLogoff({
        host: 'iis01',
        sid: Sid.orders,
        account: 'CORP\\svc_orders',
        logonType: 4,
        leakAt: iisLeak,
        recordId: 10,
      }),
      leak({ host: 'iis01', recordId: 20, time: iisLeak, sid: Sid.orders, processes: w3wp(6120) }),
      ...failures('iis01', ['web01', 'web02', 'web03', 'web04', 'web05'], 40, at('+5m', iisLeak), 100),
    ],
  ];
  const app02 = [
    [leak({ host: 'app02', recordId: 20, time: at('+4d'), sid: Sid.reports, processes: dllhost(4100) })],
  ];
  const app03 = [
    [
      leak({ host: 'app03', recordId: 20, time: at('+1d'), sid: Sid.reports, processes: dllhost(4200) }),
      restart({
        host: 'app03',
        recordId: 30,
        time: at('+26h'),
        scope: 'process',
        pid: 4200,
        image: 'dllhost.exe',
        reason: 'COM+ application shut down',
      }),
    ],
  ];
  const farm = Array.from({ length: 7 }, (_, i) => {
    const host = `farm0${i + 1}`;
    const leakAt = at(`+${5 * 24 + i}h`);
    return [
      leak({ host, recordId: 20, time: leakAt, sid: Sid.farm, processes: dllhost(5000 + i) }),
      failure({ host, reporter: 'ws09', recordId: 100 + i, time: at('+20m', leakAt) }),
    ];
  });
  return [...app01, ...iis01, ...app02, ...app03, ...farm];
}

/** What fleetObjects gives, by status. */
export const FleetCounts = { open: 9, resolved: 2, 'at-risk': 1, cleared: 1, total: 13 } as const;

export interface Fleet {
  resources: LocalResources;
  ledger: HostLedger;
  store: DynamoDbIncidentStore;
}

/** Writes the fleet into fresh tables through the real ingest path. */
export async function writeFleet(services: LocalServices, resources: LocalResources): Promise<Fleet> {
  const ledger = ledgerOn(resources, services.documents, () => FleetNow);
  for (const object of fleetObjects()) await ingestSignals(ledger, object, { now: () => FleetNow });
  const store = new DynamoDbIncidentStore({
    tableName: resources.names.tables.INCIDENTS_TABLE,
    client: services.documents,
  });
  return { resources, ledger, store };
}

/**
 * The shipped morning scenario (samples/morning-scenario.ts) through the whole local pipeline: uploaded, ingested by
 * the production handler, alerted (on 2026-11-17, or on `day`). Returns the pipeline and the incident's id.
 */
export async function morningThroughPipeline(
  services: LocalServices,
  resources: LocalResources,
  options: { clock?: () => Date; day?: number } = {},
): Promise<{ pipeline: LocalPipeline; incidentId: string }> {
  const pipeline = createLocalPipeline(services, resources, options.clock ? { clock: options.clock } : {});
  const dir = mkdtempSync(join(tmpdir(), 'hivewatch-cli-morning-'));
  try {
    const files = (await writeMorningScenario(dir, options.day)).map((f) =>
      isAbsolute(f) ? f : join(dir, f),
    );
    for (const file of files) {
      await pipeline.upload(`incoming/${relative(dir, file).split(sep).join('/')}`, readFileSync(file));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const drained = await pipeline.poller.drain();
  if (drained.failed > 0)
    throw new Error(`the morning scenario failed to ingest: ${JSON.stringify(drained)}`);
  const [alert] = await pipeline.alerts(1);
  const incidentId = alert?.attributes.incidentId;
  if (!incidentId) throw new Error('the morning scenario raised no alert');
  return { pipeline, incidentId };
}
