import { SymbolKind, type DocumentSymbol, type Range, type SymbolInformation } from 'vscode-languageserver-types';
import type { Node } from 'web-tree-sitter';
import type { Chunk, HclDocument } from '../hcl/chunkedDocument';
import { contentEnd, shiftRange } from '../hcl/lineIndex';
import { SyntaxReader } from '../hcl/readSyntax';
import type { BlockHeader, Label } from '../hcl/syntax';

/** An argument name, as the grammar reads identifiers. */
const IDENTIFIER = /[\p{ID_Start}_](?:[\p{ID_Continue}-]|::)*/uy;

/**
 * Top-level blocks that declare something Terraform addresses: the outline names them by that address
 * (`data.<type>.<name>`, `var.<name>`) and gives the block type as detail.
 */
const ADDRESSED: ReadonlyMap<string, { prefix: string; kind: SymbolKind }> = new Map([
  ['resource', { prefix: '', kind: SymbolKind.Class }],
  ['data', { prefix: 'data', kind: SymbolKind.Class }],
  ['ephemeral', { prefix: 'ephemeral', kind: SymbolKind.Class }],
  ['variable', { prefix: 'var', kind: SymbolKind.Variable }],
  ['output', { prefix: 'output', kind: SymbolKind.Interface }],
  ['module', { prefix: 'module', kind: SymbolKind.Module }],
  ['provider', { prefix: 'provider', kind: SymbolKind.Package }],
]);

/** Top-level blocks that only group settings or values. */
const GROUPS = new Set(['locals', 'terraform']);

/** A chunk's outline in document lines, as placed when the chunk started at `startLine`. */
interface PlacedOutline {
  startLine: number;
  symbols: DocumentSymbol[];
}

/**
 * Outlines per chunk: a chunk is replaced, never changed, when its text changes. Each is kept where it was last
 * placed, so that it is moved again only when lines are added or removed above it.
 */
const outlineByChunk = new WeakMap<Chunk, PlacedOutline>();

/**
 * The document's outline: top-level blocks named like Terraform addresses, with their nested blocks and arguments
 * as children; each local value of `locals` as `local.<name>`. Whatever a half-typed chunk's tree holds is shown.
 * The symbols are shared with later answers: callers must not change them.
 */
export function documentSymbols(document: HclDocument): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  for (const chunk of document.chunks) {
    let outline = outlineByChunk.get(chunk);
    if (outline?.startLine !== chunk.startLine) {
      outline = placed(outline ?? { startLine: 0, symbols: chunkSymbols(chunk) }, chunk.startLine);
      outlineByChunk.set(chunk, outline);
    }
    symbols.push(...outline.symbols);
  }
  return symbols;
}

/**
 * The outline as a flat list, for clients without hierarchical symbols: each symbol names the one that holds it.
 */
export function flatSymbols(symbols: readonly DocumentSymbol[], uri: string): SymbolInformation[] {
  const flat: SymbolInformation[] = [];
  const add = (symbol: DocumentSymbol, containerName: string | undefined): void => {
    const information: SymbolInformation = { name: symbol.name, kind: symbol.kind, location: { uri, range: symbol.range } };
    if (containerName !== undefined) information.containerName = containerName;
    flat.push(information);
    for (const child of symbol.children ?? []) add(child, symbol.name);
  };
  for (const symbol of symbols) add(symbol, undefined);
  return flat;
}

function placed(outline: PlacedOutline, startLine: number): PlacedOutline {
  const lines = startLine - outline.startLine;
  return lines === 0 ? outline : { startLine, symbols: outline.symbols.map((symbol) => shiftSymbol(symbol, lines)) };
}

function shiftSymbol(symbol: DocumentSymbol, lines: number): DocumentSymbol {
  const { name, detail, kind, range, selectionRange, children } = symbol;
  const shifted: DocumentSymbol = {
    name,
    kind,
    range: shiftRange(range, lines),
    selectionRange: shiftRange(selectionRange, lines),
  };
  if (detail !== undefined) shifted.detail = detail;
  if (children) shifted.children = children.map((child) => shiftSymbol(child, lines));
  return shifted;
}

/** A symbol whose node may still hold the nodes that come after it. */
interface OpenItem {
  symbol: DocumentSymbol;
  end: number;
  /** A top-level `locals` block: its arguments are local values. */
  declaresLocals: boolean;
}

function chunkSymbols(chunk: Chunk): DocumentSymbol[] {
  const reader = new SyntaxReader(chunk.source);
  const topLevel: DocumentSymbol[] = [];
  const open: OpenItem[] = [];
  // One call into the tree for every block and argument, parents before what they hold; nesting is read back
  // from where each ends. A top-level block still being typed, with no closing brace, can be an `ERROR` node that
  // starts with its header.
  for (const node of chunk.tree.rootNode.descendantsOfType(['attribute', 'block', 'ERROR'])) {
    while (open.length && open[open.length - 1]!.end <= node.startIndex) open.pop();
    const parent = open[open.length - 1];
    const type = node.type;
    let item: OpenItem | undefined;
    if (type === 'attribute') item = argumentItem(reader, node, parent);
    else if (type === 'block' || !parent) item = blockItem(reader, node, !parent);
    if (!item) continue;
    if (parent) (parent.symbol.children ??= []).push(item.symbol);
    else topLevel.push(item.symbol);
    open.push(item);
  }
  return topLevel;
}

function blockItem(reader: SyntaxReader, node: Node, topLevel: boolean): OpenItem | undefined {
  const header = reader.blockHeader(node);
  // Error recovery can insert a block type that is not in the text.
  if (!header?.type) return undefined;
  const start = node.startIndex;
  // The header is read from the text, and its labels can lie past an ERROR node that holds only its type: the
  // symbol's range must hold them, as its selection range is one of them.
  const headerEnd = reader.lines.offsetAt((header.labels[header.labels.length - 1]?.range ?? header.typeRange).end);
  const end = Math.max(contentEnd(reader.source, start, reader.lines.offsetAt(header.range.end)), headerEnd);
  const block = { ...header, range: reader.range(start, end) };
  const symbol = topLevel ? topLevelBlockSymbol(block) : nestedBlockSymbol(block);
  symbol.children = [];
  return { symbol, end, declaresLocals: topLevel && header.type === 'locals' };
}

function argumentItem(reader: SyntaxReader, node: Node, parent: OpenItem | undefined): OpenItem | undefined {
  const start = node.startIndex;
  IDENTIFIER.lastIndex = start;
  const name = IDENTIFIER.exec(reader.source)?.[0];
  if (!name) return undefined;
  const end = contentEnd(reader.source, start, node.endIndex);
  const local = parent?.declaresLocals === true;
  const symbol: DocumentSymbol = {
    name: local ? `local.${name}` : name,
    kind: local ? SymbolKind.Constant : SymbolKind.Property,
    range: reader.range(start, end),
    selectionRange: reader.range(start, start + name.length),
  };
  return { symbol, end, declaresLocals: false };
}

function topLevelBlockSymbol(header: BlockHeader): DocumentSymbol {
  const labels = namedLabels(header);
  const addressed = ADDRESSED.get(header.type);
  if (addressed) {
    const parts = addressed.prefix ? [addressed.prefix] : [];
    for (const label of labels) parts.push(label.value);
    return {
      name: labels.length ? parts.join('.') : header.type,
      detail: header.type,
      kind: addressed.kind,
      range: header.range,
      selectionRange: labelsRange(labels) ?? header.typeRange,
    };
  }
  const kind = GROUPS.has(header.type) ? SymbolKind.Namespace : SymbolKind.Object;
  return { name: asWritten(header.type, labels), kind, range: header.range, selectionRange: header.typeRange };
}

function nestedBlockSymbol(header: BlockHeader): DocumentSymbol {
  const labels = namedLabels(header);
  // `dynamic "training_config"` stands for `training_config` blocks: show it under that name.
  const generated = header.type === 'dynamic' ? labels[0] : undefined;
  if (generated) {
    const { value: name, range: selectionRange } = generated;
    return { name, detail: 'dynamic', kind: SymbolKind.Object, range: header.range, selectionRange };
  }
  const name = asWritten(header.type, labels);
  return { name, kind: SymbolKind.Object, range: header.range, selectionRange: header.typeRange };
}

/** Labels with something in them: a symbol's name may not be blank. */
function namedLabels(header: BlockHeader): Label[] {
  return header.labels.filter((label) => label.value.trim() !== '');
}

function asWritten(type: string, labels: Label[]): string {
  return [type, ...labels.map((label) => JSON.stringify(label.value))].join(' ');
}

function labelsRange(labels: Label[]): Range | undefined {
  const first = labels[0];
  const last = labels[labels.length - 1];
  return first && last ? { start: first.range.start, end: last.range.end } : undefined;
}
