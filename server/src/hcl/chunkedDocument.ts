import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';
import { Edit, type Node, type Parser, type Tree } from 'web-tree-sitter';
import { isTopLevel, scan, TOP_LEVEL, type ScanState } from './lexicalScan';
import { treeSitterInput } from './treeSitter';

/**
 * A run of whole lines, parsed on its own. Chunks cover the document in order without gaps; each normally holds one
 * top-level block. Positions in `tree` are relative to `startLine`.
 */
export interface Chunk {
  /** Kept current as edits above the chunk add or remove lines. */
  startLine: number;
  /** Parsed when first asked for, so that the first chunks of a large file are analysed before the last are parsed. */
  readonly tree: Tree;
  /** The chunk's text as parsed: its own copy, so that strings read from it do not keep old document texts alive
   *  (V8 substrings point into the string they were cut from). A lone `\r` reads as `\n` here. */
  readonly source: string;
  /** Scanned from the top level, the text ends inside a bracket, comment or heredoc that nothing closes. */
  readonly unclosed: boolean;
  /** The text closes a bracket it did not open: it may close what an earlier unclosed chunk opened. */
  readonly strayCloser: boolean;
}

interface Span {
  start: number;
  end: number;
}

/** A span with the result of scanning it from the top level. */
interface ScannedSpan extends Span {
  endState: ScanState;
  strayCloser: boolean;
}

const PARSE_SLICE = 8192;

/**
 * The trees of all documents, most recently used last. Trees are memory that WebAssembly never gives back (about
 * 2.3 KB a line): past `TREES_KEPT`, the least recently used are let go, and parsed again when asked for. Letting go
 * waits for the end of the turn, so that whatever runs now may hold nodes of every tree it has touched.
 */
const TREES_KEPT = 256;
const recentTrees = new Set<ParsedChunk>();
let sweepScheduled = false;

function touched(chunk: ParsedChunk): void {
  recentTrees.delete(chunk);
  recentTrees.add(chunk);
  if (recentTrees.size > TREES_KEPT && !sweepScheduled) {
    sweepScheduled = true;
    setImmediate(letGoOfOldTrees);
  }
}

function letGoOfOldTrees(): void {
  sweepScheduled = false;
  for (const chunk of recentTrees) {
    if (recentTrees.size <= TREES_KEPT) break;
    chunk.dispose();
  }
}

/** A chunk whose tree is parsed on first use, or at once when an edited tree is there to reuse. */
class ParsedChunk implements Chunk {
  private parsed: Tree | undefined;

  constructor(
    public startLine: number,
    readonly source: string,
    readonly unclosed: boolean,
    readonly strayCloser: boolean,
    private readonly parser: Parser,
    reusable: Tree | undefined,
  ) {
    if (reusable) {
      this.parsed = this.parse(reusable);
      touched(this);
    }
  }

  get tree(): Tree {
    this.parsed ??= this.parse(undefined);
    touched(this);
    return this.parsed;
  }

  /** Whether the tree exists yet: an edit updates it for reuse only then. */
  get hasTree(): boolean {
    return this.parsed !== undefined;
  }

  /** Lets the tree go (the chunk stays, and parses again when asked). */
  dispose(): void {
    this.parsed?.delete();
    this.parsed = undefined;
    recentTrees.delete(this);
  }

  /**
   * Where the text has an error, tree-sitter's recovery can differ between a reparse of an edited tree and a fresh
   * parse; such a tree is parsed afresh, so that a chunk's tree (and every diagnostic) depends on its text alone,
   * never on the edits that led there. Healthy text parses the same either way.
   */
  private parse(previous: Tree | undefined): Tree {
    const reparsed = this.parseWith(previous);
    if (!previous || !reparsed.rootNode.hasError) return reparsed;
    reparsed.delete();
    return this.parseWith(undefined);
  }

  private parseWith(previous: Tree | undefined): Tree {
    const input = treeSitterInput(this.source);
    const length = input.length;
    const tree = this.parser.parse((index) => (index < length ? input.slice(index, Math.min(length, index + PARSE_SLICE)) : undefined), previous ?? null);
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  }
}

/** A line can start a chunk when it starts with what could be a block type or an argument name. */
function canStartChunk(text: string, offset: number): boolean {
  const c = text.charCodeAt(offset);
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** LSP counts a lone `\r` as a line break and tree-sitter does not: it is fed `\n` instead. */
const LONE_CR = /\r(?!\n)/g;

/**
 * An open HCL document: its text and one tree-sitter tree per chunk.
 *
 * Why chunks: tree-sitter's incremental reparse of a whole file grows with the number of top-level blocks (about
 * 2 ms for 1,000 blocks here), and its error recovery can let one unclosed brace swallow the rest of the file.
 * Cutting the file at top-level line starts (found by `lexicalScan`) keeps an edit's reparse to one block and keeps
 * a half-typed block from disturbing the others. Chunk boundaries are a pure function of the text: a line that
 * starts with an identifier at column 0 starts a new chunk, unless it lies inside a bracket, comment or heredoc
 * that a later line closes; an opener that nothing closes stays in its own chunk, as if the user is still typing.
 */
export class HclDocument {
  private readonly textDocument: TextDocument;
  private chunkList: ParsedChunk[] = [];

  constructor(
    private readonly parser: Parser,
    uri: string,
    languageId: string,
    version: number,
    text: string,
  ) {
    this.textDocument = TextDocument.create(uri, languageId, version, text);
    this.chunkList = this.cutSpans({ start: 0, end: text.length }, []).spans.map((span) => this.parseSpan(span, undefined));
  }

  get uri(): string {
    return this.textDocument.uri;
  }

  get languageId(): string {
    return this.textDocument.languageId;
  }

  get version(): number {
    return this.textDocument.version;
  }

  get text(): string {
    return this.textDocument.getText();
  }

  get lineCount(): number {
    return this.textDocument.lineCount;
  }

  get chunks(): readonly Chunk[] {
    return this.chunkList;
  }

  offsetAt(position: Position): number {
    return this.textDocument.offsetAt(position);
  }

  positionAt(offset: number): Position {
    return this.textDocument.positionAt(offset);
  }

  /** The text of a line without its line break. */
  lineText(line: number): string {
    const start = this.offsetAt({ line, character: 0 });
    const end = line + 1 < this.lineCount ? this.offsetAt({ line: line + 1, character: 0 }) : this.text.length;
    return this.text.slice(start, end).replace(/\r?\n$|\r$/, '');
  }

  chunkIndexAtLine(line: number): number {
    let low = 0;
    let high = this.chunkList.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.chunkList[mid]!.startLine <= line) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  chunkStartOffset(index: number): number {
    return this.offsetAt({ line: this.chunkList[index]!.startLine, character: 0 });
  }

  chunkEndOffset(index: number): number {
    const next = this.chunkList[index + 1];
    return next ? this.offsetAt({ line: next.startLine, character: 0 }) : this.text.length;
  }

  /** The smallest node at a position, with the chunk it belongs to. */
  nodeAt(position: Position): { chunk: Chunk; node: Node } {
    const chunk = this.chunkList[this.chunkIndexAtLine(position.line)]!;
    const point = { row: position.line - chunk.startLine, column: position.character };
    return { chunk, node: chunk.tree.rootNode.descendantForPosition(point) ?? chunk.tree.rootNode };
  }

  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) this.applyChange(change, version);
  }

  dispose(): void {
    for (const chunk of this.chunkList) chunk.dispose();
    this.chunkList = [];
  }

  private applyChange(change: TextDocumentContentChangeEvent, version: number): void {
    if (!('range' in change)) {
      TextDocument.update(this.textDocument, [change], version);
      const old = this.chunkList;
      this.chunkList = this.cutSpans({ start: 0, end: this.text.length }, []).spans.map((span) =>
        this.parseSpan(span, undefined),
      );
      for (const chunk of old) chunk.dispose();
      return;
    }
    const startOffset = this.offsetAt(change.range.start);
    const endOffset = Math.max(startOffset, this.offsetAt(change.range.end));
    const start = this.positionAt(startOffset);
    const oldEnd = this.positionAt(endOffset);
    let first = this.chunkIndexAtLine(start.line);
    const last = this.chunkIndexAtLine(oldEnd.line);
    // The first character of a chunk's first line decides whether a chunk starts there: when an edit changes it,
    // the line may now belong to the chunk before.
    if (first > 0 && start.character === 0 && start.line === this.chunkList[first]!.startLine) first--;
    const firstChunk = this.chunkList[first]!;
    const chunkStart = this.chunkStartOffset(first);

    const text = this.text;
    // A `\r` beside the edit can join or split a `\r\n`, which moves line breaks outside the edited range.
    const touchesCarriageReturn =
      change.text.includes('\r') || text.charCodeAt(startOffset - 1) === 13 || text.charCodeAt(endOffset) === 13;
    const oldLineCount = this.lineCount;
    TextDocument.update(this.textDocument, [change], version);
    const lineDelta = this.lineCount - oldLineCount;
    for (let i = last + 1; i < this.chunkList.length; i++) this.chunkList[i]!.startLine += lineDelta;

    let editedTree: Tree | undefined;
    if (first === last && !touchesCarriageReturn && firstChunk.hasTree) {
      const base = firstChunk.startLine;
      const newEnd = this.positionAt(startOffset + change.text.length);
      firstChunk.tree.edit(
        new Edit({
          startIndex: startOffset - chunkStart,
          oldEndIndex: endOffset - chunkStart,
          newEndIndex: startOffset - chunkStart + change.text.length,
          startPosition: { row: start.line - base, column: start.character },
          oldEndPosition: { row: oldEnd.line - base, column: oldEnd.character },
          newEndPosition: { row: newEnd.line - base, column: newEnd.character },
        }),
      );
      editedTree = firstChunk.tree;
    }
    this.rebuildRegion(first, last, editedTree);
  }

  /** Re-cuts and reparses chunks `first..last` (already shifted to the new text), then lets earlier unclosed
   *  chunks look again for what closes them. */
  private rebuildRegion(first: number, last: number, editedTree: Tree | undefined): void {
    let end = last;
    let spans: ScannedSpan[] | undefined;
    while (!spans) {
      const region = { start: this.chunkStartOffset(first), end: this.chunkEndOffset(end) };
      const cut = this.cutSpans(region, this.chunkList.slice(end + 1));
      if (cut.closedInFollowing === -1) spans = cut.spans;
      else end += cut.closedInFollowing + 1;
    }
    const replaced = this.chunkList.slice(first, end + 1);
    const reusable = first === end && spans.length === 1 ? editedTree : undefined;
    const newChunks = spans.map((span) => this.parseSpan(span, reusable));
    for (const chunk of replaced) chunk.dispose();
    this.chunkList.splice(first, replaced.length, ...newChunks);
    this.reconsiderUnclosedBefore(first);
  }

  /** Chunks before `index` that nothing closed may be closed now: re-cut each with what closes it. */
  private reconsiderUnclosedBefore(index: number): void {
    for (let i = 0; i < index && i < this.chunkList.length; i++) {
      if (!this.chunkList[i]!.unclosed) continue;
      const closedBy = this.findClosingChunk(i);
      if (closedBy === -1) continue;
      const before = this.chunkList.length;
      this.rebuildRegion(i, closedBy, undefined);
      index -= before - this.chunkList.length;
    }
  }

  private findClosingChunk(index: number): number {
    let state = scan(this.text, this.chunkStartOffset(index), this.chunkEndOffset(index), TOP_LEVEL).state;
    for (let i = index + 1; i < this.chunkList.length; i++) {
      const next = this.chunkList[i]!;
      state = this.advance(state, { start: this.chunkStartOffset(i), end: this.chunkEndOffset(i) }, next);
      if (isTopLevel(state)) return i;
      if (!this.mayClose(state, this.chunkEndOffset(i))) return -1;
    }
    return -1;
  }

  /**
   * Cuts a region into chunk spans. An atom (a run of lines from one chunk-start line to the next) that ends
   * inside an open bracket, comment or heredoc is joined with the atoms after it up to the one that closes it;
   * when nothing closes it, it stays alone. When what closes it lies in a chunk after the region,
   * `closedInFollowing` gives that chunk's index in `following` and no spans are returned: the caller widens
   * the region to that chunk and cuts again, so the chunk's own atoms are re-cut too.
   */
  private cutSpans(region: Span, following: readonly Chunk[]): { spans: ScannedSpan[]; closedInFollowing: number } {
    const atoms = this.scanAtoms(region);
    const spans: ScannedSpan[] = [];
    let i = 0;
    while (i < atoms.length) {
      const atom = atoms[i]!;
      if (isTopLevel(atom.endState)) {
        spans.push(atom);
        i++;
        continue;
      }
      let state = atom.endState;
      let closedAt = -1;
      for (let j = i + 1; j < atoms.length && closedAt === -1; j++) {
        state = this.advance(state, atoms[j]!, undefined);
        if (isTopLevel(state)) closedAt = j;
      }
      if (closedAt !== -1) {
        spans.push(this.scanSpan({ start: atom.start, end: atoms[closedAt]!.end }));
        i = closedAt + 1;
        continue;
      }
      let offset = region.end;
      for (let k = 0; k < following.length && this.mayClose(state, offset); k++) {
        const chunk = following[k]!;
        const span = { start: offset, end: offset + this.spanLength(chunk, following[k + 1]) };
        state = this.advance(state, span, chunk);
        offset = span.end;
        if (isTopLevel(state)) return { spans: [], closedInFollowing: k };
      }
      spans.push(atom);
      i++;
    }
    return { spans, closedInFollowing: -1 };
  }

  private spanLength(chunk: Chunk, next: Chunk | undefined): number {
    const start = this.offsetAt({ line: chunk.startLine, character: 0 });
    const end = next ? this.offsetAt({ line: next.startLine, character: 0 }) : this.text.length;
    return end - start;
  }

  /** Whether anything at or after `offset` could still close what `state` has open. */
  private mayClose(state: ScanState, offset: number): boolean {
    if (state.inBlockComment) return this.text.indexOf('*/', offset) !== -1;
    if (state.heredocMarker !== undefined) {
      const closing = new RegExp(`^[ \\t]*${state.heredocMarker}[ \\t]*\\r?$`, 'mg');
      closing.lastIndex = offset;
      return closing.test(this.text);
    }
    return true;
  }

  /** The scan state after `span`, skipping the scan when the span is a chunk known to be balanced. */
  private advance(state: ScanState, span: Span, chunk: Chunk | undefined): ScanState {
    const inCode = state.heredocMarker === undefined && !state.inBlockComment;
    if (inCode && chunk && !chunk.unclosed && !chunk.strayCloser) return state;
    return scan(this.text, span.start, span.end, state).state;
  }

  private scanSpan(span: Span): ScannedSpan {
    const result = scan(this.text, span.start, span.end, TOP_LEVEL);
    return { ...span, endState: result.state, strayCloser: result.strayCloser };
  }

  /** Splits a region at chunk-start lines and scans each piece from the top level. */
  private scanAtoms(region: Span): ScannedSpan[] {
    const text = this.text;
    const atoms: ScannedSpan[] = [];
    let start = region.start;
    for (let newline = text.indexOf('\n', start); ; newline = text.indexOf('\n', newline + 1)) {
      const lineStart = newline === -1 || newline + 1 >= region.end ? region.end : newline + 1;
      if (lineStart === region.end || canStartChunk(text, lineStart)) {
        const result = scan(text, start, lineStart, TOP_LEVEL);
        atoms.push({ start, end: lineStart, endState: result.state, strayCloser: result.strayCloser });
        start = lineStart;
        if (lineStart === region.end) break;
      }
    }
    return atoms;
  }

  /** A chunk for a span; its tree is parsed now only to reuse an edited tree, which is deleted right after. */
  private parseSpan(span: ScannedSpan, editedTree: Tree | undefined): ParsedChunk {
    let source = Buffer.from(this.text.slice(span.start, span.end), 'utf16le').toString('utf16le');
    if (source.includes('\r')) source = source.replace(LONE_CR, '\n');
    return new ParsedChunk(this.positionAt(span.start).line, source, !isTopLevel(span.endState), span.strayCloser, this.parser, editedTree);
  }
}
