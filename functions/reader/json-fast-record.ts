import { CUT, skipContainer } from './json-skip.ts';
import { closingQuote, startsWithEvent } from './json-strings.ts';

/**
 * A whole top-level record read in one tight loop: what JsonWalker would find in it token by token,
 * for the records shippers write one per line (Fluent Bit, Vector, Winlogbeat: plain keys, the XML at
 * the top or one object down). Anything the loop does not take exactly as the walker would (malformed,
 * a key with escapes or other than printable ASCII, a string over its limit, CloudWatch Logs'
 * logEvents, XML deeper down) gives undefined, a record cut by the chunk's end 'cut', and the walker
 * reads the record.
 */
export interface RecordFindings {
  /** Index of the `}` that closes the record. */
  end: number;
  /** The event XML's string content [from, to), and its field: one key, or two (`event.original`). */
  xmlFrom: number;
  xmlTo: number;
  fieldFrom: number;
  fieldTo: number;
  innerFrom: number;
  innerTo: number;
  /** The rendered message's content (`message`, `Message`), or -1. */
  messageFrom: number;
  messageTo: number;
  /** `messageType`'s content, or -1. */
  typeFrom: number;
  typeTo: number;
  emptySystem: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MAX_KEY = 128;
const MAX_TYPE = 64;
const MAX_DEPTH = 64;

const isSpace = (c: number | undefined) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isScalarStart = (c: number) =>
  c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e;
const isScalar = (c: number) =>
  (c >= 0x30 && c <= 0x39) ||
  (c >= 0x61 && c <= 0x7a) ||
  (c >= 0x41 && c <= 0x5a) ||
  c === 0x2d ||
  c === 0x2b ||
  c === 0x2e;

/** Whether buf[from, to) is `name` (ASCII). */
function is(buf: Buffer, from: number, to: number, name: string): boolean {
  if (to - from !== name.length) return false;
  for (let k = 0; k < name.length; k++) if (buf[from + k] !== name.charCodeAt(k)) return false;
  return true;
}

/**
 * The quote closing a key that starts at `from`, if the key is plain (printable ASCII, no escape) and
 * short; CUT when the buffer ends first, -1 otherwise.
 */
function plainKeyEnd(buf: Buffer, from: number): number {
  const stop = Math.min(buf.length, from + MAX_KEY + 1);
  for (let k = from; k < stop; k++) {
    const c = buf[k] as number;
    if (c === QUOTE) return k;
    if (c < 0x20 || c > 0x7e || c === BACKSLASH) return -1;
  }
  return stop === buf.length ? CUT : -1;
}

/** The end of a scalar starting at j (a run of [0-9A-Za-z+-.]), or CUT when it runs to the buffer's end. */
function scalarEnd(buf: Buffer, j: number): number {
  let k = j;
  while (k < buf.length && isScalar(buf[k] as number)) k++;
  return k === buf.length ? CUT : k;
}

function skipSpace(buf: Buffer, j: number): number {
  let k = j;
  while (isSpace(buf[k])) k++;
  return k;
}

/** What readRecord found, or why not: 'cut' (the record runs past buf's end) or undefined (left to the walker). */
export function readRecord(
  buf: Buffer,
  start: number,
  maxString: number,
): RecordFindings | 'cut' | undefined {
  const found: RecordFindings = {
    end: -1,
    xmlFrom: -1,
    xmlTo: -1,
    fieldFrom: -1,
    fieldTo: -1,
    innerFrom: -1,
    innerTo: -1,
    messageFrom: -1,
    messageTo: -1,
    typeFrom: -1,
    typeTo: -1,
    emptySystem: false,
  };
  const end = members(buf, start, maxString, found, -1, -1);
  if (end === CUT) return 'cut';
  if (end < 0) return undefined;
  found.end = end;
  return found;
}

/**
 * The members of the object at buf[start]: at the record's top (outerFrom < 0) with the walker's
 * roles for its strings, or one level down in the member named buf[outerFrom, outerTo), where only
 * the XML is looked for. Returns the index of the object's `}`, CUT, or -1.
 */
function members(
  buf: Buffer,
  start: number,
  maxString: number,
  found: RecordFindings,
  outerFrom: number,
  outerTo: number,
): number {
  const top = outerFrom < 0;
  let j = skipSpace(buf, start + 1);
  if (j >= buf.length) return CUT;
  if (buf[j] === 0x7d) return j;
  for (;;) {
    if (buf[j] !== QUOTE) return -1;
    const keyFrom = j + 1;
    const keyTo = plainKeyEnd(buf, keyFrom);
    if (keyTo < 0) return keyTo;
    j = skipSpace(buf, keyTo + 1);
    if (j >= buf.length) return CUT;
    if (buf[j] !== 0x3a) return -1;
    j = skipSpace(buf, j + 1);
    if (j >= buf.length) return CUT;
    const c = buf[j] as number;
    if (c === QUOTE) {
      const from = j + 1;
      const to = closingQuote(buf, from, false);
      if (to < 0) return CUT;
      if (found.xmlFrom < 0 && startsWithEvent(buf, from, to, true)) {
        if (to - from > maxString) return -1;
        found.xmlFrom = from;
        found.xmlTo = to;
        if (top) {
          found.fieldFrom = keyFrom;
          found.fieldTo = keyTo;
        } else {
          found.fieldFrom = outerFrom;
          found.fieldTo = outerTo;
          found.innerFrom = keyFrom;
          found.innerTo = keyTo;
        }
      } else if (top && (is(buf, keyFrom, keyTo, 'message') || is(buf, keyFrom, keyTo, 'Message'))) {
        if (to - from > maxString) return -1;
        found.messageFrom = from;
        found.messageTo = to;
      } else if (top && is(buf, keyFrom, keyTo, 'messageType')) {
        // Longer than a type can be: not taken (the walker says nothing of it either).
        if (to - from <= MAX_TYPE) {
          found.typeFrom = from;
          found.typeTo = to;
        }
      }
      if (top && to === from && is(buf, keyFrom, keyTo, 'System')) found.emptySystem = true;
      j = to + 1;
    } else if (c === 0x7b || c === 0x5b) {
      if (top && c === 0x5b && is(buf, keyFrom, keyTo, 'logEvents')) return -1;
      let close = skipContainer(buf, j, MAX_DEPTH - (top ? 1 : 2), found.xmlFrom < 0);
      // XML one level down (Winlogbeat's event.original): that object is read member by member.
      if (close === -1 && top && c === 0x7b && found.xmlFrom < 0)
        close = members(buf, j, maxString, found, keyFrom, keyTo);
      if (close < 0) return close;
      j = close + 1;
    } else if (isScalarStart(c)) {
      j = scalarEnd(buf, j);
      if (j < 0) return CUT;
    } else return -1;
    j = skipSpace(buf, j);
    if (j >= buf.length) return CUT;
    if (buf[j] === 0x2c) {
      j = skipSpace(buf, j + 1);
      if (j >= buf.length) return CUT;
      continue;
    }
    return buf[j] === 0x7d ? j : -1;
  }
}
