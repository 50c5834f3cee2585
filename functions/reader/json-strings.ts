/** Byte-level helpers for JSON strings, which is where almost every byte of a shipper's record is. */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Index of the quote closing a string whose content runs from `from`, or -1 when it does not close in
 * buf. `escaped`: the byte at `from` is escaped (the previous piece ended in an odd run of backslashes).
 */
export function closingQuote(buf: Buffer, from: number, escaped: boolean): number {
  const floor = escaped ? from + 1 : from;
  for (let q = buf.indexOf(QUOTE, floor); q >= 0; q = buf.indexOf(QUOTE, q + 1)) {
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

const EVENT = Buffer.from('<Event', 'latin1');
const ESCAPED_LT = Buffer.from('\\u003', 'latin1');

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
  for (;;) {
    const c = buf[i];
    if (i >= to) return complete ? false : undefined;
    if (c === 0x20 || c === 0x09) i++;
    else if (
      c === BACKSLASH &&
      i + 1 < to &&
      (buf[i + 1] === 0x6e || buf[i + 1] === 0x72 || buf[i + 1] === 0x74)
    )
      i += 2;
    else if (c === BACKSLASH && i + 1 >= to && !complete) return undefined;
    else break;
  }
  let tag = i;
  if (buf[i] === BACKSLASH) {
    if (to - i < 6) return complete ? false : undefined;
    if (!buf.subarray(i, i + 5).equals(ESCAPED_LT) || ((buf[i + 5] as number) | 0x20) !== 0x63) return false;
    tag = i + 5; // `\u003c` stands where `<` would: compare `Event` from the `c`
  }
  if (to - tag < 7) return complete ? false : undefined;
  if (tag === i) {
    if (buf.compare(EVENT, 0, 6, tag, tag + 6) !== 0) return false;
  } else if (buf.compare(EVENT, 1, 6, tag + 1, tag + 6) !== 0) return false;
  const next = buf[tag + 6];
  return next === 0x20 || next === 0x3e || next === 0x2f || next === 0x09 || next === BACKSLASH;
}

/** Whether the content has any escape; without one, its bytes are its UTF-8 text. */
export function hasEscape(buf: Buffer): boolean {
  return buf.indexOf(BACKSLASH) >= 0;
}

/**
 * The text of a JSON string's content (the bytes between its quotes), escapes undone exactly as JSON
 * defines them (`\uXXXX` with surrogate pairs, `\n`, `\"`, `\/`…). Throws SyntaxError when invalid.
 */
export function jsonStringText(content: Buffer): string {
  const raw = content.toString('utf8');
  return hasEscape(content) ? (JSON.parse(`"${raw}"`) as string) : raw;
}
