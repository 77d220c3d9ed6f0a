/** The one table `npm run bench` prints, and the JSON file beside it. */

export interface Row {
  metric: string;
  n?: number;
  median?: number;
  p95?: number;
  p99?: number;
  unit: 'ms' | 'KB' | '%' | 'count' | 'score';
  baseline?: number;
  ratio?: number;
  target?: string;
  /** true pass, false FAIL, undefined: informative only. */
  pass?: boolean;
}

export interface Section {
  title: string;
  rows: Row[];
  notes: string[];
}

function formatValue(value: number | undefined, unit: Row['unit']): string {
  if (value === undefined || Number.isNaN(value)) return '';
  switch (unit) {
    case 'ms':
      return value < 1 ? `${value.toFixed(3)} ms` : value < 100 ? `${value.toFixed(2)} ms` : `${value.toFixed(0)} ms`;
    case 'KB':
      return `${(value / 1024).toFixed(1)} KB`;
    case '%':
      return `${value.toFixed(1)} %`;
    case 'score':
      return value.toFixed(2);
    default:
      return String(value);
  }
}

const HEADERS = ['metric', 'n', 'median', 'p95', 'p99', 'baseline', 'ratio', 'target', 'result'] as const;

export function renderTable(sections: readonly Section[]): string {
  const lines: string[][] = [];
  const sectionStarts = new Map<number, string>();
  for (const section of sections) {
    sectionStarts.set(lines.length, section.title);
    for (const row of section.rows) {
      lines.push([
        row.metric,
        row.n === undefined ? '' : String(row.n),
        formatValue(row.median, row.unit),
        formatValue(row.p95, row.unit),
        formatValue(row.p99, row.unit),
        formatValue(row.baseline, row.unit),
        row.ratio === undefined || Number.isNaN(row.ratio) ? '' : `${row.ratio.toFixed(2)}×`,
        row.target ?? '',
        row.pass === undefined ? '' : row.pass ? 'pass' : 'FAIL',
      ]);
    }
  }
  const widths = HEADERS.map((header, column) => Math.max(header.length, ...lines.map((line) => line[column]!.length)));
  const rightAligned = new Set([1, 2, 3, 4, 5, 6]);
  const render = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  const rule = '─'.repeat(widths.reduce((total, width) => total + width + 2, -2));
  const out = [render(HEADERS), rule];
  lines.forEach((line, index) => {
    const title = sectionStarts.get(index);
    if (title) out.push(`${index === 0 ? '' : '\n'}${title}`);
    out.push(render(line));
  });
  for (const section of sections) {
    if (section.rows.length === 0) {
      out.push(`\n${section.title}`);
    }
  }
  return out.join('\n');
}

export function renderNotes(sections: readonly Section[]): string {
  const out: string[] = [];
  for (const section of sections) {
    if (section.notes.length === 0) continue;
    out.push(`${section.title}`);
    for (const note of section.notes) out.push(`  ${note}`);
  }
  return out.join('\n');
}
