import { didYouMean } from '../features/suggest';
import type { DatasetRuleId } from './datasetRules';
import { objectMembers, type MemberSpans, type Span } from './jsonMembers';

export interface LineProblem {
  rule: DatasetRuleId;
  message: string;
  /** Absent: the whole line. */
  span?: Span;
}

export interface Example {
  prompt: string;
  completion: string;
}

/** What one line says: its problems, and the example when it is one (unknown keys do not stop that). */
export interface LineVerdict {
  problems: LineProblem[];
  example?: Example;
}

const FIELDS = ['prompt', 'completion'] as const;

/**
 * Judges one decoded line (without its line break or byte-order mark). `lastWithoutBreak`: the file ends on this
 * line with no line break, so a line that is not JSON is taken for a cut-off file.
 */
export function judgeLine(text: string, lastWithoutBreak: boolean): LineVerdict {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problems: [notJson(text, String((error as Error).message), lastWithoutBreak)] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problems: [{ rule: 'not-object', message: `the line is ${jsonKind(value)}, not an object with "prompt" and "completion"`, span: contentSpan(text) }] };
  }
  const record = value as Record<string, unknown>;
  const unknownKeys = Object.keys(record).filter((key) => key !== 'prompt' && key !== 'completion');
  const prompt = record.prompt;
  const completion = record.completion;
  // The common case, a good example, costs no scan for places.
  if (!unknownKeys.length && typeof prompt === 'string' && typeof completion === 'string' && hasText(prompt) && hasText(completion)) {
    return { problems: [], example: { prompt, completion } };
  }
  const members = objectMembers(text);
  const problems: LineProblem[] = [];
  for (const field of FIELDS) {
    const problem = fieldProblem(field, record, members.get(field), unknownKeys, text);
    if (problem) problems.push(problem);
  }
  for (const key of unknownKeys) {
    const meant = didYouMean(key, FIELDS);
    const hint = meant && !Object.hasOwn(record, meant) ? `; did you mean "${meant}"?` : ': only "prompt" and "completion" are read';
    problems.push({ rule: 'unknown-key', message: `unknown key ${quoted(key)}${hint}`, span: members.get(key)?.key });
  }
  const example = problems.some((problem) => problem.rule !== 'unknown-key') ? undefined : { prompt: prompt as string, completion: completion as string };
  return example ? { problems, example } : { problems };
}

function fieldProblem(field: (typeof FIELDS)[number], record: Record<string, unknown>, place: MemberSpans | undefined, unknownKeys: string[], text: string): LineProblem | undefined {
  if (!Object.hasOwn(record, field)) {
    const misspelt = unknownKeys.find((key) => didYouMean(key, FIELDS) === field);
    return { rule: 'missing-field', message: `no "${field}"${misspelt ? `; is ${quoted(misspelt)} meant to be it?` : ''}`, span: contentSpan(text) };
  }
  const value = record[field];
  if (typeof value !== 'string') return { rule: 'field-not-string', message: `"${field}" is ${jsonKind(value)}; it must be a string`, span: place?.value };
  if (!value) return { rule: 'empty-field', message: `"${field}" is empty`, span: place?.value };
  if (!hasText(value)) return { rule: 'empty-field', message: `"${field}" holds only white space`, span: place?.value };
  return undefined;
}

/** Anything but white space (JavaScript's, which is Unicode's): a test that stops at the first such character. */
function hasText(value: string): boolean {
  return /\S/.test(value);
}

/** V8's reason, without the copy of the line it may quote, and the place when it gives one. */
function notJson(text: string, reason: string, lastWithoutBreak: boolean): LineProblem {
  const position = /in JSON at position (\d+)/.exec(reason);
  const why = reason
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/, (\.\.\.)?".*" is not valid JSON$/s, '')
    .replace(/^./, (first) => first.toLowerCase());
  if (lastWithoutBreak) {
    return { rule: 'truncated-line', message: `the file ends in the middle of this line: no line break, and the JSON is incomplete (${why}); it looks cut off`, span: contentSpan(text) };
  }
  const at = position ? Number(position[1]) : undefined;
  if (at === undefined || at >= text.length) return { rule: 'not-json', message: `not valid JSON: ${why}`, span: contentSpan(text) };
  // The column in characters, as people count them (an emoji is one).
  const column = [...text.slice(0, at)].length + 1;
  return { rule: 'not-json', message: `not valid JSON: ${why} at column ${column}`, span: { start: at, end: contentSpan(text).end } };
}

function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return 'an object';
  }
}

/** A key as written in JSON, shortened when it is long: it comes from the user's file. */
function quoted(key: string): string {
  return JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);
}

/** The line without the white space around it: where a problem of the whole line is shown. */
function contentSpan(text: string): Span {
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  return end > start ? { start, end } : { start: 0, end: text.length };
}
