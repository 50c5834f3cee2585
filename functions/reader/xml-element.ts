import { RefusedXmlError, XmlSyntaxError } from './errors.ts';

/** An element of one event's markup: just what the event record needs. */
export interface XmlElement {
  name: string;
  attributes: Map<string, string>;
  children: XmlElement[];
  /** Character data directly inside the element, entities decoded, in document order. */
  text: string;
  /** Where the element's content starts and ends in the parsed text (for UserData as written). */
  contentStart: number;
  contentEnd: number;
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9._-]*);/g;

/**
 * Decodes the five predefined entities and numeric character references. Anything else stays as
 * written: there is no DTD, so nothing is ever expanded. Control characters that Windows writes into
 * Data (\x01, \x13, or &#1;) are kept: they are data, not a reason to lose the event.
 */
export function decodeEntities(raw: string): string {
  // XML 1.0 §2.11: a literal CR LF or lone CR reads as LF (libevtx writes raw CR LF); &#13; stays CR.
  const text = raw.indexOf('\r') < 0 ? raw : raw.replace(/\r\n?/g, '\n');
  if (text.indexOf('&') < 0) return text;
  return text.replace(ENTITY, (whole, ref: string) => {
    if (ref.charCodeAt(0) !== 35) return PREDEFINED[ref] ?? whole;
    const code =
      ref.charCodeAt(1) === 120 ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    return code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

/**
 * Elements one event may have: each costs a few hundred bytes of heap, so 4 MiB of `<a/>` would take ~400 MB. The
 * largest real event of the shared corpus has 59 (5 deep); no Windows event comes near this.
 */
export const MAX_ELEMENTS = 10_000;

/**
 * Parses the single element that makes up `text` (one `<Event>`), strictly enough to notice a cut or
 * broken event, leniently enough for what Windows really writes (either quote, control characters).
 * DOCTYPE and ENTITY declarations are refused.
 */
export function parseElement(text: string): XmlElement {
  let i = skipMisc(text, 0);
  if (text.charCodeAt(i) !== 60) throw new XmlSyntaxError('expected an element', i);
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let textStart = -1;
  let elements = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (stack.length === 0 && root) break;
    if (lt < 0) throw new XmlSyntaxError(`element <${stack.at(-1)?.name}> is not closed`, text.length);
    if (lt > i && stack.length > 0) appendText(stack.at(-1) as XmlElement, text.slice(i, lt));
    textStart = lt;
    const c = text.charCodeAt(lt + 1);
    if (c === 47) {
      // </name>
      const gt = text.indexOf('>', lt);
      if (gt < 0) throw new XmlSyntaxError('end tag is not closed', lt);
      const name = text.slice(lt + 2, gt).trim();
      const open = stack.pop();
      if (!open || open.name !== name)
        throw new XmlSyntaxError(`end tag </${name}> does not match <${open?.name ?? ''}>`, lt);
      open.contentEnd = lt;
      if (stack.length === 0) root = open;
      i = gt + 1;
    } else if (c === 33) {
      i = skipDeclaration(text, lt, stack.at(-1));
    } else if (c === 63) {
      const end = text.indexOf('?>', lt + 2);
      if (end < 0) throw new XmlSyntaxError('processing instruction is not closed', lt);
      i = end + 2;
    } else {
      if (++elements > MAX_ELEMENTS)
        throw new XmlSyntaxError(`event has more than ${MAX_ELEMENTS} elements`, lt);
      const { element, end, selfClosing } = parseStartTag(text, lt);
      stack.at(-1)?.children.push(element);
      if (selfClosing) {
        element.contentStart = element.contentEnd = end;
        if (stack.length === 0) root = element;
      } else {
        stack.push(element);
      }
      i = end;
    }
  }
  if (!root || stack.length > 0)
    throw new XmlSyntaxError(`element <${stack[0]?.name ?? '?'}> is not closed`, textStart);
  const after = skipMisc(text, i);
  if (after < text.length) throw new XmlSyntaxError('content after the end of the event', after);
  return root;
}

function appendText(element: XmlElement, raw: string): void {
  element.text += decodeEntities(raw);
}

function parseStartTag(text: string, lt: number): { element: XmlElement; end: number; selfClosing: boolean } {
  let i = lt + 1;
  const nameEnd = findNameEnd(text, i);
  const name = text.slice(i, nameEnd);
  if (name.length === 0) throw new XmlSyntaxError("'<' not followed by an element name", lt);
  const attributes = new Map<string, string>();
  i = nameEnd;
  for (;;) {
    while (isSpace(text.charCodeAt(i))) i++;
    const c = text.charCodeAt(i);
    if (c === 62) return { element: newElement(name, attributes, i + 1), end: i + 1, selfClosing: false };
    if (c === 47 && text.charCodeAt(i + 1) === 62)
      return { element: newElement(name, attributes, i + 2), end: i + 2, selfClosing: true };
    if (Number.isNaN(c)) throw new XmlSyntaxError(`start tag <${name}> is not closed`, lt);
    const attrEnd = findNameEnd(text, i);
    if (attrEnd === i) throw new XmlSyntaxError(`unexpected character in <${name}>`, i);
    const attrName = text.slice(i, attrEnd);
    i = attrEnd;
    while (isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== 61)
      throw new XmlSyntaxError(`attribute ${attrName} of <${name}> has no value`, i);
    i++;
    while (isSpace(text.charCodeAt(i))) i++;
    const quote = text[i];
    if (quote !== '"' && quote !== "'")
      throw new XmlSyntaxError(`attribute ${attrName} of <${name}> is not quoted`, i);
    const close = text.indexOf(quote, i + 1);
    if (close < 0) throw new XmlSyntaxError(`attribute ${attrName} of <${name}> is not closed`, i);
    attributes.set(attrName, decodeEntities(text.slice(i + 1, close)));
    i = close + 1;
  }
}

function newElement(name: string, attributes: Map<string, string>, contentStart: number): XmlElement {
  return { name, attributes, children: [], text: '', contentStart, contentEnd: contentStart };
}

function findNameEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && !isNameEnd(text.charCodeAt(i))) i++;
  return i;
}

/**
 * What ends a name: /[\s/>=]/ by character code (a regex test per character cost a string each), `\s`
 * as JavaScript defines it.
 */
export function isNameEnd(c: number): boolean {
  if (c === 0x2f || c === 0x3e || c === 0x3d || c === 0x20 || (c >= 0x09 && c <= 0x0d)) return true;
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

const MARKUP_DECLARATIONS = new Set(['DOCTYPE', 'ENTITY', 'ELEMENT', 'ATTLIST', 'NOTATION']);

/** Comments and CDATA are read; DOCTYPE, ENTITY and the other DTD declarations are refused. */
function skipDeclaration(text: string, lt: number, parent: XmlElement | undefined): number {
  if (text.startsWith('<!--', lt)) {
    const end = text.indexOf('-->', lt + 4);
    if (end < 0) throw new XmlSyntaxError('comment is not closed', lt);
    return end + 3;
  }
  if (text.startsWith('<![CDATA[', lt)) {
    const end = text.indexOf(']]>', lt + 9);
    if (end < 0) throw new XmlSyntaxError('CDATA section is not closed', lt);
    if (parent) parent.text += text.slice(lt + 9, end).replace(/\r\n?/g, '\n');
    return end + 3;
  }
  const word = /^<!([A-Za-z]+)/.exec(text.slice(lt, lt + 12))?.[1]?.toUpperCase() ?? '';
  if (MARKUP_DECLARATIONS.has(word)) {
    throw new RefusedXmlError(
      `markup declaration <!${word}> refused (DTDs and entities are never expanded)`,
      lt,
    );
  }
  throw new XmlSyntaxError("'<!' is neither a comment, CDATA nor a declaration", lt);
}

/** Skips white space, comments and processing instructions around the element. */
function skipMisc(text: string, from: number): number {
  let i = from;
  for (;;) {
    while (isSpace(text.charCodeAt(i))) i++;
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) return i;
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) return i;
      i = end + 3;
    } else if (text.startsWith('<!', i) && !text.startsWith('<![CDATA[', i)) {
      skipDeclaration(text, i, undefined);
    } else {
      return i;
    }
  }
}
