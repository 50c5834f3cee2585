/**
 * One fleet object's bytes and key, as the host's shipper writes it (the layouts are shipper-shapes.ts'):
 * - Fluent Bit in_winevtlog → out_s3, json_lines with `compression gzip|zstd` (Content-Encoding set, as out_s3 does),
 *   `s3_key_format /incoming/<host>/%Y/%m/%d/$UUID.json.gz` (README, "Point the shipper at the bucket");
 * - a scheduled `wevtutil qe <channel> /f:RenderedXml` per channel, concatenated, gzip, Write-S3Object;
 * - Vector windows_event_log → aws_s3 (json, newline_delimited, gzip): key_prefix `incoming/<host>/%Y/%m/%d/`, then
 *   filename_time_format `%s`, `-`, a UUID (filename_append_uuid) and filename_extension (vector.dev aws_s3 sink);
 * - the CloudWatch agent (event_format xml) → CloudWatch Logs → subscription → Firehose without processing: one
 *   gzip record per envelope, concatenated; key `firehose/YYYY/MM/dd/HH/<stream>-<version>-YYYY-MM-dd-HH-mm-ss-<uuid>`
 *   (docs.aws.amazon.com/firehose/latest/dev/s3-object-name.html).
 */
import { gzipSync } from 'node:zlib';
import type { EventSpec } from './event-spec.ts';
import { type FleetHost, type FleetShipper, folderOf } from './fleet-hosts.ts';
import { renderEvent } from './render-events.ts';
import {
  CONTROL_ENVELOPE,
  cloudWatchAgentMessage,
  type Envelope,
  firehoseObject,
  fluentBitJsonLine,
  fluentBitObject,
  vectorObject,
} from './shipper-shapes.ts';
import { mix } from './storm-plan.ts';

export interface ShippedBytes {
  key: string;
  body: Buffer;
  /** The text before compression (UTF-8 bytes). */
  rawBytes: number;
  contentEncoding?: 'gzip' | 'zstd';
}

/** Records per out_s3 part: each part is compressed on its own (one gzip member or zstd frame). */
const FLUENT_BIT_PART = 1_000;
const CHANNEL_ORDER = ['System', 'Security', 'Application'];

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10).replaceAll('-', '/');
const token = (seed: number, n: number) =>
  Array.from({ length: n }, (_, i) => 'abcdefghijklmnopqrstuvwxyz0123456789'[mix(seed, i) % 36]).join('');
const uuid = (seed: number) => {
  const hex = Array.from({ length: 32 }, (_, i) => (mix(seed, i, 7) % 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
};

/** A host's object for the window starting at `from` (UTC ms), shipped at `shippedAt`. */
export function shipHost(
  host: FleetHost,
  events: readonly EventSpec[],
  from: number,
  shippedAt: number,
  seed: number,
): ShippedBytes {
  const prefix = `incoming/${folderOf(host)}/${day(from)}`;
  const shipper: Exclude<FleetShipper, 'cloudwatch'> =
    host.shipper === 'cloudwatch' ? 'fluent-bit-gzip' : host.shipper;
  switch (shipper) {
    case 'fluent-bit-gzip':
    case 'fluent-bit-zstd': {
      const compression = shipper === 'fluent-bit-gzip' ? 'gzip' : 'zstd';
      const records = events.map((e) => fluentBitJsonLine(e));
      return {
        key: `${prefix}/${token(seed, 8)}.json.${compression === 'gzip' ? 'gz' : 'zst'}`,
        body: fluentBitObject(records, { compression, partRecords: FLUENT_BIT_PART }),
        rawBytes: records.reduce((n, r) => n + Buffer.byteLength(r), 0),
        contentEncoding: compression,
      };
    }
    case 'wevtutil': {
      const byChannel = CHANNEL_ORDER.flatMap((c) => events.filter((e) => e.channel === c));
      const text = byChannel.map((e) => renderEvent(e, 'wevtutil')).join('');
      const clock = new Date(from).toISOString().slice(11, 19).replaceAll(':', '');
      const raw = Buffer.from(text, 'utf8');
      return { key: `${prefix}/events-${clock}.xml.gz`, body: gzipSync(raw), rawBytes: raw.length };
    }
    case 'vector': {
      const raw = Buffer.from(vectorObject(events, 'newline_delimited'), 'utf8');
      return {
        key: `${prefix}/${Math.floor(shippedAt / 1000)}-${uuid(seed)}.json.gz`,
        body: gzipSync(raw),
        rawBytes: raw.length,
        contentEncoding: 'gzip',
      };
    }
  }
}

/** The Firehose object of one buffer interval: an envelope per host (its log stream), the first ever after a control message. */
export function shipFirehose(
  hosts: readonly { host: FleetHost; events: readonly EventSpec[] }[],
  deliveredAt: number,
  first: boolean,
  seed: number,
): ShippedBytes {
  const envelopes: Envelope[] = first ? [CONTROL_ENVELOPE] : [];
  for (const [i, { host, events }] of hosts.entries()) {
    if (events.length === 0) continue;
    envelopes.push({
      messageType: 'DATA_MESSAGE',
      messages: events.map(cloudWatchAgentMessage),
      times: events.map((e) => Date.parse(`${e.timeCreated.slice(0, 23)}Z`)),
      logStream: host.instanceId,
      firstId: BigInt(deliveredAt) * 10n ** 30n + BigInt(i) * 10n ** 20n,
    });
  }
  const at = new Date(deliveredAt).toISOString();
  const stamp = `${at.slice(0, 10)}-${at.slice(11, 13)}-${at.slice(14, 16)}-${at.slice(17, 19)}`;
  return {
    key: `firehose/${day(deliveredAt)}/${at.slice(11, 13)}/hivewatch-windows-1-${stamp}-${uuid(seed)}`,
    body: firehoseObject(envelopes, { processing: 'as-sent' }),
    rawBytes: firehoseObject(envelopes, { processing: 'decompressed' }).length,
  };
}
