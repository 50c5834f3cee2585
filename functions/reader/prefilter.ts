/**
 * The few things that make an event worth decoding. Everything else is counted and skipped, which is
 * where the reader's speed comes from. The text patterns are the failure contract's, any case.
 */
export const SIGNAL_EVENT_IDS: ReadonlySet<number> = new Set([1530, 10006]);

/** Failure text anywhere in an event (Data, UserData, Message, decoded Binary). */
export const FAILURE_TEXT = /800703fa|error_key_deleted|marked for deletion/i;

/**
 * One regex pass over a region of complete events. Its alternatives start with rare characters so the
 * regex engine skips quickly: the tails of the failure patterns (the event is then decoded and checked
 * exactly), `binary>` to look into Binary, and `xmlns=` to see event start tags inside an event.
 */
const REGION = /800703fa|_key_deleted|for deletion|binary>|xmlns=/gi;

const WINDOW = 64 * 1024;
/** Longer than any REGION pattern ("marked for deletion" is the longest tail: "for deletion"). */
const OVERLAP = 32;

export const HitKind = { Text: 0, Binary: 1, StartTag: 2, CharacterReference: 3 } as const;
export type HitKind = (typeof HitKind)[keyof typeof HitKind];

export interface Hits {
  positions: number[];
  kinds: HitKind[];
}

/** Every hit in buf[from, to), in order, over a latin1 view (byte index = string index). */
export function findHits(buf: Buffer, from: number, to: number): Hits {
  const positions: number[] = [];
  const kinds: HitKind[] = [];
  // Windows of 64 KiB keep each string small (a large one is slow to make and to collect); they overlap
  // by a pattern's length so that a match across a seam is found once, in the window where it starts.
  for (let w = from; w < to; w += WINDOW) {
    const text = buf.toString('latin1', w, Math.min(w + WINDOW + OVERLAP, to));
    REGION.lastIndex = 0;
    for (let m = REGION.exec(text); m && m.index < WINDOW; m = REGION.exec(text)) {
      const c = m[0].charCodeAt(0) | 0x20;
      if (c === 98) {
        // Only the opening tag `<Binary>` matters.
        if ((m.index > 0 ? text.charCodeAt(m.index - 1) : buf[w - 1]) !== 60) continue;
        kinds.push(HitKind.Binary);
      } else {
        kinds.push(c === 120 ? HitKind.StartTag : HitKind.Text);
      }
      positions.push(w + m.index);
    }
  }
  return withCharacterReferences(buf, from, to, { positions, kinds });
}

const REFERENCE = Buffer.from('&#', 'latin1');

/** `&#13;` `&#10;` `&#xD;` `&#xA;` (Windows' line breaks in messages) cannot be part of failure text. */
function isLineBreakReference(buf: Buffer, at: number): boolean {
  const a = buf[at + 2];
  const b = buf[at + 3];
  const c = buf[at + 4];
  if (a === 49 && b === 48) return c === 59; // &#10;
  if (a === 49 && b === 51) return c === 59; // &#13;
  return (a === 120 || a === 88) && (b === 65 || b === 97 || b === 68 || b === 100) && c === 59; // &#xA; &#xD;
}

/**
 * Adds `&#` positions (rare in event text, found by native search): failure text may be written with
 * character references, which only a decode can see. Kept in position order with the regex hits.
 */
function withCharacterReferences(buf: Buffer, from: number, to: number, hits: Hits): Hits {
  let at = buf.indexOf(REFERENCE, from);
  if (at < 0 || at >= to) return hits;
  const positions: number[] = [];
  const kinds: HitKind[] = [];
  let k = 0;
  for (; at >= 0 && at < to; at = buf.indexOf(REFERENCE, at + 2)) {
    if (isLineBreakReference(buf, at)) continue;
    while (k < hits.positions.length && (hits.positions[k] as number) < at) {
      positions.push(hits.positions[k] as number);
      kinds.push(hits.kinds[k] as HitKind);
      k++;
    }
    positions.push(at);
    kinds.push(HitKind.CharacterReference);
  }
  for (; k < hits.positions.length; k++) {
    positions.push(hits.positions[k] as number);
    kinds.push(hits.kinds[k] as HitKind);
  }
  return { positions, kinds };
}

const BANG = 33;
const DECLARATION = /^(DOCTYPE|ENTITY)/i;

/** Where a search for declarations got to: a declaration's `<`, or -1 and where to go on from. */
export interface DeclarationSearch {
  at: number;
  resumeAt: number;
}

/**
 * The first `<!DOCTYPE` or `<!ENTITY` in buf[from, end), found by its rare `!`. A `<!` too close to
 * the end to tell is left for the next search (resumeAt), unless the input is over (final).
 * `before` is the byte that preceded buf[0] (the buffer may start right after a `<`).
 */
export function findDeclaration(
  buf: Buffer,
  from: number,
  final: boolean,
  before: number,
): DeclarationSearch {
  for (let i = buf.indexOf(BANG, from); i >= 0; i = buf.indexOf(BANG, i + 1)) {
    if ((i > 0 ? buf[i - 1] : before) !== 60) continue;
    if (i + 8 > buf.length && !final) return { at: -1, resumeAt: i };
    const word = buf.toString('latin1', i + 1, i + 8);
    if (DECLARATION.test(word)) return { at: i - 1, resumeAt: i };
  }
  return { at: -1, resumeAt: buf.length };
}
/** Whether the hex of a `<Binary>` element decodes to text (ASCII or UTF-16LE) carrying failure text. */
export function binaryCarriesFailureText(hex: string): boolean {
  const bytes = Buffer.from(hex.replace(/\s+/g, ''), 'hex');
  if (bytes.length === 0) return false;
  return FAILURE_TEXT.test(bytes.toString('latin1')) || FAILURE_TEXT.test(bytes.toString('utf16le'));
}
