/**
 * A bracket-level scan of HCL text: just enough lexing (strings, templates, comments, heredocs, brackets) to know
 * whether a position is at the top level of the file. `chunkedDocument` uses it to cut a file into independently
 * parsed chunks; it never interprets what it skips.
 */

/** Where the scan is. `stack` holds the open contexts, innermost last: `{ [ (` brackets, `"` a quoted template,
 *  `$` an interpolation or directive inside a template. */
export interface ScanState {
  readonly stack: string;
  /** Inside the body of a heredoc that ends at a line holding only this marker. */
  readonly heredocMarker: string | undefined;
  readonly inBlockComment: boolean;
}

export const TOP_LEVEL: ScanState = { stack: '', heredocMarker: undefined, inBlockComment: false };

export function isTopLevel(state: ScanState): boolean {
  return state.stack === '' && state.heredocMarker === undefined && !state.inBlockComment;
}

export interface ScanResult {
  state: ScanState;
  /** A closing bracket with nothing open to close. */
  strayCloser: boolean;
  /** With `stopAtTopLevel`, the offset just after the bracket that closed everything; else -1. */
  closedAt: number;
}

export interface ScanOptions {
  /** Called with the offset of every line start reached at the top level (outside any bracket, string,
   *  comment or heredoc). */
  onTopLevelLine?: (offset: number) => void;
  /** Stop as soon as a closing bracket empties the stack. */
  stopAtTopLevel?: boolean;
  /** Called when a context opens (`{ [ (`, `"`, or `$` for an interpolation) and when the innermost one closes. */
  onPush?: (offset: number, kind: string) => void;
  onPop?: (offset: number) => void;
}

const HEREDOC_OPENER = /<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?$/my;

const NEWLINE = 10;
const QUOTE = 34;
const HASH = 35;
const DOLLAR = 36;
const PERCENT = 37;
const STAR = 42;
const SLASH = 47;
const LESS = 60;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;

function lineEnd(text: string, from: number, to: number): number {
  const newline = text.indexOf('\n', from);
  return newline === -1 || newline >= to ? to : newline;
}

/** Offset just after the heredoc's closing line, or -1 when the marker never appears before `to`. */
function heredocEnd(text: string, from: number, to: number, marker: string): number {
  let lineStart = from;
  while (lineStart < to) {
    const end = lineEnd(text, lineStart, to);
    if (text.slice(lineStart, end).trim() === marker) return end;
    lineStart = end + 1;
  }
  return -1;
}

/**
 * The stack as `ScanState` holds it. Built in slices: spreading a long stack into one call would overflow the
 * call stack.
 */
function stackText(stack: readonly number[]): string {
  let text = '';
  for (let i = 0; i < stack.length; i += 4096) text += String.fromCharCode(...stack.slice(i, i + 4096));
  return text;
}

/** Scans `text[from, to)` starting in `state`. */
export function scan(text: string, from: number, to: number, state: ScanState, options: ScanOptions = {}): ScanResult {
  const { onTopLevelLine, stopAtTopLevel, onPush, onPop } = options;
  // Character codes, not a string: reading the last character of a string grown one character at a time flattens
  // it each time, which made a long run of openers (`[([([...`) quadratic.
  const stack = Array.from(state.stack, (c) => c.charCodeAt(0));
  let strayCloser = false;
  let i = from;

  if (state.inBlockComment) {
    const close = text.indexOf('*/', i);
    if (close === -1 || close + 2 > to) return { state, strayCloser, closedAt: -1 };
    i = close + 2;
  } else if (state.heredocMarker !== undefined) {
    const end = heredocEnd(text, i, to, state.heredocMarker);
    if (end === -1) return { state, strayCloser, closedAt: -1 };
    i = end;
  }

  while (i < to) {
    const c = text.charCodeAt(i);
    const top = stack.length ? stack[stack.length - 1]! : 0;

    if (top === QUOTE) {
      if (c === BACKSLASH) {
        i += 2;
      } else if (c === QUOTE) {
        stack.pop();
        i++;
        onPop?.(i);
      } else if ((c === DOLLAR || c === PERCENT) && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === OPEN_BRACE) {
        i += 3; // `$${` and `%%{` are literal text
      } else if ((c === DOLLAR || c === PERCENT) && text.charCodeAt(i + 1) === OPEN_BRACE) {
        onPush?.(i, '$');
        stack.push(DOLLAR);
        i += 2;
      } else if (c === NEWLINE) {
        // A quoted string cannot span lines: HCL reports it unterminated and goes on with the next line.
        stack.pop();
        onPop?.(i);
      } else {
        i++;
      }
      continue;
    }

    switch (c) {
      case NEWLINE:
        i++;
        if (stack.length === 0 && i < to && onTopLevelLine) onTopLevelLine(i);
        break;
      case HASH:
        i = lineEnd(text, i, to);
        break;
      case SLASH: {
        const next = text.charCodeAt(i + 1);
        if (next === SLASH) {
          i = lineEnd(text, i, to);
        } else if (next === STAR) {
          const close = text.indexOf('*/', i + 2);
          if (close === -1 || close + 2 > to) {
            return { state: { stack: stackText(stack), heredocMarker: undefined, inBlockComment: true }, strayCloser, closedAt: -1 };
          }
          i = close + 2;
        } else {
          i++;
        }
        break;
      }
      case QUOTE:
        onPush?.(i, '"');
        stack.push(QUOTE);
        i++;
        break;
      case LESS: {
        if (text.charCodeAt(i + 1) !== LESS) {
          i++;
          break;
        }
        HEREDOC_OPENER.lastIndex = i;
        const opener = HEREDOC_OPENER.exec(text);
        if (!opener || HEREDOC_OPENER.lastIndex > to) {
          i += 2;
          break;
        }
        const bodyStart = lineEnd(text, i, to) + 1;
        const end = bodyStart > to ? -1 : heredocEnd(text, bodyStart, to, opener[1]!);
        if (end === -1) {
          return { state: { stack: stackText(stack), heredocMarker: opener[1], inBlockComment: false }, strayCloser, closedAt: -1 };
        }
        i = end;
        break;
      }
      case OPEN_BRACE:
      case OPEN_BRACKET:
      case OPEN_PAREN: {
        onPush?.(i, String.fromCharCode(c));
        stack.push(c);
        i++;
        break;
      }
      case CLOSE_BRACE:
      case CLOSE_BRACKET:
      case CLOSE_PAREN: {
        const opener = c === CLOSE_BRACE ? OPEN_BRACE : c === CLOSE_BRACKET ? OPEN_BRACKET : OPEN_PAREN;
        if (top === opener || (top === DOLLAR && c === CLOSE_BRACE)) {
          stack.pop();
          onPop?.(i);
        } else if (stack.length === 0) strayCloser = true;
        // A mismatched closer inside brackets is the parser's to report; the nesting stays as it was.
        i++;
        if (stopAtTopLevel && stack.length === 0 && !strayCloser) {
          return { state: { stack: '', heredocMarker: undefined, inBlockComment: false }, strayCloser, closedAt: i };
        }
        break;
      }
      default:
        i++;
    }
  }
  return { state: { stack: stackText(stack), heredocMarker: undefined, inBlockComment: false }, strayCloser, closedAt: -1 };
}
