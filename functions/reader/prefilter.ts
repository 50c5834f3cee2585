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
  SECURITY_PROVIDER,
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

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One regex pass over a region of complete events, over a latin1 view of its UTF-8 bytes (UTF-16 objects
 * are transcoded first; Fluent Bit's `\uXXXX` is decoded by its JSON parse). Its alternatives start with
 * rare characters so the regex engine skips quickly: tails of every failure form (the event is then
 * decoded and checked exactly), localized messages as their UTF-8 bytes, `binary>` to look into Binary,
 * and `xmlns=` to see event start tags inside an event.
 */
const ALTERNATIVES = [
  '800703fa',
  '2147943418',
  '2147023878',
  '_key_deleted',
  '_hive_unloaded',
  'xc000017c',
  'xc0000425',
  'for deletion',
  'been unloaded',
  ...LOCALIZED_KEY_DELETED.map((l) => Buffer.from(l.match, 'utf8').toString('latin1')),
  'binary>',
  'xmlns=',
];
const REGION = new RegExp(ALTERNATIVES.map(escapeRegExp).join('|'), 'gi');

const WINDOW = 64 * 1024;
/** Longer than any REGION alternative, so that a match across a window seam is found once. */
const OVERLAP = Math.max(...ALTERNATIVES.map((a) => a.length));

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
/** Whether a `<Binary>` carries the failure: 0x800703FA as a DWORD, or failure text decoded from it. */
export function binaryCarriesFailureText(hex: string): boolean {
  return keyDeletedInBinary(hex) !== undefined;
}

const TARGET_USER_SID = Buffer.from('TargetUserSid', 'latin1');
const LOGON_TYPE = Buffer.from('LogonType', 'latin1');
const LEAKING_IMAGE = /dllhost\.exe|w3wp\.exe/i;

/** The provider each id-only signal needs, as Windows writes its name: ids like 12/13 are common to many providers. */
const PROVIDER_OF_ID = new Map<number, Buffer>([
  ...HOST_RESTARTS.map((r) => [r.eventId, Buffer.from(r.provider, 'latin1')] as const),
  ...[...APP_POOL_RECYCLES.events.keys()].map(
    (id) => [id, Buffer.from(APP_POOL_RECYCLES.provider, 'latin1')] as const,
  ),
  ...[PROCESS_EXIT.eventId, LOGON_EVENT, ...LOGOFF_EVENTS].map(
    (id) => [id, Buffer.from(SECURITY_PROVIDER, 'latin1')] as const,
  ),
]);

/**
 * Cheap byte checks on an event whose id is in SIGNAL_EVENT_IDS, so the high-volume ones that can never
 * be signals are skipped undecoded: ids of other providers (Sysmon's 12/13), logons and logoffs of system
 * identities or of logon types that load no profile (thousands an hour on a busy server), and exits of
 * processes other than dllhost/w3wp. When a check cannot tell, the event is decoded.
 */
export function worthDecoding(buf: Buffer, start: number, end: number, id: number): boolean {
  const provider = PROVIDER_OF_ID.get(id);
  if (provider !== undefined && buf.subarray(start, end).indexOf(provider) < 0) return false;
  switch (id) {
    case LOGON_EVENT:
    case 4634:
    case 4647: {
      const sid = dataValue(buf, start, end, TARGET_USER_SID);
      if (sid !== undefined && isSystemSid(sid)) return false;
      if (id === 4647) return true;
      const type = dataValue(buf, start, end, LOGON_TYPE);
      return type === undefined || !/^\d+$/.test(type) || PROFILE_LOGON_TYPES.has(Number(type));
    }
    case PROCESS_EXIT.eventId:
      return LEAKING_IMAGE.test(buf.toString('latin1', start, end));
    default:
      return true;
  }
}

/** The text of `<Data Name='name'>…</Data>` in buf[start, end), or undefined when not found as such. */
function dataValue(buf: Buffer, start: number, end: number, name: Buffer): string | undefined {
  const event = buf.subarray(start, end);
  for (let at = event.indexOf(name); at >= 0; at = event.indexOf(name, at + name.length)) {
    const quote = event[at + name.length];
    if ((quote !== 39 && quote !== 34) || (event[at - 1] !== 39 && event[at - 1] !== 34)) continue;
    const open = event.indexOf(62, at + name.length); // '>'
    const close = open < 0 ? -1 : event.indexOf(60, open + 1); // '<'
    if (close < 0) return undefined;
    return event.toString('latin1', open + 1, close).trim();
  }
  return undefined;
}
