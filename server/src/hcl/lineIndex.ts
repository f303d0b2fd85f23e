import type { Position, Range } from 'vscode-languageserver-types';

/** Offsets to positions for one text (a chunk's source): positions in UTF-16 code units, as LSP counts. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  positionAt(offset: number): Position {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    // Between the `\r` and `\n` of a line break is no position for LSP: the line's end is.
    const betweenCrLf = this.text.charCodeAt(offset - 1) === 13 && this.text.charCodeAt(offset) === 10;
    return { line: low, character: offset - this.starts[low]! - (betweenCrLf ? 1 : 0) };
  }

  /**
   * A character past the end of its line means the line's end, as LSP says: never its `\r\n` (a position between
   * the two is past the line) nor the next line. A line past the last is the last.
   */
  offsetAt(position: Position): number {
    const start = this.starts[Math.min(position.line, this.starts.length - 1)] ?? 0;
    return Math.min(this.lineEnd(start), start + position.character);
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** Offset of the line break ending the line that holds `offset` (or the text's end). */
  lineEnd(offset: number): number {
    const newline = this.text.indexOf('\n', offset);
    if (newline === -1) return this.text.length;
    // A `\r\n` line ends before its `\r`: a range reaching past it would end past the line for LSP.
    return newline - 1 >= offset && this.text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
  }
}

/** A range moved down by `lines` (a chunk's range placed in its document). */
export function shiftRange(range: Range, lines: number): Range {
  if (lines === 0) return range;
  return {
    start: { line: range.start.line + lines, character: range.start.character },
    end: { line: range.end.line + lines, character: range.end.character },
  };
}

/**
 * Where a node's text really ends: error recovery puts a missing closing `}` at the very end of the chunk, after
 * the line break of its last line, which would otherwise reach into the next chunk's first line.
 */
export function contentEnd(text: string, start: number, end: number): number {
  let last = end;
  while (last > start && /\s/.test(text[last - 1]!)) last--;
  return last;
}
