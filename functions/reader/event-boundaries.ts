/** Byte-level landmarks of `<Event>` elements, found with Buffer.indexOf (native search). */
const START = Buffer.from('<Event', 'latin1');
const END_TAIL = Buffer.from('/Event>', 'latin1');
// Searched from its rare 'v': far fewer false starts than from '<'.
const EVENT_ID = Buffer.from('ventID', 'latin1');
const LT = 60;
const GT = 62;

export const isSpace = (c: number | undefined) => c === 32 || c === 10 || c === 13 || c === 9;
const endsName = (c: number | undefined) => isSpace(c) || c === GT || c === 47;

/** Index of the next `<Event` start tag (not `<Events>`, `<EventData`…) at or after from; -1 if none yet. */
export function findStart(buf: Buffer, from: number): number {
  for (let i = buf.indexOf(START, from); i >= 0; i = buf.indexOf(START, i + 6)) {
    if (i + 6 >= buf.length) return -1;
    if (endsName(buf[i + 6])) return i;
  }
  return -1;
}

/** The common case, checked without a search: the next event starts right here, after white space. */
export function startAt(buf: Buffer, from: number): number | undefined {
  let i = from;
  while (isSpace(buf[i])) i++;
  // '<' 'E' 'v' 'e' 'n' 't', compared byte by byte: a native call per event costs more.
  const isStart =
    buf[i] === LT &&
    buf[i + 1] === 69 &&
    buf[i + 2] === 118 &&
    buf[i + 3] === 101 &&
    buf[i + 4] === 110 &&
    buf[i + 5] === 116;
  return isStart && i + 6 < buf.length && endsName(buf[i + 6]) ? i : undefined;
}

/** Index of the `<` of the next `</Event>` at or after from; -1 if none yet. */
export function findEnd(buf: Buffer, from: number): number {
  for (let i = buf.indexOf(END_TAIL, from); i >= 0; i = buf.indexOf(END_TAIL, i + 1)) {
    if (buf[i - 1] === LT) return i - 1;
  }
  return -1;
}

/** The `<Event` start tag that an `xmlns=` at x belongs to, if it opens an event; else -1. */
export function startTagBefore(buf: Buffer, x: number, floor: number): number {
  const from = Math.max(floor, x - 64);
  const at = buf.subarray(from, x).lastIndexOf(START);
  if (at < 0) return -1;
  const s = from + at;
  // no `>` between the tag's start and x; none at all yet when the tag runs past what has arrived
  const gt = buf.indexOf(GT, s);
  return isSpace(buf[s + 6]) && (gt < 0 || gt >= x) ? s : -1;
}

/** Where the next `ventID` of an `<EventID` tag is, at or after from (Infinity when none). */
export function findEventId(buf: Buffer, from: number): number {
  const v = buf.indexOf(EVENT_ID, from);
  return v < 0 ? Number.POSITIVE_INFINITY : v;
}

/** The number in the `<EventID …>` whose `ventID` is at v, if v is inside [.., end); else -1. */
export function eventIdAt(buf: Buffer, v: number, end: number): number {
  const k = v - 2;
  if (v >= end || buf[k] !== LT || buf[k + 1] !== 69 || !endsName(buf[k + 8])) return -1;
  // The '>' closing `<EventID …>` is a few bytes on: a loop is cheaper than another native call.
  let i = k + 8;
  while (i < end && buf[i] !== GT) i++;
  if (i >= end) return -1;
  i++;
  while (isSpace(buf[i])) i++;
  let value = 0;
  let digits = 0;
  for (let c = buf[i] as number; c >= 48 && c <= 57 && digits < 6; c = buf[++i] as number, digits++) {
    value = value * 10 + c - 48;
  }
  return digits === 0 ? -1 : value;
}
