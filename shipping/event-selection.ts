/**
 * What a shipper's configuration keeps of a server's events, as a predicate hivewatch can evaluate: the Windows
 * Event Log XPath subset that Fluent Bit's `event_query` passes to EvtSubscribe, and the `event_levels` /
 * `event_ids` of a CloudWatch agent `windows_events` entry. Used to measure a query on real events and to check
 * the configurations in shipping/ against the detection's event ids.
 */

/** The System fields a query can look at. */
export interface EventFacts {
  readonly channel: string;
  readonly eventId: number;
  /** Absent in a rendering means 0 (LogAlways), as Windows stores it. */
  readonly level?: number;
  readonly provider: string;
}

export type EventPredicate = (event: EventFacts) => boolean;

export class EventQueryError extends Error {
  override readonly name = 'EventQueryError';
  constructor(
    readonly query: string,
    readonly at: number,
    reason: string,
  ) {
    super(`event query ${JSON.stringify(query)} at ${at}: ${reason}`);
  }
}

/** A parsed XPath: the predicate and its number of comparisons (Windows refuses more than 20 in a bare XPath). */
export interface EventQuery {
  readonly matches: EventPredicate;
  readonly expressions: number;
}

/**
 * Windows: "If the XPath expression is a compound expression that contains more than 20 expressions ... you must
 * use a structured XML query" (learn.microsoft.com/windows/win32/wes/consuming-events).
 */
export const MAX_XPATH_EXPRESSIONS = 20;

const TOKEN =
  /\s*(\*\[System\[|\]\]|\(|\)|<=|>=|!=|=|<|>|\band\b|\bor\b|Level|EventID|Provider\[@Name\s*=\s*'[^']*'\]|\d+)/y;

/**
 * Parses `*` or `*[System[<expr>]]`, where <expr> combines `Level` and `EventID` comparisons (= != < <= > >=
 * with a number) and `Provider[@Name='…']` with `and`, `or` and parentheses. Anything else is refused with
 * its position: a query hivewatch cannot evaluate is a query it cannot vouch for.
 */
export function parseEventQuery(query: string): EventQuery {
  const text = query.trim();
  if (text === '*') return { matches: () => true, expressions: 0 };
  const tokens: { text: string; at: number }[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) throw new EventQueryError(query, at, `unsupported text '${text.slice(at, at + 20)}'`);
    tokens.push({ text: m[1] as string, at: m.index + m[0].length - (m[1] as string).length });
  }
  let i = 0;
  let expressions = 0;
  const peek = () => tokens[i]?.text;
  const fail = (reason: string): never => {
    throw new EventQueryError(query, tokens[i]?.at ?? text.length, reason);
  };
  const expect = (token: string) => {
    if (peek() !== token) fail(`expected '${token}'`);
    i++;
  };

  const primary = (): EventPredicate => {
    const token = peek();
    if (token === '(') {
      i++;
      const inner = disjunction();
      expect(')');
      return inner;
    }
    if (token?.startsWith('Provider[')) {
      i++;
      expressions++;
      const name = (/'([^']*)'/.exec(token) as RegExpExecArray)[1] as string;
      return (e) => e.provider === name;
    }
    if (token === 'Level' || token === 'EventID') {
      i++;
      const op = peek();
      if (!op || !['=', '!=', '<', '<=', '>', '>='].includes(op)) fail('expected a comparison');
      i++;
      const value = Number(peek());
      if (!Number.isInteger(value)) fail('expected a number');
      i++;
      expressions++;
      const field = token === 'Level' ? (e: EventFacts) => e.level ?? 0 : (e: EventFacts) => e.eventId;
      return compare(field, op as string, value);
    }
    return fail('expected Level, EventID, Provider[@Name=…] or (');
  };
  const conjunction = (): EventPredicate => {
    const parts = [primary()];
    while (peek() === 'and') {
      i++;
      parts.push(primary());
    }
    return parts.length === 1 ? (parts[0] as EventPredicate) : (e) => parts.every((p) => p(e));
  };
  const disjunction = (): EventPredicate => {
    const parts = [conjunction()];
    while (peek() === 'or') {
      i++;
      parts.push(conjunction());
    }
    return parts.length === 1 ? (parts[0] as EventPredicate) : (e) => parts.some((p) => p(e));
  };

  expect('*[System[');
  const matches = disjunction();
  expect(']]');
  if (i < tokens.length) fail('unexpected text after the query');
  return { matches, expressions };
}

function compare(field: (e: EventFacts) => number, op: string, value: number): EventPredicate {
  switch (op) {
    case '=':
      return (e) => field(e) === value;
    case '!=':
      return (e) => field(e) !== value;
    case '<':
      return (e) => field(e) < value;
    case '<=':
      return (e) => field(e) <= value;
    case '>':
      return (e) => field(e) > value;
    default:
      return (e) => field(e) >= value;
  }
}

/**
 * The agent's level names and the Windows levels each selects (aws/amazon-cloudwatch-agent,
 * translator/translate/logs/logs_collected/windowsevents/collect_list/collectlist.go: INFORMATION is 4 and 0).
 */
export const CLOUDWATCH_AGENT_LEVELS: Readonly<Record<string, readonly number[]>> = {
  CRITICAL: [1],
  ERROR: [2],
  WARNING: [3],
  INFORMATION: [4, 0],
  VERBOSE: [5],
};

/** One `collect_list` entry of the CloudWatch agent's `windows_events`. */
export interface CloudWatchAgentEntry {
  readonly event_name: string;
  readonly event_levels?: readonly string[];
  readonly event_ids?: readonly number[];
}

/**
 * The agent ANDs an entry's levels with its ids (plugins/inputs/windows_event_log/wineventlog/utils.go,
 * createWindowsEventFilter: `(Level=…) and (EventID=…) and TimeCreated[…]`); the 14-day age limit only bounds
 * the first read and is left out here.
 */
export function cloudWatchAgentQuery(entry: CloudWatchAgentEntry): EventQuery {
  const levels = (entry.event_levels ?? []).flatMap((name) => {
    const mapped = CLOUDWATCH_AGENT_LEVELS[name];
    if (!mapped) throw new Error(`CloudWatch agent: unknown event level '${name}' for ${entry.event_name}`);
    return mapped;
  });
  const ids = entry.event_ids ?? [];
  return {
    matches: (e) =>
      (levels.length === 0 || levels.includes(e.level ?? 0)) && (ids.length === 0 || ids.includes(e.eventId)),
    // One comparison per level value and per id, plus the agent's own TimeCreated condition.
    expressions: levels.length + ids.length + 1,
  };
}

/** What a configuration reads: per channel, the queries whose union it keeps. */
export type ChannelSelection = ReadonlyMap<string, readonly EventQuery[]>;

/** Whether the configuration keeps the event: its channel is read and one of that channel's queries matches. */
export function keeps(selection: ChannelSelection, event: EventFacts): boolean {
  const queries = [...selection].find(
    ([channel]) => channel.toLowerCase() === event.channel.toLowerCase(),
  )?.[1];
  return queries?.some((q) => q.matches(event)) ?? false;
}

/**
 * Where Windows writes the events the detection reads: the channel and provider of each event id. From
 * ../shared/docs/event-formats.md and real records in ../shared/corpus/real (1531/1532, 6005/6006, Kernel-General
 * 12/13 and 4624/4634/4647 are there); 6008, the WAS ids and 4689 from event-formats.md and Microsoft's event
 * references, not seen in the corpus.
 */
export const EVENT_HOMES: Readonly<Record<number, { channel: string; provider: string }>> = {
  1530: { channel: 'Application', provider: 'Microsoft-Windows-User Profiles Service' },
  1531: { channel: 'Application', provider: 'Microsoft-Windows-User Profiles Service' },
  1532: { channel: 'Application', provider: 'Microsoft-Windows-User Profiles Service' },
  10006: { channel: 'System', provider: 'Microsoft-Windows-DistributedCOM' },
  6005: { channel: 'System', provider: 'EventLog' },
  6006: { channel: 'System', provider: 'EventLog' },
  6008: { channel: 'System', provider: 'EventLog' },
  12: { channel: 'System', provider: 'Microsoft-Windows-Kernel-General' },
  13: { channel: 'System', provider: 'Microsoft-Windows-Kernel-General' },
  ...Object.fromEntries(
    [5002, 5009, 5011, 5074, 5075, 5076, 5077, 5078, 5079, 5080, 5117, 5186].map((id) => [
      id,
      { channel: 'System', provider: 'Microsoft-Windows-WAS' },
    ]),
  ),
  4624: { channel: 'Security', provider: 'Microsoft-Windows-Security-Auditing' },
  4634: { channel: 'Security', provider: 'Microsoft-Windows-Security-Auditing' },
  4647: { channel: 'Security', provider: 'Microsoft-Windows-Security-Auditing' },
  4689: { channel: 'Security', provider: 'Microsoft-Windows-Security-Auditing' },
};
