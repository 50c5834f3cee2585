import { describe, expect, it } from 'vitest';
import { readEvents } from '../../functions/reader/read-events.ts';

async function dataOf(data: string): Promise<string[]> {
  const xml = `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='P'/><EventID>1</EventID><TimeCreated SystemTime='2026-11-17T11:00:00.0000000Z'/><EventRecordID>1</EventRecordID><Channel>Application</Channel><Computer>H</Computer></System><EventData>${data}</EventData></Event>`;
  const values: string[] = [];
  for await (const item of readEvents(Buffer.from(xml), { decode: 'all' })) {
    if (item.kind === 'event') values.push(...item.event.data.map((d) => d.value));
    else throw new Error(item.reason);
  }
  return values;
}

describe('line endings (XML 1.0 §2.11), as a full XML parser reads them', () => {
  it('a raw CR LF or lone CR in Data reads as LF; an encoded &#13; stays a CR', async () => {
    expect(await dataOf('<Data>a\r\nb\rc&#13;&#10;d</Data>')).toEqual(['a\nb\nc\r\nd']);
  });

  it('the same holds inside CDATA and attribute values are read alike', async () => {
    expect(await dataOf("<Data Name='x'><![CDATA[a\r\nb]]></Data>")).toEqual(['a\nb']);
  });
});
