/**
 * An event's markup costs memory per element: 4 MiB (maxEventBytes) of `<a/>` would be a million element objects,
 * ~400 MB of heap for one event (measured: docs/hostile-input.md, "deep-nesting" and "element-flood"). The largest
 * real event of the shared corpus has 59 elements, 5 deep; an event with more than 10,000 is refused as malformed.
 */
import { describe, expect, it } from 'vitest';
import { failure, leak, serverError, xml } from '../../bench/reliability/case-events.ts';
import { readSignals } from '../../functions/signals/read-signals.ts';
import { readAll } from '../reader/reader-fixtures.ts';

const withData = (text: string) =>
  xml(serverError()).replace('</EventData>', `<Data>${text}</Data></EventData>`);

describe('an event with more elements than any Windows event', () => {
  it.each([
    ['a million sibling elements', '<a/>'.repeat(1_000_000)],
    ['500,000 nested elements', `${'<a>'.repeat(500_000)}${'</a>'.repeat(500_000)}`],
  ])('%s: a malformed-event error, and the events around it are read', async (_, markup) => {
    const bytes = Buffer.from(`${xml(leak())}${withData(markup)}${xml(failure())}`);
    const read = await readAll(bytes, { decode: 'candidates' });
    expect(read.errors.map((e) => e.reason)).toEqual(['malformed event: event has more than 10000 elements']);
    expect(read.errors[0]?.offset).toBeGreaterThanOrEqual(Buffer.byteLength(xml(leak())));
    expect(read.events.map((e) => e.eventId)).toEqual([1530, 10006]);
  });

  it('10,000 elements are still read (170 times the largest real event)', async () => {
    const bytes = Buffer.from(withData('<a/>'.repeat(9_900)));
    const read = await readSignals(bytes, { name: 'wide' });
    expect(read.errors).toEqual([]);
    expect(read.signals).toHaveLength(1);
  });
});
