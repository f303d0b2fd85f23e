import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import type { Chunk, HclDocument } from '../hcl/chunkedDocument';
import { contentEnd, LineIndex } from '../hcl/lineIndex';

/** What can span lines. Comments come with the rest: most are one line and cost nothing more. */
const FOLDABLE = [
  'block',
  'object',
  'tuple',
  'function_call',
  'for_tuple_expr',
  'for_object_expr',
  'heredoc_template',
  'template_for',
  'template_if',
  'comment',
];

/** The markers `language-configuration.json` declares: an editor that asks for folding ranges no longer uses those. */
const REGION_START = /^#\s*region\b/;
const REGION_END = /^#\s*endregion\b/;

interface RegionMarker {
  line: number;
  opens: boolean;
}

/** A chunk's folds in its own lines; regions can span chunks, so their markers are paired per document. */
interface ChunkFolds {
  ranges: FoldingRange[];
  regionMarkers: RegionMarker[];
}

const foldsByChunk = new WeakMap<Chunk, ChunkFolds>();

/**
 * Folding ranges of a document: multi-line blocks, objects, tuples, function calls, for-expressions, heredocs and
 * template directives, block comments and runs of line comments, and `# region` ... `# endregion`. The line that
 * closes a bracket or heredoc stays visible, as in VS Code's own languages; one range at most starts on a line.
 */
export function foldingRanges(document: HclDocument): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  const regions: FoldingRange[] = [];
  const openRegions: number[] = [];
  for (const chunk of document.chunks) {
    let folds = foldsByChunk.get(chunk);
    if (!folds) {
      folds = chunkFolds(chunk);
      foldsByChunk.set(chunk, folds);
    }
    const base = chunk.startLine;
    for (const range of folds.ranges) {
      ranges.push(base === 0 ? range : { ...range, startLine: range.startLine + base, endLine: range.endLine + base });
    }
    for (const marker of folds.regionMarkers) {
      if (marker.opens) {
        openRegions.push(base + marker.line);
        continue;
      }
      const startLine = openRegions.pop();
      if (startLine === undefined) continue;
      regions.push({ startLine, endLine: base + marker.line, kind: FoldingRangeKind.Region });
    }
  }
  if (!regions.length) return ranges;
  return [...ranges, ...regions].sort((a, b) => a.startLine - b.startLine);
}

function chunkFolds(chunk: Chunk): ChunkFolds {
  const source = chunk.source;
  const lines = new LineIndex(source);
  const widest = new Map<number, FoldingRange>();
  const add = (startLine: number, endLine: number, kind?: FoldingRangeKind): void => {
    if (endLine <= startLine || (widest.get(startLine)?.endLine ?? -1) >= endLine) return;
    widest.set(startLine, kind ? { startLine, endLine, kind } : { startLine, endLine });
  };
  const regionMarkers: RegionMarker[] = [];
  let commentRun: { startLine: number; endLine: number } | undefined;

  for (const node of chunk.tree.rootNode.descendantsOfType(FOLDABLE)) {
    const start = node.startIndex;
    const { row: line, column } = node.startPosition;
    const first = source.charCodeAt(start);
    const lineComment = first === 35 || (first === 47 && source.charCodeAt(start + 1) === 47);
    if (lineComment) {
      if (source.slice(start - column, start).trim() !== '') continue;
      const text = source.slice(start, lines.lineEnd(start));
      if (REGION_START.test(text) || REGION_END.test(text)) {
        regionMarkers.push({ line, opens: REGION_START.test(text) });
      } else if (commentRun?.endLine === line - 1) {
        commentRun.endLine = line;
      } else {
        if (commentRun) add(commentRun.startLine, commentRun.endLine, FoldingRangeKind.Comment);
        commentRun = { startLine: line, endLine: line };
      }
      continue;
    }
    const end = contentEnd(source, start, node.endIndex);
    const endLine = lines.positionAt(end).line;
    if (endLine === line) continue;
    if (first === 47) {
      add(line, endLine, FoldingRangeKind.Comment);
      continue;
    }
    // A closing `}`, `]`, `)` or heredoc marker stays in view; a block still being typed has none.
    const closer = source.charCodeAt(end - 1);
    const closed = closer === 125 || closer === 93 || closer === 41 || source.startsWith('<<', start);
    add(line, closed ? endLine - 1 : endLine);
  }
  if (commentRun) add(commentRun.startLine, commentRun.endLine, FoldingRangeKind.Comment);
  return { ranges: [...widest.values()].sort((a, b) => a.startLine - b.startLine), regionMarkers };
}
