/** Plain-text tables and verdict lines for the benchmark's output. */

/** Columns are right-aligned (figures) except the first and any listed in `leftAligned`. */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  leftAligned: readonly number[] = [],
): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const left = new Set([0, ...leftAligned]);
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        left.has(column) ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(1) : 'n/a');
export const mib = (value: number): string => (Number.isFinite(value) ? value.toFixed(1) : 'n/a');
export const ratio = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a');

export interface Verdict {
  readonly budget: string;
  readonly figure: string;
  readonly within: boolean;
  /** Exact checks (counts) may fail the run; timing checks never do. */
  readonly exact: boolean;
}

export function verdictLine(verdict: Verdict): string {
  const outcome = verdict.within ? 'within budget' : 'OVER budget';
  return `${outcome.padEnd(13)}  ${verdict.budget} — ${verdict.figure}${verdict.exact ? ' [exact check]' : ''}`;
}
