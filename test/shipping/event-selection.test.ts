import { describe, expect, it } from 'vitest';
import {
  cloudWatchAgentQuery,
  type EventFacts,
  EventQueryError,
  parseEventQuery,
} from '../../shipping/event-selection.ts';

const event = (eventId: number, level?: number, provider = 'P'): EventFacts => ({
  channel: 'System',
  eventId,
  provider,
  ...(level === undefined ? {} : { level }),
});

describe('the Windows event XPath subset a Fluent Bit event_query is evaluated with', () => {
  it('`*` keeps everything', () => {
    expect(parseEventQuery('*').matches(event(1, 4))).toBe(true);
  });

  it('compares Level and EventID with = != < <= > >=', () => {
    const q = parseEventQuery(
      '*[System[(Level<=2 and Level!=0) or (EventID>=5074 and EventID<5081) or EventID=12]]',
    );
    expect(
      [event(7000, 2), event(7000, 1), event(5074, 4), event(5080, 4), event(12, 4)].map(q.matches),
    ).toEqual([true, true, true, true, true]);
    expect(
      [event(7000, 0), event(7000, 3), event(5081, 4), event(5073, 4), event(13, 4)].map(q.matches),
    ).toEqual([false, false, false, false, false]);
    expect(q.expressions).toBe(5);
  });

  it('binds and tighter than or, as XPath does', () => {
    const q = parseEventQuery('*[System[EventID=1 or EventID=2 and Level=2]]');
    expect(q.matches(event(1, 4))).toBe(true);
    expect(q.matches(event(2, 4))).toBe(false);
    expect(q.matches(event(2, 2))).toBe(true);
  });

  it('reads a missing Level as 0 (LogAlways), as Windows stores it', () => {
    expect(parseEventQuery('*[System[Level=0]]').matches(event(4624))).toBe(true);
  });

  it('matches Provider[@Name=…] exactly', () => {
    const q = parseEventQuery(
      "*[System[Provider[@Name='Microsoft-Windows-Kernel-General'] and (EventID=12)]]",
    );
    expect(q.matches(event(12, 4, 'Microsoft-Windows-Kernel-General'))).toBe(true);
    expect(q.matches(event(12, 4, 'Microsoft-Windows-Wininit'))).toBe(false);
  });

  it('refuses what it cannot evaluate, saying where', () => {
    expect(() => parseEventQuery('*[System[TimeCreated[timediff(@SystemTime) <= 86400000]]]')).toThrow(
      new EventQueryError(
        '*[System[TimeCreated[timediff(@SystemTime) <= 86400000]]]',
        9,
        "unsupported text 'TimeCreated[timediff'",
      ),
    );
    expect(() => parseEventQuery('*[System[(EventID=1]]')).toThrow(/expected '\)'/);
    expect(() => parseEventQuery('*[System[EventID=]]')).toThrow(/expected a number/);
    expect(() => parseEventQuery('*[System[EventID=1]] extra')).toThrow(EventQueryError);
  });
});

describe('a CloudWatch agent collect_list entry', () => {
  it('ANDs its levels with its ids, INFORMATION meaning levels 4 and 0', () => {
    const q = cloudWatchAgentQuery({
      event_name: 'System',
      event_levels: ['INFORMATION'],
      event_ids: [6005],
    });
    expect(q.matches(event(6005, 4))).toBe(true);
    expect(q.matches(event(6005, 0))).toBe(true);
    expect(q.matches(event(6005))).toBe(true);
    expect(q.matches(event(6005, 2))).toBe(false);
    expect(q.matches(event(6006, 4))).toBe(false);
  });

  it('keeps every level of its ids when it names no level, and every id of its levels when it names no id', () => {
    const byId = cloudWatchAgentQuery({ event_name: 'System', event_ids: [10006] });
    expect([0, 1, 2, 3, 4, 5].every((level) => byId.matches(event(10006, level)))).toBe(true);
    const byLevel = cloudWatchAgentQuery({ event_name: 'System', event_levels: ['CRITICAL', 'ERROR'] });
    expect(byLevel.matches(event(7000, 2))).toBe(true);
    expect(byLevel.matches(event(7000, 3))).toBe(false);
  });

  it('counts its expressions as the agent writes them, TimeCreated included', () => {
    expect(
      cloudWatchAgentQuery({ event_name: 'A', event_levels: ['INFORMATION'], event_ids: [1, 2] }).expressions,
    ).toBe(5);
  });

  it('refuses a level name the agent does not know', () => {
    expect(() => cloudWatchAgentQuery({ event_name: 'A', event_levels: ['ERRORS'] })).toThrow(
      /unknown event level 'ERRORS'/,
    );
  });
});
