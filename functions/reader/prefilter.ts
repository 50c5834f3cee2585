/**
 * The few things that make an event worth decoding. Everything else is counted and skipped, which is
 * where the reader's speed comes from. Text patterns are the failure contract's (case-insensitive).
 */
export const SIGNAL_EVENT_IDS: ReadonlySet<number> = new Set([1530, 10006]);

const TEXT_PATTERNS = '800703fa|error_key_deleted|marked for deletion';
/** Failure text anywhere in an event (Data, UserData, Message, decoded Binary). */
export const FAILURE_TEXT = new RegExp(TEXT_PATTERNS, 'i');
/** One pass over a region of complete events: failure text, Binary to look into, refused declarations. */
const REGION = new RegExp(`${TEXT_PATTERNS}|<binary>|<!doctype|<!entity`, 'gi');

export const HitKind = { Text: 0, Binary: 1, Declaration: 2 } as const;
export type HitKind = (typeof HitKind)[keyof typeof HitKind];

export interface Hits {
  positions: number[];
  kinds: HitKind[];
}

/** Finds every hit in buf[from, to) in one regex pass over a latin1 view (byte index = string index). */
export function findHits(buf: Buffer, from: number, to: number): Hits {
  const text = buf.toString('latin1', from, to);
  const positions: number[] = [];
  const kinds: HitKind[] = [];
  REGION.lastIndex = 0;
  for (let m = REGION.exec(text); m; m = REGION.exec(text)) {
    positions.push(from + m.index);
    const c = m[0].charCodeAt(1) | 0x20;
    kinds.push(m[0].charCodeAt(0) !== 60 ? HitKind.Text : c === 98 ? HitKind.Binary : HitKind.Declaration);
  }
  return { positions, kinds };
}

/** Whether the hex of a `<Binary>` element decodes to text (ASCII or UTF-16LE) carrying failure text. */
export function binaryCarriesFailureText(hex: string): boolean {
  const bytes = Buffer.from(hex.replace(/\s+/g, ''), 'hex');
  if (bytes.length === 0) return false;
  return FAILURE_TEXT.test(bytes.toString('latin1')) || FAILURE_TEXT.test(bytes.toString('utf16le'));
}
