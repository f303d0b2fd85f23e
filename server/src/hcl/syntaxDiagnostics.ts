import type { Diagnostic, Position, Range } from 'vscode-languageserver-types';
import type { Node, Parser, TreeCursor } from 'web-tree-sitter';
import { makeDiagnostic } from '../features/rules';
import { scan, TOP_LEVEL } from './lexicalScan';
import { LineIndex } from './lineIndex';
import { MAX_NESTING } from './readSyntax';
import { treeSitterInput } from './treeSitter';

/**
 * Syntax errors of one chunk, in chunk coordinates, worded for a person.
 *
 * Two sources: (1) where tree-sitter found errors, the text is cut into statements (one argument or block each,
 * by the lexical scan) and each is parsed alone, which pins the error to the statement that holds it instead of
 * the whole block tree-sitter's recovery may cover; (2) HCL's line-break rules, which tree-sitter's grammar does
 * not enforce, are checked on the tree.
 */
export function syntaxDiagnostics(source: string, root: Node, parser: Parser, lines = new LineIndex(source)): Diagnostic[] {
  const found: Diagnostic[] = [];
  if (root.hasError) new StatementChecker(source, root, lines, parser, found).checkStatements(0, source.length);
  else checkLineBreaks(source, lines, root, (range, message) => found.push(makeDiagnostic('syntax', range, message)));
  return found;
}

/** A name alone where an argument or a block should be: the user is most likely still typing it. */
function incompleteName(name: string): string {
  return `\`${name}\` is incomplete: write \`${name} = value\` for an argument or \`${name} { ... }\` for a block.`;
}

/** A line that ends in an operator: the expression goes on, which HCL only allows inside brackets. */
const ENDS_WITH_OPERATOR = /(?:[-+*/%?:<>!=]|&&|\|\|)\s*$/;

/** A position in a statement's own text, moved to where the statement starts. */
function moved(position: Position, base: Position): Position {
  return position.line === 0
    ? { line: base.line, character: base.character + position.character }
    : { line: base.line + position.line, character: position.character };
}

const BLOCK_HEADER = /^[ \t]*([A-Za-z_][\w-]*)((?:[ \t]+(?:"(?:[^"\\\n]|\\.)*"|[A-Za-z_][\w-]*))*)[ \t]*\{/;

const CLOSER_FOR: Record<string, { opener: string; what: string }> = {
  '}': { opener: '{', what: 'object' },
  ']': { opener: '[', what: 'list' },
  ')': { opener: '(', what: 'parenthesis' },
};

class StatementChecker {
  constructor(
    private readonly source: string,
    /** The tree of all of `source`, which has an error (so it was parsed afresh, not reparsed after an edit). */
    private readonly root: Node,
    private readonly lines: LineIndex,
    private readonly parser: Parser,
    private readonly found: Diagnostic[],
  ) {}

  private report(start: number, end: number, message: string): void {
    this.found.push(makeDiagnostic('syntax', this.lines.range(start, Math.max(start, end)), message));
  }

  /**
   * Checks the statements of a body (or of the whole chunk) in `[from, to)`. Each nested body is parsed again, so
   * nesting past MAX_NESTING is not entered: the cost would grow with the square of the depth.
   */
  checkStatements(from: number, to: number, depth = 0): void {
    if (depth > MAX_NESTING) return;
    const starts = [from];
    scan(this.source, from, to, TOP_LEVEL, { onTopLevelLine: (offset) => starts.push(offset) });
    let continuation = false;
    for (let i = 0; i < starts.length; i++) {
      const end = i + 1 < starts.length ? starts[i + 1]! : to;
      // The line after an expression left open at its end belongs to it: its error is already told.
      if (!continuation) this.checkStatement(starts[i]!, end, depth);
      continuation = ENDS_WITH_OPERATOR.test(stripComments(this.source.slice(starts[i]!, end)));
    }
  }

  private checkStatement(from: number, to: number, depth: number): void {
    const text = this.source.slice(from, to);
    // A statement that is all of the source (a chunk's one block, most often) has its tree already: a parse here
    // would give the same, and a long broken text takes tree-sitter a second (found by the LSP fuzz suite).
    const whole = from === 0 && to === this.source.length;
    const tree = whole ? undefined : this.parser.parse(treeSitterInput(text));
    if (tree === null) return;
    const root = tree?.rootNode ?? this.root;
    try {
      if (!root.hasError) {
        const base = this.lines.positionAt(from);
        const statementLines = new LineIndex(text);
        const toChunk = (range: Range): Range => ({ start: moved(range.start, base), end: moved(range.end, base) });
        checkLineBreaks(text, statementLines, root, (range, message) => this.found.push(makeDiagnostic('syntax', toChunk(range), message)));
        return;
      }
      const header = BLOCK_HEADER.exec(text);
      if (header) this.checkBlockStatement(from, to, header, depth);
      else this.describeStatementError(from, text, root);
    } finally {
      tree?.delete();
    }
  }

  private checkBlockStatement(from: number, to: number, header: RegExpExecArray, depth: number): void {
    const openBrace = from + header[0].length - 1;
    const closing = scan(this.source, openBrace + 1, to, { stack: '{', heredocMarker: undefined, inBlockComment: false }, { stopAtTopLevel: true });
    const name = `${header[1]}${header[2] ?? ''}`.replace(/\s+/g, ' ');
    const before = this.found.length;
    if (closing.closedAt === -1) {
      this.checkStatements(openBrace + 1, to, depth + 1);
      // An error inside (an unclosed string, say) often is why the brace looks unclosed: report that first.
      if (this.found.length === before) {
        this.report(openBrace, openBrace + 1, `Missing \`}\`: the block \`${name}\` opened here is never closed.`);
      }
      return;
    }
    this.checkStatements(openBrace + 1, closing.closedAt - 1, depth + 1);
    const rest = this.source.slice(closing.closedAt, to);
    const extra = /\S/.exec(stripComments(rest));
    if (extra) {
      const at = closing.closedAt + extra.index;
      this.report(at, this.lines.lineEnd(at), 'Missing line break after `}`: the next argument or block starts on a new line.');
    } else if (this.found.length === before) {
      this.report(from, openBrace + 1, `Syntax error in the header of the block \`${name}\`.`);
    }
  }

  /** One argument (or a line that should have been one) that does not parse. */
  private describeStatementError(from: number, text: string, root: Node): void {
    // Without the `\r` of a `\r\n`: the patterns below end at the line's end.
    const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n')).replace(/\r$/, '');
    const word = /^([ \t]*)([A-Za-z_][\w-]*)/.exec(firstLine);
    const indent = /^[ \t]*/.exec(firstLine)![0].length;
    const at = (offset: number, length: number, message: string): void =>
      this.report(from + offset, from + offset + length, message);

    if (word && /^[ \t]*[A-Za-z_][\w-]*[ \t]*(#.*|\/\/.*)?$/.test(firstLine) && !text.slice(firstLine.length).trim()) {
      const name = word[2]!;
      return at(indent, name.length, incompleteName(name));
    }
    if (word && /^[ \t]*[A-Za-z_][\w-]*[ \t]*:/.test(firstLine)) {
      return at(indent, word[2]!.length, `Use \`=\` to set an argument: \`${word[2]} = ...\`, not \`${word[2]}: ...\`.`);
    }
    if (word && /^[ \t]*[A-Za-z_][\w-]*[ \t]*==/.test(firstLine)) {
      return at(firstLine.indexOf('=='), 2, 'Use a single `=` to set an argument; `==` compares two values.');
    }
    const quoted = /^[ \t]*("(?:[^"\\]|\\.)*")[ \t]*=/.exec(firstLine);
    if (quoted) {
      return at(indent, quoted[1]!.length, `Argument names are not quoted: write \`${quoted[1]!.slice(1, -1)} = ...\`.`);
    }
    if (/^[ \t]*=/.test(firstLine)) return at(indent, 1, 'Missing argument name before `=`.');
    const badName = /^[ \t]*(\d[\w-]*)[ \t]*=/.exec(firstLine);
    if (badName) {
      return at(indent, badName[1]!.length, `\`${badName[1]}\` is not a valid name: names start with a letter or an underscore.`);
    }
    const stray = /^[ \t]*([}\])])/.exec(firstLine);
    if (stray) return at(indent, 1, `Unexpected \`${stray[1]}\`: there is nothing open here to close.`);
    const missingValue = /^[ \t]*([A-Za-z_][\w-]*)[ \t]*=[ \t]*(#.*|\/\/.*)?$/.exec(firstLine);
    if (missingValue) {
      const equals = firstLine.indexOf('=');
      return at(equals, 1, `Missing value: \`${missingValue[1]}\` needs a value after \`=\`, on the same line.`);
    }
    const badEscape = invalidEscape(text);
    if (badEscape !== -1) {
      const sequence = text.slice(badEscape, badEscape + 2);
      return at(badEscape, 2, `Invalid escape sequence \`${sequence}\` in a string: write \`\\\\\` for a backslash.`);
    }
    this.describeTreeError(from, text, root);
  }

  /** The first error tree-sitter reports inside one statement, described from what surrounds it. */
  private describeTreeError(from: number, text: string, root: Node): void {
    const found = firstProblem(root);
    if (!found) return;
    const problem = found.node;
    const start = from + problem.startIndex;
    if (problem.isMissing) {
      this.describeMissing(from, text, found);
      return;
    }
    const children = problem.children.filter((child): child is Node => child !== null);
    const parentType = found.parent?.type;
    const onlyChild = children.length === 1 ? children[0]! : undefined;
    if (onlyChild?.type === ',' && parentType === 'config_file') {
      return this.report(start, start + 1, 'Arguments are separated by line breaks, not commas: remove the `,`.');
    }
    if (onlyChild?.type === ',' && parentType === 'tuple') {
      return this.report(start, start + 1, 'Unexpected `,`: a list item is missing between two commas.');
    }
    const last = children[children.length - 1];
    const unexpected = last && children.length > 1 ? last : problem;
    const unexpectedStart = from + unexpected.startIndex;
    const token = tokenAt(text, unexpected.startIndex);
    const reportToken = (message: string): void =>
      this.report(unexpectedStart, unexpectedStart + Math.max(1, token.length), message);

    const open = unclosedOpener(children, unexpected);
    const separated = open?.what === 'list' || open?.what === 'function call';
    if (open && (!separated || token === '' || (CLOSERS.includes(token) && token !== open.closer))) {
      const openAt = from + open.node.startIndex;
      return this.report(openAt, from + open.node.endIndex, `Missing \`${open.closer}\`: the ${open.what} opened here is never closed.`);
    }
    if (open?.what === 'list') return reportToken(`Missing \`,\` between list items before \`${token}\`.`);
    if (open?.what === 'function call') return reportToken(`Missing \`,\` between function arguments before \`${token}\`.`);
    if (token.startsWith('"') && !token.endsWith('"')) {
      return this.report(unexpectedStart, this.lines.lineEnd(unexpectedStart), 'Missing `"`: this string is not closed on its line.');
    }
    if (token === '?' || token === ':' || /^(&&|\|\||[-+*/%<>]=?|==|!=)$/.test(token)) {
      return reportToken(`The expression is incomplete after \`${token}\`: to continue it on the next line, wrap it in parentheses.`);
    }
    const previous = found.previous?.type === 'body' ? found.previous.lastChild : found.previous;
    if (parentType === 'config_file' && previous?.type === 'attribute' && previous.endPosition.row === problem.startPosition.row) {
      return reportToken(`Unexpected \`${token}\` after the value: an argument ends at the end of its line.`);
    }
    reportToken(`Syntax error: unexpected \`${token || text.slice(unexpected.startIndex, unexpected.startIndex + 1)}\`.`);
  }

  private describeMissing(from: number, text: string, { node: missing, parent, grandparent }: Problem): void {
    const start = from + missing.startIndex;
    switch (missing.type) {
      case 'quoted_template_end': {
        const quoteStart = from + (parent?.startIndex ?? missing.startIndex);
        return this.report(quoteStart, this.lines.lineEnd(quoteStart), 'Missing `"`: this string is not closed on its line. A quoted string cannot span lines: use `\\n`, or a heredoc for text over several lines.');
      }
      case 'heredoc_identifier': {
        const opener = parent?.children.find((child) => child?.type === 'heredoc_identifier' && !child.isMissing);
        const marker = opener ? text.slice(opener.startIndex, opener.endIndex) : 'the marker';
        const openStart = from + (parent?.startIndex ?? missing.startIndex);
        return this.report(openStart, from + (opener?.endIndex ?? missing.startIndex), `Missing \`${marker}\`: this heredoc needs a closing line holding only \`${marker}\`, followed by a line break.`);
      }
      case 'template_interpolation_end': {
        const open = from + (parent?.startIndex ?? missing.startIndex);
        return this.report(open, open + 2, 'Missing `}`: the `${` opened here is never closed.');
      }
      case 'identifier': {
        const before = text.slice(0, missing.startIndex).trimEnd();
        const previous = /(==|!=|<=|>=|&&|\|\||[-+*/%<>=.:?!,(\[{])$/.exec(before)?.[1];
        const anchor = from + before.length - (previous?.length ?? 0);
        const what =
          previous === '=' ? 'Missing value after `=`.'
          : previous === '.' ? 'Missing attribute name after `.`.'
          : previous ? `Missing expression after \`${previous}\`.`
          : 'Missing expression.';
        return this.report(anchor, anchor + (previous?.length ?? 1), what);
      }
    }
    const closer = CLOSER_FOR[missing.type];
    if (closer && parent) {
      // A list's `]` is wrapped in `tuple_end`, whose own start is where the text ran out: the `[` (in
      // `tuple_start`) is a child of the list itself.
      const bracketed = parent.type.endsWith('_end') && grandparent ? grandparent : parent;
      const opener = bracketed.children.find((child) => child !== null && (child.type === closer.opener || child.type.endsWith('_start')));
      const openAt = from + (opener?.startIndex ?? bracketed.startIndex);
      return this.report(openAt, openAt + 1, `Missing \`${missing.type}\`: the ${closer.what} opened here is never closed.`);
    }
    this.report(start, start + 1, `Syntax error: expected \`${missing.type}\` here.`);
  }
}

const CLOSERS = '}])';

const OPENERS: Record<string, { closer: string; what: string }> = {
  tuple_start: { closer: ']', what: 'list' },
  object_start: { closer: '}', what: 'object' },
  block_start: { closer: '}', what: 'block' },
  template_interpolation_start: { closer: '}', what: 'interpolation `${`' },
  '(': { closer: ')', what: 'parenthesis' },
  '[': { closer: ']', what: 'index' },
  function_arguments: { closer: ')', what: 'function call' },
};

/** The innermost bracket among an ERROR's children, before `limit`, that none of them closes. */
function unclosedOpener(children: Node[], limit: Node): { node: Node; closer: string; what: string } | undefined {
  const open: { node: Node; closer: string; what: string }[] = [];
  // Neighbours by index: tree-sitter's nextSibling/previousSibling walk the parent's children from the start, which
  // made an ERROR of many brackets (`[([([(...`) quadratic.
  for (const [i, child] of children.entries()) {
    if (child === limit) break;
    const opener = OPENERS[child.type];
    if (opener) {
      // A call's `(` comes before its arguments node: the arguments stand for the open call.
      if (child.type === '(' && children[i + 1]?.type === 'function_arguments') continue;
      const node = child.type === 'function_arguments' ? (children[i - 1] ?? child) : child;
      open.push({ node, ...opener });
    } else if (open.length && (child.type === open[open.length - 1]!.closer || child.type.endsWith('_end'))) {
      open.pop();
    }
  }
  return open[open.length - 1];
}

/** Offset of the first backslash escape in a quoted string that HCL does not know, or -1. */
function invalidEscape(text: string): number {
  for (const string of text.matchAll(/"(?:[^"\\\n]|\\.)*"/g)) {
    const bad = /\\(?![nrt"\\]|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})/.exec(string[0]);
    if (bad) return string.index + bad.index;
  }
  return -1;
}

/**
 * An ERROR or MISSING node with what surrounds it, read on the way down: tree-sitter's own `parent` and
 * `previousSibling` search down from the root, and for a zero-width (MISSING) node after a long traversal they
 * read outside the WebAssembly memory, which corrupts the parser for good (found by the LSP fuzz suite).
 */
interface Problem {
  node: Node;
  parent: Node | undefined;
  grandparent: Node | undefined;
  /** The child of `parent` just before it. */
  previous: Node | undefined;
}

/**
 * The first ERROR or MISSING node in document order. Depth first with a stack of its own: error recovery can nest
 * nodes thousands deep (a pasted run of `<<EOT` lines), past what the call stack holds.
 */
function firstProblem(root: Node): Problem | undefined {
  const stack: Problem[] = [{ node: root, parent: undefined, grandparent: undefined, previous: undefined }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { node, parent } = next;
    if (node.isError || node.isMissing) {
      // An ERROR that only wraps a smaller error: report the smaller one.
      const children = node.isError ? node.children : [];
      const inner = children.find((child) => child !== null && (child.isError || child.isMissing));
      if (!inner || children.length !== 1) return next;
      stack.push({ node: inner, parent: node, grandparent: parent, previous: undefined });
    } else if (node.hasError) {
      const children = node.children.filter((child): child is Node => child !== null);
      for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, parent: node, grandparent: parent, previous: children[i - 1] });
    }
  }
  return undefined;
}

/** The token at an offset: a word, a number, or a run of punctuation. */
function tokenAt(text: string, offset: number): string {
  const match = /^(?:[A-Za-z_][\w-]*|\d[\w.]*|"[^"\n]*"?|&&|\|\||[=!<>]=|\S)/.exec(text.slice(offset));
  return match ? match[0] : '';
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|#.*|\/\/.*/g, '');
}

/**
 * HCL requires line breaks that tree-sitter's grammar does not: one argument or block per line, a block header
 * and its `{` on one line, a value starting on the line of its `=`, an expression not continuing on the next line
 * outside brackets, object attributes separated by a comma or a line break. Parts with tree-sitter errors are
 * skipped: their errors are already reported.
 *
 * One cursor walk over bodies, blocks and attributes, not into expressions: every node visited costs a call into
 * WebAssembly, and expressions are most of the tree.
 */
function checkLineBreaks(source: string, lines: LineIndex, root: Node, report: Report): void {
  const cursor = root.walk();
  try {
    visitBodies(cursor, source, lines, report);
  } finally {
    cursor.delete();
  }
  if (mayHaveUnseparatedObject(source)) {
    for (const object of root.descendantsOfType('object')) {
      if (object && !object.hasError) checkObjectSeparators(source, lines, object, report);
    }
  }
}

/** Lines where two object attributes may stand without a comma: only there is the object check worth its cost. */
const MAYBE_UNSEPARATED_OBJECT =
  /\{[^{}\n]*?[=:][^{}\n,]*?[A-Za-z_"][\w"-]*[ \t]*[=:](?!=)|^[ \t]*[A-Za-z_"][\w"-]*[ \t]*[=:][^\n,]*[^=!<>,\s][ \t]+[A-Za-z_"][\w"-]*[ \t]*[=:](?!=)/m;

/**
 * Lines longer than this are not tested against the pattern, which backtracks through a line at each `{` and
 * `=`: seconds for a pasted line of 200 kB (found by the LSP fuzz suite). Such a line gets the object check itself.
 */
const MAX_TESTED_LINE = 2_000;

function mayHaveUnseparatedObject(source: string): boolean {
  for (let start = 0; start < source.length; ) {
    const newline = source.indexOf('\n', start);
    const end = newline === -1 ? source.length : newline;
    if (end - start > MAX_TESTED_LINE) return true;
    start = end + 1;
  }
  return MAYBE_UNSEPARATED_OBJECT.test(source);
}

type Report = (range: Range, message: string) => void;

interface Item {
  type: string;
  range: Range;
}

function cursorRange(cursor: TreeCursor): Range {
  const start = cursor.startPosition;
  const end = cursor.endPosition;
  return { start: { line: start.row, character: start.column }, end: { line: end.row, character: end.column } };
}

/**
 * At a config_file, body or block: checks it and everything below it that is not an expression, and returns its
 * children. `healthy` says an ancestor has no error, so this node has none either (asking costs a call).
 */
function visitBodies(cursor: TreeCursor, source: string, lines: LineIndex, report: Report, healthy = false, depth = 0): Item[] {
  if (depth > MAX_NESTING) return [];
  const type = cursor.nodeType;
  const damaged = !healthy && cursor.currentNode.hasError;
  const children: Item[] = [];
  let bodyItems: Item[] = [];
  if (!cursor.gotoFirstChild()) return children;
  do {
    const childType = cursor.nodeType;
    if (childType === 'comment') continue;
    children.push({ type: childType, range: cursorRange(cursor) });
    if (childType === 'body') bodyItems = visitBodies(cursor, source, lines, report, !damaged, depth + 1);
    else if (childType === 'block') visitBodies(cursor, source, lines, report, !damaged, depth + 1);
    else if (childType === 'attribute' && !damaged) checkAttribute(cursor, source, report);
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
  if (damaged) return children;
  if (type === 'block') checkBlockLayout(source, lines, cursor, children, bodyItems, report);
  else if (type === 'config_file') checkBodyItems(bodyItems, report);
  return children;
}

function checkBodyItems(items: Item[], report: Report): void {
  for (let i = 1; i < items.length; i++) {
    const previous = items[i - 1]!;
    const item = items[i]!;
    if (item.range.start.line !== previous.range.end.line) continue;
    const start = item.range.start;
    report(
      { start, end: { line: start.line, character: start.character + 1 } },
      previous.type === 'block'
        ? 'Missing line break after `}`: the next argument or block starts on a new line.'
        : 'Missing line break: each argument or block starts on a new line.',
    );
  }
}

function checkBlockLayout(source: string, lines: LineIndex, cursor: TreeCursor, children: Item[], items: Item[], report: Report): void {
  const typeItem = children[0];
  const open = children.find((child) => child.type === 'block_start');
  const close = children.find((child) => child.type === 'block_end');
  if (!typeItem || !open || !close) return;
  const headerRow = typeItem.range.start.line;
  const misplaced = children.find(
    (child) => child.range.start.line !== headerRow && (child.type === 'string_lit' || child.type === 'identifier' || child === open),
  );
  if (misplaced) {
    const start = cursor.startIndex;
    const header = /^[A-Za-z_][\w-]*/.exec(source.slice(start, start + 64))?.[0] ?? 'block';
    const restOfLine = source.slice(start + header.length, lines.lineEnd(start));
    if (!stripComments(restOfLine).trim()) {
      // A name alone on its line, with a block below: a half-typed argument, not a header split on purpose.
      report(typeItem.range, incompleteName(header));
    } else {
      report(typeItem.range, `The block header \`${header} ...\`, its labels and its \`{\` must be on one line.`);
    }
    return;
  }
  if (close.range.start.line === open.range.start.line) {
    if (items.length > 1) {
      report(items[1]!.range, 'A block written on one line holds at most one argument: put each argument on its own line.');
    } else if (items[0]?.type === 'block') {
      report(items[0].range, 'A block written on one line cannot hold a nested block: put the nested block on its own line.');
    }
    return;
  }
  checkBodyItems(items, report);
  const first = items[0];
  if (first && first.range.start.line === open.range.start.line) {
    report(first.range, 'Missing line break after `{`: a block whose `}` is on a later line starts its content on a new line.');
  }
  const last = items[items.length - 1];
  if (last && last.range.end.line === close.range.start.line) {
    report(close.range, 'Missing line break before `}`: the closing brace of a block goes on its own line.');
  }
}

/** At an attribute: its `=` and value start on the name's line; the value does not run on outside brackets. */
function checkAttribute(cursor: TreeCursor, source: string, report: Report): void {
  if (!cursor.gotoFirstChild()) return;
  const nameRange = cursorRange(cursor);
  const nameStart = cursor.startIndex;
  const nameEnd = cursor.endIndex;
  let equalsRow = -1;
  let value: { range: Range; start: number; end: number } | undefined;
  while (cursor.gotoNextSibling()) {
    const type = cursor.nodeType;
    if (type === '=') equalsRow = cursor.startPosition.row;
    else if (type === 'expression') value = { range: cursorRange(cursor), start: cursor.startIndex, end: cursor.endIndex };
  }
  cursor.gotoParent();
  if (!value || equalsRow === -1) return;
  if (equalsRow !== nameRange.start.line || value.range.start.line !== equalsRow) {
    report(value.range, `The value of \`${source.slice(nameStart, nameEnd)}\` must start on the same line as its \`=\`.`);
    return;
  }
  if (value.range.end.line === value.range.start.line) return;
  let continues = false;
  scan(source, value.start, value.end, TOP_LEVEL, { onTopLevelLine: () => (continues = true) });
  if (continues) {
    report(
      { start: value.range.start, end: { line: value.range.start.line + 1, character: 0 } },
      'The expression continues on the next line: HCL ends an expression at a line break outside brackets. Wrap it in parentheses to split it across lines.',
    );
  }
}

function checkObjectSeparators(source: string, lines: LineIndex, object: Node, report: Report): void {
  let previous: Node | undefined;
  for (const element of object.namedChildren) {
    if (!element || element.type !== 'object_elem') continue;
    if (previous) {
      const between = stripComments(source.slice(previous.endIndex, element.startIndex));
      if (!between.includes(',') && !between.includes('\n')) {
        report(lines.range(element.startIndex, element.endIndex), 'Missing `,` or line break between object attributes.');
      }
    }
    previous = element;
  }
}
