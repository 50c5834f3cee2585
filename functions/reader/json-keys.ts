/**
 * Object keys as strings without a new string per key: shippers repeat the same few keys in every
 * record, so each distinct key is made once and found again by its bytes.
 */
export class KeyNames {
  private readonly slots: (string | undefined)[] = new Array(SLOTS);

  /** The key in buf[from, to) (plain bytes: a key with escapes is made each time). */
  name(buf: Buffer, from: number, to: number): string {
    const length = to - from;
    if (length > MAX_KEY) return '';
    // A few bytes pick the slot (the whole key is compared anyway): hashing every byte cost more.
    const slot =
      length === 0
        ? 0
        : (length * 31 +
            (buf[from] as number) * 7 +
            (buf[from + (length >> 1)] as number) * 13 +
            (buf[to - 1] as number)) &
          (SLOTS - 1);
    const known = this.slots[slot];
    if (known !== undefined && known.length === length && sameBytes(known, buf, from)) return known;
    const text = buf.toString('latin1', from, to);
    if (!PLAIN.test(text)) return decodeKey(buf, from, to);
    this.slots[slot] = text;
    return text;
  }
}

const SLOTS = 256;
/** Printable ASCII without a backslash: the bytes are the key. */
const PLAIN = /^[\x20-\x5b\x5d-\x7e]*$/;
const MAX_KEY = 128;

function sameBytes(text: string, buf: Buffer, from: number): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== buf[from + i]) return false;
  return true;
}

function decodeKey(buf: Buffer, from: number, to: number): string {
  try {
    return JSON.parse(`"${buf.toString('utf8', from, to)}"`) as string;
  } catch {
    return '';
  }
}
