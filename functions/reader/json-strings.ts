/** Byte-level helpers for JSON strings, which is where almost every byte of a shipper's record is. */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Strings shorter than this (keys, dates, numbers as text) are searched in JS: a native call costs more. */
const SHORT = 32;

/**
 * Index of the quote closing a string whose content runs from `from`, or -1 when it does not close in
 * buf. `escaped`: the byte at `from` is escaped (the previous piece ended in an odd run of backslashes).
 */
export function closingQuote(buf: Buffer, from: number, escaped: boolean): number {
  const floor = escaped ? from + 1 : from;
  const short = Math.min(buf.length, floor + SHORT);
  let q = floor;
  while (q < short && buf[q] !== QUOTE) q++;
  if (q === short) q = short < buf.length ? buf.indexOf(QUOTE, short) : -1;
  for (; q >= 0; q = buf.indexOf(QUOTE, q + 1)) {
    let b = q - 1;
    while (b >= floor && buf[b] === BACKSLASH) b--;
    if ((q - 1 - b) % 2 === 0) return q;
  }
  return -1;
}

/** Whether a piece [from, to) of a string ends in an odd run of backslashes (the next byte is escaped). */
export function endsEscaped(buf: Buffer, from: number, to: number, escaped: boolean): boolean {
  const floor = escaped ? from + 1 : from;
  if (to < floor) return escaped && to === from;
  let b = to - 1;
  while (b >= floor && buf[b] === BACKSLASH) b--;
  return (to - 1 - b) % 2 === 1;
}

/**
 * The next backslash at or after `from` in one buffer, searched natively but never twice over the same
 * bytes: strings are asked about in order, and most have none (a plain search could run far past a
 * string's end, again for every string before the next backslash).
 */
export class Backslashes {
  private buf: Buffer | undefined;
  private at = -1;

  next(buf: Buffer, from: number): number {
    if (buf !== this.buf || (this.at >= 0 && this.at < from)) {
      this.buf = buf;
      this.at = buf.indexOf(BACKSLASH, from);
    }
    return this.at < 0 ? Number.POSITIVE_INFINITY : this.at;
  }
}

/**
 * Whether the JSON string content in buf[from, to) starts with an `<Event` start tag, after white space
 * (raw or escaped) and with `<` written as is or as `\u003c` (Go's default escape); undefined when too
 * few bytes have come to tell.
 */
export function startsWithEvent(
  buf: Buffer,
  from: number,
  to: number,
  complete: boolean,
): boolean | undefined {
  let i = from;
  let c = buf[i];
  while (i < to) {
    if (c === 0x20 || c === 0x09) i++;
    else if (
      c === BACKSLASH &&
      i + 1 < to &&
      (buf[i + 1] === 0x6e || buf[i + 1] === 0x72 || buf[i + 1] === 0x74)
    )
      i += 2;
    else break;
    c = buf[i];
  }
  let tag = i;
  if (c === BACKSLASH) {
    // `\u003c` stands where `<` would.
    if (to - i < 6) return complete ? false : undefined;
    const lt =
      buf[i + 1] === 0x75 &&
      buf[i + 2] === 0x30 &&
      buf[i + 3] === 0x30 &&
      buf[i + 4] === 0x33 &&
      ((buf[i + 5] as number) | 0x20) === 0x63;
    if (!lt) return false;
    tag = i + 5;
  } else if (c !== 0x3c) {
    return i < to || complete ? false : undefined;
  }
  if (to - tag < 7) return complete ? false : undefined;
  const isEvent =
    buf[tag + 1] === 0x45 &&
    buf[tag + 2] === 0x76 &&
    buf[tag + 3] === 0x65 &&
    buf[tag + 4] === 0x6e &&
    buf[tag + 5] === 0x74;
  const next = buf[tag + 6];
  return isEvent && (next === 0x20 || next === 0x3e || next === 0x2f || next === 0x09 || next === BACKSLASH);
}

/**
 * Writes the text of the JSON string content src[from, to) as UTF-8 into out at `at`, escapes undone
 * exactly as JSON defines them (`\uXXXX` with surrogate pairs, `\n`, `\"`, `\/`…; a lone surrogate
 * becomes U+FFFD as any UTF-8 encoder writes it). Returns the end in out, or -1 for an invalid escape.
 * The text is never longer than its escaped form, so out needs `to - from` bytes.
 */
export function unescapeInto(src: Buffer, from: number, to: number, out: Buffer, at: number): number {
  let i = from;
  let o = at;
  while (i < to) {
    // The next backslash: looked for in JS a little way, natively beyond (escapes come in clusters:
    // a path's `\\`, a message's `\r\n\t`; a native search and copy for each cost more).
    let b = i;
    const near = Math.min(to, i + SHORT);
    while (b < near && src[b] !== BACKSLASH) b++;
    if (b === near && near < to) {
      b = src.indexOf(BACKSLASH, near);
      if (b < 0 || b > to) b = to;
    }
    if (b - i > SHORT) o += src.copy(out, o, i, b);
    else for (let k = i; k < b; k++) out[o++] = src[k] as number;
    if (b === to) break;
    const e = src[b + 1];
    i = b + 2;
    if (e === 0x75) {
      let code = hex4(src, i, to);
      if (code < 0) return -1;
      i += 4;
      if (code >= 0xd800 && code <= 0xdbff) {
        const low = src[i] === BACKSLASH && src[i + 1] === 0x75 ? hex4(src, i + 2, to) : -1;
        // A high surrogate takes the low one after it; alone, either is U+FFFD.
        if (low >= 0xdc00 && low <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          i += 6;
        } else code = 0xfffd;
      } else if (code >= 0xdc00 && code <= 0xdfff) code = 0xfffd;
      o = utf8(out, o, code);
      continue;
    }
    const c = b + 1 < to ? SIMPLE[e as number] : undefined;
    if (c === undefined) return -1;
    out[o++] = c;
  }
  return o;
}

/** The byte each one-letter escape stands for. */
const SIMPLE: (number | undefined)[] = [];
for (const [letter, byte] of [
  ['"', 0x22],
  ['\\', 0x5c],
  ['/', 0x2f],
  ['b', 0x08],
  ['f', 0x0c],
  ['n', 0x0a],
  ['r', 0x0d],
  ['t', 0x09],
] as const)
  SIMPLE[letter.charCodeAt(0)] = byte;

function hex4(src: Buffer, i: number, to: number): number {
  if (i + 4 > to) return -1;
  let value = 0;
  for (let k = i; k < i + 4; k++) {
    const c = src[k] as number;
    const digit =
      c >= 0x30 && c <= 0x39
        ? c - 0x30
        : c >= 0x61 && c <= 0x66
          ? c - 87
          : c >= 0x41 && c <= 0x46
            ? c - 55
            : -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

function utf8(out: Buffer, o: number, code: number): number {
  if (code < 0x80) {
    out[o] = code;
    return o + 1;
  }
  if (code < 0x800) {
    out[o] = 0xc0 | (code >> 6);
    out[o + 1] = 0x80 | (code & 0x3f);
    return o + 2;
  }
  if (code < 0x10000) {
    out[o] = 0xe0 | (code >> 12);
    out[o + 1] = 0x80 | ((code >> 6) & 0x3f);
    out[o + 2] = 0x80 | (code & 0x3f);
    return o + 3;
  }
  out[o] = 0xf0 | (code >> 18);
  out[o + 1] = 0x80 | ((code >> 12) & 0x3f);
  out[o + 2] = 0x80 | ((code >> 6) & 0x3f);
  out[o + 3] = 0x80 | (code & 0x3f);
  return o + 4;
}

/** The text of a JSON string's content; undefined when it is not valid. */
export function jsonStringText(content: Buffer): string | undefined {
  if (content.indexOf(BACKSLASH) < 0) return content.toString('utf8');
  const out = Buffer.allocUnsafe(content.length);
  const end = unescapeInto(content, 0, content.length, out, 0);
  return end < 0 ? undefined : out.toString('utf8', 0, end);
}
