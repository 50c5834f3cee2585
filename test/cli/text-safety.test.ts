import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvDocument, guardCell, unguardCell } from '../../functions/cli/csv.ts';
import { htmlText } from '../../functions/cli/html-text.ts';
import { terminalText } from '../../functions/cli/terminal-text.ts';
import { parseCsv } from './csv-parse.ts';

/** Characters that matter to CSV and spreadsheets, and any other. */
const CsvUnit = fc.oneof(
  fc.constantFrom(',', '"', '\r', '\n', '\r\n', '=', '+', '-', '@', "'", '\t', ' '),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);

describe('CSV (RFC 4180) of text from logs', () => {
  it('every table of strings reads back exactly, formula guard undone (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((width) =>
          fc.array(
            fc.array(fc.string({ unit: CsvUnit, maxLength: 12 }), { minLength: width, maxLength: width }),
            {
              minLength: 1,
              maxLength: 6,
            },
          ),
        ),
        (table) => {
          const [header, ...rows] = table as [string[], ...string[][]];
          const back = parseCsv(csvDocument(header, rows)).map((r) => r.map(unguardCell));
          expect(back).toEqual([header, ...rows]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a cell a spreadsheet would run as a formula starts with a quote (OWASP CSV injection)', () => {
    for (const hostile of ['=HYPERLINK("http://x")', '+1+2', '-2+3', '@SUM(A1)', '\tcmd']) {
      const [, row] = parseCsv(csvDocument(['host'], [[hostile]]));
      expect(row?.[0]).toBe(`'${hostile}`);
      expect(unguardCell(row?.[0] ?? '')).toBe(hostile);
    }
    expect(guardCell('app01')).toBe('app01');
    expect(guardCell("'quoted")).toBe("''quoted");
  });
});

describe('HTML and terminal text', () => {
  it('no markup character and no control or format character survives htmlText (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (value) => {
        const html = htmlText(value, 10_000);
        expect(html).not.toMatch(/[<>"']/);
        expect(html.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
        expect(html).not.toMatch(/[\p{Cc}\p{Cf}]/u);
      }),
      { numRuns: 500 },
    );
  });

  it('control characters from Data are shown, not obeyed (the golden scenario writes \\x13 and \\x01)', () => {
    expect(htmlText('\x13COM+ Services\x01 Internals <b>')).toBe(
      '\\u0013COM+ Services\\u0001 Internals &lt;b&gt;',
    );
    expect(terminalText('evil\x1b[31mred\u202eoverride')).toBe('evil\\u001b[31mred\\u202eoverride');
    expect(terminalText('APP01.corp.example.net')).toBe('APP01.corp.example.net');
  });
});
