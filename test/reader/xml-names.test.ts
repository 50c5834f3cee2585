import { describe, expect, it } from 'vitest';
import { isNameEnd } from '../../functions/reader/xml-element.ts';

describe('the end of an element or attribute name', () => {
  it('is /[\\s/>=]/ for every UTF-16 code unit (JavaScript white space included)', () => {
    const differing: number[] = [];
    for (let c = 0; c <= 0xffff; c++)
      if (isNameEnd(c) !== /[\s/>=]/.test(String.fromCharCode(c))) differing.push(c);
    expect(differing).toEqual([]);
    expect(isNameEnd(0x3000)).toBe(true);
    expect(isNameEnd(0x41)).toBe(false);
  });
});
