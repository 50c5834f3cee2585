import { expect } from 'vitest';
import type { ExtractOptions } from '../../functions/signals/extract-signals.ts';
import { readSignals } from '../../functions/signals/read-signals.ts';
import type { Signal } from '../../functions/signals/signal.ts';
import { type EventSpec, type FileOptions, renderFile, systemTime } from '../../samples/render-events.ts';

export const BASE_MS = Date.parse('2026-11-17T09:00:00Z');
export const at = (minutes: number) => systemTime(BASE_MS + minutes * 60_000);

/** The signals of sample events rendered as a producer writes them, read as the pipeline reads them. */
export async function signalsFrom(
  specs: readonly EventSpec[],
  file: FileOptions = { style: 'wevtutil' },
  options: ExtractOptions & { decode?: 'candidates' | 'all' } = {},
): Promise<Signal[]> {
  return signalsOfBytes(renderFile(specs, file), options);
}

export async function signalsOfBytes(
  bytes: Buffer,
  options: ExtractOptions & { decode?: 'candidates' | 'all' } = {},
): Promise<Signal[]> {
  const read = await readSignals(bytes, { name: 'sample.xml', ...options });
  expect(read.errors).toEqual([]);
  return read.signals;
}
