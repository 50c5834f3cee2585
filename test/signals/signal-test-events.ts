import { expect } from 'vitest';
import { readSignals } from '../../functions/signals/read-signals.ts';
import type { Signal } from '../../functions/signals/signal.ts';

/** One event in Windows' own single-quoted rendering, written out by hand (independent of samples/). */
export function event(opts: {
  provider: string;
  guid?: string;
  source?: string;
  id: number;
  computer: string;
  channel?: string;
  record?: number;
  time?: string;
  data?: string;
  userData?: string;
  message?: string;
}): string {
  const guid = opts.guid ? ` Guid='${opts.guid}'` : '';
  const source = opts.source ? ` EventSourceName='${opts.source}'` : '';
  const payload = opts.userData
    ? `<UserData>${opts.userData}</UserData>`
    : `<EventData>${opts.data ?? ''}</EventData>`;
  const rendering = opts.message
    ? `<RenderingInfo Culture='en-US'><Message>${opts.message}</Message></RenderingInfo>`
    : '';
  return `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='${opts.provider}'${guid}${source}/><EventID>${opts.id}</EventID><Level>2</Level><TimeCreated SystemTime='${opts.time ?? '2026-11-17T11:00:00.1234567Z'}'/><EventRecordID>${opts.record ?? 1}</EventRecordID><Channel>${opts.channel ?? 'Application'}</Channel><Computer>${opts.computer}</Computer><Security UserID='S-1-5-18'/></System>${payload}${rendering}</Event>`;
}

export function leakEvent(computer: string, detail: string, record = 1): string {
  return event({
    provider: 'Microsoft-Windows-User Profiles Service',
    guid: '{89B1E9F0-5AFF-44A6-9B44-0A07A7CE5845}',
    id: 1530,
    computer,
    record,
    data: `<Data Name='Detail'>${detail}</Data>`,
  }).replace('<EventData>', "<EventData Name='EVENT_HIVE_LEAK'>");
}

export async function signalsOf(xml: string): Promise<Signal[]> {
  const read = await readSignals(Buffer.from(xml), { name: 'test.xml' });
  expect(read.errors).toEqual([]);
  return read.signals;
}
