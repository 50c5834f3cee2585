import { closingQuote } from './json-strings.ts';

/**
 * Nested containers of a record that hold nothing for the reader are read through in one tight loop
 * instead of token by token: Fluent Bit's StringInserts, Winlogbeat's agent, host and winlog objects,
 * Vector's string_inserts. The loop accepts exactly what JsonWalker accepts (the same tokens, white
 * space and bracket matching, scalars as runs of [0-9A-Za-z+-.]) and gives up on anything else, so
 * the walker, reading the container itself, finds the same records and errors at the same bytes.
 */

const OBJECT = 0x7b;
const ARRAY = 0x5b;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Bytes of a string read in JS before a native search takes over. */
const NEAR = 64;
const Expect = { Value: 0, ValueOrClose: 1, Key: 2, KeyOrClose: 3, Colon: 4, Comma: 5 } as const;
/** Levels tracked in a bit mask (a set bit: an object). Deeper containers are left to the walker. */
const MASK_LEVELS = 30;

const isScalar = (c: number) =>
  (c >= 0x30 && c <= 0x39) ||
  (c >= 0x61 && c <= 0x7a) ||
  (c >= 0x41 && c <= 0x5a) ||
  c === 0x2d ||
  c === 0x2b ||
  c === 0x2e;

/** The first byte of a string's content that could start event XML (JsonWalker asks startsWithEvent then). */
const mayStartEvent = (c: number | undefined) => c === 0x3c || c === 0x5c || c === 0x20 || c === 0x09;

/** skipContainer: the container runs past the end of buf. */
export const CUT = -2;

/**
 * The index of the bracket closing the container opened at buf[start], when the whole container is in
 * buf, is well formed, opens fewer than `levelsLeft` levels, and (when `xmlWanted`: the record has no
 * event XML yet) has no string that could be event XML; CUT when it runs past buf's end, -1 otherwise
 * (either way the walker reads it itself).
 */
export function skipContainer(buf: Buffer, start: number, levelsLeft: number, xmlWanted: boolean): number {
  const end = buf.length;
  let objects = buf[start] === OBJECT ? 1 : 0;
  let depth = 1;
  let expect: number = objects ? Expect.KeyOrClose : Expect.ValueOrClose;
  let j = start + 1;
  while (j < end) {
    const c = buf[j] as number;
    if (c === QUOTE) {
      const key = expect === Expect.Key || expect === Expect.KeyOrClose;
      if (!key && expect !== Expect.Value && expect !== Expect.ValueOrClose) return -1;
      if (!key && xmlWanted && mayStartEvent(buf[j + 1])) return -1;
      // Keys and values here are short: read in JS up to a quote or backslash, natively past that.
      let k = j + 1;
      const near = Math.min(end, k + NEAR);
      while (k < near) {
        const d = buf[k] as number;
        if (d === QUOTE || d === BACKSLASH) break;
        k++;
      }
      if (k === near || buf[k] === BACKSLASH) k = closingQuote(buf, k, false);
      if (k < 0) return CUT;
      j = k + 1;
      expect = key ? Expect.Colon : Expect.Comma;
    } else if (c === 0x2c) {
      if (expect !== Expect.Comma) return -1;
      expect = objects & 1 ? Expect.Key : Expect.Value;
      j++;
    } else if (c === 0x3a) {
      if (expect !== Expect.Colon) return -1;
      expect = Expect.Value;
      j++;
    } else if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      j++;
    } else if (c === 0x7d || c === 0x5d) {
      // Closes what is open, where a close may stand.
      const object = (objects & 1) === 1;
      if ((c === 0x7d) !== object) return -1;
      if (expect !== Expect.Comma && expect !== (object ? Expect.KeyOrClose : Expect.ValueOrClose)) return -1;
      depth--;
      objects = Math.floor(objects / 2);
      if (depth === 0) return j;
      expect = Expect.Comma;
      j++;
    } else if (expect !== Expect.Value && expect !== Expect.ValueOrClose) {
      return -1;
    } else if (c === OBJECT || c === ARRAY) {
      if (depth >= levelsLeft || depth >= MASK_LEVELS) return -1;
      depth++;
      objects = objects * 2 + (c === OBJECT ? 1 : 0);
      expect = c === OBJECT ? Expect.KeyOrClose : Expect.ValueOrClose;
      j++;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e) {
      while (j < end && isScalar(buf[j] as number)) j++;
      if (j === end) return CUT;
      expect = Expect.Comma;
    } else return -1;
  }
  return CUT;
}
