/**
 * Valid objects of every shape the reader takes, built once from samples/ (render-events.ts for the XML renderings
 * in every text encoding, shipper-shapes.ts for the shippers' JSON and framing), plain and compressed: what the
 * fuzz run mutates.
 */
import { gzipSync } from 'node:zlib';
import {
  aspnet1309,
  EVENT_STYLES,
  type EventSpec,
  renderFile,
  TEXT_ENCODINGS,
} from '../../samples/render-events.ts';
import {
  CONTROL_ENVELOPE,
  cloudWatchAgentMessage,
  compress,
  firehoseObject,
  fluentBitJsonLine,
  fluentBitObject,
  kinesisRenderedXmlRecord,
  kinesisXml2Record,
  nxlogRawLine,
  vectorObject,
  winlogbeatLine,
} from '../../samples/shipper-shapes.ts';
import { failure, leak, noise, serverError } from './case-events.ts';

/** A named valid object: the base a fuzz case mutates. */
export interface FuzzObject {
  shape: string;
  bytes: Buffer;
}

/** A handful of events covering the signals and some noise, small enough for ~100 fuzz cases per second per core. */
function eventSets(): EventSpec[][] {
  const iis = aspnet1309({
    computer: 'IIS01.corp.example.net',
    time: '2026-11-17T06:11:00.0000000Z',
    recordId: 77,
    pid: 5312,
    appPool: 'Orders',
    clsid: '{6E3B2A1C-0D9F-4E8A-B7C6-D5E4F3A2B1C0}',
  });
  return [
    [leak(), serverError(), failure()],
    [...noise(3), leak(), iis],
    [failure(), ...noise(2, 'WS01.corp.example.net', 40)],
  ];
}

export function fuzzObjects(): FuzzObject[] {
  const objects: FuzzObject[] = [];
  const add = (shape: string, bytes: Buffer) => {
    objects.push({ shape, bytes });
    objects.push({ shape: `${shape}+gzip`, bytes: gzipSync(bytes) });
    objects.push({ shape: `${shape}+zstd`, bytes: compress(bytes, 'zstd') });
  };
  for (const [n, specs] of eventSets().entries()) {
    for (const style of EVENT_STYLES)
      for (const encoding of TEXT_ENCODINGS)
        add(`${style}/${encoding}/${n}`, renderFile(specs, { style, encoding }));
    const lines = specs.map((s) => fluentBitJsonLine(s));
    add(`fluent-bit-lines/${n}`, Buffer.from(lines.join('')));
    objects.push({
      shape: `fluent-bit-parts-gzip/${n}`,
      bytes: fluentBitObject(lines, { compression: 'gzip', partRecords: 1 }),
    });
    objects.push({
      shape: `fluent-bit-parts-zstd/${n}`,
      bytes: fluentBitObject(lines, { compression: 'zstd', partRecords: 2 }),
    });
    add(`vector-lines/${n}`, Buffer.from(vectorObject(specs, 'newline_delimited')));
    add(`vector-array/${n}`, Buffer.from(vectorObject(specs, 'default')));
    add(`winlogbeat/${n}`, Buffer.from(specs.map(winlogbeatLine).join('')));
    add(`nxlog/${n}`, Buffer.from(specs.map((s) => nxlogRawLine(s)).join('')));
    add(`kinesis-xml2/${n}`, Buffer.from(specs.map(kinesisXml2Record).join('')));
    add(`kinesis-renderedxml/${n}`, Buffer.from(specs.map(kinesisRenderedXmlRecord).join('')));
    const envelopes = [
      CONTROL_ENVELOPE,
      { messageType: 'DATA_MESSAGE' as const, messages: specs.map(cloudWatchAgentMessage) },
    ];
    for (const processing of ['as-sent', 'decompressed', 'extracted'] as const)
      for (const newline of [false, true])
        objects.push({
          shape: `firehose-${processing}${newline ? '-newline' : ''}/${n}`,
          bytes: firehoseObject(envelopes, { processing, newline }),
        });
    objects.push({
      shape: `firehose-decompressed-s3gzip/${n}`,
      bytes: firehoseObject(envelopes, { processing: 'decompressed', s3Compression: 'gzip' }),
    });
  }
  return objects;
}
