/**
 * The fleet of `npm run reliability:load`: COM+ application servers, IIS front ends, SQL and file servers and
 * workstations of the sample forest (corp-network.ts), each with the shipper it uses and how busy its logs are.
 * Deterministic from the host count alone.
 */
import { DNS_DOMAIN, type Host } from './corp-network.ts';
import { SampleOptionsError } from './errors.ts';

/**
 * How a host's events reach the bucket (each layout in fleet-shapes.ts):
 * Fluent Bit winevtlog → s3 (json_lines, gzip or zstd), a scheduled `wevtutil qe /f:RenderedXml` script with
 * Write-S3Object (gzip), Vector windows_event_log → aws_s3 (json, gzip), or the CloudWatch agent → CloudWatch Logs
 * → subscription → Firehose, whose objects carry many hosts.
 */
export type FleetShipper = 'fluent-bit-gzip' | 'fluent-bit-zstd' | 'wevtutil' | 'vector' | 'cloudwatch';

export interface FleetHost extends Host {
  index: number;
  shipper: FleetShipper;
  /** Ordinary events per 5-minute object, on average. */
  eventsPerObject: number;
  /** The EC2 instance id: the CloudWatch agent's log stream. */
  instanceId: string;
}

/** One shipper per host, in this cycle over the host list (APP09 ships through Firehose). */
const SHIPPERS: readonly FleetShipper[] = [
  'fluent-bit-gzip',
  'wevtutil',
  'fluent-bit-gzip',
  'fluent-bit-zstd',
  'vector',
  'fluent-bit-gzip',
  'wevtutil',
  'fluent-bit-gzip',
  'cloudwatch',
  'fluent-bit-gzip',
];

/** Busier logs on servers (Security auditing of every service and network logon) than on workstations. */
const EVENTS_PER_OBJECT: Record<Host['role'], number> = {
  app: 14,
  web: 16,
  sql: 12,
  dc: 20,
  file: 10,
  ws: 7,
};

/** The smallest fleet that holds every planted incident, decoy and client (fleet-incidents.ts). */
export const MIN_FLEET_HOSTS = 40;

export function fleetHosts(count: number): FleetHost[] {
  if (!Number.isInteger(count) || count < MIN_FLEET_HOSTS)
    throw new SampleOptionsError(`a fleet needs at least ${MIN_FLEET_HOSTS} hosts, not ${count}`, { count });
  const app = Math.max(14, Math.round(count * 0.1));
  const web = Math.max(4, Math.round(count * 0.08));
  const sql = Math.max(2, Math.round(count * 0.04));
  const file = Math.max(2, Math.round(count * 0.03));
  const hosts: FleetHost[] = [];
  const add = (prefix: string, role: Host['role'], n: number, net: number, digits = 2) => {
    for (let i = 1; i <= n; i++) {
      const short = `${prefix}${String(i).padStart(digits, '0')}`;
      const index = hosts.length;
      hosts.push({
        short,
        fqdn: `${short}.${DNS_DOMAIN}`,
        ip: `10.30.${net + Math.floor(i / 250)}.${(i % 250) + 2}`,
        role,
        index,
        shipper: SHIPPERS[index % SHIPPERS.length] as FleetShipper,
        eventsPerObject: EVENTS_PER_OBJECT[role],
        instanceId: `i-0${(0x5a17c0de00000 + index * 7919).toString(16)}`,
      });
    }
  };
  add('APP', 'app', app, 1);
  add('WEB', 'web', web, 2);
  add('SQL', 'sql', sql, 3);
  add('FS', 'file', file, 4);
  add('WS', 'ws', count - app - web - sql - file, 10, 3);
  return hosts;
}

/** The host's folder in `incoming/<host>/`: its short name in lower case. */
export const folderOf = (host: Pick<Host, 'short'>) => host.short.toLowerCase();
