import { TextEdit, type Diagnostic } from 'vscode-languageserver-types';
import { formatHcl } from '../format/formatHcl';
import type { RuleId } from './rules';

/** LSP's line breaks: `\r\n`, `\n`, and a lone `\r`. */
const LINE_BREAK = /\r\n|\r|\n/;

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/**
 * The edits that format an open document as `terraform fmt` does; none when the document has a syntax error, which
 * `terraform fmt` refuses to format (HashiCorp's formatter, working on tokens, would re-indent everything after a
 * half-typed block). `diagnostics` are the document's own, whose `syntax` ones come from the same parse.
 */
export async function documentFormattingEdits(text: string, diagnostics: readonly Diagnostic[]): Promise<TextEdit[]> {
  if (diagnostics.some((diagnostic) => diagnostic.code === ('syntax' satisfies RuleId))) return [];
  return formattingEdits(text, await formatHcl(text));
}

/**
 * Edits that turn `original` into `formatted`: one per changed line, covering only what differs within it, so that
 * the cursor, folds and undo stay put. Lines are paired, not diffed: HashiCorp's formatter changes the spaces between
 * tokens and never a line break, so line i of its output is line i of its input (a Myers line diff of a file where
 * every line changes took 15 s); and the document's line breaks are never touched, so a CRLF file stays CRLF.
 * Should the line counts differ after all, one edit replaces the whole text.
 */
export function formattingEdits(original: string, formatted: string): TextEdit[] {
  if (original === formatted) return [];
  const originalLines = original.split(LINE_BREAK);
  const formattedLines = formatted.split(LINE_BREAK);
  if (originalLines.length !== formattedLines.length) {
    const lastLine = originalLines.length - 1;
    const end = { line: lastLine, character: originalLines[lastLine]!.length };
    return [TextEdit.replace({ start: { line: 0, character: 0 }, end }, formatted)];
  }
  const edits: TextEdit[] = [];
  originalLines.forEach((line, index) => {
    if (line !== formattedLines[index]) edits.push(lineEdit(index, line, formattedLines[index]!));
  });
  return edits;
}

/** Replaces the part of one line that differs, never splitting a UTF-16 surrogate pair (a character to LSP). */
function lineEdit(line: number, before: string, after: string): TextEdit {
  const shorter = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  const sameFromEnd = (offset: number): boolean =>
    before.charCodeAt(before.length - 1 - offset) === after.charCodeAt(after.length - 1 - offset);
  while (suffix < shorter - prefix && sameFromEnd(suffix)) suffix++;
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  const range = { start: { line, character: prefix }, end: { line, character: before.length - suffix } };
  return TextEdit.replace(range, after.slice(prefix, after.length - suffix));
}
