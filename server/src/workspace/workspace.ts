import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Parser } from 'web-tree-sitter';
import { HclDocument } from '../hcl/chunkedDocument';
import { ChunkAnalyzer } from '../features/chunkAnalysis';
import { documentDiagnostics } from '../features/diagnostics';
import { makeDiagnostic } from '../features/rules';
import { liveDiagnostics } from '../features/liveDiagnostics';
import type { LiveCatalog } from '../cloud/liveData';
import { SchemaRegistry } from '../schema/registry';
import { shiftRange } from '../hcl/lineIndex';
import { mayEndAnalysis, whyNotAnalysed } from './analysisLimits';
import { fileKindOf, ModuleIndex, uriToPath } from './moduleIndex';

/** An open document the server does not analyse (too large, binary), kept so that an edit can make it analysable. */
interface WithheldDocument {
  text: TextDocument;
  reason: string;
}

/** Whether a document is Terraform that we analyse: `.tf` and `.tfvars` files, or those language ids. */
export function isTerraformDocument(uri: string, languageId?: string): boolean {
  return /\.(tf|tfvars)$/.test(uri) || languageId === 'terraform' || languageId === 'terraform-vars';
}

/**
 * The open documents and everything derived from them. Knows nothing of LSP transport: the server feeds it
 * notifications and publishes what it answers, and tests drive it directly.
 */
export class Workspace {
  readonly registry = new SchemaRegistry();
  readonly analyzer: ChunkAnalyzer;
  readonly modules: ModuleIndex;
  private readonly documents = new Map<string, HclDocument>();
  private readonly withheld = new Map<string, WithheldDocument>();
  private readonly signatures = new Map<string, readonly string[]>();

  /** What the tenancy says, when the editor may ask it; the CLI's lint never does. */
  liveCatalog: () => LiveCatalog | undefined = () => undefined;

  constructor(private readonly parser: Parser) {
    this.analyzer = new ChunkAnalyzer(parser, this.registry);
    this.modules = new ModuleIndex(parser, this.analyzer, this.registry, () => this.documents.values());
  }

  /** The open document, when it is analysed: features answer nothing for others. */
  get(uri: string): HclDocument | undefined {
    return this.documents.get(uri);
  }

  /** The version of an open document, analysed or not. */
  versionOf(uri: string): number | undefined {
    return this.documents.get(uri)?.version ?? this.withheld.get(uri)?.text.version;
  }

  openDocuments(): Iterable<HclDocument> {
    return this.documents.values();
  }

  /**
   * Opens a document; answers the documents whose diagnostics may have changed. Nothing is analysed yet: a large
   * file is analysed a slice at a time (`analyzeFor`), its first diagnostics published before the rest.
   */
  open(uri: string, languageId: string, version: number, text: string): string[] {
    this.documents.get(uri)?.dispose();
    this.documents.delete(uri);
    this.withheld.delete(uri);
    const reason = whyNotAnalysed(text);
    if (reason) this.withheld.set(uri, { text: TextDocument.create(uri, languageId, version, text), reason });
    else this.documents.set(uri, new HclDocument(this.parser, uri, languageId, version, text));
    // What it declares is recorded once it is analysed whole (its first complete diagnostics); an edit before
    // that counts as a change of declarations.
    this.signatures.delete(uri);
    return this.afterModuleChange(uri);
  }

  /**
   * Analyses the document's chunks from the top for up to `budgetMs`, and at least down to line `minLines`;
   * answers whether every chunk is analysed.
   */
  analyzeFor(uri: string, budgetMs: number, minLines = 0): boolean {
    const document = this.documents.get(uri);
    if (!document) return true;
    const kind = fileKindOf(uri);
    const deadline = performance.now() + budgetMs;
    let done = true;
    for (const chunk of document.chunks) {
      if (this.analyzer.isAnalyzed(chunk)) continue;
      if (chunk.startLine >= minLines && performance.now() >= deadline) {
        done = false;
        break;
      }
      this.analyzer.analyze(chunk, kind);
    }
    return done;
  }

  /**
   * The diagnostics of the chunks analysed so far from the top that need no other chunk (syntax, schema): a first
   * answer for a large file, never a finding the complete diagnostics would not have.
   */
  partialDiagnostics(uri: string): Diagnostic[] {
    const document = this.documents.get(uri);
    if (!document) return [];
    const found: Diagnostic[] = [];
    for (const chunk of document.chunks) {
      if (!this.analyzer.isAnalyzed(chunk)) break;
      const analysis = this.analyzer.analyze(chunk, fileKindOf(uri));
      for (const diagnostic of [...analysis.syntax, ...analysis.schema]) found.push({ ...diagnostic, range: shiftRange(diagnostic.range, chunk.startLine) });
    }
    return found;
  }

  change(uri: string, changes: readonly TextDocumentContentChangeEvent[], version: number): string[] {
    const withheld = this.withheld.get(uri);
    if (withheld) {
      TextDocument.update(withheld.text, [...changes], version);
      const reason = whyNotAnalysed(withheld.text.getText());
      if (reason) {
        withheld.reason = reason;
        return [uri];
      }
      return this.open(uri, withheld.text.languageId, version, withheld.text.getText());
    }
    const document = this.documents.get(uri);
    if (!document) return [];
    document.update(changes, version);
    if (changes.some((change) => mayEndAnalysis(change.text, document.text.length)) && whyNotAnalysed(document.text)) {
      return this.open(uri, document.languageId, version, document.text);
    }
    const signature = this.modules.declarationSignature(document);
    const previous = this.signatures.get(uri);
    if (previous && previous.length === signature.length && previous.every((key, i) => key === signature[i])) return [uri];
    this.signatures.set(uri, signature);
    return this.afterModuleChange(uri);
  }

  close(uri: string): string[] {
    if (this.withheld.delete(uri)) return [];
    const document = this.documents.get(uri);
    if (!document) return [];
    document.dispose();
    this.documents.delete(uri);
    this.signatures.delete(uri);
    return this.afterModuleChange(uri).filter((other) => other !== uri);
  }

  /** Files changed on disk (from a file watcher): answers the open documents to check again. */
  filesChanged(uris: string[]): string[] {
    const affected = new Set<string>();
    for (const uri of uris) {
      const file = uriToPath(uri);
      if (!file) continue;
      this.modules.fileChanged(file);
      for (const other of this.sameModule(uri)) affected.add(other);
    }
    return [...affected];
  }

  diagnostics(uri: string): Diagnostic[] {
    const withheld = this.withheld.get(uri);
    if (withheld) return [makeDiagnostic('not-analysed', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, withheld.reason)];
    const document = this.documents.get(uri);
    if (!document) return [];
    if (!this.signatures.has(uri)) this.signatures.set(uri, this.modules.declarationSignature(document));
    const found = documentDiagnostics(document, this.analyzer, this.modules.contextFor(document));
    const catalog = this.liveCatalog();
    return catalog ? [...found, ...liveDiagnostics(document, this.analyzer, catalog)] : found;
  }

  dispose(): void {
    for (const document of this.documents.values()) document.dispose();
    this.documents.clear();
    this.withheld.clear();
  }

  private afterModuleChange(uri: string): string[] {
    const dir = this.modules.dirOf(uri);
    if (dir) this.modules.invalidate(dir);
    return [uri, ...this.sameModule(uri).filter((other) => other !== uri)];
  }

  private sameModule(uri: string): string[] {
    const dir = this.modules.dirOf(uri);
    if (!dir) return [];
    return [...this.documents.keys()].filter((other) => this.modules.dirOf(other) === dir);
  }
}
