import type { Diagnostic } from 'vscode-languageserver-types';
import type { Parser } from 'web-tree-sitter';
import type { Chunk } from '../hcl/chunkedDocument';
import { SyntaxReader } from '../hcl/readSyntax';
import type { Attribute, BlockHeader } from '../hcl/syntax';
import { syntaxDiagnostics } from '../hcl/syntaxDiagnostics';
import type { SchemaRegistry, TypeSchema } from '../schema/registry';
import { readAssignments, readDeclarations, type FileDeclarations } from '../workspace/declarations';
import { validateSchemaBlock, type OcidUse, type ReferenceUse, type VersionedUse } from './validateSchemaBlock';

/** A top-level item's words and ranges, without its tree node: analyses outlive the trees they were read from. */
export type ItemHeader = Omit<BlockHeader, 'node'> | Attribute;

/** Everything derived from one chunk alone, in the chunk's coordinates. */
export interface ChunkAnalysis {
  reader: SyntaxReader;
  /** To read a body, read the chunk's syntax again (`chunkSyntax`). */
  headers: ItemHeader[];
  damaged: boolean;
  syntax: Diagnostic[];
  schema: Diagnostic[];
  references: ReferenceUse[];
  versioned: VersionedUse[];
  /** Literal OCIDs in our blocks, for the checks against the live tenancy. */
  ocids: OcidUse[];
  declarations: FileDeclarations;
}

export type FileKind = 'configuration' | 'variables';

/** The schema of a top-level `resource` or `data` block, when it is one of ours. */
export function schemaOf(registry: SchemaRegistry, item: BlockHeader | Attribute): TypeSchema | undefined {
  if (item.kind !== 'block' || (item.type !== 'resource' && item.type !== 'data')) return undefined;
  const type = item.labels[0]?.value;
  return type ? registry.get(item.type, type) : undefined;
}

/**
 * A chunk's syntax read now from its tree, which is parsed again if it was let go: for what reads bodies.
 * Nothing read here should be kept past the current turn, when the tree may be let go again.
 */
export function chunkSyntax(chunk: Chunk): { reader: SyntaxReader; items: (BlockHeader | Attribute)[] } {
  const reader = new SyntaxReader(chunk.source);
  return { reader, items: reader.topLevel(chunk.tree.rootNode) };
}

/**
 * Analyses chunks once: a chunk is replaced, never changed, when its text changes, so the analysis is cached by
 * chunk and stays right however lines move above it.
 */
export class ChunkAnalyzer {
  private readonly cache = new WeakMap<Chunk, ChunkAnalysis>();

  constructor(
    private readonly parser: Parser,
    private readonly registry: SchemaRegistry,
  ) {}

  isAnalyzed(chunk: Chunk): boolean {
    return this.cache.has(chunk);
  }

  analyze(chunk: Chunk, kind: FileKind): ChunkAnalysis {
    let analysis = this.cache.get(chunk);
    if (!analysis) {
      analysis = this.compute(chunk, kind);
      this.cache.set(chunk, analysis);
    }
    return analysis;
  }

  private compute(chunk: Chunk, kind: FileKind): ChunkAnalysis {
    const reader = new SyntaxReader(chunk.source);
    const root = chunk.tree.rootNode;
    const syntax = syntaxDiagnostics(chunk.source, root, this.parser, reader.lines);
    const damaged = root.hasError || syntax.length > 0;
    const items = reader.topLevel(root);
    const analysis: ChunkAnalysis = {
      reader,
      headers: items.map((item) => (item.kind === 'block' ? { kind: 'block', type: item.type, typeRange: item.typeRange, labels: item.labels, range: item.range } : item)),
      damaged,
      syntax,
      schema: [],
      references: [],
      versioned: [],
      ocids: [],
      declarations: kind === 'configuration' ? readDeclarations(reader, items, damaged) : readAssignments(items),
    };
    if (kind !== 'configuration') return analysis;
    // A syntax error explains whatever else looks wrong on its line: the tree there may not be what was meant.
    const brokenLines = new Set(syntax.map((diagnostic) => diagnostic.range.start.line));
    for (const item of items) {
      const schema = schemaOf(this.registry, item);
      if (!schema || item.kind !== 'block') continue;
      const result = validateSchemaBlock(reader, item, schema, this.registry, syntax.length > 0);
      analysis.schema.push(...result.diagnostics.filter((diagnostic) => !brokenLines.has(diagnostic.range.start.line)));
      analysis.references.push(...result.references);
      analysis.versioned.push(...result.versioned);
      analysis.ocids.push(...result.ocids.filter((use) => !brokenLines.has(use.range.start.line)));
    }
    return analysis;
  }
}
