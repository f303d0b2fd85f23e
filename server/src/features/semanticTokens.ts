import type { Range, SemanticTokens } from 'vscode-languageserver-types';
import type { Chunk, HclDocument } from '../hcl/chunkedDocument';
import { chunkTokens } from './chunkTokens';

export { SEMANTIC_TOKENS_LEGEND } from './semanticTokenLegend';

/** Tokens per chunk, in the chunk's lines: a chunk is replaced, never changed, when its text changes. */
const tokensByChunk = new WeakMap<Chunk, number[]>();

function tokensOf(chunk: Chunk): number[] {
  let tokens = tokensByChunk.get(chunk);
  if (!tokens) {
    tokens = chunkTokens(chunk);
    tokensByChunk.set(chunk, tokens);
  }
  return tokens;
}

/** Tokens as `chunkTokens` gives them, with the document line their line 0 is. */
interface PlacedTokens {
  startLine: number;
  tokens: number[];
}

/** LSP's encoding: each token's position relative to the token before it. */
function encode(parts: PlacedTokens[]): SemanticTokens {
  let size = 0;
  for (const { tokens } of parts) size += tokens.length;
  // Sized once: this runs after every edit, over every token of the document.
  const data = new Array<number>(size);
  let at = 0;
  let previousLine = 0;
  let previousCharacter = 0;
  for (const { startLine, tokens } of parts) {
    for (let i = 0; i < tokens.length; i += 5) {
      const line = startLine + tokens[i]!;
      const character = tokens[i + 1]!;
      data[at++] = line - previousLine;
      data[at++] = line === previousLine ? character - previousCharacter : character;
      data[at++] = tokens[i + 2]!;
      data[at++] = tokens[i + 3]!;
      data[at++] = tokens[i + 4]!;
      previousLine = line;
      previousCharacter = character;
    }
  }
  return { data };
}

/** All semantic tokens of a document; only chunks not seen before are tokenized. */
export function semanticTokens(document: HclDocument): SemanticTokens {
  return encode(document.chunks.map((chunk) => ({ startLine: chunk.startLine, tokens: tokensOf(chunk) })));
}

/** The semantic tokens that overlap a range, encoded from the document's start as LSP asks. */
export function semanticTokensInRange(document: HclDocument, range: Range): SemanticTokens {
  const { start, end } = range;
  const inRange: number[] = [];
  const last = document.chunkIndexAtLine(end.line);
  for (let index = document.chunkIndexAtLine(start.line); index <= last; index++) {
    const chunk = document.chunks[index]!;
    const tokens = tokensOf(chunk);
    for (let i = 0; i < tokens.length; i += 5) {
      const line = chunk.startLine + tokens[i]!;
      const character = tokens[i + 1]!;
      const length = tokens[i + 2]!;
      const beforeStart = line < start.line || (line === start.line && character + length <= start.character);
      const afterEnd = line > end.line || (line === end.line && character >= end.character);
      if (!beforeStart && !afterEnd) inRange.push(line, character, length, tokens[i + 3]!, tokens[i + 4]!);
    }
  }
  return encode([{ startLine: 0, tokens: inRange }]);
}
