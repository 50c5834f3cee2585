/** A column of a text table: its header, and right-aligned for numbers. */
export interface Column<Row> {
  header: string;
  cell: (row: Row) => string;
  align?: 'left' | 'right';
}

/**
 * Rows as aligned columns under a header, two spaces apart; the last column is not padded. Cells must already be
 * terminal-safe (terminalText): the table only measures and pads them.
 */
export function textTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const cells = rows.map((row) => columns.map((column) => column.cell(row)));
  const widths = columns.map((column, i) =>
    Math.max(width(column.header), ...cells.map((line) => width(line[i] ?? ''))),
  );
  const line = (values: readonly string[]) =>
    values
      .map((value, i) => {
        const last = i === values.length - 1;
        const pad = ' '.repeat(Math.max(0, (widths[i] ?? 0) - width(value)));
        if (columns[i]?.align === 'right') return `${pad}${value}`;
        return last ? value : `${value}${pad}`;
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n');
}

/** Characters a terminal shows: code points (an emoji or accented letter is one). */
function width(text: string): number {
  return [...text].length;
}
