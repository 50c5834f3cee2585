import { readHead } from './head.ts';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

/** Maps a byte offset in the UTF-8 text the scanner reads back to the offset in the object's own encoding. */
export interface OffsetMap {
  toSource(utf8Offset: number): number;
  /** The scanner no longer needs offsets below this one. */
  release(utf8Offset: number): void;
}

export interface DecodedText {
  encoding: TextEncodingName;
  chunks: AsyncGenerator<Buffer>;
  offsets: OffsetMap;
}

/**
 * Detects the text encoding from the first bytes (BOM, or `<` next to a NUL for BOM-less UTF-16) and
 * turns the bytes into UTF-8 chunks for the scanner. UTF-8 passes through untouched (BOM dropped);
 * UTF-16 is transcoded with a streaming decoder, so a code unit or surrogate pair may be cut anywhere.
 */
export async function decodeText(source: AsyncGenerator<Buffer>): Promise<DecodedText> {
  const first = await readHead(source, 4);
  const encoding = sniffEncoding(first);
  const bomLength = bomLengthOf(first, encoding);
  if (encoding === 'utf-8') {
    const offsets: OffsetMap = { toSource: (o) => o + bomLength, release: () => {} };
    return { encoding, chunks: passThrough(first.subarray(bomLength), source), offsets };
  }
  const map = new Utf16OffsetMap(bomLength);
  return { encoding, chunks: transcode(first.subarray(bomLength), source, encoding, map), offsets: map };
}

function sniffEncoding(b: Buffer): TextEncodingName {
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  // No BOM: ASCII markup in UTF-16 shows as a NUL beside each character.
  if (b.length >= 4 && b[1] === 0 && b[3] === 0 && b[0] !== 0 && b[2] !== 0) return 'utf-16le';
  if (b.length >= 4 && b[0] === 0 && b[2] === 0 && b[1] !== 0 && b[3] !== 0) return 'utf-16be';
  return 'utf-8';
}

function bomLengthOf(b: Buffer, encoding: TextEncodingName): number {
  if (encoding === 'utf-8') return b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  return (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff) ? 2 : 0;
}

async function* passThrough(first: Buffer, rest: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  if (first.length > 0) yield first;
  yield* rest;
}

async function* transcode(
  first: Buffer,
  rest: AsyncGenerator<Buffer>,
  encoding: 'utf-16le' | 'utf-16be',
  map: Utf16OffsetMap,
): AsyncGenerator<Buffer> {
  const decoder = new TextDecoder(encoding);
  const emit = (text: string): Buffer | undefined => {
    if (text.length === 0) return undefined;
    const utf8 = Buffer.from(text, 'utf8');
    map.add(utf8.length, text);
    return utf8;
  };
  let out = emit(decoder.decode(first, { stream: true }));
  if (out) yield out;
  for await (const buf of rest) {
    out = emit(decoder.decode(buf, { stream: true }));
    if (out) yield out;
  }
  out = emit(decoder.decode());
  if (out) yield out;
}

interface Segment {
  utf8Start: number;
  utf8Length: number;
  /** Source offset of the segment (bytes, after the BOM). */
  sourceStart: number;
  /** Kept only when the segment is not pure ASCII, to count code units exactly. */
  text?: string;
}

/** Each decoded string of n code units came from exactly 2n source bytes; offsets inside are counted on demand. */
class Utf16OffsetMap implements OffsetMap {
  private segments: Segment[] = [];
  private utf8End = 0;
  private sourceEnd = 0;

  constructor(private readonly bomLength: number) {}

  add(utf8Length: number, text: string): void {
    const segment: Segment = { utf8Start: this.utf8End, utf8Length, sourceStart: this.sourceEnd };
    if (utf8Length !== text.length) segment.text = text;
    this.segments.push(segment);
    this.utf8End += utf8Length;
    this.sourceEnd += 2 * text.length;
  }

  release(utf8Offset: number): void {
    let drop = 0;
    while (drop < this.segments.length - 1) {
      const s = this.segments[drop] as Segment;
      if (s.utf8Start + s.utf8Length > utf8Offset) break;
      drop++;
    }
    if (drop > 0) this.segments.splice(0, drop);
  }

  toSource(utf8Offset: number): number {
    const s =
      this.segments.find((seg) => utf8Offset < seg.utf8Start + seg.utf8Length) ?? this.segments.at(-1);
    if (!s) return this.bomLength + 2 * utf8Offset;
    const within = Math.min(Math.max(utf8Offset - s.utf8Start, 0), s.utf8Length);
    const units =
      s.text === undefined ? within : Buffer.from(s.text, 'utf8').subarray(0, within).toString('utf8').length;
    return this.bomLength + s.sourceStart + 2 * units;
  }
}
