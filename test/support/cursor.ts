import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, TextEdit } from 'vscode-languageserver-types';

/** Splits text holding one `|` into the text without it and the position the `|` marked. */
export function withCursor(marked: string): { text: string; position: Position } {
  const offset = marked.indexOf('|');
  if (offset === -1 || marked.indexOf('|', offset + 1) !== -1) throw new Error('mark exactly one cursor with |');
  const before = marked.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), position: { line, character: offset - (before.lastIndexOf('\n') + 1) } };
}

/** Applies LSP edits to a text, as an editor does. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///edited.tf', 'terraform', 1, text), edits);
}
