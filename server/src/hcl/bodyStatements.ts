import { scan, TOP_LEVEL } from './lexicalScan';

/** A block label as written: quoted, or a bare identifier. */
export const LABELS = /"([^"\n]*)"|([A-Za-z_][\w-]*)/g;

/** One argument or block in a body, by its first line. */
export interface BodyStatement {
  name: string;
  kind: 'attribute' | 'block';
  /** For an attribute: its value text on the first line (for a quoted literal, without the quotes). */
  value: string | undefined;
  /** For an attribute: its value text on the first line as written, comments left out. */
  raw: string | undefined;
  labels: string[];
  start: number;
  end: number;
}

/** The statements of a body, by their first line; lines inside brackets, strings and heredocs belong to theirs. */
export function bodyStatements(text: string, from: number, to: number): BodyStatement[] {
  const starts = [from];
  scan(text, from, to, TOP_LEVEL, { onTopLevelLine: (offset) => starts.push(offset) });
  const statements: BodyStatement[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i]!;
    const end = i + 1 < starts.length ? starts[i + 1]! : to;
    const firstLine = text.slice(start, Math.min(end, text.indexOf('\n', start) === -1 ? end : text.indexOf('\n', start))).replace(/\r$/, '');
    // `[^\n]`, not `.`: `.` stops at `\r`, U+2028 and U+2029, and a `$` that then fails backtracks through the name,
    // quadratic in a long line's length.
    const match = /^[ \t]*([A-Za-z_][\w-]*)[ \t]*(=(?!=))?[ \t]*([^\n]*)$/.exec(firstLine);
    if (!match) continue;
    const nameStart = start + firstLine.indexOf(match[1]!);
    if (match[2]) {
      const raw = match[3]!.replace(/[ \t]*(#|\/\/)[^\n]*$/, '').trim();
      const quoted = /^"((?:[^"\\]|\\.)*)"$/.exec(raw);
      statements.push({ name: match[1]!, kind: 'attribute', value: quoted ? quoted[1]! : raw, raw, labels: [], start: nameStart, end });
    } else {
      const labels = [...match[3]!.replace(/\{[^\n]*$/, '').matchAll(LABELS)].map((label) => label[1] ?? label[2]!);
      statements.push({ name: match[1]!, kind: 'block', value: undefined, raw: undefined, labels, start: nameStart, end });
    }
  }
  return statements;
}
