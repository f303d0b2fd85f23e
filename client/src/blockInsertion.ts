/**
 * The text that puts a block (ending with a line break) at a cursor, one blank line apart from the text before
 * and after it, and the line of the block's first line, counted from the cursor's line. Kept free of `vscode` so
 * that it is tested on its own.
 */
export function blockInsertion(before: string, after: string, block: string): { text: string; firstLine: number } {
  const body = block.endsWith('\n') ? block.slice(0, -1) : block;
  // Line breaks already there count, so that inserting between blocks never piles up blank lines.
  const lead = before.trim() === '' ? '' : '\n'.repeat(Math.max(0, 2 - breaksAtEnd(before)));
  // After the block's last line: a line break, and a blank line when text follows.
  const trail = '\n'.repeat(Math.max(0, (after.trim() === '' ? 1 : 2) - breaksAtStart(after)));
  return { text: `${lead}${body}${trail}`, firstLine: lead.length };
}

/** Line breaks at the end of `text`, lines of spaces included. */
function breaksAtEnd(text: string): number {
  return /(?:\n[ \t\r]*)*$/.exec(text)![0].split('\n').length - 1;
}

/** Line breaks at the start of `text`, lines of spaces included. */
function breaksAtStart(text: string): number {
  return /^(?:[ \t\r]*\n)*/.exec(text)![0].split('\n').length - 1;
}
