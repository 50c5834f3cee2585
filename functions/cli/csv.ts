/**
 * CSV (RFC 4180: comma separated, CRLF line ends, fields quoted when they hold a comma, quote or line break, quotes
 * doubled). Text from logs may start with `=`, `+`, `-` or `@`, which spreadsheets run as a formula: such a field,
 * and one that starts with `'`, gets a leading `'` (OWASP's advice), so `unguardCell` gives every value back exactly.
 */
export function csvDocument(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows]
    .map((row) => row.map(csvField).join(','))
    .join('\r\n')
    .concat('\r\n');
}

export type CsvValue = string | number | boolean | undefined;

function csvField(value: CsvValue): string {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? guardCell(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A text cell a spreadsheet will not evaluate. */
export function guardCell(text: string): string {
  return /^[=+\-@\t\r']/.test(text) ? `'${text}` : text;
}

/** The value guardCell was given. */
export function unguardCell(text: string): string {
  return text.startsWith("'") ? text.slice(1) : text;
}
