/**
 * The few things that make an event worth decoding. Everything else is counted and skipped, which is
 * where the reader's speed comes from. What they look for is the rules' (signals/detection-rules.ts).
 */
import {
  APP_POOL_RECYCLES,
  CLIENT_FAILURE,
  HOST_RESTARTS,
  isSystemSid,
  LEAK,
  LOCALIZED_KEY_DELETED,
  LOGOFF_EVENTS,
  LOGON_EVENT,
  PROCESS_EXIT,
  PROFILE_LOGON_TYPES,
} from '../signals/detection-rules.ts';
import { carriesKeyDeleted, keyDeletedInBinary } from '../signals/key-deleted.ts';

/** Events decoded for their id (after the cheap checks of worthDecoding), whatever their text. */
export const SIGNAL_EVENT_IDS: ReadonlySet<number> = new Set([
  LEAK.eventId,
  CLIENT_FAILURE.eventId,
  ...HOST_RESTARTS.map((r) => r.eventId),
  ...APP_POOL_RECYCLES.events.keys(),
  PROCESS_EXIT.eventId,
  LOGON_EVENT,
  ...LOGOFF_EVENTS,
]);

/** Failure text anywhere in an event (Data, UserData, Message, decoded Binary): every form of the rules. */
export function carriesFailureText(text: string): boolean {
  return carriesKeyDeleted(text);
}

/**
 * Two passes over a region of complete events, over its UTF-8 bytes (UTF-16 objects are transcoded
 * first; Fluent Bit's `\uXXXX` is decoded by its JSON parse). WORDS, a regex over a latin1 view, any case,
 * whose alternatives start with rare letters — tails of the ASCII failure forms (the event is then
 * decoded and checked exactly), `binary>` to look into Binary, `xmlns=` to see event start tags inside an
 * event. EXACT, case-sensitive, by native byte search: the decimal forms (found by their shared `2147`,
 * then their tails) and the localized messages as their UTF-8 bytes. On the bench corpora WORDS costs
 * ~92 ms per 100 MB; EXACT as a second regex (or as one search per decimal, whose `2` is in every
 * timestamp) added 62–80 ms, as below 20 ms (measured per CPU second, best of 7). Kept apart from WORDS
 * because together they run five times slower (measured).
 */
const WORDS =
  /800703fa|_(?:key_deleted|hive_unloaded)|for deletion|been unloaded|binary>|x(?:mlns=|c0000(?:17c|425))/gi;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** 0x800703FA as unsigned (2147943418) and signed (-2147023878) decimal: both start `2147`. */
const DECIMAL_HEAD = Buffer.from('2147', 'latin1');
const DECIMAL_TAILS: readonly Buffer[] = [Buffer.from('943418', 'latin1'), Buffer.from('023878', 'latin1')];
const LOCALIZED: readonly Buffer[] = LOCALIZED_KEY_DELETED.map((l) => Buffer.from(l.match, 'utf8'));

/**
 * Failure text, as a hint over raw bytes (a latin1 view of UTF-8): any form of the rules, any case. It may match
 * more than the rules do (the event is then decoded and checked exactly), never less. Used on JSON records' rendered
 * messages, where a `\u` escape is decoded first.
 */
export const FAILURE_TEXT = new RegExp(
  [
    '800703fa',
    '_(?:key_deleted|hive_unloaded)',
    'for deletion',
    'been unloaded',
    'xc0000(?:17c|425)',
    '2147943418',
    '2147023878',
    ...LOCALIZED.map((l) => escapeRegExp(l.toString('latin1'))),
  ].join('|'),
  'i',
);

const WINDOW = 64 * 1024;
/** Longer than any WORDS alternative, so that a match across a window seam is found once. */
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
    WORDS.lastIndex = 0;
    for (let m = WORDS.exec(text); m && m.index < WINDOW; m = WORDS.exec(text)) {
      const c = m[0].charCodeAt(0) | 0x20;
      const next = m[0].charCodeAt(1) | 0x20;
      if (c === 98 && next === 105) {
        // Only the opening tag `<Binary>` matters.
        if ((m.index > 0 ? text.charCodeAt(m.index - 1) : buf[w - 1]) !== 60) continue;
        kinds.push(HitKind.Binary);
      } else {
        kinds.push(c === 120 && next === 109 ? HitKind.StartTag : HitKind.Text);
      }
      positions.push(w + m.index);
    }
  }
  return withCharacterReferences(buf, from, to, mergeText({ positions, kinds }, findExact(buf, from, to)));
}

/** Where a decimal form or a localized message starts in buf[from, to) (whole inside it), in position order. */
function findExact(buf: Buffer, from: number, to: number): number[] {
  const region = buf.subarray(from, to);
  const found: number[] = [];
  const head = DECIMAL_HEAD.length;
  for (let at = region.indexOf(DECIMAL_HEAD); at >= 0; at = region.indexOf(DECIMAL_HEAD, at + 1)) {
    for (const tail of DECIMAL_TAILS) {
      const end = at + head + tail.length;
      if (end <= region.length && region.compare(tail, 0, tail.length, at + head, end) === 0)
        found.push(from + at);
    }
  }
  for (const phrase of LOCALIZED) {
    for (let at = region.indexOf(phrase); at >= 0; at = region.indexOf(phrase, at + 1)) found.push(from + at);
  }
  return found.length > 1 ? found.sort((a, b) => a - b) : found;
}

/** Adds the (rare) exact hits as text hits, keeping position order. */
function mergeText(hits: Hits, exact: number[]): Hits {
  if (exact.length === 0) return hits;
  const positions: number[] = [];
  const kinds: HitKind[] = [];
  let k = 0;
  for (const at of exact) {
    while (k < hits.positions.length && (hits.positions[k] as number) < at) {
      positions.push(hits.positions[k] as number);
      kinds.push(hits.kinds[k] as HitKind);
      k++;
    }
    positions.push(at);
    kinds.push(HitKind.Text);
  }
  for (; k < hits.positions.length; k++) {
    positions.push(hits.positions[k] as number);
    kinds.push(hits.kinds[k] as HitKind);
  }
  return { positions, kinds };
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

/** Whether a `<Binary>` carries the failure: 0x800703FA as a DWORD, or failure text decoded from it. */
export function binaryCarriesFailureText(hex: string): boolean {
  return keyDeletedInBinary(hex) !== undefined;
}

const PROVIDER_NAME = Buffer.from('Provider Name=', 'latin1');
const TARGET_USER_SID = Buffer.from('TargetUserSid', 'latin1');
const LOGON_TYPE = Buffer.from('LogonType', 'latin1');
const PROCESS_NAME = Buffer.from('ProcessName', 'latin1');
const LEAKING_IMAGE = /(?:^|\\)(?:dllhost|w3wp)\.exe$/i;

/** The provider each id-only signal needs, as Windows writes its name: ids like 12/13 are common to many providers. */
const PROVIDER_OF_ID = new Map<number, Buffer>([
  ...HOST_RESTARTS.map((r) => [r.eventId, Buffer.from(r.provider, 'latin1')] as const),
  ...[...APP_POOL_RECYCLES.events.keys()].map(
    (id) => [id, Buffer.from(APP_POOL_RECYCLES.provider, 'latin1')] as const,
  ),
  // Security ids are checked by their Data below: a provider test on every logon costs more than it saves.
]);

/**
 * Cheap byte checks on an event whose id is in SIGNAL_EVENT_IDS, so the high-volume ones that can never
 * be signals are skipped undecoded: ids of other providers (Sysmon's 12/13), logons and logoffs of system
 * identities or of logon types that load no profile (thousands an hour on a busy server), and exits of
 * processes other than dllhost/w3wp. Each search starts in the event and stops at the field it looks for,
 * so nothing is copied; an event without the Data its signal is read from makes no signal (failure text
 * in it is found by findHits all the same).
 */
export function worthDecoding(buf: Buffer, start: number, end: number, id: number): boolean {
  const provider = PROVIDER_OF_ID.get(id);
  if (provider !== undefined && !isProvider(buf, start, end, provider)) return false;
  switch (id) {
    case LOGON_EVENT:
    case 4634:
    case 4647: {
      // Without the Data a session signal is read from, the id alone makes no signal.
      const sidAt = dataAt(buf, start, end, TARGET_USER_SID);
      if (sidAt < 0 || isSystemSid(valueAt(buf, sidAt, end))) return false;
      if (id === 4647) return true;
      const typeAt = dataAt(buf, sidAt, end, LOGON_TYPE);
      return typeAt >= 0 && PROFILE_LOGON_TYPES.has(Number(valueAt(buf, typeAt, end)));
    }
    case PROCESS_EXIT.eventId: {
      const nameAt = dataAt(buf, start, end, PROCESS_NAME);
      return nameAt >= 0 && LEAKING_IMAGE.test(valueAt(buf, nameAt, end));
    }
    default:
      return true;
  }
}

/** Whether the event's `Provider Name=` holds exactly this name (either quote); undecidable means yes. */
function isProvider(buf: Buffer, start: number, end: number, name: Buffer): boolean {
  const at = buf.indexOf(PROVIDER_NAME, start);
  if (at < 0 || at >= end) return true;
  const from = at + PROVIDER_NAME.length + 1;
  return (
    from + name.length < end &&
    buf.compare(name, 0, name.length, from, from + name.length) === 0 &&
    buf[from + name.length] === buf[from - 1]
  );
}

/** Index just past the `>` of `<Data Name='name'>` in buf[from, end), or -1. */
function dataAt(buf: Buffer, from: number, end: number, name: Buffer): number {
  for (let at = buf.indexOf(name, from); at >= 0 && at < end; at = buf.indexOf(name, at + name.length)) {
    const after = buf[at + name.length];
    const before = buf[at - 1];
    if ((after !== 39 && after !== 34) || (before !== 39 && before !== 34)) continue;
    const gt = buf.indexOf(62, at + name.length);
    return gt < 0 || gt >= end ? -1 : gt + 1;
  }
  return -1;
}

/** The text from `at` to the next `<` (a Data value), trimmed. */
function valueAt(buf: Buffer, at: number, end: number): string {
  const lt = buf.indexOf(60, at);
  return buf.toString('latin1', at, lt < 0 || lt > end ? end : lt).trim();
}
