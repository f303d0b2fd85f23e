import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Parser } from 'web-tree-sitter';
import { HclDocument } from '../hcl/chunkedDocument';
import { ChunkAnalyzer } from '../features/chunkAnalysis';
import { documentDiagnostics } from '../features/diagnostics';
import { liveDiagnostics } from '../features/liveDiagnostics';
import type { LiveCatalog } from '../cloud/liveData';
import { SchemaRegistry } from '../schema/registry';
import { ModuleIndex, uriToPath } from './moduleIndex';

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
  private readonly signatures = new Map<string, string>();

  /** What the tenancy says, when the editor may ask it; the CLI's lint never does. */
  liveCatalog: () => LiveCatalog | undefined = () => undefined;

  constructor(private readonly parser: Parser) {
    this.analyzer = new ChunkAnalyzer(parser, this.registry);
    this.modules = new ModuleIndex(parser, this.analyzer, this.registry, () => this.documents.values());
  }

  get(uri: string): HclDocument | undefined {
    return this.documents.get(uri);
  }

  openDocuments(): Iterable<HclDocument> {
    return this.documents.values();
  }

  /** Opens a document; answers the documents whose diagnostics may have changed. */
  open(uri: string, languageId: string, version: number, text: string): string[] {
    this.documents.get(uri)?.dispose();
    const document = new HclDocument(this.parser, uri, languageId, version, text);
    this.documents.set(uri, document);
    this.signatures.set(uri, this.modules.declarationSignature(document));
    return this.afterModuleChange(uri);
  }

  change(uri: string, changes: readonly TextDocumentContentChangeEvent[], version: number): string[] {
    const document = this.documents.get(uri);
    if (!document) return [];
    document.update(changes, version);
    const signature = this.modules.declarationSignature(document);
    if (signature === this.signatures.get(uri)) return [uri];
    this.signatures.set(uri, signature);
    return this.afterModuleChange(uri);
  }

  close(uri: string): string[] {
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
    const document = this.documents.get(uri);
    if (!document) return [];
    const found = documentDiagnostics(document, this.analyzer, this.modules.contextFor(document));
    const catalog = this.liveCatalog();
    return catalog ? [...found, ...liveDiagnostics(document, this.analyzer, catalog)] : found;
  }

  dispose(): void {
    for (const document of this.documents.values()) document.dispose();
    this.documents.clear();
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
