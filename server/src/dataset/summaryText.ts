import type { DatasetSummary, LongestField } from './datasetChecker';

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function longest(field: LongestField | null): string {
  return field ? `${count(field.characters, 'character')} (line ${field.line})` : 'none';
}

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function problems(summary: DatasetSummary): string {
  return `${count(summary.errors, 'error')}, ${count(summary.warnings, 'warning')}`;
}

/** The summary in one line: the last line of `oci-genai-tf dataset check` for a file. */
export function summaryLine(summary: DatasetSummary): string {
  return [
    `${count(summary.examples, 'example')} (${summary.training} training, ${summary.validation} validation)`,
    count(summary.duplicates, 'duplicate'),
    `longest prompt ${longest(summary.longestPrompt)}`,
    `longest completion ${longest(summary.longestCompletion)}`,
    `${count(summary.lines, 'line')}, ${size(summary.bytes)}`,
    problems(summary),
  ].join('; ');
}

/** The summary as a markdown table: the hover on a dataset's first line. */
export function summaryMarkdown(summary: DatasetSummary): string {
  const rows: [string, string][] = [
    ['Examples', String(summary.examples)],
    ['Training (80%)', String(summary.training)],
    ['Validation (20%)', String(summary.validation)],
    ['Duplicates', String(summary.duplicates)],
    ['Longest prompt', longest(summary.longestPrompt)],
    ['Longest completion', longest(summary.longestCompletion)],
    ['Lines', `${summary.lines} (${size(summary.bytes)})`],
    ['Problems', problems(summary)],
  ];
  return [
    '**Fine-tuning dataset**',
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([name, value]) => `| ${name} | ${value} |`),
    '',
    'The service splits the examples 80/20 into training and validation (here rounded up for validation). Characters are counted as Unicode code points.',
  ].join('\n');
}
