import type { FoldingRange, Position, Range, SemanticTokensLegend } from 'vscode-languageserver-types';

/**
 * Checks that what a language server answers names only places that exist: every position on a line of its
 * document, at most that line's length in UTF-16 code units. Each check answers the problems it found, as
 * sentences, so that one failure shows all of them.
 */

/** A document's lines as LSP counts them: `\r\n`, `\r` and `\n` end a line; lengths in UTF-16 code units. */
export class DocumentLines {
  private readonly lengths: number[];

  constructor(readonly text: string) {
    this.lengths = text.split(/\r\n|\r|\n/).map((line) => line.length);
  }

  get lineCount(): number {
    return this.lengths.length;
  }

  lineLength(line: number): number | undefined {
    return this.lengths[line];
  }

  /** Why `position` is not in the document, or undefined when it is. */
  positionProblem(position: Position): string | undefined {
    const { line, character } = position;
    if (!Number.isInteger(line) || !Number.isInteger(character) || line < 0 || character < 0) return `${JSON.stringify(position)} is not a position`;
    const length = this.lengths[line];
    if (length === undefined) return `line ${line} is past the last line (${this.lineCount - 1})`;
    if (character > length) return `character ${character} is past the end of line ${line} (${length})`;
    return undefined;
  }

  rangeProblem(range: Range): string | undefined {
    const problem = this.positionProblem(range.start) ?? this.positionProblem(range.end);
    if (problem) return problem;
    if (comparePositions(range.start, range.end) > 0) return 'its start is after its end';
    return undefined;
  }
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function rangeContains(outer: Range, inner: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}

function isPosition(value: unknown): value is Position {
  return typeof value === 'object' && value !== null && typeof (value as Position).line === 'number' && typeof (value as Position).character === 'number';
}

function isRange(value: unknown): value is Range {
  return typeof value === 'object' && value !== null && isPosition((value as Range).start) && isPosition((value as Range).end);
}

/** The lines of the document a URI names, or undefined when the check cannot know them (then it is skipped). */
export type LinesOf = (uri: string) => DocumentLines | undefined;

/**
 * Every range and position anywhere in an answer (locations, location links, workspace edits, diagnostics and
 * their related information, symbols, command arguments), each checked against the document it belongs to: the
 * `uri` beside it, the key of a workspace edit's `changes`, a location link's target, else the document asked
 * about. Diagnostics' `data` is the server's own and is not read.
 */
export function answerRangeProblems(answer: unknown, requestUri: string, linesOf: LinesOf): string[] {
  const problems: string[] = [];
  const visit = (value: unknown, uri: string, where: string): void => {
    if (Array.isArray(value)) return value.forEach((item, i) => visit(item, uri, `${where}[${i}]`));
    if (typeof value !== 'object' || value === null) return;
    if (isRange(value) || isPosition(value)) {
      const lines = linesOf(uri);
      const problem = lines && (isRange(value) ? lines.rangeProblem(value) : lines.positionProblem(value));
      if (problem) problems.push(`${where} ${JSON.stringify(value)} in ${uri}: ${problem}`);
      return;
    }
    const object = value as Record<string, unknown>;
    const own = typeof object['uri'] === 'string' ? (object['uri'] as string) : uri;
    for (const [key, child] of Object.entries(object)) {
      if (key === 'data') continue;
      if (key === 'changes' && typeof child === 'object' && child !== null && !Array.isArray(child)) {
        for (const [changed, edits] of Object.entries(child)) visit(edits, changed, `${where}.changes[${changed}]`);
      } else if (key === 'edits' && isTextDocumentEdit(object)) {
        visit(child, object.textDocument.uri, `${where}.edits`);
      } else if ((key === 'targetRange' || key === 'targetSelectionRange') && typeof object['targetUri'] === 'string') {
        visit(child, object['targetUri'] as string, `${where}.${key}`);
      } else {
        visit(child, own, `${where}.${key}`);
      }
    }
  };
  visit(answer, requestUri, 'answer');
  return problems;
}

function isTextDocumentEdit(value: Record<string, unknown>): value is { textDocument: { uri: string } } {
  const textDocument = value['textDocument'] as { uri?: unknown } | undefined;
  return typeof textDocument?.uri === 'string';
}

/** Folding ranges are lines (and optionally characters): each on a line of the document, never ending before it starts. */
export function foldingRangeProblems(ranges: FoldingRange[] | null, lines: DocumentLines): string[] {
  const problems: string[] = [];
  for (const range of ranges ?? []) {
    const start = lines.positionProblem({ line: range.startLine, character: range.startCharacter ?? 0 });
    const end = lines.positionProblem({ line: range.endLine, character: range.endCharacter ?? 0 });
    if (start || end) problems.push(`folding range ${JSON.stringify(range)}: ${start ?? end}`);
    else if (range.endLine < range.startLine) problems.push(`folding range ${JSON.stringify(range)} ends before it starts`);
  }
  return problems;
}

/**
 * Semantic tokens, decoded from LSP's relative encoding: in order, on one line of the document each (the server
 * does not announce multi-line tokens), not overlapping, of a type and modifiers the legend has.
 */
export function semanticTokenProblems(data: readonly number[], lines: DocumentLines, legend: SemanticTokensLegend): string[] {
  if (data.length % 5 !== 0) return [`${data.length} numbers, not a multiple of 5`];
  const problems: string[] = [];
  let line = 0;
  let character = 0;
  let previousEnd = 0;
  for (let i = 0; i < data.length; i += 5) {
    const [deltaLine, deltaStart, length, type, modifiers] = data.slice(i, i + 5) as [number, number, number, number, number];
    if ([deltaLine, deltaStart, length, type, modifiers].some((n) => !Number.isInteger(n) || n < 0)) {
      problems.push(`token ${i / 5}: ${JSON.stringify(data.slice(i, i + 5))} has a negative or fractional number`);
      break;
    }
    if (deltaLine > 0) previousEnd = 0;
    line += deltaLine;
    character = deltaLine > 0 ? deltaStart : character + deltaStart;
    const where = `token ${i / 5} (line ${line}, character ${character}, length ${length})`;
    const problem = lines.positionProblem({ line, character: character + length });
    if (problem) problems.push(`${where}: ${problem}`);
    if (character < previousEnd) problems.push(`${where} overlaps the one before it`);
    if (type >= legend.tokenTypes.length) problems.push(`${where}: type ${type} is not in the legend`);
    if (modifiers >= 2 ** legend.tokenModifiers.length) problems.push(`${where}: modifiers ${modifiers} are not in the legend`);
    previousEnd = character + length;
  }
  return problems;
}
