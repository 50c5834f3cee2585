/**
 * JSON string escapes are undone exactly as JSON.parse does (then written as UTF-8), however the
 * shipper escaped: JSON.stringify (Vector, Winlogbeat, CloudWatch Logs), Fluent Bit's \uXXXX for every
 * non-ASCII character, `\/`, upper- or lower-case hex.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  closingQuote,
  endsEscaped,
  jsonStringText,
  unescapeInto,
} from '../../functions/reader/json-strings.ts';
import { fluentBitString } from '../../samples/shipper-shapes.ts';

/** The content between the quotes of a JSON string literal. */
const content = (literal: string) => Buffer.from(literal.slice(1, -1), 'utf8');

function undone(escaped: Buffer): Buffer | undefined {
  const out = Buffer.alloc(escaped.length);
  const end = unescapeInto(escaped, 0, escaped.length, out, 0);
  return end < 0 ? undefined : out.subarray(0, end);
}

/** Any text, lone surrogates included (they become U+FFFD in UTF-8, as any encoder writes them). */
const text = fc.string({
  unit: fc.oneof(
    fc.constantFrom('"', '\\', '/', '\n', '\r', '\t', '\b', '\f', '\u007f'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  ),
});

describe('JSON string escapes', () => {
  it('JSON.stringify escaping: the text is exactly JSON.parse’s, as UTF-8', () => {
    fc.assert(
      fc.property(text, (s) => {
        const literal = JSON.stringify(s);
        expect(undone(content(literal))).toEqual(Buffer.from(JSON.parse(literal) as string, 'utf8'));
      }),
      { numRuns: 500 },
    );
  });

  it("Fluent Bit's escaping (every non-ASCII character as \\uXXXX, surrogate pairs): the same", () => {
    fc.assert(
      fc.property(text, (s) => {
        const literal = fluentBitString(s);
        expect(literal).toMatch(/^[\x20-\x7e]*$/);
        expect(undone(content(literal))).toEqual(Buffer.from(JSON.parse(literal) as string, 'utf8'));
      }),
      { numRuns: 500 },
    );
  });

  it('every character written as \\uXXXX, in upper or lower case, and / as \\/', () => {
    fc.assert(
      fc.property(text, fc.boolean(), (s, upper) => {
        let literal = '"';
        for (let i = 0; i < s.length; i++) {
          const hex = s.charCodeAt(i).toString(16).padStart(4, '0');
          literal += s[i] === '/' ? '\\/' : `\\u${upper ? hex.toUpperCase() : hex}`;
        }
        literal += '"';
        expect(undone(content(literal))).toEqual(Buffer.from(JSON.parse(literal) as string, 'utf8'));
      }),
      { numRuns: 300 },
    );
  });

  it('an invalid escape is refused, not guessed', () => {
    for (const bad of ['\\x41', '\\u12', '\\u12G4', 'end\\', '\\a']) {
      expect(undone(Buffer.from(bad))).toBeUndefined();
      expect(jsonStringText(Buffer.from(bad))).toBeUndefined();
      expect(() => JSON.parse(`"${bad}"`)).toThrow();
    }
  });
});

describe("a string's end, for every cut", () => {
  it('the closing quote is found whole, or across any cut with the escape state carried', () => {
    fc.assert(
      fc.property(text, fc.nat(), (s, cutAt) => {
        const literal = Buffer.from(`${JSON.stringify(s)},`, 'utf8');
        const close = literal.length - 2;
        expect(closingQuote(literal, 1, false)).toBe(close);
        const cut = 1 + (cutAt % (literal.length - 1));
        const head = literal.subarray(0, cut);
        const inHead = closingQuote(head, 1, false);
        if (inHead >= 0) expect(inHead).toBe(close);
        else {
          const escaped = endsEscaped(head, 1, head.length, false);
          expect(closingQuote(literal.subarray(cut), 0, escaped) + cut).toBe(close);
        }
      }),
      { numRuns: 500 },
    );
  });
});
