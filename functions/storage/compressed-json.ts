import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * JSON stored deflated: DynamoDB bills writes by the kilobyte, and host states and coverage runs are repetitive
 * text that shrinks four- to eight-fold.
 */
export function packJson(value: unknown): Uint8Array {
  return deflateRawSync(Buffer.from(JSON.stringify(value), 'utf8'));
}

export function unpackJson(bytes: Uint8Array): unknown {
  return JSON.parse(inflateRawSync(bytes).toString('utf8'));
}
