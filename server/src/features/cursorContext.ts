import type { Position } from 'vscode-languageserver-types';
import type { Chunk, HclDocument } from '../hcl/chunkedDocument';
import { scan, TOP_LEVEL } from '../hcl/lexicalScan';
import { bodyStatements, LABELS, type BodyStatement } from '../hcl/bodyStatements';
import { LineIndex } from '../hcl/lineIndex';

/**
 * Where the cursor is, read from the text alone (brackets, strings, comments, heredocs), so that completion and
 * hover work while the file is half-typed and tree-sitter's recovery has lost the structure.
 */

/** A block around the cursor, with offsets in its chunk's source. */
export interface EnclosingBlock {
  type: string;
  labels: string[];
  /** Offset of the block type. */
  start: number;
  /** Offset just after `{`. */
  bodyStart: number;
  /** Offset of the closing `}`, or the chunk's end when nothing closes the block yet. */
  bodyEnd: number;
}

export type CursorPlace =
  /** Typing the name of an argument or block on its own line (or at the top level). */
  | { kind: 'name'; prefix: string; prefixStart: number }
  /**
   * In the value of `attribute`. `token` is the partial string (with its opening quote) or word at the cursor.
   * `inString`: the token is a quoted string; `nested`: inside brackets of the value (a list element when
   * `inList`, else inside a function call, an object or an interpolation, where only references make sense).
   */
  | { kind: 'value'; attribute: string; token: string; tokenStart: number; inString: boolean; inList: boolean; nested: boolean }
  /** In the labels of a block header: `resource "oci_gen|`. */
  | { kind: 'label'; blockType: string; index: number; prefix: string; prefixStart: number }
  /** In a comment, a heredoc...: nothing to offer. */
  | { kind: 'other' };

export interface CursorContext {
  chunk: Chunk;
  lines: LineIndex;
  /** The cursor's offset in the chunk's source. */
  offset: number;
  /** Outermost first. */
  blocks: EnclosingBlock[];
  place: CursorPlace;
  /** The other arguments and blocks of the innermost block (or of the top level), the one at the cursor left out. */
  siblings: BodyStatement[];
}

const HEADER_BEFORE_BRACE = /^[ \t]*([A-Za-z_][\w-]*)((?:[ \t]+(?:"[^"\n]*"|[A-Za-z_][\w-]*))*)[ \t]*$/;

function lineStartBefore(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

interface Opened {
  kind: string;
  at: number;
  /** Offset of the bracket that closes it, or the text's end when nothing does. */
  closedAt: number;
}

/** The open contexts at `offset`, outermost first, with where each opens and closes: two scans in all, however deep. */
function openedAt(text: string, offset: number): Opened[] {
  const open: Opened[] = [];
  const before = scan(text, 0, offset, TOP_LEVEL, {
    onPush: (at, kind) => open.push({ kind, at, closedAt: text.length }),
    onPop: () => void open.pop(),
  });
  let depth = open.length;
  if (depth) scan(text, offset, text.length, before.state, {
    stopAtTopLevel: true,
    onPush: () => void depth++,
    onPop: (at) => {
      depth--;
      if (depth < open.length) open[depth]!.closedAt = at;
    },
  });
  if (before.state.inBlockComment || before.state.heredocMarker !== undefined) open.push({ kind: 'opaque', at: offset, closedAt: text.length });
  return open;
}

/** Whether `#` or `//` starts a comment before `offset` on its line (outside strings is approximated by quote parity). */
function inLineComment(lineText: string): boolean {
  let inString = false;
  for (let i = 0; i < lineText.length; i++) {
    const c = lineText[i];
    if (c === '"' && lineText[i - 1] !== '\\') inString = !inString;
    else if (!inString && (c === '#' || (c === '/' && lineText[i + 1] === '/'))) return true;
  }
  return false;
}

export function cursorContext(document: HclDocument, position: Position): CursorContext {
  const chunk = document.chunks[document.chunkIndexAtLine(position.line)]!;
  const text = chunk.source;
  const lines = new LineIndex(text);
  const offset = lines.offsetAt({ line: position.line - chunk.startLine, character: position.character });
  const open = openedAt(text, offset);

  // Braces after a block header are blocks; the first bracket or string that is not starts the expressions.
  const blocks: EnclosingBlock[] = [];
  const expressions: Opened[] = [];
  for (const opener of open) {
    const header = opener.kind === '{' && !expressions.length ? HEADER_BEFORE_BRACE.exec(text.slice(lineStartBefore(text, opener.at), opener.at)) : null;
    if (!header) {
      expressions.push(opener);
      continue;
    }
    const lineStart = lineStartBefore(text, opener.at);
    const labels = [...header[2]!.matchAll(LABELS)].map((label) => label[1] ?? label[2]!);
    blocks.push({ type: header[1]!, labels, start: lineStart + text.slice(lineStart).search(/\S/), bodyStart: opener.at + 1, bodyEnd: opener.closedAt });
  }

  const innermost = blocks[blocks.length - 1];
  const bodyFrom = innermost?.bodyStart ?? 0;
  const bodyTo = innermost?.bodyEnd ?? text.length;
  const lineStart = Math.max(lineStartBefore(text, offset), bodyFrom);
  const linePrefix = text.slice(lineStart, offset);
  const place = placeAt(text, offset, lineStart, linePrefix, expressions);
  const siblings = bodyStatements(text, bodyFrom, bodyTo).filter((statement) => !(statement.start <= offset && offset <= statement.end && statement.start >= lineStart));
  return { chunk, lines, offset, blocks, place, siblings };
}

/**
 * `expressions`: the brackets and strings open at the cursor inside the innermost block's body, outermost first.
 */
function placeAt(text: string, offset: number, lineStart: number, linePrefix: string, expressions: Opened[]): CursorPlace {
  const innermost = expressions[expressions.length - 1];
  const outerExpression = expressions[0];
  if (innermost?.kind === 'opaque' || inLineComment(linePrefix)) return { kind: 'other' };
  const stringOnThisLine = innermost?.kind === '"' && innermost.at >= lineStart && outerExpression === innermost;

  if (!outerExpression) {
    const name = /^[ \t]*([A-Za-z_][\w-]*)?$/.exec(linePrefix);
    if (name) return { kind: 'name', prefix: name[1] ?? '', prefixStart: offset - (name[1]?.length ?? 0) };
  }
  if (!outerExpression || stringOnThisLine) {
    const label = /^[ \t]*([A-Za-z_][\w-]*)((?:[ \t]+(?:"[^"\n]*"|[A-Za-z_][\w-]*))*)[ \t]+"?([\w-]*)$/.exec(linePrefix);
    if (label) {
      const index = [...label[2]!.matchAll(LABELS)].length;
      return { kind: 'label', blockType: label[1]!, index, prefix: label[3]!, prefixStart: offset - label[3]!.length };
    }
  }

  // A value: the `name =` is on the line where the value's outermost bracket or string opened, or on this line.
  const anchor = outerExpression?.at ?? offset;
  const anchorLine = outerExpression ? lineStartBefore(text, anchor) : lineStart;
  const assignment = /^[ \t]*([A-Za-z_][\w-]*)[ \t]*=(?!=)/.exec(text.slice(anchorLine, offset));
  if (!assignment) return { kind: 'other' };
  const attribute = assignment[1]!;
  const kinds = expressions.map((opened) => opened.kind).join('');
  const inList = kinds.startsWith('[');
  // The value itself, a string, a list, or a string in a list: where allowed values go. Anything deeper is nested.
  const nested = !['', '"', '[', '["'].includes(kinds);
  if (innermost?.kind === '"') {
    return { kind: 'value', attribute, token: text.slice(innermost.at, offset), tokenStart: innermost.at, inString: true, inList, nested };
  }
  const before = text.slice(Math.max(lineStart, anchorLine), offset);
  const word = /[A-Za-z_][\w\-.[\]*"]*$/.exec(before);
  const boundary = word ? before[before.length - word[0].length - 1] : undefined;
  const token = word && (boundary === undefined || !/[\w.\]]/.test(boundary)) ? word[0] : '';
  return { kind: 'value', attribute, token, tokenStart: offset - token.length, inString: false, inList, nested };
}
