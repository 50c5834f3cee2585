import { describe, expect, it } from 'vitest';
import { readEvents } from '../../functions/reader/read-events.ts';

const event = (time: string, record: number, quote = "'") =>
  `<Event xmlns=${quote}http://schemas.microsoft.com/win/2004/08/events/event${quote}><System><Provider Name=${quote}P${quote}/><EventID>7036</EventID><TimeCreated SystemTime=${quote}${time}${quote}/><EventRecordID>${record}</EventRecordID><Channel>System</Channel><Computer>H</Computer></System><EventData><Data>x</Data></EventData></Event>`;

async function latestOf(xml: string, latestTime = true) {
  const events = readEvents(Buffer.from(xml), { latestTime });
  for await (const _ of events);
  return events.stats;
}

describe('stats.latestTime: the horizon of a scan', () => {
  it('is the latest TimeCreated of every event, decoded or not, whatever the file order', async () => {
    const xml = [
      event('2026-11-17T11:00:00.0000003Z', 3),
      event('2026-11-17T11:00:00.000000500Z', 2, '"'),
      event('2026-11-16T23:59:59.9999999Z', 1),
    ].join('\n');
    const stats = await latestOf(xml);
    expect(stats.decoded).toBe(0);
    expect(stats.latestTime).toBe('2026-11-17T11:00:00.000000500Z');
  });

  it('converts an offset to UTC before comparing', async () => {
    const xml = [
      event('2026-11-17T11:00:00.0000000Z', 1),
      event('2026-11-17T08:00:00.0000000-05:00', 2),
    ].join('');
    expect((await latestOf(xml)).latestTime).toBe('2026-11-17T13:00:00.000000000Z');
  });

  it('is left out unless asked for', async () => {
    expect((await latestOf(event('2026-11-17T11:00:00.0000000Z', 1), false)).latestTime).toBeUndefined();
  });
});
