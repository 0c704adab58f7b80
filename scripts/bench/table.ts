// Plain-text tables for the terminal: a header row, then rows; numbers right-aligned, text left-aligned.

export type Cell = string | number;

const formatCell = (cell: Cell) => (typeof cell === 'number' ? cell.toLocaleString('en-US', { maximumFractionDigits: 2 }) : cell);

export function renderTable(headers: readonly string[], rows: readonly (readonly Cell[])[], indent = '  '): string {
  const text = [headers, ...rows.map((row) => row.map(formatCell))];
  const widths = headers.map((_, column) => Math.max(...text.map((row) => String(row[column] ?? '').length)));
  const numeric = headers.map((_, column) => rows.length > 0 && rows.every((row) => typeof row[column] === 'number'));
  return text
    .map(
      (row) =>
        indent +
        row
          .map((cell, column) => {
            const value = String(cell ?? '');
            const width = widths[column] ?? value.length;
            return numeric[column] ? value.padStart(width) : value.padEnd(width);
          })
          .join('  ')
          .trimEnd(),
    )
    .join('\n');
}
