/**
 * skipContainer (functions/reader/json-skip.ts) reads through a nested container exactly when the
 * walker would read it without a finding: the same grammar (JSON's tokens, strings not validated inside,
 * scalars as runs of [0-9A-Za-z+-.]), and never past a string that could be event XML while the record
 * still wants one. Checked against a plain recursive reading of that grammar, on token soups that are
 * often well formed and often not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CUT, skipContainer } from '../../functions/reader/json-skip.ts';

const SCALAR = /[0-9A-Za-z+.-]/;

/** Thrown by the reference when the text ends before the container does. */
const RAN_OFF = new Error('ran off the end');

/** The reference: index of the bracket closing the container at 0, CUT, or -1 (malformed or an XML-like string). */
function reference(text: string, xmlWanted: boolean): number {
  try {
    return read(text, xmlWanted);
  } catch (err) {
    if (err === RAN_OFF) return CUT;
    throw err;
  }
}

function read(text: string, xmlWanted: boolean): number {
  let i = 0;
  const at = (k: number) => {
    if (k >= text.length) throw RAN_OFF;
    return text[k] as string;
  };
  const space = () => {
    while (i < text.length && ' \n\r\t'.includes(text[i] as string)) i++;
  };
  const string = (value: boolean): boolean => {
    if (value && xmlWanted && '< \t\\'.includes(text[i + 1] ?? 'x')) return false;
    i++;
    while (at(i) !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return true;
  };
  const value = (): boolean => {
    space();
    const c = at(i);
    if (c === '"') return string(true);
    if (c === '{' || c === '[') return container();
    if (/[-0-9tfn]/.test(c)) {
      while (SCALAR.test(at(i))) i++;
      return true;
    }
    return false;
  };
  const container = (): boolean => {
    const close = text[i] === '{' ? '}' : ']';
    const object = close === '}';
    i++;
    space();
    if (at(i) === close) {
      i++;
      return true;
    }
    for (;;) {
      if (object) {
        space();
        if (at(i) !== '"' || !string(false)) return false;
        space();
        if (at(i) !== ':') return false;
        i++;
      }
      if (!value()) return false;
      space();
      if (at(i) === ',') {
        i++;
        continue;
      }
      if (at(i) !== close) return false;
      i++;
      return true;
    }
  };
  return container() ? i - 1 : -1;
}

const TOKENS = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"k"',
  '"a\\"b"',
  '"\\\\"',
  '"<Ev"',
  '" x"',
  '""',
  ' ',
  '\n',
  '1',
  '-2.5e+3',
  'true',
  'nul',
  'x',
  '"',
];

/** Token soups opening with a container, biased towards well-formed nesting. */
const soups = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...TOKENS) },
      fc.constantFrom('{"k":', '[', ']', '}', ','),
    ),
    {
      maxLength: 25,
    },
  )
  .chain((tokens) =>
    fc.constantFrom('{', '[').map((open) => {
      // Close what the soup opened, most of the time.
      let text = open + tokens.join('');
      const stack: string[] = [];
      for (const ch of text) {
        if (ch === '{' || ch === '[') stack.push(ch === '{' ? '}' : ']');
        else if (ch === '}' || ch === ']') stack.pop();
      }
      text += stack.reverse().join('');
      return text;
    }),
  );

describe('skipContainer reads through exactly what the walker reads without a finding', () => {
  it('the same end, or -1, as the reference grammar', () => {
    fc.assert(
      fc.property(soups, fc.boolean(), fc.string({ maxLength: 3 }), (text, xmlWanted, after) => {
        const buf = Buffer.from(text + after, 'latin1');
        expect(skipContainer(buf, 0, 64, xmlWanted)).toBe(reference(text + after, xmlWanted));
      }),
      { numRuns: 3000 },
    );
  });

  it('a container cut by the end of the buffer is CUT; nested past the levels left, -1: both left to the walker', () => {
    const text = '{"a":[1,{"b":"c"}],"d":"e"}';
    expect(skipContainer(Buffer.from(text), 0, 64, true)).toBe(text.length - 1);
    for (let cut = 1; cut < text.length; cut++)
      expect(skipContainer(Buffer.from(text.slice(0, cut)), 0, 64, true)).toBe(CUT);
    expect(skipContainer(Buffer.from(text), 0, 2, true)).toBe(-1);
    expect(skipContainer(Buffer.from(text), 0, 3, true)).toBe(text.length - 1);
  });

  it('a string that could be event XML stops it only while the record wants its XML', () => {
    for (const s of ['"<Event>"', '" <Event"', '"\\u003cEvent"', '"\\n<Event"']) {
      const text = `[${s}]`;
      expect(skipContainer(Buffer.from(text), 0, 64, true)).toBe(-1);
      expect(skipContainer(Buffer.from(text), 0, 64, false)).toBe(text.length - 1);
    }
  });
});
